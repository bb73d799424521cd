"""Codex 0.169's loaders: custom prompts (`.codex/prompts/*.md`) and skills (SKILL.md).

- Prompts: `parse_frontmatter` of `codex-rs/core/src/custom_prompts.rs`, a hand-written line parser that never
  fails: line 1 must trim to `---`, the block ends at the next line trimming to `---` (unterminated: the whole
  file is the prompt and there is no metadata); blank and `#` lines are skipped; every other line is split at
  its first `:`, the key lower-cased, the value trimmed with one layer of matching quotes removed. Only
  `description` and `argument-hint`/`argument_hint` are kept. There is no YAML: block scalars and continuation
  lines are lost. Codex has no way to list prompts, so this is emulated from that source only.
- Skills: observed with codex 0.169.0 through `codex app-server` `skills/list`
  (benchmarks/oracles/codex_oracle.py). The frontmatter is the lines between a first line trimming to `---`
  and the next such line (none, or nothing between: `missing YAML frontmatter delimited by ---`); serde_yaml
  (libyaml) parses it. 0.169 is more lenient than its published source: when the YAML does not parse it
  quotes the `key: value` lines that do not parse on their own (`description: Use when: x` loads) and tries
  again; if that fails too, the first error is reported. Then serde: a duplicated `name`, `description` or
  `metadata`, a list or map where text is expected, a `metadata` that is not a map, and a missing or empty
  description refuse the skill. A missing name takes the folder's name.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

import yaml

from agent_lsp.core.catalogues.codex import CODEX_PROMPT_FIELDS, CODEX_SKILL_FIELDS, CODEX_SKILL_NAME_MAX_CHARS
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.findings import Applicability, Edit, Fix
from agent_lsp.core.model import Document
from agent_lsp.core.verdicts import LoaderMessage, Outcome, Verdict
from agent_lsp.core.yaml_frontmatter import MAX_DEPTH, NOT_COMPOSED, Entry, ParsedYaml, parse_frontmatter_yaml

_RUST_WHITESPACE = " \t\n\x0b\x0c\r\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
"""What Rust's `str::trim` removes (Unicode White_Space); a BOM is not one of them."""


def _lines(text: str) -> list[tuple[int, str]]:
    """Rust's `str::lines()`: split at `\\n`, one trailing `\\r` dropped; with each line's start offset."""
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        stop = len(text) if end < 0 else end
        line = text[start:stop]
        out.append((start, line[:-1] if line.endswith("\r") else line))
        if end < 0:
            break
        start = end + 1
    return out


def _is_fence(line: str) -> bool:
    return line.strip(_RUST_WHITESPACE) == "---"


def read_prompt(document: Document, dialect: Dialect) -> Verdict:
    """What Codex does with a custom prompt (emulated from custom_prompts.rs; Codex prints nothing either way)."""
    text = document.text
    name = PurePosixPath((document.path or "prompt.md").replace("\\", "/")).stem
    lines = _lines(text)
    if not lines or not _is_fence(lines[0][1]):
        return Verdict(Tool.CODEX, dialect, (), name)
    keys = {spec.key for spec in CODEX_PROMPT_FIELDS}
    messages: list[LoaderMessage] = []
    closed = False
    group: list[tuple[int, str]] = []
    """The line of a kept key whose value continues, then its continuation lines (offset, line)."""
    for start, line in lines[1:]:
        if _is_fence(line):
            closed = True
            break
        trimmed = line.strip(_RUST_WHITESPACE)
        key, colon, value = trimmed.partition(":")
        key = key.strip(_RUST_WHITESPACE).lower()
        continues = bool(group) and line[:1] in (" ", "\t") and trimmed and not (colon and key in keys)
        if continues:
            group.append((start, line))
            continue
        messages.extend(_prompt_group(text, group))
        group = []
        if not trimmed or trimmed.startswith("#") or not colon or key not in keys:
            continue
        group = [(start, line)]
    messages.extend(_prompt_group(text, group))
    if not closed:
        return Verdict(Tool.CODEX, dialect, (LoaderMessage(
            Outcome.DAMAGED, "there is no closing `---`, so it reads no frontmatter: the whole file, the `---` "
            "line included, is the prompt", False, 0, len(lines[0][1])),), name)
    return Verdict(Tool.CODEX, dialect, tuple(messages), name)


def _prompt_group(text: str, group: list[tuple[int, str]]) -> list[LoaderMessage]:
    """What Codex loses of one kept key: a block scalar read as its indicator, continuation lines dropped.

    The fix (unsafe: a literal block's line breaks become spaces) writes the value on the key's line.
    """
    if not group:
        return []
    (start, line), continuation = group[0], group[1:]
    key = line.partition(":")[0].strip(_RUST_WHITESPACE).lower()
    after = line.partition(":")[2]
    value = after.strip(_RUST_WHITESPACE)
    value_start = start + len(line) - len(after) + (len(after) - len(after.lstrip(_RUST_WHITESPACE)))
    block = re.fullmatch(r"[|>][-+0-9]*", value) is not None
    if not block and not continuation:
        return []
    parts = [] if block else [value]
    parts += [part.strip(_RUST_WHITESPACE) for _offset, part in continuation]
    last_start, last_line = group[-1]
    joined = " ".join(part for part in parts if part)
    fix = Fix(f"Write `{key}` on one line (Codex reads one line per key)",
              (Edit(value_start, last_start + len(last_line), joined),), Applicability.UNSAFE)
    messages = []
    if block:
        messages.append(LoaderMessage(
            Outcome.DAMAGED, f"it does not read YAML block scalars: `{key}` is the text `{value}` and the "
            "indented lines below it are dropped", False, value_start, value_start + len(value), key, (fix,)))
    for offset, part in continuation:
        at = offset + len(part) - len(part.lstrip(_RUST_WHITESPACE))
        messages.append(LoaderMessage(
            Outcome.DAMAGED, f"it reads `{key}` one line at a time: this continuation line is dropped", False, at,
            offset + len(part.rstrip(_RUST_WHITESPACE)), key, () if messages else (fix,)))
    return messages


_MISSING_FRONTMATTER = "missing YAML frontmatter delimited by ---"
_RETRY_LINE = re.compile(r"(?P<lead>[ \t]*(?:-[ \t]+)?)(?P<key>[^\s:#'\"][^:]*?):[ \t]+(?P<value>.*?)[ \t]*\Z")


def _frontmatter(text: str) -> tuple[str, int] | None:
    """extract_frontmatter of loader.rs: the lines between the fences joined with `\\n`, and where they start."""
    lines = _lines(text)
    if not lines or not _is_fence(lines[0][1]):
        return None
    body: list[str] = []
    for _start, line in lines[1:]:
        if _is_fence(line):
            return ("\n".join(body), lines[1][0]) if body else None
        body.append(line)
    return None


def _parses(text: str) -> bool:
    """The line is valid YAML syntax (an alias to an anchor defined elsewhere is not a syntax error)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:  # libyaml 0.2.6+ refuses it here; older libyaml slows down quadratically
                    return False
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return False
    return True


def _quoted_on_retry(value: str) -> bool:
    """The values the second try quotes (observed with codex 0.169.0): one holding `: `, or starting with `[`,
    `{`, `@` or a backtick; never one starting with a quote or a block indicator. `*`, `&`, `%`, `]`, `,` or `?`
    at the start of a value without `: ` are left as they are (and the file is refused)."""
    return bool(value) and value[0] not in "\"'|>" and (re.search(r":[ \t]", value) is not None or value[0] in "[{@`")


def _retry(yaml_text: str) -> str:
    """Codex 0.169's second try (observed): `key: value` lines that do not parse alone, and whose value holds
    `: ` or starts with `[ { @` or a backtick, get their value quoted."""
    out = []
    for line in yaml_text.split("\n"):
        match = _RETRY_LINE.match(line)
        value = match.group("value") if match else ""
        if _quoted_on_retry(value):
            value = re.sub(r"[ \t]+#.*\Z", "", value)
            if not _parses(f"{match.group('key')}: {match.group('value')}"):
                escaped = value.replace("\\", "\\\\").replace('"', '\\"')
                line = f'{match.group("lead")}{match.group("key")}: "{escaped}"'
        out.append(line)
    return "\n".join(out)


def _position(yaml_text: str, offset: int) -> str:
    line = yaml_text.count("\n", 0, offset) + 1
    column = offset - (yaml_text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line} column {column}"


def _libyaml_error(yaml_text: str, parsed: ParsedYaml) -> str:
    """serde_yaml's words for a syntax error: libyaml's problem and place, then its context, with the context's
    place unless it is the start of the text or the problem's own place (as serde_yaml prints them)."""
    problem = parsed.strict_problem
    assert problem is not None
    if problem.message == "found undefined alias":
        return f"invalid YAML: unknown anchor at {_position(yaml_text, problem.offset)}"
    if problem.message in NOT_COMPOSED:
        # Too deep or too large to compose here (libyaml before 0.2.6 would overflow the C stack); serde_yaml
        # stops at its recursion limit.
        return "invalid YAML: recursion limit exceeded"
    try:
        yaml.compose(yaml_text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as error:
        mark, context_mark = error.problem_mark, error.context_mark
        if error.problem and mark is not None:
            text = f"invalid YAML: {error.problem} at line {mark.line + 1} column {mark.column + 1}"
            if error.context:
                text += f", {error.context}"
                if context_mark is not None and (context_mark.line, context_mark.column) not in (
                        (0, 0), (mark.line, mark.column)):
                    text += f" at line {context_mark.line + 1} column {context_mark.column + 1}"
            return text
    except (yaml.YAMLError, ValueError, RecursionError):
        pass
    return f"invalid YAML: {problem.message} at {_position(yaml_text, problem.offset)}"


def _serde_type(entry: Entry) -> str | None:
    """serde_yaml's name of a value that cannot be read as a string, or None when it can."""
    if entry.style in ("-", "["):
        return "sequence"
    if entry.style in (":", "{"):
        return "map"
    return None


def _collapse(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = str(value) if not isinstance(value, str) else value
    return " ".join(text.split())


def read_skill(document: Document, dialect: Dialect) -> Verdict:
    """What Codex 0.169 does with a SKILL.md (observed with codex 0.169.0)."""
    text = document.text
    path = PurePosixPath((document.path or "skill/SKILL.md").replace("\\", "/"))
    fence_end = text.find("\n") if "\n" in text else len(text)
    found = _frontmatter(text)
    if found is None:
        return Verdict(Tool.CODEX, dialect, (LoaderMessage(Outcome.DROPS, _MISSING_FRONTMATTER, True, 0, fence_end),))
    yaml_text, base = found
    parsed = parse_frontmatter_yaml(yaml_text)
    if parsed.strict_problem is not None:
        retried = parse_frontmatter_yaml(_retry(yaml_text))
        if retried.strict_problem is not None:
            at = base + parsed.strict_problem.offset
            return Verdict(Tool.CODEX, dialect, (LoaderMessage(
                Outcome.DROPS, _libyaml_error(yaml_text, parsed), True, at, min(len(text), at + 1)),))
        return _check(dialect, retried, path, None, len(text))
    return _check(dialect, parsed, path, (yaml_text, base), len(text))


def _check(dialect: Dialect, parsed: ParsedYaml, path: PurePosixPath, where: tuple[str, int] | None,
           length: int) -> Verdict:
    """serde's reading of the parsed frontmatter into SkillFrontmatter. `where` is None after the retry."""
    known = {spec.key for spec in CODEX_SKILL_FIELDS}

    def at(entry: Entry | None) -> tuple[int, int]:
        if entry is None or where is None:
            return 0, min(3, length)
        return where[1] + entry.value_start, where[1] + max(entry.value_end, entry.value_start + 1)

    def refuse(message: str, entry: Entry | None) -> Verdict:
        start, end = at(entry)
        return Verdict(Tool.CODEX, dialect, (LoaderMessage(Outcome.DROPS, message, True, start, end,
                                                           entry.key if entry else None),))

    if parsed.root_kind not in ("mapping", "empty"):
        shown = parsed.parsed_text.strip()
        kind = {"sequence": "sequence", "scalar": f'string "{shown}"'}.get(parsed.root_kind, parsed.root_kind)
        return refuse(f"invalid YAML: invalid type: {kind}, expected struct SkillFrontmatter", None)
    seen: set[str] = set()
    values: dict[str, Entry] = {}
    for entry in parsed.entries:
        if entry.key in known:
            if entry.key in seen:
                return refuse(f"invalid YAML: duplicate field `{entry.key}`", entry)
            seen.add(entry.key)
            values[entry.key] = entry
    yaml_text = where[0] if where else parsed.parsed_text
    for key in ("name", "description"):
        entry = values.get(key)
        if entry is not None and _serde_type(entry):
            return refuse(f"invalid YAML: {key}: invalid type: {_serde_type(entry)}, expected a string at "
                          f"{_position(yaml_text, entry.value_start)}", entry)
    metadata = values.get("metadata")
    if metadata is not None and metadata.value is not None and not isinstance(metadata.value, dict):
        shown = _serde_shown(metadata)
        return refuse(f"invalid YAML: metadata: invalid type: {shown}, expected struct SkillFrontmatterMetadata "
                      f"at {_position(yaml_text, metadata.value_start)}", metadata)
    description = values.get("description")
    if description is None or not _collapse(description.value):
        return refuse("missing field `description`", description)
    name = (_collapse(values["name"].value) if "name" in values else "") or " ".join(path.parent.name.split()) \
        or "skill"
    if len(name) > CODEX_SKILL_NAME_MAX_CHARS:
        return refuse(f"invalid name: exceeds maximum length of {CODEX_SKILL_NAME_MAX_CHARS} characters",
                      values.get("name"))
    return Verdict(Tool.CODEX, dialect, (), name)


def _serde_shown(entry: Entry) -> str:
    value = entry.value
    if isinstance(value, bool):
        return f"boolean `{'true' if value else 'false'}`"
    if isinstance(value, int):
        return f"integer `{value}`"
    if isinstance(value, float):
        return f"floating point `{value}`"
    if isinstance(value, list):
        return "sequence"
    if isinstance(value, str):
        return f'string "{value}"'
    return "map"

