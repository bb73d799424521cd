"""The catalogues of the tools other than Claude Code, one module per tool (Claude Code's is `catalogue.py`).

Each module defines `CATALOGUES: dict[Dialect, DialectCatalogue]` for the dialects of its tool, built only
from `catalogue_model` (never from `catalogue.py`, which imports this package).
"""

from __future__ import annotations

from agent_lsp.core.catalogue_model import DialectCatalogue
from agent_lsp.core.catalogues import codex, copilot, cursor, gemini, opencode
from agent_lsp.core.dialects import Dialect

TOOL_CATALOGUES: dict[Dialect, DialectCatalogue] = {
    **copilot.CATALOGUES, **opencode.CATALOGUES, **gemini.CATALOGUES, **codex.CATALOGUES, **cursor.CATALOGUES,
}
