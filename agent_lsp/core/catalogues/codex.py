"""The fields of Codex 0.169: ../shared/spec/DIALECTS.md section 3."""

from __future__ import annotations

from agent_lsp.core.catalogue_model import DialectCatalogue, Field, make_catalogue
from agent_lsp.core.dialects import Dialect

CODEX_PROMPT_FIELDS: tuple[Field, ...] = ()
CODEX_SKILL_FIELDS: tuple[Field, ...] = ()

CATALOGUES: dict[Dialect, DialectCatalogue] = {
    Dialect.CODEX_PROMPT: make_catalogue(Dialect.CODEX_PROMPT, "Codex custom prompt", CODEX_PROMPT_FIELDS),
    Dialect.CODEX_SKILL: make_catalogue(Dialect.CODEX_SKILL, "Codex skill (SKILL.md)", CODEX_SKILL_FIELDS),
}
