"""CLI output formats: text (`file:line:col: severity code message`), JSON, SARIF 2.1.0, GitHub annotations."""

from __future__ import annotations

import json
import os
import re
from typing import Any
from urllib.parse import quote

from agent_lsp import __version__
from agent_lsp.core.analysis import Analysis
from agent_lsp.core.findings import Finding, Severity
from agent_lsp.core.rules import iter_rules


_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def display_path(path: str) -> str:
    """A file name as text that is valid Unicode on one line, for reports and messages.

    Names are bytes on POSIX: bytes that are not UTF-8 (which Python keeps as lone surrogates) are shown as
    `\\xff`, control characters (a newline in a name) as `\\n` or `\\x01`; anything else is kept.
    """
    try:
        raw = os.fsencode(path)
    except (UnicodeError, TypeError):
        raw = path.encode("utf-8", "surrogatepass")
    text = raw.decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def path_uri(path: str) -> str:
    """A SARIF `artifactLocation.uri` for a path: its bytes (UTF-8 for text names), percent-encoded, with
    forward slashes; relative paths stay relative references."""
    try:
        raw = os.fsencode(path)
    except (UnicodeError, TypeError):
        raw = path.encode("utf-8", "surrogatepass")
    if os.sep == "\\":
        raw = raw.replace(b"\\", b"/")
    return quote(raw, safe="/")


class TextFormatter:
    encoding: str | None = None
    """The report's encoding: None for stdout's own (text for people), "utf-8" for machine formats."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.counts = {severity: 0 for severity in Severity}
        self.files = 0

    def add(self, path: str, analysis: Analysis) -> None:
        self.files += 1
        path = display_path(path)
        for finding in analysis.findings:
            self.counts[finding.severity] += 1
            start = finding.span.start
            self.lines.append(f"{path}:{start.line + 1}:{start.column + 1}: {finding.severity.label} "
                              f"{finding.code} {finding.message}")

    def render(self) -> str:
        errors, warnings = self.counts[Severity.ERROR], self.counts[Severity.WARNING]
        notes = self.counts[Severity.INFORMATION] + self.counts[Severity.HINT]
        summary = f"{self.files} file{'s' if self.files != 1 else ''} checked: {errors} error(s), " \
                  f"{warnings} warning(s), {notes} note(s)"
        return "".join(line + "\n" for line in self.lines) + summary + "\n"


def finding_json(path: str, finding: Finding) -> dict[str, Any]:
    span = finding.span
    return {
        "path": path,
        "code": finding.code,
        "severity": finding.severity.label,
        "message": finding.message,
        "line": span.start.line + 1,
        "column": span.start.column + 1,
        "end_line": span.end.line + 1,
        "end_column": span.end.column + 1,
        "fixes": [{"title": fix.title, "applicability": fix.applicability.value,
                   "edits": [{"start_offset": e.start_offset, "end_offset": e.end_offset, "new_text": e.new_text}
                             for e in fix.edits]} for fix in finding.fixes],
    }


class JsonFormatter:
    encoding = "utf-8"

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(self, path: str, analysis: Analysis) -> None:
        path = display_path(path)
        self.items.extend(finding_json(path, finding) for finding in analysis.findings)

    def render(self) -> str:
        return json.dumps(self.items, indent=2, ensure_ascii=False) + "\n"


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFORMATION: "note",
                Severity.HINT: "note"}


class SarifFormatter:
    encoding = "utf-8"

    def __init__(self) -> None:
        self.results: list[dict[str, Any]] = []

    def add(self, path: str, analysis: Analysis) -> None:
        uri = path_uri(path)
        for finding in analysis.findings:
            span = finding.span
            self.results.append({
                "ruleId": finding.code,
                "level": _SARIF_LEVEL[finding.severity],
                "message": {"text": finding.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": span.start.line + 1, "startColumn": span.start.column + 1,
                               "endLine": span.end.line + 1, "endColumn": span.end.column + 1}}}],
            })

    def render(self) -> str:
        rules = [{"id": rule.code, "name": rule.name, "shortDescription": {"text": rule.summary},
                  "fullDescription": {"text": rule.why}, "help": {"text": rule.markdown(), "markdown": rule.markdown()},
                  "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]}} for rule in iter_rules()]
        sarif = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "agent-lsp", "version": __version__,
                                          "informationUri": "https://github.com/agent-lsp/agent-lsp",
                                          "rules": rules}},
                      "columnKind": "unicodeCodePoints",
                      "results": self.results}],
        }
        return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFORMATION: "notice",
                 Severity.HINT: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormatter:
    """GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""

    encoding = None

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, path: str, analysis: Analysis) -> None:
        path = display_path(path)
        for finding in analysis.findings:
            span = finding.span
            props = (f"file={_escape_property(path)},line={span.start.line + 1},col={span.start.column + 1},"
                     f"endLine={span.end.line + 1},endColumn={span.end.column + 1},"
                     f"title={_escape_property(finding.code)}")
            self.lines.append(f"::{_GITHUB_LEVEL[finding.severity]} {props}::{_escape_data(finding.message)}")

    def render(self) -> str:
        return "".join(line + "\n" for line in self.lines)


FORMATTERS = {"text": TextFormatter, "json": JsonFormatter, "sarif": SarifFormatter, "github": GithubFormatter}
