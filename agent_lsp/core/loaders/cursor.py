"""Cursor's loaders, from secondary sources only (Cursor is closed source; there is no offline oracle).

Cursor's frontmatter is not strict YAML (its own rule template writes `globs: **/*.ts, **/*.tsx` unquoted,
which YAML refuses), so it is read leniently here, one top-level `key: value` line at a time, and only what a
named source reports is said (../shared/spec/DIALECTS.md section 4):

- a rule whose frontmatter never closes is skipped silently; `alwaysApply: "true"` (a string) does not make
  the rule always applied (stbenjam/skillsaw docs/rules/cursor-rules-valid.md);
- a subagent needs `name` and `description`; `readonly` and `is_background` are booleans (syllago.dev's
  Cursor provider page, hiromaily docs-ssot).

Every finding built on these verdicts is information only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent_lsp.core.catalogue_model import Field, Kind
from agent_lsp.core.catalogues.cursor import CURSOR_AGENT_FIELDS, CURSOR_RULE_FIELDS, CURSOR_SKILL_FIELDS
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.findings import Applicability, Edit, Fix
from agent_lsp.core.model import Document
from agent_lsp.core.verdicts import LoaderMessage, Outcome, Verdict

_LINE = re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*\Z")


@dataclass(frozen=True, slots=True)
class _Line:
    key: str
    value: str
    value_start: int
    key_start: int


def _frontmatter(text: str) -> tuple[list[_Line], bool] | None:
    """The top-level `key: value` lines, and whether the block closes; None when there is no frontmatter."""
    body = text[1:] if text.startswith("\ufeff") else text
    offset = len(text) - len(body)
    lines = body.split("\n")
    if not lines or lines[0].rstrip("\r").strip() != "---":
        return None
    found: list[_Line] = []
    position = offset + len(lines[0]) + 1
    for line in lines[1:]:
        stripped = line.rstrip("\r")
        if stripped.strip() == "---":
            return found, True
        match = _LINE.match(stripped)
        if match:
            value = match.group("value") or ""
            value_start = position + (match.start("value") if match.group("value") is not None else len(stripped))
            found.append(_Line(match.group("key"), value, value_start, position))
        position += len(line) + 1
    return found, False


def _head(text: str) -> int:
    """The end of the opening fence (or of as much of the file as there is)."""
    return min(3, len(text))


def _source(spec: Field) -> str:
    return f" ({spec.source})" if spec.source else ""


def _boolean_messages(lines: list[_Line], fields: tuple[Field, ...]) -> list[LoaderMessage]:
    messages = []
    for line in lines:
        spec = next((candidate for candidate in fields if candidate.key == line.key), None)
        if spec is None or spec.kind is not Kind.BOOL or line.value in spec.allowed():
            continue
        word = line.value.strip("\"'").lower()
        fixes = (Fix(f"Write `{word}` as a boolean", (Edit(line.value_start, line.value_start + len(line.value), word),),
                     Applicability.SAFE),) if word in spec.allowed() else ()
        messages.append(LoaderMessage(
            Outcome.DAMAGED, f"it reads `{line.key}` only as a boolean `true` or `false`: `{line.value}` is not "
            f"one, so the setting is not applied{_source(spec)}", False, line.value_start,
            line.value_start + len(line.value), line.key, fixes))
    return messages


def read_rule(document: Document, dialect: Dialect) -> Verdict:
    """What Cursor is reported to do with a `.mdc` rule."""
    found = _frontmatter(document.text)
    if found is None:
        return Verdict(Tool.CURSOR, dialect)
    lines, closed = found
    if not closed:
        return Verdict(Tool.CURSOR, dialect, (LoaderMessage(
            Outcome.DROPS, "it skips a rule with malformed frontmatter without a word; this one has no "
            "closing `---` (stbenjam/skillsaw docs/rules/cursor-rules-valid.md)", False, 0, _head(document.text)),))
    return Verdict(Tool.CURSOR, dialect, tuple(_boolean_messages(lines, CURSOR_RULE_FIELDS)))


def read_agent(document: Document, dialect: Dialect) -> Verdict:
    """What Cursor is reported to do with a subagent file."""
    found = _frontmatter(document.text)
    required = [spec for spec in CURSOR_AGENT_FIELDS if spec.required]
    if found is None or not found[1]:
        missing = "has no frontmatter" if found is None else "has no closing `---`"
        return Verdict(Tool.CURSOR, dialect, (LoaderMessage(
            Outcome.DROPS, f"it needs `name` and `description` in the frontmatter; this file {missing}"
            f"{_source(required[0])}", False, 0, _head(document.text)),))
    lines, _closed = found
    values = {line.key: line for line in lines}
    messages = [LoaderMessage(
        Outcome.DROPS, f"it needs `{spec.key}` in a subagent's frontmatter{_source(spec)}", False, 0,
        _head(document.text), spec.key)
        for spec in required if not (spec.key in values and values[spec.key].value.strip("\"' "))]
    messages.extend(_boolean_messages(lines, CURSOR_AGENT_FIELDS))
    name = values["name"].value.strip("\"' ") if "name" in values else None
    return Verdict(Tool.CURSOR, dialect, tuple(messages), name or None)


def read_skill(document: Document, dialect: Dialect) -> Verdict:
    """What Cursor is reported to do with a skill: only `disable-model-invocation`'s type is said (no source
    reports what Cursor does with a skill missing a key, so nothing is claimed about that)."""
    found = _frontmatter(document.text)
    if found is None or not found[1]:
        return Verdict(Tool.CURSOR, dialect)
    lines, _closed = found
    values = {line.key: line for line in lines}
    name = values["name"].value.strip("\"' ") if "name" in values else None
    return Verdict(Tool.CURSOR, dialect, tuple(_boolean_messages(lines, CURSOR_SKILL_FIELDS)), name or None)
