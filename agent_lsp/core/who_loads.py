"""Who loads this file: each tool that reads the file's path, and what it does with this file.

Shown on hover over the frontmatter's opening `---` and as a code lens on that line. Every tool but Claude Code
speaks through its loader emulation (`Analysis.verdicts`); Claude Code's verdict is derived here from its
findings: a Claude Code rule that is an error means it does not load the file, a warning that it loads it
damaged (by the rule's own severity, whatever the user's overrides: the verdict is about the tool).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from agent_lsp.core.analysis import Analysis
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.findings import Finding, Severity
from agent_lsp.core.hover import HoverInfo, with_findings
from agent_lsp.core.readers import readers_of
from agent_lsp.core.rules import REGISTRY
from agent_lsp.core.text import LineIndex
from agent_lsp.core.tool_readings import readers_for
from agent_lsp.core.verdicts import LoaderMessage, Outcome, Verdict

OUTCOME_WORDS = {Outcome.LOADS: "loads", Outcome.DAMAGED: "loads damaged", Outcome.DROPS: "drops",
                 Outcome.REFUSES_TO_START: "refuses to start"}
NOT_CHECKED = "not checked"
_MESSAGES_SHOWN = 5
"""Reasons listed per tool in the hover; the rest are counted."""


class ReaderLike(Protocol):
    tool: Tool
    dialect: Dialect
    owner: bool


@dataclass(frozen=True, slots=True)
class Reason:
    text: str
    quoted: bool
    line: int
    """Zero-based line of the cause."""
    code: str | None = None
    """The rule code, for Claude Code's reasons."""


@dataclass(frozen=True, slots=True)
class Reading:
    """One tool's reading of the file."""

    tool: Tool
    dialect: Dialect
    owner: bool
    """The file's folder is written for this tool."""
    outcome: Outcome | None
    """None when agent-lsp has no emulation of this tool's loader for this kind of file."""
    reasons: tuple[Reason, ...] = ()
    in_use: bool | None = None
    """Whether the project uses the tool (None: not known)."""

    @property
    def word(self) -> str:
        return NOT_CHECKED if self.outcome is None else OUTCOME_WORDS[self.outcome]


def is_claude_code_finding(finding: Finding) -> bool:
    """A finding of one of Claude Code's own rules (not another tool's, not a portability note)."""
    rule = REGISTRY.get(finding.code)
    return rule is not None and bool(rule.dialects) and all(d.tool is Tool.CLAUDE_CODE for d in rule.dialects)


def claude_code_verdict(dialect: Dialect, findings: Iterable[Finding]) -> Verdict:
    """Claude Code's verdict from its findings: errors drop the file, warnings damage it."""
    messages = []
    for finding in findings:
        if not is_claude_code_finding(finding) or finding.code in ("IO001", "IO002"):
            continue
        severity = REGISTRY[finding.code].severity
        if severity > Severity.WARNING:
            continue
        outcome = Outcome.DROPS if severity is Severity.ERROR else Outcome.DAMAGED
        messages.append(LoaderMessage(outcome, finding.message, False, finding.span.start_offset,
                                      finding.span.end_offset, key=finding.code))
    return Verdict(Tool.CLAUDE_CODE, dialect, tuple(messages))


def readings(text: str, readers: Iterable[ReaderLike], verdicts: Iterable[Verdict], findings: Iterable[Finding],
             tools: frozenset[Tool] | None) -> list[Reading]:
    """Each reader of the file with its verdict, in the order of the readers (owners first)."""
    by_tool = {verdict.tool: verdict for verdict in verdicts}
    lines = LineIndex(text)
    findings = list(findings)
    result = []
    for reader in sorted(readers, key=lambda r: not r.owner):
        verdict = by_tool.get(reader.tool)
        if verdict is None and reader.tool is Tool.CLAUDE_CODE:
            verdict = claude_code_verdict(reader.dialect, findings)
        in_use = None if tools is None else reader.tool in tools
        if verdict is None:
            result.append(Reading(reader.tool, reader.dialect, reader.owner, None, (), in_use))
            continue
        worst = sorted(verdict.messages, key=lambda m: (-m.outcome, m.start))
        reasons = tuple(_reason(message, lines, reader.tool) for message in worst if message.outcome > Outcome.LOADS)
        result.append(Reading(reader.tool, reader.dialect, reader.owner, verdict.outcome, reasons, in_use))
    return result


def _reason(message: LoaderMessage, lines: LineIndex, tool: Tool) -> Reason:
    line = lines.position(min(message.start, len(lines.text))).line
    code = message.key if tool is Tool.CLAUDE_CODE else None
    return Reason(message.text, message.quoted, line, code)


def summary(found: list[Reading]) -> str:
    """One line: `Claude Code: loads · Copilot CLI: drops · OpenCode: refuses to start`."""
    return " · ".join(f"{reading.tool.title}: {reading.word}" for reading in found)


def markdown(found: list[Reading]) -> str:
    """The hover: one bullet per tool, its verdict and why."""
    if not found:
        return "**Who loads this file**: no tool reads a file at this path."
    lines = ["**Who loads this file**", ""]
    for reading in found:
        notes = [note for note in ("written for it" if reading.owner else "",
                                   "not used by this project" if reading.in_use is False else "") if note]
        extra = f" ({', '.join(notes)})" if notes else ""
        lines.append(f"- **{reading.tool.title}**{extra}: {_verdict_words(reading)}")
        for reason in reading.reasons[:_MESSAGES_SHOWN]:
            lines.append(f"  - line {reason.line + 1}: {_reason_text(reason, markdown=True)}")
        if len(reading.reasons) > _MESSAGES_SHOWN:
            lines.append(f"  - and {len(reading.reasons) - _MESSAGES_SHOWN} more")
    return "\n".join(lines)


def plain_text(found: list[Reading]) -> str:
    """The same as `markdown`, for a message window: one line per tool, its first reason."""
    if not found:
        return "No tool reads a file at this path."
    parts = []
    for reading in found:
        first = f": line {reading.reasons[0].line + 1}: {_reason_text(reading.reasons[0], markdown=False)}" \
            if reading.reasons else ""
        parts.append(f"{reading.tool.title} {_verdict_words(reading)}{first}")
    return "\n".join(parts)


def _verdict_words(reading: Reading) -> str:
    if reading.outcome is None:
        return "not checked (agent-lsp has no emulation of its loader for this file)"
    return {Outcome.LOADS: "loads it", Outcome.DAMAGED: "loads it damaged", Outcome.DROPS: "drops it",
            Outcome.REFUSES_TO_START: "refuses to start"}[reading.outcome]


def _reason_text(reason: Reason, markdown: bool) -> str:
    text = " ".join(reason.text.split())
    if reason.quoted:
        text = f"“{text}”"
    if reason.code:
        text = f"{'**' if markdown else ''}{reason.code}{'**' if markdown else ''} {text}"
    return text


# ---------------------------------------------------------------------- what editors show

def readings_of(analysis: Analysis, plugin_roots: frozenset[str], tools: frozenset[Tool] | None) -> list[Reading]:
    """The readings of an analysed file: the readers of its path (the analysis' own choice of owners)."""
    if analysis.dialect is None:
        return []
    document = analysis.document
    path_readers = readers_of(document.path, plugin_roots) if document.path else ()
    readers = readers_for(document, analysis.dialect, path_readers)
    return readings(document.text, readers, analysis.verdicts, analysis.findings, tools)


def opening_fence(text: str) -> tuple[int, int] | None:
    """Where the frontmatter's opening `---` is (after a BOM), or None when the file does not start with one."""
    start = 1 if text.startswith("\ufeff") else 0
    return (start, start + 3) if text.startswith("---", start) else None


def who_loads_hover(analysis: Analysis, offset: int, plugin_roots: frozenset[str],
                    tools: frozenset[Tool] | None) -> HoverInfo | None:
    """The hover on the opening `---`: each tool that reads the file and its verdict, then the findings there."""
    fence = opening_fence(analysis.document.text)
    if fence is None or not fence[0] <= offset <= fence[1] or analysis.dialect is None:
        return None
    info = HoverInfo(markdown(readings_of(analysis, plugin_roots, tools)), *fence)
    return with_findings(info, offset, analysis.findings)


def who_loads_lens(analysis: Analysis, plugin_roots: frozenset[str],
                   tools: frozenset[Tool] | None) -> tuple[int, int, str] | None:
    """The code lens on the first line: (start, end, one-line summary), or None for a file no tool reads."""
    found = readings_of(analysis, plugin_roots, tools)
    if not found:
        return None
    start, end = opening_fence(analysis.document.text) or (0, 0)
    return start, end, summary(found)


def who_loads_text(analysis: Analysis, plugin_roots: frozenset[str], tools: frozenset[Tool] | None) -> str:
    """What clicking the code lens shows: the hover's content as plain lines."""
    return plain_text(readings_of(analysis, plugin_roots, tools))
