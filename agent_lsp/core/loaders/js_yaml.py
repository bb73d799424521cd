"""js-yaml 4 `load` (YAML 1.2 core schema), as Gemini CLI 0.61 uses it: does it throw, where, and with what.

Built on the strict libyaml compose of `yaml_frontmatter` (never Claude Code's quoting retry). On the
frontmatter of 2,490 corpus files (agents, skills, commands, Copilot agents), libyaml and js-yaml 4.1.0
agreed on every accept/refuse; libyaml's messages map onto js-yaml's as below, and js-yaml refuses three
things libyaml accepts: a duplicated key, an unknown `!tag`, and nothing else seen. Positions are js-yaml's
`(line:column)`, 1-based, counted in UTF-16 units from the start of the frontmatter text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from agent_lsp.core.yaml_frontmatter import Entry, ParsedYaml, parse_frontmatter_yaml

_BAD_INDENTATION = "bad indentation of a mapping entry"
_LIBYAML_TO_JS = (
    ("mapping values are not allowed", _BAD_INDENTATION),
    ("did not find expected key", _BAD_INDENTATION),
    ("that cannot start any token", _BAD_INDENTATION),
    ("while scanning a block scalar", _BAD_INDENTATION),
    ("while scanning an alias", "name of an alias node must contain at least one character"),
    ("found undefined alias", 'unidentified alias "{alias}"'),
    ("while scanning a quoted scalar", "unexpected end of the stream within a {quote} quoted scalar"),
    ("while parsing a flow", "unexpected end of the stream within a flow collection"),
)
_STANDARD_TAGS = re.compile(r"!!(?:str|int|float|bool|null|map|seq|timestamp|binary|omap|pairs|set|merge)\Z")
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
                        r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?\Z")


class JsDate(str):
    """A plain scalar js-yaml's default schema reads as a `Date` (`2024-01-01`): not a string for zod."""


@dataclass(frozen=True, slots=True)
class JsYamlError:
    reason: str
    """js-yaml's `reason` (the message without its position and snippet)."""
    offset: int
    """Code-point offset into the frontmatter text where js-yaml's mark is."""
    exact: bool
    """True when `reason` is js-yaml's own wording (seen with js-yaml 4.1.0), False for libyaml's words."""
    at_end: bool = False
    """The stream ended too early: js-yaml places the error after the line break it adds at the end."""

    def message(self, text: str) -> str:
        """js-yaml's one-line message: `reason (line:column)`."""
        if self.at_end:
            return f"{self.reason} ({text.count(chr(10)) + (0 if text.endswith(chr(10)) else 1) + 1}:1)"
        line = text.count("\n", 0, self.offset)
        line_start = text.rfind("\n", 0, self.offset) + 1
        column = len(text[line_start:self.offset].encode("utf-16-le")) // 2
        return f"{self.reason} ({line + 1}:{column + 1})"


@dataclass(frozen=True, slots=True)
class JsYamlLoad:
    parsed: ParsedYaml
    error: JsYamlError | None

    @property
    def entries(self) -> list[Entry]:
        return self.parsed.entries if self.error is None else []


def js_yaml_load(text: str) -> JsYamlLoad:
    """What js-yaml 4 `load(text)` does: its error, or the parsed top-level entries."""
    parsed = parse_frontmatter_yaml(text)
    problem = parsed.strict_problem
    if problem is not None:
        offset = problem.offset
        for libyaml, reason in _LIBYAML_TO_JS:
            if libyaml in problem.message:
                if libyaml == "while scanning a block scalar" and problem.context_offset is not None:
                    offset = problem.context_offset
                if "{alias}" in reason:
                    offset = problem.end_offset
                    reason = reason.format(alias=text[problem.offset + 1:problem.end_offset])
                if "{quote}" in reason:
                    quote = text[problem.context_offset] if problem.context_offset is not None else '"'
                    reason = reason.format(quote="single" if quote == "'" else "double")
                at_end = reason.startswith("unexpected end of the stream")
                return JsYamlLoad(parsed, JsYamlError(reason, len(text) if at_end else offset, True, at_end))
        return JsYamlLoad(parsed, JsYamlError(problem.message, offset, False))
    seen: set[str] = set()
    for entry in parsed.entries:
        if entry.key in seen:
            return JsYamlLoad(parsed, JsYamlError("duplicated mapping key", entry.key_start, True))
        seen.add(entry.key)
        if entry.tag is not None and not _STANDARD_TAGS.match(entry.tag):
            tag = entry.tag if entry.tag.startswith("!<") else f"!<{entry.tag}>"
            return JsYamlLoad(parsed, JsYamlError(f"unknown tag {tag}", entry.value_end, True))
    return JsYamlLoad(parsed, None)


def js_value(entry: Entry) -> Any:
    """The entry's value as js-yaml's default schema builds it (plain timestamps become dates)."""
    if entry.style is None and isinstance(entry.value, str) and _TIMESTAMP.match(entry.value):
        return JsDate(entry.value)
    return entry.value
