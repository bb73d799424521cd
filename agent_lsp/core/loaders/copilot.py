"""What GitHub Copilot does with a file: Copilot CLI 1.0.102 (agents, skills) and VS Code chat (agents, prompt
files, instructions). ../shared/spec/DIALECTS.md section 1; every behaviour below was observed with the real
Copilot CLI through its SDK (../shared/tools/copilot_oracle.mjs) or read from VS Code's source.

Copilot CLI's Rust runtime reads the block between the fences with serde_yaml 0.9 (libyaml): any YAML error,
a duplicate key or a value of the wrong type drops the agent (or skill) with a message; unknown agent keys
only draw a warning. Its messages are reproduced word for word (without the path prefix it adds).

VS Code never fails to load a file: its problems are editor markers, and an attribute it does not know is
ignored.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

import yaml

from agent_lsp.core.catalogue import FALSE_WORDS, TRUE_WORDS, catalogue_for
from agent_lsp.core.catalogue_model import DialectCatalogue, Field, Kind
from agent_lsp.core.catalogues import copilot as cat
from agent_lsp.core.checks.structure import strict_yaml_fixes
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.findings import Applicability, Edit, Fix
from agent_lsp.core.model import Document
from agent_lsp.core.verdicts import LoaderMessage, Outcome, Verdict
from agent_lsp.core.yaml_frontmatter import MAX_DEPTH, NOT_COMPOSED, PLAIN_TAG, LibyamlError, compose_libyaml

AGENT_MALFORMED = "custom agent markdown frontmatter is malformed: "
"""Copilot CLI's prefix for every reason it drops an agent (after the file's path)."""
MISSING_FRONTMATTER = "missing or malformed YAML frontmatter"
UNKNOWN = "agent-lsp does not read frontmatter this large, so what Copilot CLI does with it is not known"
YAML_FAILED = "failed to parse YAML frontmatter: "

_FENCE = re.compile(r"---\s*\Z")
"""A fence line: `---`, then whitespace (Rust's `trim_end`: `---\u00a0` is a fence, ` ---` is not)."""


# ------------------------------------------------------------------------------------------------
# Fences (observed: `---` then optional blanks; no blank line or indentation before it; the block ends at
# the first later line that is `---` plus blanks, `----` and `...` do not end it; a mid-line `---` is text)
# ------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Block:
    opening_end: int
    """End of the opening `---` (offsets are code points into the document)."""
    yaml_start: int
    yaml_text: str
    """The text serde_yaml reads: the lines between the fences, without the last line break."""
    body_start: int


def split_block(text: str) -> Block | None:
    """Find the frontmatter the way Copilot CLI does; None when it says "missing or malformed"."""
    start = 1 if text.startswith("\ufeff") else 0
    first_end = text.find("\n", start)
    first = text[start:] if first_end < 0 else text[start:first_end]
    if not _FENCE.match(first) or first_end < 0:
        return None
    yaml_start = first_end + 1
    position = yaml_start
    while position <= len(text):
        end = text.find("\n", position)
        line = text[position:] if end < 0 else text[position:end]
        if _FENCE.match(line):
            yaml_end = max(yaml_start, position - 1)
            if yaml_end > yaml_start and text[yaml_end - 1] == "\r":
                yaml_end -= 1
            body = len(text) if end < 0 else end + 1
            return Block(start + 3, yaml_start, text[yaml_start:yaml_end], body)
        if end < 0:
            return None
        position = end + 1
    return None


# ------------------------------------------------------------------------------------------------
# serde_yaml 0.9: values, messages
# ------------------------------------------------------------------------------------------------

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_DIGITS = {16: re.compile(r"[0-9a-fA-F]+\Z"), 8: re.compile(r"[0-7]+\Z"), 2: re.compile(r"[01]+\Z")}
_DECIMAL = re.compile(r"[0-9]+\Z")
_RUST_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
_INFINITIES = {".inf", ".Inf", ".INF"}
_NANS = {".nan", ".NaN", ".NAN"}
_CORE = "tag:yaml.org,2002:"


class NotFinite:
    """`.inf`/`.nan`: serde_yaml reads a float that JSON cannot hold, so Copilot's schema sees null."""

    def __repr__(self) -> str:
        return "NotFinite"


NOT_FINITE = NotFinite()


def resolve_serde(value: str) -> Any:
    """Resolve a plain scalar as serde_yaml 0.9 does (YAML 1.2 core, with its own integer and float rules)."""
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    number = _serde_int(value)
    if number is not None:
        return number
    if not _digits_but_not_number(value):
        unpositive = value[1:] if value.startswith("+") else value
        if value.startswith("+") and unpositive[:1] in ("+", "-"):
            return value
        if unpositive in _INFINITIES or value in ("-.inf", "-.Inf", "-.INF") or value in _NANS:
            return NOT_FINITE
        if _RUST_FLOAT.match(unpositive):
            parsed = float(unpositive)
            if math.isfinite(parsed):
                return parsed
    return value


def _digits_but_not_number(value: str) -> bool:
    """serde_yaml: leading zeros followed by digits are a string (`012`, `-007`)."""
    digits = value[1:] if value[:1] in ("+", "-") else value
    return len(digits) > 1 and digits[0] == "0" and _DECIMAL.match(digits[1:]) is not None


def _serde_int(value: str) -> int | None:
    sign, rest = 1, value
    if rest.startswith("+"):
        rest = rest[1:]
        if rest[:1] in ("+", "-"):
            return None
    elif rest.startswith("-"):
        sign, rest = -1, rest[1:]
    for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
        if rest.startswith(prefix):
            digits = rest[2:]
            return _in_range(sign * int(digits, base)) if _DIGITS[base].match(digits) else None
    if _digits_but_not_number(value) or not _DECIMAL.match(rest) or len(rest.lstrip("0")) > _MAX_INT_DIGITS:
        return None
    return _in_range(sign * int(rest))


_MAX_INT_DIGITS = 39
"""No integer serde_yaml reads (at most 128 bits) has more digits; longer ones are floats or text."""


def _wide_int(value: str) -> tuple[int, str] | None:
    """An integer that needs 128 bits: serde_yaml reads it, Copilot's JSON value cannot hold it (an error)."""
    number = _serde_int(value)
    if number is None or -(2**63) <= number < 2**64:
        return None
    return number, "u128" if number > 0 else "i128"


def _in_range(number: int) -> int | None:
    """serde_yaml reads integers into i128/u128 at most; beyond that the scalar is tried as a float."""
    return number if -(2**127) <= number < 2**128 else None


def type_name(value: Any) -> str:
    """The type Copilot's schema names in "Expected X, received Y"."""
    if value is None or value is NOT_FINITE:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _key_text(value: Any) -> str:
    """A map key as Copilot CLI names it ("unknown field ignored: 1", "... null")."""
    if isinstance(value, str):
        return value
    if value is None or value is NOT_FINITE:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "\n".join(f"- {_key_text(item)}" for item in value)
    return "\n".join(f"{_key_text(k)}: {_key_text(v)}" for k, v in value.items())


def _duplicate_text(key: Any) -> str:
    """serde_yaml's DuplicateKeyError wording."""
    if key is None:
        return "duplicate entry with null key"
    if isinstance(key, bool):
        return f"duplicate entry with key `{'true' if key else 'false'}`"
    if isinstance(key, (int, float)):
        return f"duplicate entry with key {_key_text(key)}"
    if isinstance(key, str):
        return f"duplicate entry with key {json.dumps(key, ensure_ascii=False)}"
    return "duplicate entry in YAML map"


def _mark_text(mark: tuple[int, int, int]) -> str:
    return f"line {mark[1] + 1} column {mark[2] + 1}"


def libyaml_text(error: LibyamlError) -> str:
    """A libyaml error as serde_yaml 0.9 prints it."""
    text = error.problem
    mark = error.problem_mark
    if mark is not None and (mark[1] or mark[2]):
        text += f" at {_mark_text(mark)}"
    elif mark is not None and mark[0]:
        text += f" at position {mark[0]}"
    if error.context:
        text += f", {error.context}"
        context = error.context_mark
        if context is not None and (context[1] or context[2]) and (mark is None or context[1:] != mark[1:]):
            text += f" at {_mark_text(context)}"
    return text


def _json_too_deep(value: Any) -> int | None:
    """The 1-based byte column of the first container nested JSON_DEPTH deep in the compact JSON, if any."""
    if _depth(value) < JSON_DEPTH:
        return None
    text = json.dumps(_jsonable(value), ensure_ascii=False, separators=(",", ":"))
    depth, quoted, escaped, column = 0, False, False, 0
    for char in text:
        column += len(char.encode("utf-8"))
        if quoted:
            escaped, quoted = (not escaped and char == "\\"), quoted and (escaped or char != '"')
            continue
        if char == '"':
            quoted = True
        elif char in "[{":
            depth += 1
            if depth >= JSON_DEPTH:
                return column
        elif char in "]}":
            depth -= 1
    return None


def _depth(value: Any, limit: int | None = None) -> int:
    """Nesting depth of lists and maps, counted up to `limit` (JSON_DEPTH + 1 by default)."""
    limit = JSON_DEPTH + 1 if limit is None else limit
    if not isinstance(value, (list, dict)) or limit <= 0:
        return 0
    children = value if isinstance(value, list) else value.values()
    return 1 + max((_depth(child, limit - 1) for child in children), default=0)


def _jsonable(value: Any) -> Any:
    if value is NOT_FINITE:
        return None
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {_key_text(key): _jsonable(item) for key, item in value.items()}
    return value


class _Duplicate(Exception):
    def __init__(self, text: str, node: yaml.Node) -> None:
        super().__init__(text)
        self.text = text
        self.node = node


_MAX_DEPTH = 128
SERDE_YAML_DEPTH = 128
"""serde_yaml refuses collections nested deeper than this (the frontmatter's map counts): "recursion limit
exceeded at <the first collection too deep>"."""
JSON_DEPTH = 128
"""Copilot CLI then passes the value through JSON, whose parser refuses exactly this depth (observed: 127
nested lists in a key of the frontmatter; the column counts the compact JSON text)."""
REPETITION_FACTOR = 100
"""serde_yaml 0.9 stops expanding aliases after `events × 100` of them: "repetition limit exceeded"."""


class _Repetition(Exception):
    pass


class _Jumps:
    """serde_yaml's alias budget: every alias it follows, nested ones included, counts once."""

    def __init__(self, events: int) -> None:
        self.left = events * REPETITION_FACTOR
        self.seen: set[int] = set()

    def visit(self, node: yaml.Node) -> None:
        if id(node) in self.seen:
            self.left -= 1
            if self.left < 0:
                raise _Repetition
        else:
            self.seen.add(id(node))


def to_value(node: yaml.Node, path: str = "", depth: int = 0, jumps: _Jumps | None = None) -> Any:
    """Build the value serde_yaml deserialises from `node`; raises _Duplicate on a repeated key and
    _Repetition when aliases expand past serde_yaml's budget."""
    jumps = jumps or _Jumps(1_000_000)
    jumps.visit(node)
    if isinstance(node, yaml.ScalarNode):
        tag = node.tag or ""
        if tag == PLAIN_TAG or (node.style in ("", None) and not tag.startswith(_CORE)):
            return resolve_serde(node.value)
        if tag in (_CORE + "int", _CORE + "float", _CORE + "bool", _CORE + "null"):
            return resolve_serde(node.value)
        return node.value
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, yaml.SequenceNode):
        return [to_value(child, f"{path}[{index}]", depth + 1, jumps) for index, child in enumerate(node.value)]
    result: dict[Any, Any] = {}
    seen: set[tuple[str, Any]] = set()
    for key_node, value_node in node.value:
        key = to_value(key_node, path, depth + 1, jumps)
        identity = (type_name(key), type(key).__name__, _hashable(key))
        if identity in seen:
            where = f" at {_mark_text((0, node.start_mark.line, node.start_mark.column))}" if (
                node.start_mark.line or node.start_mark.column) else ""
            raise _Duplicate(f"{path + ': ' if path else ''}{_duplicate_text(key)}{where}", key_node)
        seen.add(identity)
        text = _key_text(key)
        result[key if _hashable(key) is key else text] = to_value(
            value_node, f"{path}.{text}" if path else text, depth + 1, jumps)
    return result


def _hashable(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return _key_text(value)
    return value


# ------------------------------------------------------------------------------------------------
# Reading the block
# ------------------------------------------------------------------------------------------------

@dataclass
class _Read:
    """The frontmatter as Copilot CLI reads it: the value, or the message that stops it."""

    block: Block | None
    root: yaml.Node | None = None
    value: Any = None
    error: str | None = None
    error_start: int = 0
    error_end: int = 0
    unknown: bool = False
    """The frontmatter is too large to compose here (yaml_frontmatter.MAX_NODES): the verdict is not known."""


def _read(document: Document) -> _Read:
    text = document.text
    block = split_block(text)
    first_line_end = text.find("\n")
    if block is None:
        return _Read(None, error=MISSING_FRONTMATTER, error_end=first_line_end if first_line_end >= 0 else len(text))
    early, events = _early_error(block.yaml_text)
    if early is not None:
        text_, offset, end = early
        return _Read(block, error=YAML_FAILED + text_, error_start=block.yaml_start + offset,
                     error_end=block.yaml_start + max(end, offset + 1))
    root, problem = compose_libyaml(block.yaml_text)
    if problem is not None and problem.libyaml is None and problem.message in NOT_COMPOSED:
        return _Read(block, unknown=True)
    if problem is not None:
        raw = problem.libyaml
        message = libyaml_text(raw) if raw is not None else problem.message
        start = block.yaml_start + problem.offset
        return _Read(block, error=YAML_FAILED + message, error_start=start,
                     error_end=max(start + 1, block.yaml_start + problem.end_offset))
    if root is None:
        return _Read(block, None, None)
    try:
        value = to_value(root, jumps=_Jumps(events))
    except _Repetition:
        return _Read(block, root, error=YAML_FAILED + "repetition limit exceeded", error_start=block.yaml_start,
                     error_end=block.yaml_start)
    except _Duplicate as duplicate:
        start = block.yaml_start + duplicate.node.start_mark.index
        return _Read(block, root, error=YAML_FAILED + duplicate.text, error_start=start,
                     error_end=block.yaml_start + duplicate.node.end_mark.index)
    column = _json_too_deep(value)
    if column is not None:
        return _Read(block, root, error=f"recursion limit exceeded at line 1 column {column}",
                     error_start=block.yaml_start, error_end=block.yaml_start)
    return _Read(block, root, value)


def _early_error(text: str) -> tuple[tuple[str, int, int] | None, int]:
    """A duplicate key or an unknown anchor that serde_yaml meets before libyaml's syntax error, if any.

    serde_yaml 0.9 deserialises the events libyaml produced before a syntax error first, and reports the
    syntax error only when it runs out of them: `name: a` then `name: Use when: x` is a duplicate key, not
    the colon. (Observed with copilot 1.0.102.) Returns (message, start, end) offsets into `text`, or None,
    and the number of events serde_yaml keeps (its alias budget is counted from it).
    """
    events: list[Any] = []
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            events.append(event)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            # libyaml 0.2.6+ refuses deeper nesting itself; older libyaml (PyYAML 6.0's wheels) slows down
            # quadratically with depth: stop where the newer one would.
            if len(events) > _MAX_EVENTS or depth > MAX_DEPTH:
                return None, len(events)
    except yaml.YAMLError:
        pass
    except (RecursionError, ValueError):
        return None, len(events)
    kept = sum(1 for event in events if isinstance(event, _KEPT_EVENTS))
    return _first_early_error(events), kept


_KEPT_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent,
                yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _first_early_error(events: list[Any]) -> tuple[str, int, int] | None:
    anchors: set[str] = set()
    open_anchors: dict[str, Any] = {}
    """Anchors of collections still open: an alias to one of them recurses forever."""
    # Per open collection: [is a map, start mark, keys seen, next node is a key, path, index or key text, anchor]
    stack: list[list[Any]] = []
    for event in events:
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                mark = event.start_mark
                return (f"unknown anchor at {_mark_text((0, mark.line, mark.column))}", mark.index, event.end_mark.index)
        elif anchor:
            anchors.add(anchor)
        if not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent,
                                  yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            closed = stack.pop()
            open_anchors.pop(closed[6], None)
            _after_node(stack)
            continue
        top = stack[-1] if stack else None
        if isinstance(event, yaml.AliasEvent) and event.anchor in open_anchors:
            mark = open_anchors[event.anchor]
            return (f"recursion limit exceeded at {_mark_text((0, mark.line, mark.column))}", event.start_mark.index,
                    event.end_mark.index)
        is_key = top is not None and top[0] and top[3]
        if isinstance(event, yaml.ScalarEvent) and not is_key and event.tag in _TAG_CHECKS:
            expected, accepts = _TAG_CHECKS[event.tag]
            if not accepts(event.value):
                mark = event.start_mark
                path = _child_path(top) if top is not None and top[0] else (f"{top[4]}[{top[5]}]" if top else "")
                return (f"{path + ': ' if path else ''}invalid value: string {json.dumps(event.value, ensure_ascii=False)}, "
                        f"expected {expected} at {_mark_text((0, mark.line, mark.column))}", mark.index,
                        event.end_mark.index)
        if isinstance(event, yaml.ScalarEvent) and not is_key and not event.style and event.tag in (None, _CORE + "int"):
            wide = _wide_int(event.value)
            if wide is not None:
                mark = event.start_mark
                path = _child_path(top) if top is not None and top[0] else (f"{top[4]}[{top[5]}]" if top else "")
                return (f"{path + ': ' if path else ''}invalid type: integer `{wide[0]}` as {wide[1]}, expected any "
                        f"YAML value at {_mark_text((0, mark.line, mark.column))}", mark.index, event.end_mark.index)
        if top is not None and top[0] and top[3] and isinstance(event, yaml.ScalarEvent):
            key = event.value if event.style or event.tag not in (None, "!") else resolve_serde(event.value)
            identity = (type_name(key), type(key).__name__, _hashable(key))
            if identity in top[2]:
                mark = top[1]
                where = f" at {_mark_text((0, mark.line, mark.column))}" if (mark.line or mark.column) else ""
                return (f"{top[4] + ': ' if top[4] else ''}{_duplicate_text(key)}{where}", event.start_mark.index,
                        event.end_mark.index)
            top[2].add(identity)
            top[5] = _key_text(key)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= SERDE_YAML_DEPTH:
                mark = event.start_mark
                return (f"recursion limit exceeded at {_mark_text((0, mark.line, mark.column))}", mark.index,
                        event.end_mark.index)
            path = _child_path(top)
            stack.append([isinstance(event, yaml.MappingStartEvent), event.start_mark, set(), True, path, 0, anchor])
            if anchor:
                open_anchors[anchor] = event.start_mark
            continue
        _after_node(stack)
    return None


_MAX_EVENTS = 200_000


def _is_float(value: str) -> bool:
    resolved = resolve_serde(value)
    return isinstance(resolved, (int, float)) and not isinstance(resolved, bool) or resolved is NOT_FINITE


_TAG_CHECKS: dict[str, tuple[str, Any]] = {
    _CORE + "int": ("an integer", lambda value: _serde_int(value) is not None),
    _CORE + "float": ("a float", _is_float),
    _CORE + "bool": ("a boolean", lambda value: value in _TRUE or value in _FALSE),
    _CORE + "null": ("null", lambda value: value in _NULLS and value != ""),
}
"""serde_yaml reads a scalar with a core tag strictly: `!!int x` is an error, not the text `x`."""


def _child_path(top: list[Any] | None) -> str:
    if top is None:
        return ""
    if top[0]:
        return f"{top[4]}.{top[5]}" if top[4] else str(top[5])
    return f"{top[4]}[{top[5]}]"


def _after_node(stack: list[list[Any]]) -> None:
    """A whole node was read: in a map, the next one is a key or a value; in a list, the index moves on."""
    if not stack:
        return
    top = stack[-1]
    if top[0]:
        top[3] = not top[3]
    else:
        top[5] += 1


class _Places:
    """Where each top-level key and value of the frontmatter is, for placing messages."""

    def __init__(self, read: _Read, text: str) -> None:
        self.base = read.block.yaml_start if read.block else 0
        self.opening = (1 if text.startswith("\ufeff") else 0, read.block.opening_end if read.block else 0)
        self.keys: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        if isinstance(read.root, yaml.MappingNode):
            for key_node, value_node in read.root.value:
                if isinstance(key_node, yaml.ScalarNode):
                    self.keys.setdefault(key_node.value, (key_node, value_node))

    def key(self, key: str) -> tuple[int, int]:
        nodes = self.keys.get(key)
        if nodes is None:
            return self.opening
        return self.base + nodes[0].start_mark.index, self.base + nodes[0].end_mark.index

    def value(self, key: str) -> tuple[int, int]:
        nodes = self.keys.get(key)
        if nodes is None:
            return self.opening
        start, end = nodes[1].start_mark.index, nodes[1].end_mark.index
        if end <= start:
            return self.key(key)
        return self.base + start, self.base + end


# ------------------------------------------------------------------------------------------------
# Copilot CLI's agent schema (order and words observed with 1.0.102)
# ------------------------------------------------------------------------------------------------

def _items(path: str, value: list[Any]) -> list[str]:
    return [f"{path}: {index}: Expected string, received {type_name(item)}"
            for index, item in enumerate(value) if not isinstance(item, str)]


def _field_issues(spec: Field, value: Any) -> list[str]:
    key = spec.key
    kind = spec.kind
    if kind is Kind.STRING:
        return [] if isinstance(value, str) else [f"{key}: Expected string, received {type_name(value)}"]
    if kind is Kind.BOOL:
        return [] if isinstance(value, bool) else [f"{key}: Expected boolean, received {type_name(value)}"]
    if kind is Kind.TOOL_LIST:
        if isinstance(value, str):
            return []
        if isinstance(value, list):
            return _items(key, value)
        return [f"{key}: Expected array, received {type_name(value)}"]
    if kind is Kind.MODEL:
        if isinstance(value, str):
            return []
        if isinstance(value, list):
            if not value or any(isinstance(item, str) and not item.strip() for item in value):
                return [f"{key}: Expected a non-empty list of model names"]  # `[]`, `['']`, `[a, ' ']` alike
            return _items(key, value)
        return [f"{key}: Expected string, received {type_name(value)}"]
    if kind in (Kind.STRING_LIST, Kind.NAME_LIST):
        if isinstance(value, list):
            return _items(key, value)
        return [f"{key}: Expected array, received {type_name(value)}"]
    if kind is Kind.MAP:
        return [] if isinstance(value, dict) else [f"{key}: Expected object, received {type_name(value)}"]
    if kind is Kind.MCP_SERVER_MAP:
        if value is None or value is NOT_FINITE:
            return []  # Copilot's `mcp-servers` may be null (observed: `mcp-servers: ~` loads)
        if not isinstance(value, dict):
            return [f"{key}: Expected object, received {type_name(value)}"]
        return [issue for name, server in value.items() for issue in _mcp_issues(f"{key}.{_key_text(name)}", server)]
    return []


def _required(path: str, server: dict[Any, Any], name: str, array: bool = False) -> list[str]:
    if name not in server:
        return [f"{path}.{name}: Required"]
    value = server[name]
    if array:
        if isinstance(value, list):
            return _items(f"{path}.{name}", value)
        return [f"{path}.{name}: Expected array, received {type_name(value)}"]
    return [] if isinstance(value, str) else [f"{path}.{name}: Expected string, received {type_name(value)}"]


def _mcp_issues(path: str, server: Any) -> list[str]:
    if not isinstance(server, dict):
        return [f"{path}: Expected object, received {type_name(server)}"]
    kind = server.get("type")
    if kind in cat.MCP_REMOTE_TYPES or "url" in server:
        # A remote server (observed: a `url` alone makes Copilot CLI expect `type: http` or `sse`)
        issues = _required(path, server, "url") + _required(path, server, "tools", array=True)
        if "type" not in server:
            issues.append(f"{path}.type: Required")
        elif not isinstance(kind, str):
            issues.append(f"{path}.type: Expected string, received {type_name(kind)}")
        elif kind not in cat.MCP_REMOTE_TYPES:
            expected = " | ".join(f"'{name}'" for name in cat.MCP_REMOTE_TYPES)
            issues.append(f"{path}.type: Invalid enum value. Expected {expected}")
        return issues
    issues = _required(path, server, "command") + _required(path, server, "args", array=True)
    if "type" in server:
        if not isinstance(kind, str):
            issues.append(f"{path}.type: Expected string, received {type_name(kind)}")
        elif kind not in cat.MCP_LOCAL_TYPES:
            expected = " | ".join(f"'{name}'" for name in cat.MCP_LOCAL_TYPES)
            issues.append(f"{path}.type: Invalid enum value. Expected {expected}")
    return issues + _required(path, server, "tools", array=True)


def _hook_issues(hooks: Any) -> list[str]:
    """Each reason Copilot CLI refuses an agent's hooks."""
    if not isinstance(hooks, dict):
        return ["hooks: hooks must be an object"]
    events = {value.value for value in cat.HOOK_EVENTS}
    issues: list[str] = []
    for written, entries in hooks.items():
        name = _key_text(written)
        event = name if name in events else cat.HOOK_EVENT_ALIASES.get(name)
        if event is None:
            issues.append(f"hooks.{name}: Unsupported agent hook event")
            if not isinstance(entries, list):
                issues.append(f"hooks.{name}: Expected an array of hook actions")
            continue
        if not isinstance(entries, list):
            issues.append(f"hooks.{event}: Expected an array of hook actions")
            issues.append(f"hooks.{event}: hook event value must be an array")
            continue
        actions: list[Any] = []
        for entry in entries:
            nested = entry.get("hooks") if isinstance(entry, dict) else None
            actions.extend(nested if isinstance(nested, list) else [entry])
        for index, action in enumerate(actions):
            issue = _action_issue(f"hooks.{event}[{index}]", event, action)
            if issue:
                issues.append(issue)
    return issues


def _action_issue(path: str, event: str, action: Any) -> str | None:
    if not isinstance(action, dict):
        return f"{path}: Expected object"
    kind = action.get("type", cat.HOOK_TYPES[0])
    if kind not in cat.HOOK_TYPES:
        return f"{path}.type: Invalid hook type"
    if kind == cat.HOOK_TYPES[0]:
        shells = [key for key in cat.HOOK_SHELL_KEYS if key in action]
        if ("exec" in action) == bool(shells):
            return (f"{path}: Specify either 'exec' (native executable) or 'bash'/'powershell'/'command' (shell), "
                    "but not both")
        for key in [*shells, "exec"]:
            if key in action and not isinstance(action[key], str):
                return f"{path}.{key}: Expected string"
    else:
        url = action.get("url")
        if not isinstance(url, str):
            return f"{path}.url: HTTP hook URL is required"
        if event in cat.HOOK_AUTH_EVENTS and isinstance(url, str) and url.startswith("http://"):
            names = ", ".join(cat.HOOK_AUTH_EVENTS)
            return (f"{path}.url: Authorization-affecting HTTP hooks ({names}) must use https:// to protect "
                    "response integrity (set COPILOT_HOOK_ALLOW_HTTP_AUTH_HOOKS=1 to override, or use localhost "
                    "with COPILOT_HOOK_ALLOW_LOCALHOST=1)")
    if "timeout" in action and (isinstance(action["timeout"], bool) or not isinstance(action["timeout"], (int, float))):
        return f"{path}.timeout: timeout must be a number"
    return None


def _catalogue(dialect: Dialect) -> DialectCatalogue:
    return catalogue_for(dialect)


def read_agent(document: Document, dialect: Dialect = Dialect.COPILOT_AGENT) -> Verdict:
    """Copilot CLI's reading of a custom agent (`.github/agents/**/*.md`, `.claude/agents/**/*.md`)."""
    read = _read(document)
    messages: list[LoaderMessage] = []

    def drop(text: str, start: int, end: int, key: str | None = None, fixes: tuple[Fix, ...] = ()) -> None:
        messages.append(LoaderMessage(Outcome.DROPS, AGENT_MALFORMED + text, True, start, end, key, fixes))

    if read.unknown:
        return Verdict(Tool.COPILOT_CLI, dialect, (LoaderMessage(Outcome.LOADS, UNKNOWN, False, 0, 0),))
    if read.error is not None:
        fixes = _colon_fixes(document) if read.error.startswith(YAML_FAILED) else ()
        drop(read.error, read.error_start, read.error_end, fixes=fixes)
        return Verdict(Tool.COPILOT_CLI, dialect, tuple(messages))
    places = _Places(read, document.text)
    value = {} if read.value is None else read.value
    if not isinstance(value, dict):
        drop(f"Expected object, received {type_name(value)}", *places.opening)
        return Verdict(Tool.COPILOT_CLI, dialect, tuple(messages))
    catalogue = _catalogue(dialect)
    for spec in catalogue.fields:
        if spec.key not in value:
            if spec.required:
                drop(f"{spec.key}: Required", *places.opening, key=spec.key)
            continue
        if spec.kind is Kind.HOOKS:
            for issue in _hook_issues(value[spec.key]):
                drop(issue, *places.value(spec.key), key=spec.key)
            continue
        for issue in _field_issues(spec, value[spec.key]):
            fixes = _list_fix(document, places, spec, value) + _bool_fix(places, spec, value)
            drop(issue, *places.value(spec.key), key=spec.key, fixes=fixes)
    if messages:
        return Verdict(Tool.COPILOT_CLI, dialect, tuple(messages))
    unknown = [key for key in dict.fromkeys(_key_text(k) for k in value) if catalogue.get(key) is None]
    for key in unknown:
        text = f"unknown field ignored: {key}"
        messages.append(LoaderMessage(Outcome.DAMAGED, text, len(unknown) == 1, *places.key(key), key=key))
    name = value.get("name")
    return Verdict(Tool.COPILOT_CLI, dialect, tuple(messages), name if isinstance(name, str) else _agent_id(document))


def _agent_id(document: Document) -> str | None:
    if not document.path:
        return None
    name = document.path.replace("\\", "/").rsplit("/", 1)[-1]
    for suffix in (".agent.md", ".md"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


# ------------------------------------------------------------------------------------------------
# Copilot CLI's skills (observed: one error per skill, checks in this order)
# ------------------------------------------------------------------------------------------------

_SKILL_NAME = re.compile(cat.SKILL_NAME_PATTERN + r"\Z")


def _utf16_length(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def read_skill(document: Document, dialect: Dialect = Dialect.COPILOT_SKILL) -> Verdict:
    """Copilot CLI's reading of a SKILL.md (`.github/skills`, `.agents/skills`, `.claude/skills`)."""
    read = _read(document)
    if read.unknown:
        return Verdict(Tool.COPILOT_CLI, dialect, (LoaderMessage(Outcome.LOADS, UNKNOWN, False, 0, 0),))
    if read.error is not None:
        fixes = _colon_fixes(document) if read.error.startswith(YAML_FAILED) else ()
        message = LoaderMessage(Outcome.DROPS, read.error, True, read.error_start, read.error_end, None, fixes)
        return Verdict(Tool.COPILOT_CLI, dialect, (message,))
    places = _Places(read, document.text)
    folder = _skill_folder(document)
    if not isinstance(read.value, dict):
        # A list or a scalar: the frontmatter is not read; the folder names the skill, the body describes it.
        note = LoaderMessage(Outcome.DAMAGED, "Copilot CLI reads no fields from frontmatter that is not a map: "
                             "the folder names the skill and the body is its description", False, *places.opening)
        return Verdict(Tool.COPILOT_CLI, dialect, (note,) if read.value is not None else (), folder)
    value = read.value

    def drop(text: str, key: str) -> Verdict:
        message = LoaderMessage(Outcome.DROPS, text, True, *places.value(key), key=key)
        return Verdict(Tool.COPILOT_CLI, dialect, (message,))

    name = value.get("name", folder)
    if "name" in value:
        if not isinstance(name, str):
            return drop("Skill name must be a string", "name")
        if not name.strip():
            return drop("Skill name must not be empty", "name")
        if len(name) > cat.SKILL_NAME_MAX:
            return drop(f"Skill name must be at most {cat.SKILL_NAME_MAX} characters", "name")
        if not _SKILL_NAME.match(name):
            return drop("Skill name must start with an ASCII letter or number and contain only ASCII letters "
                        "(a-z, A-Z), numbers, hyphens, underscores, dots, colons, and spaces", "name")
    elif folder is not None and (len(folder) > cat.SKILL_NAME_MAX or not _SKILL_NAME.match(folder)):
        message = LoaderMessage(Outcome.DROPS, "could not derive a valid skill name from the folder path", True,
                                *places.opening)
        return Verdict(Tool.COPILOT_CLI, dialect, (message,))
    if "description" in value:
        description = value["description"]
        if not isinstance(description, str):
            return drop("Skill description must be a string", "description")
        if _utf16_length(description) > cat.SKILL_DESCRIPTION_MAX:
            return drop(f"Skill description must be at most {cat.SKILL_DESCRIPTION_MAX} characters", "description")
    if "allowed-tools" in value:
        tools = value["allowed-tools"]
        if isinstance(tools, list):
            if not all(isinstance(item, str) for item in tools):
                return drop("allowed-tools must contain only strings", "allowed-tools")
        elif not isinstance(tools, str):
            return drop("allowed-tools must be a string or array of strings", "allowed-tools")
    for key in ("user-invocable", "disable-model-invocation"):
        if key in value and not isinstance(value[key], bool):
            return drop(f"{key} must be a boolean", key)
    hint = value.get("argument-hint")
    if hint is not None and hint is not NOT_FINITE and not isinstance(hint, str):  # null is accepted
        return drop("argument-hint must be a string", "argument-hint")
    shown = name.replace(" ", "-") if isinstance(name, str) else None
    return Verdict(Tool.COPILOT_CLI, dialect, (), shown)


def _skill_folder(document: Document) -> str | None:
    if not document.path:
        return None
    parts = document.path.replace("\\", "/").split("/")
    return parts[-2] if len(parts) >= 2 and parts[-2] else None


# ------------------------------------------------------------------------------------------------
# Fixes
# ------------------------------------------------------------------------------------------------

def _colon_fixes(document: Document) -> tuple[Fix, ...]:
    """The fixes of FM007 (quote or block-scalar each value only Claude Code's lenient retry reads), when they
    make the frontmatter strict YAML: then Copilot CLI reads every value as Claude Code does."""
    skill = (document.path or "").replace("\\", "/").rsplit("/", 1)[-1] == "SKILL.md"
    return tuple(strict_yaml_fixes(document, Dialect.SKILL if skill else Dialect.AGENT))


def _list_fix(document: Document, places: _Places, spec: Field, value: dict[Any, Any]) -> tuple[Fix, ...]:
    """`skills: a, b` -> `skills: [a, b]` (the list Claude Code reads from the comma string)."""
    written = value.get(spec.key)
    if spec.kind not in (Kind.STRING_LIST, Kind.NAME_LIST) or not isinstance(written, str):
        return ()
    nodes = places.keys.get(spec.key)
    if nodes is None or nodes[1].style not in ("", None) or "\n" in document.text[slice(*places.value(spec.key))]:
        return ()
    items = [item.strip() for item in written.split(",") if item.strip()]
    if not items or any(not re.fullmatch(r"[A-Za-z0-9_.:@/-]+", item) for item in items):
        return ()
    start, end = places.value(spec.key)
    return (Fix(f"Write `{spec.key}` as a YAML list", (Edit(start, end, f"[{', '.join(items)}]"),),
                Applicability.UNSAFE),)


def _bool_fix(places: _Places, spec: Field, value: dict[Any, Any]) -> tuple[Fix, ...]:
    """`user-invocable: no` or `"false"` -> `false`: Copilot CLI reads only YAML 1.2 booleans. Safe for the exact
    words `true`/`false` written as text; unsafe for `yes`/`no`/`on`/`off`/`1`/`0` (a reading of intent)."""
    written = value.get(spec.key)
    if spec.kind is not Kind.BOOL or not isinstance(written, str):
        return ()
    word = written.strip().lower()
    if word not in TRUE_WORDS and word not in FALSE_WORDS:
        return ()
    meant = "true" if word in TRUE_WORDS else "false"
    applicability = Applicability.SAFE if word == meant else Applicability.UNSAFE
    return (Fix(f"Write `{spec.key}: {meant}`", (Edit(*places.value(spec.key), meant),), applicability),)


# ------------------------------------------------------------------------------------------------
# VS Code (promptValidator.ts): it loads every file; unknown attributes are ignored
# ------------------------------------------------------------------------------------------------

_VSCODE_FILES = {Dialect.VSCODE_AGENT: "VS Code agent files", Dialect.COPILOT_PROMPT: "prompt files",
                 Dialect.COPILOT_INSTRUCTIONS: "instructions files"}
LEGACY_MODE_SUFFIX = ".chatmode.md"


_VSCODE_FENCE = re.compile(r"---\s*\Z")
_TOP_LEVEL_KEY = re.compile(r"^([^\s#:'\"-][^:\n]*?|'[^'\n]*'|\"[^\"\n]*\")[ \t]*:(?:[ \t]|$)", re.MULTILINE)


def vscode_header(text: str) -> tuple[int, int] | None:
    """VS Code's header (promptFileParser.ts): line 1 matches `^---[\\s\\r\\n]*$`, the header ends at the next line
    that does; with none, the rest of the file is header. Returns (start, end) offsets of the header text."""
    lines = text.split("\n")
    if not lines or not _VSCODE_FENCE.match(lines[0]):
        return None
    start = len(lines[0]) + 1
    position = start
    for line in lines[1:]:
        if _VSCODE_FENCE.match(line):
            return start, position
        position += len(line) + 1
    return start, len(text)


def read_vscode(document: Document, dialect: Dialect) -> Verdict:
    """VS Code's reading of an agent, prompt file or instructions file: it always loads (the loader ignores
    header errors); the messages are its editor markers for the attributes it ignores.

    VS Code reads the header with its own YAML subset (`yaml.ts`: no anchors, `*` is an ordinary character, it
    never fails), so the keys are taken from the lines that start a top-level `key:`, whatever libyaml thinks.
    """
    catalogue = _catalogue(dialect)
    messages: list[LoaderMessage] = []
    text = document.text
    if dialect is Dialect.VSCODE_AGENT and (document.path or "").endswith(LEGACY_MODE_SUFFIX):
        messages.append(LoaderMessage(Outcome.LOADS, "Chat modes have been renamed to agents. Please move the "
                                      "file to .github/agents", True, 0, min(len(text), 3)))
    header = vscode_header(text)
    if header is None:
        return Verdict(Tool.VSCODE, dialect, tuple(messages))
    written = [(match.group(1).strip("'\""), match.start(1), match.end(1))
               for match in _TOP_LEVEL_KEY.finditer(text, header[0], header[1])]
    supported = ", ".join(sorted(spec.key for spec in catalogue.fields if spec.recommended))
    target = next((_scalar_after(text, end) for key, _start, end in written if key == "target"), None)
    for key, start, end in written:
        if dialect is Dialect.VSCODE_AGENT and target == "github-copilot":
            if key not in cat.VSCODE_GITHUB_ONLY_KEYS:
                github = ", ".join(sorted(cat.VSCODE_GITHUB_ONLY_KEYS))
                messages.append(LoaderMessage(Outcome.DAMAGED, f"Attribute '{key}' is not supported in custom GitHub "
                                              f"Copilot agent files. Supported: {github}.", True, start, end, key))
            continue
        if catalogue.get(key) is not None:
            continue
        if dialect is Dialect.VSCODE_AGENT and key in cat.VSCODE_GITHUB_ONLY_KEYS:
            messages.append(LoaderMessage(Outcome.LOADS, f"Attribute '{key}' is ignored when running locally in "
                                          "VS Code.", True, start, end, key))
            continue
        messages.append(LoaderMessage(Outcome.DAMAGED, f"Attribute '{key}' is not supported in "
                                      f"{_VSCODE_FILES[dialect]}. Supported: {supported}.", True, start, end, key))
    if dialect is Dialect.VSCODE_AGENT and target != "github-copilot":
        messages.extend(_dropped_handoffs(document))
    return Verdict(Tool.VSCODE, dialect, tuple(messages))


def _dropped_handoffs(document: Document) -> list[LoaderMessage]:
    """`handoffs` entries VS Code leaves out without a word: not a map, or without `label`, `agent` or `prompt` as
    text. Read only when the header is also valid YAML for libyaml (VS Code's own reader is more lenient)."""
    read = _read(document)
    if read.error is not None or not isinstance(read.root, yaml.MappingNode):
        return []
    for key_node, value_node in read.root.value:
        if not (isinstance(key_node, yaml.ScalarNode) and key_node.value == "handoffs"
                and isinstance(value_node, yaml.SequenceNode)):
            continue
        base = read.block.yaml_start if read.block else 0
        dropped = []
        for item in value_node.value:
            fields = {k.value: v for k, v in item.value if isinstance(k, yaml.ScalarNode)} if isinstance(
                item, yaml.MappingNode) else None
            missing = [name for name in cat.VSCODE_HANDOFF_KEYS
                       if fields is None or not isinstance(fields.get(name), yaml.ScalarNode) or not fields[name].value]
            if missing:
                what = "it is not a map" if fields is None else "it has no " + " or ".join(f"`{m}`" for m in missing)
                dropped.append(LoaderMessage(Outcome.DAMAGED, f"VS Code drops this handoff silently: {what}", False,
                                             base + item.start_mark.index, base + item.end_mark.index, "handoffs"))
        return dropped
    return []


def _scalar_after(text: str, key_end: int) -> str:
    line_end = text.find("\n", key_end)
    value = text[text.index(":", key_end) + 1 : line_end if line_end >= 0 else len(text)]
    return value.split(" #", 1)[0].strip().strip("'\"")
