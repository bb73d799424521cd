"""The fields of GitHub Copilot (Copilot CLI 1.0.102 and VS Code chat): ../shared/spec/DIALECTS.md section 1."""

from __future__ import annotations

from agent_lsp.core.catalogue_model import DialectCatalogue, Field, make_catalogue
from agent_lsp.core.dialects import Dialect

COPILOT_AGENT_FIELDS: tuple[Field, ...] = ()
COPILOT_SKILL_FIELDS: tuple[Field, ...] = ()
VSCODE_AGENT_FIELDS: tuple[Field, ...] = ()
COPILOT_PROMPT_FIELDS: tuple[Field, ...] = ()
COPILOT_INSTRUCTIONS_FIELDS: tuple[Field, ...] = ()

CATALOGUES: dict[Dialect, DialectCatalogue] = {
    Dialect.COPILOT_AGENT: make_catalogue(Dialect.COPILOT_AGENT, "Copilot CLI custom agent", COPILOT_AGENT_FIELDS),
    Dialect.COPILOT_SKILL: make_catalogue(Dialect.COPILOT_SKILL, "Copilot CLI skill (SKILL.md)", COPILOT_SKILL_FIELDS),
    Dialect.VSCODE_AGENT: make_catalogue(Dialect.VSCODE_AGENT, "VS Code custom agent", VSCODE_AGENT_FIELDS),
    Dialect.COPILOT_PROMPT: make_catalogue(Dialect.COPILOT_PROMPT, "VS Code prompt file", COPILOT_PROMPT_FIELDS),
    Dialect.COPILOT_INSTRUCTIONS: make_catalogue(Dialect.COPILOT_INSTRUCTIONS, "Copilot instructions", COPILOT_INSTRUCTIONS_FIELDS),
}
