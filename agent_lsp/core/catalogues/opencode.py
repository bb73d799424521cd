"""The fields of OpenCode 1.18: ../shared/spec/DIALECTS.md section 2."""

from __future__ import annotations

from agent_lsp.core.catalogue_model import DialectCatalogue, Field, make_catalogue
from agent_lsp.core.dialects import Dialect

OPENCODE_AGENT_FIELDS: tuple[Field, ...] = ()
OPENCODE_COMMAND_FIELDS: tuple[Field, ...] = ()
OPENCODE_SKILL_FIELDS: tuple[Field, ...] = ()

CATALOGUES: dict[Dialect, DialectCatalogue] = {
    Dialect.OPENCODE_AGENT: make_catalogue(Dialect.OPENCODE_AGENT, "OpenCode agent", OPENCODE_AGENT_FIELDS),
    Dialect.OPENCODE_COMMAND: make_catalogue(Dialect.OPENCODE_COMMAND, "OpenCode command", OPENCODE_COMMAND_FIELDS),
    Dialect.OPENCODE_SKILL: make_catalogue(Dialect.OPENCODE_SKILL, "OpenCode skill (SKILL.md)", OPENCODE_SKILL_FIELDS),
}
