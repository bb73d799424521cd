"""What a check reports to: the `Reporter` (severities, configuration, suppressions) and the `Context`
(what an analysis may know beyond the document). Checks import these; `analysis.py` runs the checks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from agent_lsp.core.config import Config
from agent_lsp.core.dialects import Tool
from agent_lsp.core.findings import Finding, Fix, Related
from agent_lsp.core.links import KnownFiles
from agent_lsp.core.model import FileModel
from agent_lsp.core.rules import REGISTRY
from agent_lsp.core.workspace import WorkspaceIndex

_SUPPRESS = re.compile(r"agent-lsp:\s*(disable(?:-next-line|-line)?)\s*=\s*([A-Za-z]{2}\d{3}(?:\s*,\s*[A-Za-z]{2}\d{3})*)")


@dataclass(frozen=True)
class Context:
    """What the analysis may know beyond the document itself."""

    config: Config = field(default_factory=Config)
    workspace: WorkspaceIndex | None = None
    """Other files of the workspace; None disables cross-file checks (unknown skills, duplicate names)."""
    plugin_roots: frozenset[str] = frozenset()
    tools: frozenset[Tool] | None = None
    """The tools the project uses (detected from its folders or configured): other tools' notes are shown
    only for these. None: not known, so only the tools a file's folder is written for speak."""
    files: KnownFiles | None = None
    """The files that exist in the workspace (scanned by the caller); None disables the link check (LK001)."""


class Reporter:
    """Collects findings, applying the rule registry's severities, configuration and suppressions."""

    def __init__(self, model: FileModel, config: Config) -> None:
        self.model = model
        self.config = config
        self.findings: list[Finding] = []
        self._file_disabled, self._line_disabled = _suppressions(model)

    def report(self, code: str, message: str, start: int, end: int, fixes: Iterable[Fix] = (),
               related: Iterable[Related] = (), unnecessary: bool = False, deprecated: bool = False) -> None:
        rule = REGISTRY[code]
        if code in self.config.disabled or code in self._file_disabled:
            return
        severity = self.config.severity_overrides.get(code, rule.severity)
        if severity is None:
            return
        text = self.model.text
        end = max(start, end)
        while end > start + 1 and text[end - 1] in " \t\r\n":
            end -= 1  # a block value's span ends at the next line; editors underline better without it
        span = self.model.span(start, end)
        if code in self._line_disabled.get(span.start.line, ()):
            return
        self.findings.append(Finding(code, message, severity, span, tuple(fixes), tuple(related),
                                     unnecessary, deprecated))


def _suppressions(model: FileModel) -> tuple[set[str], dict[int, set[str]]]:
    """Read `agent-lsp: disable=CODE` comments (own-line YAML comments disable for the whole file)."""
    file_codes: set[str] = set()
    line_codes: dict[int, set[str]] = {}
    text = model.text
    if "agent-lsp:" not in text:
        return file_codes, line_codes
    for match in _SUPPRESS.finditer(text):
        codes = {code.strip().upper() for code in match.group(2).split(",")}
        line = model.lines.position(match.start()).line
        line_text = model.lines.line_text(line).lstrip()
        own_line = line_text.startswith("#") or line_text.startswith("<!--")
        kind = match.group(1)
        if kind == "disable-next-line":
            line_codes.setdefault(line + 1, set()).update(codes)
        elif kind == "disable-line" or not own_line:
            line_codes.setdefault(line, set()).update(codes)
        else:
            file_codes.update(codes)
    return file_codes, line_codes
