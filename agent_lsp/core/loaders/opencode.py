"""What OpenCode 1.18 does with an agent, a command or a SKILL.md (../shared/spec/DIALECTS.md section 2).

Emulated from the bundled code of `opencode-ai` 1.18.33 and checked against the released binary
(`opencode debug config`, `opencode debug skill`), one behaviour per test in tests/core/test_loader_opencode.py:

* The frontmatter is split by gray-matter (BOM stripped; the block ends at the first `\\n---`, even
  mid-line; `---lang` names a parser) and parsed by js-yaml 3 `safeLoad`, whose typing differs from YAML
  1.2: base-60 (`1:30` = 90), octal `010`, `1e3` and `1_000` are numbers, `2024-01-01` is a Date, `yes`
  stays text, duplicate keys and unknown tags are errors. PyYAML composes the nodes (exact positions); the
  typing and those errors are js-yaml 3's, applied here.
* When that throws, OpenCode retries once on a sanitised copy (top-level `key: value` lines whose unquoted
  value holds `:` become `key: |-` blocks). When the copy is the same text, gray-matter's cache hands back
  `{data: {}, content: <whole file>}`: the file loads with no metadata and the whole file as its prompt.
  When the copy differs and still fails, the file is left out without a word.
* Agents and commands are then checked against the schema (`catalogues/opencode.py`): any violation stops
  OpenCode ("Configuration is invalid at <file>"), except in legacy `mode/` files, which are left out.
  Unknown agent keys are copied into `options` (sent to the model provider); unknown command keys dropped.
* A SKILL.md needs a text `name` and a text or absent `description`, or it is left out.
"""

from __future__ import annotations

import base64
import bisect
import datetime
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import yaml

from agent_lsp.core.catalogue import COLOURS as CLAUDE_COLOURS
from agent_lsp.core.catalogue import FALSE_WORDS, TRUE_WORDS, catalogue_for
from agent_lsp.core.catalogue_model import Field, Kind
from agent_lsp.core.catalogues.opencode import (
    AGENT_BODY_KEY, AGENT_MODE_KEY, AGENT_NAME_KEY, AGENT_OPTIONS_KEY, COMMAND_BODY_KEY, COMMAND_NAME_KEY, KEPT,
    LEGACY_MODE, PERMISSION_ACTION_NAME, PERMISSION_RULE_NAME, PERMISSION_TOOLS,
)
from agent_lsp.core.dialects import Dialect, FileKind, Tool
from agent_lsp.core.findings import Applicability, Edit, Fix
from agent_lsp.core.model import Document
from agent_lsp.core.verdicts import LoaderMessage, Outcome, Verdict
from agent_lsp.core.yaml_frontmatter import MAX_CHARS, MAX_NODES, render_within

__all__ = ["read", "js_yaml_load", "sanitise"]

_CONFIG_HOMES = (".opencode", "opencode")
_AGENT_FOLDERS = ("agent", "agents")
_MODE_FOLDERS = ("mode", "modes")
_COMMAND_FOLDERS = ("command", "commands")


# ----------------------------------------------------------------------------------------------------
# js-yaml 3 `safeLoad` (DEFAULT_SAFE_SCHEMA) on top of PyYAML's composer
# ----------------------------------------------------------------------------------------------------

class YamlError(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True, slots=True)
class JsDate:
    """A js-yaml timestamp: a JavaScript Date, shown as its ISO string."""

    iso: str


@dataclass(slots=True)
class Node:
    """A loaded value with the text span it came from (offsets into the parsed text)."""

    value: Any
    start: int
    end: int
    children: dict[str, tuple[Node, Node]] = field(default_factory=dict)
    """For a mapping: key text -> (key node, value node), last duplicate... never (duplicates are errors)."""


class _Composer(yaml.CSafeLoader):
    """PyYAML's (libyaml's) composer with plain scalars left unresolved: js-yaml 3's rules apply later."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return super().resolve(kind, value, implicit)


_PLAIN = "!plain"
_Y = "tag:yaml.org,2002:"
_NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")
_BOOL = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_FLOAT = re.compile(r"(?:[-+]?(?:0|[1-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
                    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_TIMESTAMP = re.compile(r"([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9]{2}):([0-9]{2})"
                        r"(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9][0-9]?)(?::([0-9]{2}))?))?\Z")
_BASE60 = re.compile(r"(?::[0-5]?[0-9])+\Z")
_SAFE_TAGS = frozenset(_Y + name for name in ("str", "seq", "map", "null", "bool", "int", "float", "timestamp",
                                               "merge", "binary", "omap", "pairs", "set"))


def _js_int(text: str) -> int | float | None:
    """js-yaml 3's `resolveYamlInteger` + `constructYamlInteger` (binary, octal `0...`, hex, base 60, `_`).

    The result is a JavaScript number: past 2**53 a float, past the largest double infinite."""
    if not text:
        return None
    sign, body = (-1 if text[0] == "-" else 1, text[1:]) if text[0] in "+-" else (1, text)
    if not body or body[0] == "_" or body[-1] == "_" or not body.isascii():
        return None
    digits = body.replace("_", "")
    if body[0] == "0" and len(body) > 1:
        prefix, rest = body[1], digits[2:]
        if prefix == "b":
            return _js_integer(sign, int(rest, 2)) if rest and set(rest) <= set("01") else None
        if prefix == "x":
            return _js_integer(sign, int(rest, 16)) if rest and all(c in "0123456789abcdefABCDEF" for c in rest) else None
        octal = digits[1:]
        return _js_integer(sign, int(octal, 8)) if octal and set(octal) <= set("01234567") else None
    head, colon, _ = body.partition(":")
    if not head.replace("_", "").isdigit():
        return None
    if not colon:
        if len(digits) > 400:  # past any double: JavaScript reads Infinity (and Python will not convert it)
            return sign * math.inf
        return _js_integer(sign, int(digits))
    if not _BASE60.match(body[len(head):]) or len(digits) > 400:
        return None
    value = 0
    for part in digits.split(":"):
        value = value * 60 + int(part)
    return _js_integer(sign, value)


def _js_integer(sign: int, magnitude: int) -> int | float:
    if magnitude.bit_length() > 1024:
        return sign * math.inf
    return sign * magnitude if magnitude < 2**53 else sign * float(magnitude)


def _js_float(text: str) -> float | None:
    if not _FLOAT.match(text) or text.endswith("_"):
        return None
    value = text.replace("_", "").lower()
    sign = -1.0 if value.startswith("-") else 1.0
    if value[:1] in "+-":
        value = value[1:]
    if value == ".inf":
        return sign * math.inf
    if value == ".nan":
        return math.nan
    if ":" in value:
        total = 0.0
        for part in value.split(":"):
            total = total * 60 + float(part)
        return sign * total
    return sign * float(value)


def _js_timestamp(text: str) -> JsDate | None:
    date = _DATE.match(text)
    if date:
        year, month, day = (int(part) for part in date.groups())
        return JsDate(f"{year:04d}-{month:02d}-{day:02d}T00:00:00.000Z")
    stamp = _TIMESTAMP.match(text)
    if not stamp:
        return None
    year, month, day, hour, minute, second = (int(stamp.group(index)) for index in range(1, 7))
    millis = int(((stamp.group(7) or "") + "000")[:3])
    moment = datetime.datetime(year, 1, 1) + datetime.timedelta(
        days=0, hours=hour, minutes=minute, seconds=second, milliseconds=millis)
    try:
        moment = moment.replace(month=month, day=day)
    except ValueError:
        return JsDate(text)
    if stamp.group(9):
        offset = datetime.timedelta(hours=int(stamp.group(10)), minutes=int(stamp.group(11) or 0))
        moment -= offset if stamp.group(9) == "+" else -offset
    return JsDate(moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z")


def _plain(text: str) -> Any:
    """Resolve a plain scalar the way js-yaml 3's DEFAULT_SAFE_SCHEMA does (observed with opencode 1.18.33)."""
    if _NULL.match(text):
        return None
    if _BOOL.match(text):
        return text.lower() == "true"
    number = _js_int(text)
    if number is not None:
        return number
    real = _js_float(text)
    if real is not None:
        return real
    date = _js_timestamp(text)
    if date is not None:
        return date
    return text


_ORDINARY = {0x85: 0xF0085, 0x2028: 0xF2028, 0x2029: 0xF2029}
"""NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR end a line for libyaml but are ordinary characters for js-yaml 3:
they are swapped, one code point for one, with private-use stand-ins before composing, and back in values."""
_ORDINARY_BACK = {stand_in: code for code, stand_in in _ORDINARY.items()}


def _back(text: str) -> str:
    return text.translate(_ORDINARY_BACK)


def js_yaml_load(text: str) -> Node:
    """Load `text` as js-yaml 3 `safeLoad` would; raise YamlError where it would throw.

    Aliases share their anchor's value (as in js-yaml: never copied, so an alias bomb costs nothing and a
    recursive alias is a cycle). Known difference left: libyaml refuses an implicit key longer than 1024
    characters, js-yaml 3 does not.
    """
    if len(text) > MAX_CHARS:
        raise YamlError("too large to read", 0)
    swapped = text.translate(_ORDINARY)
    if len(swapped) > 2 * MAX_DEPTH:  # cheap bound first: a short text cannot nest deeply
        _guard(swapped)
    try:
        root = yaml.compose(swapped, Loader=_Composer)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise YamlError((error.problem or error.context or "invalid YAML").strip(), mark.index if mark else 0)
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        raise YamlError(f"invalid YAML: {error}", 0)
    if root is None:
        return Node(None, 0, 0)
    return _Loader().load(root, 0)


MAX_DEPTH = 100
"""Deeper nesting is not loaded (a Python recursion per level); real frontmatter nests two or three levels."""


def _guard(text: str) -> None:
    """Refuse, without recursion, text nested deeper than MAX_DEPTH or with more than MAX_NODES nodes."""
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                nodes += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent):
                nodes += 1
            if depth > MAX_DEPTH or nodes > MAX_NODES:
                raise YamlError("too deeply nested or too large to read", 0)
    except yaml.YAMLError:
        return  # the composer reports it, with its position


class _Loader:
    """Nodes to values, each node once (aliases and cycles share the value)."""

    def __init__(self) -> None:
        self.memo: dict[int, Node] = {}

    def load(self, node: yaml.Node, depth: int) -> Node:
        known = self.memo.get(id(node))
        if known is not None:
            return known
        start, end = node.start_mark.index, node.end_mark.index
        tag = node.tag or ""
        if depth > MAX_DEPTH:
            raise YamlError("too deeply nested to read", start)
        if isinstance(node, yaml.ScalarNode):
            loaded = self.memo[id(node)] = Node(_scalar(node), start, end)
            return loaded
        if tag not in _SAFE_TAGS:
            raise YamlError(f"unknown tag !<{tag}>", start)
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            loaded = self.memo[id(node)] = Node(items, start, end)
            items.extend(self.load(child, depth + 1).value for child in node.value)
            return loaded
        mapping: dict[str, Any] = {}
        children: dict[str, tuple[Node, Node]] = {}
        loaded = self.memo[id(node)] = Node(mapping, start, end, children)
        merged: set[str] = set()
        for key_node, value_node in node.value:
            key = self.load(key_node, depth + 1)
            value = self.load(value_node, depth + 1)
            if (isinstance(key_node, yaml.ScalarNode) and key_node.tag in (_PLAIN, _Y + "merge")
                    and key_node.value == "<<"):
                sources = value.value if isinstance(value.value, list) else [value.value]
                for source in sources:
                    if not isinstance(source, dict):
                        raise YamlError("cannot merge mappings; the provided source object is unacceptable",
                                        value.start)
                    for merged_key, merged_value in source.items():
                        if merged_key not in mapping:
                            mapping[merged_key] = merged_value
                            merged.add(merged_key)
                continue
            name = _js_key(key.value)
            if name in mapping and name not in merged:
                raise YamlError("duplicated mapping key", key.start)
            merged.discard(name)
            mapping[name] = value.value
            children[name] = (key, value)
        return loaded


def _scalar(node: yaml.ScalarNode) -> Any:
    tag, text = node.tag, _back(node.value)
    if tag == _PLAIN:
        return _plain(text)
    if node.style and tag in (_PLAIN, _Y + "str"):
        return text
    if tag == _Y + "str" or (tag == "!" and node.style):
        return text
    explicit = {_Y + "null": lambda: None if _NULL.match(text) else _MISSING,
                _Y + "bool": lambda: (text.lower() == "true") if _BOOL.match(text) else _MISSING,
                _Y + "int": lambda: _or_missing(_js_int(text)),
                _Y + "float": lambda: _or_missing(_js_float(text)),
                _Y + "timestamp": lambda: _or_missing(_js_timestamp(text))}
    if tag in explicit:
        value = explicit[tag]()
        if value is _MISSING:
            raise YamlError(f"cannot resolve a node with !<{tag}> explicit tag", node.start_mark.index)
        return value
    if tag == _Y + "binary":
        try:
            return base64.b64decode("".join(text.split()), validate=False)
        except ValueError:
            raise YamlError(f"cannot resolve a node with !<{tag}> explicit tag", node.start_mark.index)
    raise YamlError(f"unknown tag !<{tag}>", node.start_mark.index)


_MISSING = object()


def _or_missing(value: Any) -> Any:
    return _MISSING if value is None else value


def _js_key(value: Any) -> str:
    """A mapping key as JavaScript's object key: its String()."""
    if isinstance(value, str):
        return value
    return show(value, quote=False)


def show(value: Any, quote: bool = True, limit: int = 2000) -> str:
    """Render a value the way OpenCode's schema messages do (JSON for text, lists and maps; JS numbers).

    At most `limit` characters: shared and recursive values (aliases) are never expanded further."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _js_number(value)
    if isinstance(value, str) and not quote:
        return value
    return render_within(value, limit, _json_scalar, lambda key: json.dumps(key, ensure_ascii=False), ",", ":",
                         MAX_DEPTH)


def _json_scalar(item: Any, depth: int) -> str:
    """A scalar inside a value OpenCode shows: as JSON, except at the top (a date's ISO text, bytes as text)."""
    if isinstance(item, str):
        return json.dumps(item, ensure_ascii=False)
    if isinstance(item, JsDate):
        return item.iso if depth == 0 else json.dumps(item.iso)
    if isinstance(item, bytes):
        text = item.decode("utf-8", "replace")
        return text if depth == 0 else json.dumps(text, ensure_ascii=False)
    if isinstance(item, float) and not math.isfinite(item):
        return "null" if depth else _js_number(item)
    return show(item)


def _js_number(value: float) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) and abs(value) < 10**21:
        return str(value)
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "-Infinity" if value < 0 else "Infinity"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    text = repr(value)
    mantissa, e, exponent = text.partition("e")
    if not e:
        return text
    return f"{mantissa}e{'-' if exponent.startswith('-') else '+'}{exponent.lstrip('+-').lstrip('0') or '0'}"


# ----------------------------------------------------------------------------------------------------
# gray-matter and OpenCode's colon sanitiser
# ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Matter:
    """gray-matter's split: where the YAML block and the content are (offsets into the text it was given)."""

    yaml_start: int
    yaml_end: int
    content_start: int
    language: str


def gray_matter(text: str) -> Matter | None:
    """gray-matter 4's split of `text` (BOM already stripped); None when the file has no frontmatter."""
    if not text.startswith("---") or text[3:4] == "-":
        return None
    rest_start = 3
    newline = re.search(r"\r?\n", text[rest_start:])
    raw = text[rest_start:rest_start + newline.start()] if newline else text[rest_start:-1]
    language = raw.strip()
    if language:
        rest_start += len(raw)
    close = text.find("\n---", rest_start)
    if close < 0:
        return Matter(rest_start, len(text), len(text), language)
    content = close + 4
    if text[content:content + 1] == "\r":
        content += 1
    if text[content:content + 1] == "\n":
        content += 1
    return Matter(rest_start, close, content, language)


_SANITISE_BLOCK = re.compile(r"---\r?\n([\s\S]*?)\r?\n---")
_SANITISE_LINE = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*:\s*(.*)\Z", re.S)


@dataclass(frozen=True, slots=True)
class Sanitised:
    text: str
    rewritten: tuple[int, ...]
    """Offsets (in the original text) of the lines the sanitiser rewrote."""
    starts: tuple[int, ...] = ()
    """Offsets in `text` where each mapped piece begins (sorted)."""
    origins: tuple[tuple[int, int], ...] = ()
    """For each piece: (offset in the original text of its first character, columns to skip first)."""

    def to_original(self, offset: int) -> int:
        if not self.starts:
            return offset
        index = max(0, bisect.bisect_right(self.starts, offset) - 1)
        origin, skip = self.origins[index]
        return origin + max(0, offset - self.starts[index] - skip)


def sanitise(text: str) -> Sanitised:
    """OpenCode 1.18's `ConfigMarkdown.sanitize` (observed with opencode 1.18.33), with an offset map."""
    match = _SANITISE_BLOCK.match(text)
    if not match:
        return Sanitised(text, ())
    block = match.group(1)
    pieces: list[tuple[str, int, int]] = []  # new text, original offset, columns to skip
    rewritten: list[int] = []
    position = match.start(1)
    for line in re.split(r"\r?\n", block):
        line_start = text.index(line, position) if line else position
        position = line_start + len(line)
        while position < match.end(1) and text[position] in "\r\n":
            position += 1 if text[position] == "\r" else 0
            if text[position:position + 1] == "\n":
                position += 1
                break
        stripped = line.strip()
        parts = _SANITISE_LINE.match(line)
        value = parts.group(2).strip() if parts else ""
        if (stripped.startswith("#") or not stripped or re.match(r"\s", line) or not parts
                or value in ("", ">", "|") or value.startswith(("\"", "'")) or ":" not in value):
            pieces.append((line, line_start, 0))
            continue
        rewritten.append(line_start)
        value_at = line_start + parts.start(2) + (len(parts.group(2)) - len(parts.group(2).lstrip()))
        pieces.append((f"{parts.group(1)}: |-", line_start, 0))
        pieces.append((f"  {value}", value_at, 2))
    new_block = "\n".join(piece for piece, _, _ in pieces)
    found = text.find(block)
    if found < 0 or new_block == block:
        return Sanitised(text if new_block == block else text.replace(block, new_block, 1), tuple(rewritten))
    new_text = text[:found] + new_block + text[found + len(block):]
    starts: list[int] = [0]
    origins: list[tuple[int, int]] = [(0, 0)]
    cursor = found
    for index, (piece, origin, skip) in enumerate(pieces):
        starts.append(cursor)
        origins.append((origin, skip))
        cursor += len(piece) + (1 if index < len(pieces) - 1 else 0)
    starts.append(cursor)
    origins.append((found + len(block), 0))
    return Sanitised(new_text, tuple(rewritten), tuple(starts), tuple(origins))


# ----------------------------------------------------------------------------------------------------
# Reading one file
# ----------------------------------------------------------------------------------------------------

@dataclass
class _Parsed:
    """What OpenCode's ConfigMarkdown.parse hands back, with positions in the document."""

    data: Any
    node: Node | None
    offset: Any
    """Maps an offset in the parsed text to one in the document."""
    body_start: int
    problem: YamlError | None = None
    """The YAML error of the first parse when the retry was needed."""
    whole_file: bool = False
    """The frontmatter did not parse and the sanitiser changed nothing: no metadata, the whole file is content."""
    dropped: bool = False
    """The frontmatter did not parse, even after the sanitiser: the file is left out."""
    sanitised: bool = False
    problem_at: int | None = None
    """Where `problem` is, as an offset into the document."""
    text: str = ""
    """The document's text."""


def _parse(text: str) -> _Parsed:
    bom = 1 if text.startswith("\ufeff") else 0
    first = _try(text[bom:], bom)
    if first.problem is None:
        return first
    cleaned = sanitise(text)
    if cleaned.text == text:
        return _Parsed({}, None, None, bom, first.problem, whole_file=True, problem_at=first.problem_at)
    cleaned_bom = 1 if cleaned.text.startswith("\ufeff") else 0
    second = _try(cleaned.text[cleaned_bom:], cleaned_bom)
    if second.problem is not None:  # told by the sanitised text's error, placed in the original
        at = None if second.problem_at is None else cleaned.to_original(second.problem_at)
        return _Parsed(None, None, None, 0, second.problem, dropped=True, problem_at=at)
    mapper = second.offset
    second.offset = lambda offset: cleaned.to_original(mapper(offset))
    second.body_start = cleaned.to_original(second.body_start)
    second.problem = first.problem
    second.sanitised = True
    return second


def _try(text: str, base: int) -> _Parsed:
    matter = gray_matter(text)
    if matter is None:
        return _Parsed({}, None, lambda offset: offset + base, base)
    yaml_text = text[matter.yaml_start:matter.yaml_end]
    offset = lambda local: base + matter.yaml_start + local  # noqa: E731
    if matter.language and matter.language.lower() not in ("yaml", "yml"):
        return _Parsed(None, None, offset, base + matter.content_start,
                       YamlError(f'gray-matter engine "{matter.language}" is not registered', 0))
    if not re.sub(r"^\s*#[^\n]+", "", yaml_text, flags=re.M).strip():
        return _Parsed({}, None, offset, base + matter.content_start)
    try:
        node = js_yaml_load(yaml_text)
    except YamlError as error:
        return _Parsed(None, None, offset, base + matter.content_start, error,
                       problem_at=offset(min(error.offset, len(yaml_text))))
    return _Parsed(node.value, node, offset, base + matter.content_start)


def read(document: Document, dialect: Dialect) -> Verdict:
    """What OpenCode 1.18 does with `document` read as `dialect` (agent, command or skill)."""
    text = document.text
    parsed = _parse(text)
    parsed.text = text
    folder = _config_folder(document.path)
    mode_file = folder is not None and folder[0] in _MODE_FOLDERS
    kind = dialect.kind
    name = _name_from_path(folder) if kind is not FileKind.SKILL else None
    messages: list[LoaderMessage] = []
    if parsed.dropped:
        start, end = _problem_span(text, parsed)
        noun = {FileKind.AGENT: "agent", FileKind.COMMAND: "command", FileKind.SKILL: "skill"}[kind]
        messages.append(LoaderMessage(
            Outcome.DROPS, f"its frontmatter is not valid YAML ({parsed.problem.message}), not even after "
            f"OpenCode's colon fix, and OpenCode says nothing about the {noun}", False, start, end))
        return Verdict(Tool.OPENCODE, dialect, tuple(messages), None)
    if parsed.whole_file:
        start, end = _problem_span(text, parsed)
        if kind is FileKind.SKILL:
            messages.append(LoaderMessage(
                Outcome.DROPS, f"its frontmatter is not valid YAML ({parsed.problem.message}), so OpenCode "
                "finds no `name`", False, start, end))
            return Verdict(Tool.OPENCODE, dialect, tuple(messages), None)
        what = "prompt" if kind is FileKind.AGENT else "template"
        messages.append(LoaderMessage(
            Outcome.DAMAGED, f"its frontmatter is not valid YAML ({parsed.problem.message}): OpenCode reads no "
            f"metadata and takes the whole file, frontmatter included, as the {what}", False, start, end))
        return Verdict(Tool.OPENCODE, dialect, tuple(messages), name)
    if kind is FileKind.SKILL:
        return _read_skill(document, dialect, parsed)
    data = parsed.data if isinstance(parsed.data, dict) else {}
    if parsed.data is not None and not isinstance(parsed.data, dict):
        start, end = _span_of(parsed, parsed.node)
        messages.append(LoaderMessage(
            Outcome.DAMAGED, "its frontmatter is not a map of keys, so OpenCode reads no metadata from it",
            False, start, end))
    catalogue = catalogue_for(dialect)
    name_key = AGENT_NAME_KEY if kind is FileKind.AGENT else COMMAND_NAME_KEY
    if name_key in data:
        name = _js_key(data[name_key])
    issues = _schema_issues(parsed, data, catalogue.fields, kind)
    for key, issue_text, start, end, fixes in issues:
        if mode_file:
            messages.append(LoaderMessage(
                Outcome.DROPS, f"in a legacy mode file, a value the agent schema refuses leaves the mode out "
                f"without a word: {issue_text}", False, start, end, key))
        else:
            messages.append(LoaderMessage(Outcome.REFUSES_TO_START, issue_text, True, start, end, key, fixes))
    body_key = AGENT_BODY_KEY if kind is FileKind.AGENT else COMMAND_BODY_KEY
    for key in data:
        start, end = _key_span(parsed, key)
        if key == body_key:
            messages.append(LoaderMessage(
                Outcome.DAMAGED, f"OpenCode replaces the frontmatter `{key}` with the file's body", False,
                start, end, key))
        elif mode_file and key == AGENT_MODE_KEY and not issues and data[key] != LEGACY_MODE:
            messages.append(LoaderMessage(
                Outcome.DAMAGED, f"OpenCode makes every legacy mode file a `{LEGACY_MODE}` agent: "
                f"`{key}: {show(data[key], quote=False)}` is ignored", False, *_value_span(parsed, key), key))
        elif catalogue.get(key) is None and key != name_key:
            if kind is FileKind.AGENT:
                text_ = (f"`{key}` is not an OpenCode agent key: OpenCode copies it into `{AGENT_OPTIONS_KEY}`, "
                         "which it passes to the model provider")
            else:
                text_ = f"`{key}` is not an OpenCode command key: OpenCode drops it"
            messages.append(LoaderMessage(Outcome.DAMAGED, text_, False, start, end, key))
    return Verdict(Tool.OPENCODE, dialect, tuple(messages), name)


def _read_skill(document: Document, dialect: Dialect, parsed: _Parsed) -> Verdict:
    data = parsed.data
    catalogue = catalogue_for(dialect)
    messages: list[LoaderMessage] = []
    fence_end = min(3, len(document.text))
    if not isinstance(data, dict):
        return Verdict(Tool.OPENCODE, dialect, (LoaderMessage(
            Outcome.DROPS, "it has no frontmatter map, so OpenCode finds no `name`",
            False, 0, fence_end),), None)
    for spec in catalogue.fields:
        present = spec.key in data
        value = data.get(spec.key)
        if spec.required and not present:
            return Verdict(Tool.OPENCODE, dialect, (LoaderMessage(
                Outcome.DROPS, f"it has no `{spec.key}`, which OpenCode requires", False, 0,
                fence_end, spec.key),), None)
        if present and not isinstance(value, str):
            start, end = _value_span(parsed, spec.key)
            messages.append(LoaderMessage(
                Outcome.DROPS, f"`{spec.key}` is {_type_word(value)}, not text", False, start, end,
                spec.key))
    if messages:
        return Verdict(Tool.OPENCODE, dialect, tuple(messages), None)
    described = [spec.key for spec in catalogue.fields if not spec.required]
    for key in described:
        if key not in data:
            messages.append(LoaderMessage(
                Outcome.DAMAGED, f"it has no `{key}`: OpenCode loads the skill but does not list it to the "
                "model, so the model never picks it on its own", False, 0, fence_end, key))
    return Verdict(Tool.OPENCODE, dialect, tuple(messages), data.get("name"))


# ----------------------------------------------------------------------------------------------------
# The schema check (Effect Schema messages, observed with opencode 1.18.33)
# ----------------------------------------------------------------------------------------------------

_Issue = tuple[str, str, int, int, tuple[Fix, ...]]


def _schema_issues(parsed: _Parsed, data: dict[str, Any], fields: tuple[Field, ...], kind: FileKind) -> list[_Issue]:
    issues: list[_Issue] = []
    command = kind is FileKind.COMMAND
    for spec in fields:
        if spec.key not in data or spec.kind is Kind.ANY or spec.invalid == KEPT:
            continue
        if spec.key in (AGENT_BODY_KEY, COMMAND_BODY_KEY):
            continue  # replaced by the body before the check
        value = data[spec.key]
        start, end = _value_span(parsed, spec.key)
        fixes = _fixes(parsed, spec, value, start, end)
        for path, expected, got in _check(spec, value):
            where = ".".join((spec.key, *path))
            if command:
                at = ", ".join(json.dumps(part) for part in (spec.key, *path))
                line = f"Expected {expected}, got {show(got)} at [{at}]"
            else:
                line = f"Expected {expected}, got {show(got)} {where}"
            nested = _nested_span(parsed, spec.key, path) if path else None
            issue_start, issue_end = nested or (start, end)
            issues.append((spec.key, line, issue_start, issue_end, fixes))
            fixes = ()  # one key, one fix: on its first line
    return issues


def _check(spec: Field, value: Any) -> list[tuple[tuple[str, ...], str, Any]]:
    """The issues of one value: (path below the key, what was expected, the value found)."""
    kind = spec.kind
    if kind is Kind.STRING:
        return [] if isinstance(value, str) else [((), "string | undefined", value)]
    if kind is Kind.BOOL:
        return [] if isinstance(value, bool) else [((), "boolean | undefined", value)]
    if kind is Kind.NUMBER:
        if not _is_number(value):
            return [((), "number | undefined", value)]
        return [] if math.isfinite(value) else [((), "a finite number", value)]
    if kind is Kind.POSITIVE_INT:
        if not _is_number(value):
            return [((), "number | undefined", value)]
        issues = []
        if not (math.isfinite(value) and float(value).is_integer()):
            issues.append(((), "an integer", value))
        if not value >= spec.minimum:
            issues.append(((), f"a value greater than {spec.minimum - 1}", value))
        return issues
    if kind is Kind.MAP:
        return [] if isinstance(value, dict) else [((), "object | undefined", value)]
    if kind is Kind.BOOL_MAP:
        if not isinstance(value, dict):
            return [((), "object | undefined", value)]
        return [((key,), "boolean", item) for key, item in value.items() if not isinstance(item, bool)]
    if kind is Kind.ENUM and spec.pattern:
        literals = " | ".join(json.dumps(allowed) for allowed in spec.allowed())
        if not isinstance(value, str):
            return [((), f"string | {literals} | undefined", value)]
        if re.search(spec.pattern, value) or value in spec.allowed():
            return []
        return [((), f"a string matching the RegExp {spec.pattern}", value), ((), literals, value)]
    if kind is Kind.ENUM:
        literals = " | ".join(json.dumps(allowed) for allowed in spec.allowed())
        if not isinstance(value, str):
            return [((), f"{literals} | undefined", value)]
        return [] if value in spec.allowed() else [((), literals, value)]
    if kind is Kind.PERMISSION:
        return _check_permission(spec, value)
    return []


def _check_permission(spec: Field, value: Any) -> list[tuple[tuple[str, ...], str, Any]]:
    actions = spec.allowed()
    if isinstance(value, str):
        return [] if value in actions else [((), PERMISSION_ACTION_NAME, value)]
    if not isinstance(value, dict):
        return [((), f"{PERMISSION_ACTION_NAME} | object | undefined", value)]
    issues: list[tuple[tuple[str, ...], str, Any]] = []

    def rule(key: str, item: Any, optional: str) -> None:
        if isinstance(item, str):
            if item not in actions:
                issues.append(((key,), PERMISSION_ACTION_NAME, item))
        elif isinstance(item, dict):
            issues.extend(((key, pattern), PERMISSION_ACTION_NAME, action) for pattern, action in item.items()
                          if action not in actions or not isinstance(action, str))
        else:
            issues.append(((key,), f"{PERMISSION_RULE_NAME}{optional}", item))

    for tool, patterns in PERMISSION_TOOLS:  # the struct's own keys, in its order
        if tool not in value:
            continue
        item = value[tool]
        if patterns:
            rule(tool, item, " | undefined")
        elif not isinstance(item, str):
            issues.append(((tool,), f"{PERMISSION_ACTION_NAME} | undefined", item))
        elif item not in actions:
            issues.append(((tool,), PERMISSION_ACTION_NAME, item))
    for key, item in value.items():  # the rest record checks every key again, known ones included
        rule(key, item, "")
    return issues


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _type_word(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a boolean"
    if _is_number(value):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a map"
    if isinstance(value, JsDate):
        return "a date"
    return "not text"


# ----------------------------------------------------------------------------------------------------
# Quick fixes
# ----------------------------------------------------------------------------------------------------

_CLAUDE_HEX = {value.value: value.colour for value in CLAUDE_COLOURS if value.colour}
_OPENCODE_TOOLS = frozenset(tool for tool, _ in PERMISSION_TOOLS) | {"write", "patch"}


def _fixes(parsed: _Parsed, spec: Field, value: Any, start: int, end: int) -> tuple[Fix, ...]:
    if parsed.node is None or spec.key not in parsed.node.children or parsed.sanitised:
        return ()
    if spec.kind is Kind.ENUM and spec.pattern and value is None:
        hidden = _comment_after(parsed, spec.key)
        if hidden is not None and re.search(spec.pattern, hidden[2]):
            return (Fix(f'Quote the colour: "{hidden[2]}" (unquoted, `#` starts a comment)',
                        (Edit(hidden[0], hidden[1], json.dumps(hidden[2])),), Applicability.SAFE),)
    if spec.kind is Kind.ENUM and spec.pattern and isinstance(value, str) and value in _CLAUDE_HEX:
        hex_value = _CLAUDE_HEX[value]
        return (Fix(f'Use the hex colour "{hex_value}" ({value} as Claude Code shows it)',
                    (Edit(start, end, json.dumps(hex_value)),), Applicability.UNSAFE),)
    if spec.kind is Kind.BOOL_MAP and not isinstance(value, dict):
        names = value if isinstance(value, list) else str(value).split(",") if isinstance(value, str) else None
        tools = [str(name).strip().lower() for name in names or () if str(name).strip()]
        if tools and all(tool in _OPENCODE_TOOLS for tool in tools):
            indent = "\n  "
            block = "".join(f"{indent}{tool}: true" for tool in dict.fromkeys(tools))
            return (Fix("Write `tools` as OpenCode's map of booleans (it enables these tools; it does not "
                        "limit the agent to them)", (Edit(_after_colon(parsed, spec.key), end, block),),
                        Applicability.UNSAFE),)
    if spec.kind in (Kind.NUMBER, Kind.POSITIVE_INT) and isinstance(value, str):
        number = _plain(value.strip())
        if _is_number(number) and not _check(spec, number):
            return (Fix(f"Write {value.strip()} as a number", (Edit(start, end, value.strip()),),
                        Applicability.UNSAFE),)
    if spec.kind is Kind.BOOL and isinstance(value, str) and value.strip().lower() in TRUE_WORDS + FALSE_WORDS:
        boolean = "true" if value.strip().lower() in TRUE_WORDS else "false"
        return (Fix(f"Write `{boolean}`", (Edit(start, end, boolean),), Applicability.UNSAFE),)
    return ()


def _comment_after(parsed: _Parsed, key: str) -> tuple[int, int, str] | None:
    """For `color: #ff00aa` (a comment, so empty): the offsets and text of the commented-out value."""
    key_node, _ = parsed.node.children[key]
    key_end = parsed.offset(key_node.end)
    line_end = parsed.text.find("\n", key_end)
    line_end = len(parsed.text) if line_end < 0 else line_end
    match = re.match(r"\s*:\s*(#\S+)\s*\r?$", parsed.text[key_end:line_end])
    if not match:
        return None
    return key_end + match.start(1), key_end + match.end(1), match.group(1)


def _after_colon(parsed: _Parsed, key: str) -> int:
    key_node, _ = parsed.node.children[key]
    position = parsed.offset(key_node.end)
    colon = parsed.text.find(":", position)
    return position if colon < 0 else colon + 1


# ----------------------------------------------------------------------------------------------------
# Positions
# ----------------------------------------------------------------------------------------------------

def _span_of(parsed: _Parsed, node: Node | None) -> tuple[int, int]:
    if node is None or parsed.offset is None:
        return 0, 0
    start, end = parsed.offset(node.start), parsed.offset(node.end)
    while end > start and parsed.text[end - 1:end].isspace():  # a block collection's span ends on the next line
        end -= 1
    return start, max(start, end)


def _key_span(parsed: _Parsed, key: str) -> tuple[int, int]:
    if parsed.node is None or key not in parsed.node.children:
        return 0, 0
    return _span_of(parsed, parsed.node.children[key][0])


def _value_span(parsed: _Parsed, key: str) -> tuple[int, int]:
    if parsed.node is None or key not in parsed.node.children:
        return 0, 0
    key_node, value_node = parsed.node.children[key]
    start, end = _span_of(parsed, value_node)
    if end <= start:  # an empty value: the key
        return _span_of(parsed, key_node)
    return start, end


def _nested_span(parsed: _Parsed, key: str, path: tuple[str, ...]) -> tuple[int, int] | None:
    if parsed.node is None or key not in parsed.node.children:
        return None
    node = parsed.node.children[key][1]
    for part in path:
        if part not in node.children:
            return None
        node = node.children[part][1]
    return _span_of(parsed, node)


def _problem_span(text: str, parsed: _Parsed) -> tuple[int, int]:
    """The YAML error's place in the document (its token), else the opening fence."""
    bom = 1 if text.startswith("\ufeff") else 0
    start = parsed.problem_at
    if start is None:
        return bom, min(bom + 3, len(text))
    end = start
    while end < len(text) and text[end] not in " \t\r\n":
        end += 1
    if end - start > 1 and text[end - 1] == ":":  # a key (`color:`): its name
        end -= 1
    if end == start:
        return bom, min(bom + 3, len(text))
    return start, end


def _config_folder(path: str | None) -> tuple[str, tuple[str, ...]] | None:
    """The kind folder (`agent`, `modes`...) below `.opencode`/`opencode` and the parts below it."""
    if not path:
        return None
    parts = PurePath(path).parts
    for index in range(len(parts) - 2, 0, -1):
        if parts[index - 1] in _CONFIG_HOMES and parts[index] in _AGENT_FOLDERS + _MODE_FOLDERS + _COMMAND_FOLDERS:
            return parts[index], parts[index + 1:]
    return None


def _name_from_path(folder: tuple[str, tuple[str, ...]] | None) -> str | None:
    if folder is None:
        return None
    relative = "/".join(folder[1])
    return relative[:-3] if relative.endswith(".md") else relative
