"""The fields of Gemini CLI 0.61: ../shared/spec/DIALECTS.md section 5."""

from __future__ import annotations

from agent_lsp.core.catalogue_model import DialectCatalogue, Field, make_catalogue
from agent_lsp.core.dialects import Dialect

GEMINI_AGENT_FIELDS: tuple[Field, ...] = ()
GEMINI_SKILL_FIELDS: tuple[Field, ...] = ()

CATALOGUES: dict[Dialect, DialectCatalogue] = {
    Dialect.GEMINI_AGENT: make_catalogue(Dialect.GEMINI_AGENT, "Gemini CLI subagent", GEMINI_AGENT_FIELDS),
    Dialect.GEMINI_SKILL: make_catalogue(Dialect.GEMINI_SKILL, "Gemini CLI skill (SKILL.md)", GEMINI_SKILL_FIELDS),
}
