"""What a tool does with one file: the answer a loader emulation gives (`loaders/<tool>.py`).

Findings for tools other than Claude Code, and the "who loads this file" hover, are made from these.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.findings import Fix


class Outcome(enum.IntEnum):
    """What a tool does with a file, from best to worst (so `max()` gives the verdict)."""

    LOADS = 0
    DAMAGED = 1
    """It loads the file, but something is ignored, dropped, cut or read as something else."""
    DROPS = 2
    """It leaves the file out (silently or with a message); the rest of the tool works."""
    REFUSES_TO_START = 3
    """The tool will not run at all because of this file (OpenCode's "Configuration is invalid")."""


@dataclass(frozen=True, slots=True)
class LoaderMessage:
    """One reason for a verdict, placed on the text that causes it."""

    outcome: Outcome
    text: str
    """The tool's own words when it says anything (then `quoted` is True), else our account of what it does."""
    quoted: bool
    start: int
    """Code-point offsets into the document text of the cause (a key, a value, the fence)."""
    end: int
    key: str | None = None
    """The frontmatter key concerned, if any."""
    fixes: tuple[Fix, ...] = ()
    """Edits that make the tool load the file (they become the finding's quick fixes)."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """One tool's reading of one file."""

    tool: Tool
    dialect: Dialect
    """How the tool reads this file (Copilot CLI reads `.claude/agents/x.md` as a COPILOT_AGENT)."""
    messages: tuple[LoaderMessage, ...] = ()
    loaded_name: str | None = None
    """The name the tool lists the file under when it loads it."""

    @property
    def outcome(self) -> Outcome:
        return max((message.outcome for message in self.messages), default=Outcome.LOADS)
