"""What the analysis reports: findings with precise spans, and the fixes they carry."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from agent_lsp.core.text import Span


class Severity(enum.IntEnum):
    """How bad a finding is. The numbers are LSP's, so ordering reads naturally (lower is worse)."""

    ERROR = 1
    """Claude Code will not load the agent (or refuses to run it)."""
    WARNING = 2
    """It loads, but something is silently ignored, dropped or damaged."""
    INFORMATION = 3
    """Portability (strict YAML tools reject it) and style."""
    HINT = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity | None:
        """Return the severity named by `text` ("error", "warn", "info"...), None for "off"."""
        key = text.strip().lower()
        aliases = {"warn": "warning", "info": "information", "note": "information"}
        key = aliases.get(key, key)
        if key in ("off", "none", "ignore"):
            return None
        for severity in cls:
            if severity.name.lower() == key:
                return severity
        raise ValueError(f"unknown severity {text!r} (use error, warning, information, hint or off)")


class Applicability(enum.Enum):
    """Whether a fix can be applied without a person looking at it."""

    SAFE = "safe"
    """Claude Code reads the same values the author wrote, before and after: apply freely."""
    UNSAFE = "unsafe"
    """A guess at intent, or a change to what Claude Code reads: review before applying."""


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace document text between two code-point offsets."""

    start_offset: int
    end_offset: int
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability


@dataclass(frozen=True, slots=True)
class Related:
    """Another place that explains a finding (possibly in another file)."""

    message: str
    path: str | None
    span: Span | None
    line_text: str | None = None
    """The text of the span's line in that file, so editors' position units can be computed."""


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str
    severity: Severity
    span: Span
    fixes: tuple[Fix, ...] = ()
    related: tuple[Related, ...] = ()
    unnecessary: bool = False
    """The flagged text has no effect (editors fade it)."""
    deprecated: bool = False
    """The flagged text uses a deprecated name (editors strike it through)."""
    data: dict = field(default_factory=dict, compare=False, hash=False)
