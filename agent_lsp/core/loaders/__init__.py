"""Loader emulations: for each tool, `read(document, dialect) -> Verdict`, what that tool does with a file.

Each module `loaders/<tool>.py` emulates one tool's loader as observed with the real tool (see
../shared/spec/DIALECTS.md and ../shared/tools/); its schema facts come from the tool's catalogue, never
written again here. `LOADERS` maps each dialect a tool reads to the function that reads it.
"""

from __future__ import annotations

from collections.abc import Callable

from agent_lsp.core.dialects import Dialect
from agent_lsp.core.model import Document
from agent_lsp.core.verdicts import Verdict

Loader = Callable[[Document, Dialect], Verdict]
"""Reads `document` (its `path` relative to the project root, '/'-separated, when known) as `dialect`."""

LOADERS: dict[Dialect, Loader] = {}


# Each tool's emulation registers its dialects here (imported last: the modules import this package's types).
from agent_lsp.core.loaders import codex, copilot, cursor, gemini, opencode  # noqa: E402

LOADERS[Dialect.COPILOT_AGENT] = copilot.read_agent
LOADERS[Dialect.COPILOT_SKILL] = copilot.read_skill
LOADERS[Dialect.VSCODE_AGENT] = copilot.read_vscode
LOADERS[Dialect.COPILOT_PROMPT] = copilot.read_vscode
LOADERS[Dialect.COPILOT_INSTRUCTIONS] = copilot.read_vscode
LOADERS[Dialect.OPENCODE_AGENT] = opencode.read
LOADERS[Dialect.OPENCODE_COMMAND] = opencode.read
LOADERS[Dialect.OPENCODE_SKILL] = opencode.read
LOADERS[Dialect.GEMINI_AGENT] = gemini.read_agent
LOADERS[Dialect.GEMINI_SKILL] = gemini.read_skill
LOADERS[Dialect.CODEX_PROMPT] = codex.read_prompt
LOADERS[Dialect.CODEX_SKILL] = codex.read_skill
LOADERS[Dialect.CURSOR_RULE] = cursor.read_rule
LOADERS[Dialect.CURSOR_AGENT] = cursor.read_agent
LOADERS[Dialect.CURSOR_SKILL] = cursor.read_skill
