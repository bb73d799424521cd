"""Parse frontmatter YAML the way Claude Code 2.1.330 does, keeping exact positions.

Claude Code parses with Bun's YAML 1.2 parser; when that throws it retries once after quoting single-line
`key: value` entries that hold YAML-special characters, and when the retry throws too the frontmatter is
`{}` (AGENT_FORMATS.md §1.2). We emulate that pipeline with libyaml's `compose` (node marks give exact
code-point offsets) and resolve plain scalars with the YAML 1.2 core schema, because that is what Bun
does: `yes` stays a string, `0o17`, `.inf`, `true` and `~` are not strings (verified with the loader).

Differences between libyaml (YAML 1.1) and Bun handled here:
- libyaml rejects C0/C1 control characters that Bun accepts, and treats U+0085/U+2028/U+2029 as line
  breaks where Bun (YAML 1.2) does not. Such characters are swapped, position for position, with
  private-use stand-ins before parsing and restored in values afterwards. NUL is left alone: Bun rejects
  it too.
- Nothing is ever constructed: tags are recorded, never acted on; aliases are shared, never expanded.
- libyaml's C composer recurses once per nesting level and crashes the process on very deep input, so
  depth is measured first (by a non-recursive event scan when a cheap bound says it might be large).
  libyaml 0.2.6 and later (PyYAML 6.0.4's wheels) refuse such input themselves with "exceeded maximum
  nesting depth"; that error means "too deep" too, whichever of the scan or the composer raises it.
- Every node costs memory and checks, so frontmatter with more than MAX_NODES nodes (counted the same way)
  or MAX_CHARS characters is not composed either: a 10 MB frontmatter would take minutes and gigabytes.
"""

from __future__ import annotations

import bisect
import enum
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_DEPTH = 1000
"""Deeper frontmatter is not composed: libyaml's C composer would overflow the C stack."""
MAX_EXPANDED_NODES = 100_000
"""A value whose aliases would expand to more nodes than this is an alias bomb; it is not modelled."""
MAX_NODES = 20_000
"""Frontmatter with more nodes is not composed or analysed (real frontmatter has a few dozen)."""
MAX_CHARS = 1_000_000
"""Longer frontmatter is not parsed at all (real frontmatter is a few kilobytes)."""

# Characters libyaml refuses or treats as line breaks, but Bun's YAML 1.2 reads as plain characters.
_SWAP = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\x85\u2028\u2029\ufffe\uffff\ud800-\udfff]")
_SWAP_BASE = 0xF0000
_SWAP_TABLE = {code: _SWAP_BASE + code for low, high in ((0x01, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F),
                                                          (0x2028, 0x2029), (0xFFFE, 0xFFFF), (0xD800, 0xDFFF))
               for code in range(low, high + 1)}
"""`_SWAP` as a translation table: `str.translate` swaps a megabyte of control characters in milliseconds."""
_UNSWAP_TABLE = {stand_in: code for code, stand_in in _SWAP_TABLE.items()}
"""Back from the stand-ins (private-use characters the author wrote are not stand-ins: they stay)."""
_UNSWAP = re.compile("[\U000F0000-\U000FFFFF]")

# The retry of Claude Code 2.1.330 (AGENT_FORMATS.md §1.2), in JavaScript regex semantics: `.` stops at
# \n, \r, U+2028 and U+2029, which is why CRLF files never match; `\s` is JavaScript's whitespace class.
# The spaces are matched atomically: backtracking into them only ever yields a value of blanks (which the
# retry never quotes), and costs time quadratic in their number (`key:`, 20,000 spaces and `\r` took 9 s).
_JS_SPACE = "[\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
_RETRY_LINE = re.compile(rf"([A-Za-z_-]+):(?>{_JS_SPACE}+)([^\n\r\u2028\u2029]+)\Z")
_RETRY_SPECIAL = re.compile(r"[{}\[\]*&#!|>%@`]|: ")
_LEADING_TABS = re.compile(r"^\t+")

# YAML 1.2 core schema resolution of plain scalars.
_NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")
_BOOL = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_INT = re.compile(r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z")
_FLOAT = re.compile(r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z")
_PLAIN = "!plain"
_STR_TAG = "tag:yaml.org,2002:str"


class LoadedBy(enum.Enum):
    STRICT = "strict"
    """A strict YAML parser accepts the frontmatter as written."""
    RETRY = "retry"
    """Only Claude Code's quoting retry makes it parse: strict YAML tools reject it."""
    NOTHING = "nothing"
    """Neither parse succeeds: Claude Code sees `{}`."""


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """A YAML syntax error, located in the frontmatter text (offsets relative to it)."""

    message: str
    offset: int
    end_offset: int
    context_offset: int | None = None
    """Where the construct the parser was reading began (`while scanning a quoted scalar`: the quote)."""
    libyaml: LibyamlError | None = None
    """libyaml's own account of the error, as a tool built on it (serde_yaml) prints it."""


@dataclass(frozen=True, slots=True)
class LibyamlError:
    """libyaml's problem and context strings with their marks (zero-based line and column, code points)."""

    problem: str
    problem_mark: tuple[int, int, int] | None
    """(index, line, column), or None for a reader error, which has only a position (`problem_mark[0]`)."""
    context: str | None = None
    context_mark: tuple[int, int, int] | None = None


@dataclass(slots=True)
class Entry:
    """One top-level `key: value` of the frontmatter, duplicates included, in file order.

    Offsets are relative to the frontmatter text as written (not the retried text).
    """

    key: str
    key_start: int
    key_end: int
    value: Any
    value_start: int
    value_end: int
    style: str | None
    """None for plain scalars, `"` `'` `|` `>` for others, `[`/`{` for flow, `-`/`:` for block collections."""
    node: yaml.Node | None = None
    rewritten_by_retry: bool = False
    tag: str | None = None
    """An explicit tag written before the value (`!!str`, `!important`), which Claude Code drops."""
    anchor: str | None = None
    """An anchor written before the value (`&name`), which Claude Code drops."""


@dataclass(slots=True)
class ParsedYaml:
    """What Claude Code's parse of a frontmatter block yields, plus what a strict parser says."""

    loaded_by: LoadedBy
    strict_problem: YamlProblem | None = None
    retry_problem: YamlProblem | None = None
    root_kind: str = "empty"
    """`mapping`, `sequence`, `scalar`, or `empty`."""
    entries: list[Entry] = field(default_factory=list)
    rewritten_lines: list[int] = field(default_factory=list)
    """Zero-based lines (of the frontmatter) the retry quoted."""
    tab_lines: list[int] = field(default_factory=list)
    """Zero-based lines whose leading tabs the retry turned into spaces."""
    too_deep: bool = False
    too_large: bool = False
    """More than MAX_NODES nodes or MAX_CHARS characters: not composed, like `too_deep`."""
    alias_bombs: list[str] = field(default_factory=list)
    """Keys whose values expand past MAX_EXPANDED_NODES through aliases (modelled as None)."""
    unsafe_tags: list[tuple[str, int, int]] = field(default_factory=list)
    """Tags naming host-language objects (`!!python/object…`, `!ruby/…`): never constructed."""
    parsed_text: str = ""
    """The text that was finally composed (the original, or the retry's rewrite)."""
    offset_map: Any = None
    """Maps offsets in `parsed_text` (node marks) back to the frontmatter as written."""

    def original_offset(self, offset: int) -> int:
        """The offset in the frontmatter as written of an offset (a node mark) in `parsed_text`."""
        return offset if self.offset_map is None else self.offset_map.to_original(offset)

    @property
    def mapping(self) -> dict[str, Any]:
        """The frontmatter as Claude Code sees it: the last value of each key wins."""
        return {entry.key: entry.value for entry in self.entries}


def parse_frontmatter_yaml(text: str) -> ParsedYaml:
    """Parse frontmatter `text` as Claude Code does; never raises on any input."""
    if len(text) > MAX_CHARS:
        return ParsedYaml(LoadedBy.NOTHING, strict_problem=YamlProblem(_TOO_LARGE, 0, 0), too_large=True,
                          parsed_text=text)
    root, problem = _compose(text)
    if problem is None:
        result = ParsedYaml(LoadedBy.STRICT, parsed_text=text)
        _fill(result, root, text, text, _identity_map(text))
        return result
    if problem.message in (_TOO_DEEP, _TOO_LARGE):
        return ParsedYaml(LoadedBy.NOTHING, strict_problem=problem, too_deep=problem.message == _TOO_DEEP,
                          too_large=problem.message == _TOO_LARGE, parsed_text=text)
    retried, rewritten, tab_lines = retry_rewrite(text)
    result = ParsedYaml(LoadedBy.NOTHING, strict_problem=problem, parsed_text=retried,
                        rewritten_lines=rewritten, tab_lines=tab_lines)
    if retried == text:
        result.retry_problem = problem
        return result
    offset_map = _RetryOffsetMap(text, retried, set(rewritten), set(tab_lines))
    root, retry_problem = _compose(retried)
    if retry_problem is not None:
        start = offset_map.to_original(retry_problem.offset)
        end = max(start, offset_map.to_original(retry_problem.end_offset))
        context = retry_problem.context_offset
        result.retry_problem = YamlProblem(retry_problem.message, start, end,
                                           None if context is None else offset_map.to_original(context))
        result.too_deep = retry_problem.message == _TOO_DEEP
        result.too_large = retry_problem.message == _TOO_LARGE
        return result
    result.loaded_by = LoadedBy.RETRY
    result.offset_map = offset_map
    _fill(result, root, text, retried, offset_map)
    return result


def retry_rewrite(text: str) -> tuple[str, list[int], list[int]]:
    """Apply Claude Code's one-shot quoting retry; return the new text, quoted lines and tab lines."""
    out: list[str] = []
    rewritten: list[int] = []
    tab_lines: list[int] = []
    for number, line in enumerate(text.split("\n")):
        tabs = _LEADING_TABS.match(line)
        if tabs:
            line = "  " * len(tabs.group()) + line[tabs.end():]
            tab_lines.append(number)
        match = _RETRY_LINE.match(line)
        if match:
            key, value = match.group(1), match.group(2)
            quoted = (value[0] == '"' and value[-1] == '"') or (value[0] == "'" and value[-1] == "'")
            if not quoted and not _is_flow_list(value) and _RETRY_SPECIAL.search(value):
                escaped = value.replace("\\", "\\\\").replace('"', '\\"')
                line = f'{key}: "{escaped}"'
                rewritten.append(number)
        out.append(line)
    return "\n".join(out), rewritten, tab_lines


def _is_flow_list(value: str) -> bool:
    if not (value.startswith("[") and value.endswith("]")):
        return False
    root, problem = _compose(value)
    return problem is None and isinstance(root, yaml.SequenceNode)


class _Loader(yaml.CSafeLoader):
    """libyaml's composer, with plain scalars left unresolved so YAML 1.2 rules can apply later."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return super().resolve(kind, value, implicit)


_TOO_DEEP, _TOO_LARGE = "too deep", "too large"
NOT_COMPOSED = frozenset({_TOO_DEEP, _TOO_LARGE})
"""The messages of a YamlProblem that means "not composed at all" (too deep or too large), not a YAML error."""


def compose_libyaml(text: str) -> tuple[yaml.Node | None, YamlProblem | None]:
    """Compose `text` with libyaml as it is (no stand-ins for the characters Bun accepts), for tools that use
    libyaml itself (Copilot CLI's serde_yaml). Plain scalars stay unresolved (tag `!plain`); never raises."""
    return _compose(text, swap=False)


PLAIN_TAG = "!plain"


def _compose(text: str, swap: bool = True) -> tuple[yaml.Node | None, YamlProblem | None]:
    swapped = text.translate(_SWAP_TABLE) if swap and _SWAP.search(text) else text
    nul = swapped.find("\x00")
    if nul >= 0:
        return None, YamlProblem("the NUL character is not allowed in YAML", nul, nul + 1)
    if _depth_bound(swapped) > MAX_DEPTH or _node_bound(swapped) > MAX_NODES:
        depth, nodes = _event_scan(swapped)
        if depth > MAX_DEPTH:
            return None, YamlProblem(_TOO_DEEP, 0, 0)
        if nodes > MAX_NODES:
            return None, YamlProblem(_TOO_LARGE, 0, 0)
    try:
        return yaml.compose(swapped, Loader=_Loader), None
    except yaml.MarkedYAMLError as error:
        if _is_nesting_limit(error):
            return None, YamlProblem(_TOO_DEEP, 0, 0)
        mark = error.problem_mark or error.context_mark
        offset = mark.index if mark is not None else 0
        message = (error.problem or error.context or "invalid YAML").strip()
        context = None
        if error.context and error.problem and "while" in error.context:
            message = f"{message} ({error.context})"
            opened = error.context.startswith(("while scanning", "while parsing a flow"))
            if opened and error.context_mark is not None and error.context_mark.index < offset:
                context = error.context_mark.index
        raw = LibyamlError(error.problem or error.context or "invalid YAML", _mark(error.problem_mark),
                           error.context if error.problem else None, _mark(error.context_mark))
        return None, YamlProblem(message, offset, _token_end(text, offset), context, raw)
    except yaml.reader.ReaderError as error:
        raw = LibyamlError(error.reason, (error.position, 0, 0) if error.position is not None else None)
        return None, YamlProblem(f"invalid YAML: {error}", error.position or 0, (error.position or 0) + 1, None, raw)
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError) as error:
        return None, YamlProblem(f"invalid YAML: {error}", 0, 0)


def _mark(mark: Any) -> tuple[int, int, int] | None:
    return None if mark is None else (mark.index, mark.line, mark.column)


def _token_end(text: str, offset: int) -> int:
    end = offset
    while end < len(text) and text[end] not in " \t\r\n":
        end += 1
    return max(end, min(offset + 1, len(text)))


def _depth_bound(text: str) -> int:
    """Return a cheap upper bound on nesting depth (usually tiny; exact depth is computed only if not)."""
    if len(text) < MAX_DEPTH:
        return len(text)
    openers = text.count("[") + text.count("{")
    longest_indent = max((len(line) - len(line.lstrip(" -?:")) for line in text.split("\n")), default=0)
    return openers + 2 * longest_indent + 2


def _node_bound(text: str) -> int:
    """Return a cheap upper bound on the number of nodes: each starts a line or follows an indicator, and
    may bring an implicit empty partner (`{a}`, `? a`)."""
    if len(text) < MAX_NODES // 2:
        return len(text)
    starts = sum(text.count(indicator) for indicator in ("\n", ":", "-", ",", "[", "{", "?"))
    return 2 * starts + 2


def _event_scan(text: str) -> tuple[int, int]:
    """Return the nesting depth and the node count using libyaml's non-recursive event parser.

    The scan stops as soon as either passes its limit, so it costs at most about MAX_NODES events.
    """
    depth = deepest = nodes = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                nodes += 1
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent):
                nodes += 1
            if deepest > MAX_DEPTH or nodes > MAX_NODES:
                break
    except yaml.YAMLError as error:
        if _is_nesting_limit(error):
            return max(deepest, MAX_DEPTH + 1), nodes
    return deepest, nodes


def _is_nesting_limit(error: yaml.YAMLError) -> bool:
    """Whether libyaml (0.2.6 and later) refused the input for nesting deeper than its own limit."""
    return isinstance(error, yaml.MarkedYAMLError) and "maximum nesting depth" in (error.problem or "")


class _IdentityMap:
    def to_original(self, offset: int) -> int:
        return offset


def _identity_map(_text: str) -> _IdentityMap:
    return _IdentityMap()


class _RetryOffsetMap:
    """Map offsets in the retried text back to the text as written."""

    def __init__(self, original: str, retried: str, rewritten: set[int], tab_lines: set[int]) -> None:
        self.original_lines = original.split("\n")
        self.retried_lines = retried.split("\n")
        self.rewritten = rewritten
        self.tab_lines = tab_lines
        self.original_starts = _line_starts(self.original_lines)
        self.retried_starts = _line_starts(self.retried_lines)

    def to_original(self, offset: int) -> int:
        line = max(0, bisect.bisect_right(self.retried_starts, offset) - 1)
        column = offset - self.retried_starts[line]
        if line >= len(self.original_lines):
            return self.original_starts[-1] + len(self.original_lines[-1])
        original = self.original_lines[line]
        if line in self.tab_lines:
            tabs = len(original) - len(original.lstrip("\t"))
            column = column // 2 if column < 2 * tabs else column - tabs
        if line in self.rewritten:
            key_end = original.index(":")
            value_start = key_end + 1
            while value_start < len(original) and original[value_start] in " \t":
                value_start += 1
            retried_value_start = key_end + 3  # `key: "`
            if column > key_end:
                column = min(value_start + max(0, column - retried_value_start), len(original))
        return self.original_starts[line] + min(column, len(original))


def _line_starts(lines: list[str]) -> list[int]:
    starts, position = [], 0
    for line in lines:
        starts.append(position)
        position += len(line) + 1
    return starts


def _fill(result: ParsedYaml, root: yaml.Node | None, original: str, parsed: str, offset_map: Any) -> None:
    """Turn the composed root into entries with positions in the original text."""
    if root is None:
        result.root_kind = "empty"
        return
    if isinstance(root, yaml.ScalarNode):
        result.root_kind = "empty" if root.tag == _PLAIN and _NULL.match(root.value) else "scalar"
        return
    if isinstance(root, yaml.SequenceNode):
        result.root_kind = "sequence"
        return
    result.root_kind = "mapping"
    converter = _Converter(parsed, result)
    rewritten = set(result.rewritten_lines)
    for key_node, value_node in root.value:
        key = converter.key_text(key_node)
        value = converter.value_of(key, value_node)
        key_start = offset_map.to_original(key_node.start_mark.index)
        key_end = offset_map.to_original(key_node.end_mark.index)
        value_start = offset_map.to_original(value_node.start_mark.index)
        value_end = offset_map.to_original(value_node.end_mark.index)
        if value_end < value_start:
            value_end = value_start
        tag, anchor = _prefix_of(parsed, value_node)
        entry = Entry(key, key_start, key_end, value, value_start, value_end,
                      _style_of(value_node), value_node, key_node.start_mark.line in rewritten, tag, anchor)
        if isinstance(value_node, yaml.ScalarNode) and not value_node.value and not value_node.style:
            # An empty value: point just after the colon, on the key's line.
            entry.value_start = entry.value_end = _after_colon(original, key_end)
        result.entries.append(entry)


_PREFIX = re.compile(r"(?:(&[^\s,\[\]{}]+)|(![^\s,\[\]{}]*))[ \t]*")


def _prefix_of(text: str, node: yaml.Node) -> tuple[str | None, str | None]:
    """Return the (tag, anchor) written at the start of `node`, if any."""
    tag = anchor = None
    position = node.start_mark.index
    for _ in range(2):
        match = _PREFIX.match(text, position)
        if not match:
            break
        if match.group(1):
            anchor = match.group(1)
        else:
            tag = match.group(2)
        position = match.end()
    return tag, anchor


def _after_colon(text: str, key_end: int) -> int:
    colon = text.find(":", key_end)
    if colon < 0:
        return key_end
    end = colon + 1
    while end < len(text) and text[end] in " \t":
        end += 1
    return end


def _style_of(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return node.style or None  # libyaml's C composer says '' for plain scalars
    if isinstance(node, yaml.SequenceNode):
        return "[" if node.flow_style else "-"
    if isinstance(node, yaml.MappingNode):
        return "{" if node.flow_style else ":"
    return None


class _Converter:
    """Build plain Python values from nodes: YAML 1.2 scalars, shared (never expanded) aliases."""

    def __init__(self, text: str, result: ParsedYaml) -> None:
        self.text = text
        self.result = result
        self.memo: dict[int, Any] = {}
        self.sizes: dict[int, int] = {}

    def key_text(self, node: yaml.Node) -> str:
        if isinstance(node, yaml.ScalarNode):
            return _unswap(node.value)
        return self.text[node.start_mark.index : node.end_mark.index]

    def value_of(self, key: str, node: yaml.Node) -> Any:
        if self._expanded_size(node) > MAX_EXPANDED_NODES:
            self.result.alias_bombs.append(key)
            return None
        return self._convert(node, 0)

    def _expanded_size(self, root: yaml.Node) -> int:
        """Count the nodes `root` expands to through aliases, stopping past MAX_EXPANDED_NODES.

        Iterative, not recursive: nesting up to MAX_DEPTH is allowed, deeper than Python's recursion limit.
        """
        known = self.sizes.get(id(root))
        if known is not None:
            return known
        self.sizes[id(root)] = 1  # guards against recursive aliases
        stack: list[list[Any]] = [[root, _children(root), 0, 1]]  # node, children, next child, size so far
        size = 1
        while stack:
            frame = stack[-1]
            node, children, index, size = frame
            if index < len(children) and size <= MAX_EXPANDED_NODES:
                frame[2] = index + 1
                child = children[index]
                known = self.sizes.get(id(child))
                if known is not None:
                    frame[3] += known
                elif len(stack) > MAX_DEPTH:
                    frame[3] += 1
                else:
                    self.sizes[id(child)] = 1
                    stack.append([child, _children(child), 0, 1])
                continue
            stack.pop()
            self.sizes[id(node)] = size
            if stack:
                stack[-1][3] += size
        return size

    def _convert(self, node: yaml.Node, depth: int) -> Any:
        known = self.memo.get(id(node), _MISSING)
        if known is not _MISSING:
            return known
        self._note_tag(node)
        if isinstance(node, yaml.ScalarNode):
            value = _scalar_value(node)
            self.memo[id(node)] = value
            return value
        if depth > 200:
            return None
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            self.memo[id(node)] = items
            items.extend(self._convert(child, depth + 1) for child in node.value)
            return items
        mapping: dict[Any, Any] = {}
        self.memo[id(node)] = mapping
        for child_key, child_value in node.value:
            key = self._convert(child_key, depth + 1)
            try:
                hash(key)
            except TypeError:
                key = self.key_text(child_key)
            mapping[key] = self._convert(child_value, depth + 1)
        return mapping

    def _note_tag(self, node: yaml.Node) -> None:
        tag = node.tag or ""
        if tag.startswith(("tag:yaml.org,2002:python/", "!ruby/", "tag:ruby.yaml.org", "!!python", "!python")):
            self.result.unsafe_tags.append((tag, node.start_mark.index, node.end_mark.index))


_MISSING = object()


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return []


def _unswap(value: str) -> str:
    if not _UNSWAP.search(value):
        return value
    return value.translate(_UNSWAP_TABLE)


def _scalar_value(node: yaml.ScalarNode) -> Any:
    value = _unswap(node.value)
    if node.style or node.tag == _STR_TAG:
        return value
    if node.tag == _PLAIN or not node.tag.startswith("tag:yaml.org,2002:") or node.tag in _CORE_TAGS:
        # Untagged, custom-tagged (`!important x`: Bun drops the tag) or core-tagged plain scalars.
        return resolve_plain(value)
    return value  # !!binary, !!timestamp and other YAML 1.1 tags: Bun keeps the text.


_CORE_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null"))


def resolve_plain(value: str) -> Any:
    """Resolve a plain scalar with the YAML 1.2 core schema (what Bun.YAML does)."""
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value.lower() == "true"
    if _INT.match(value):
        try:
            if value.startswith("0o"):
                number = int(value[2:], 8)
            elif value.startswith("0x"):
                number = int(value[2:], 16)
            else:
                number = int(value)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            return float(value)  # what JavaScript reads: a float, infinite past 1.8e308
        if number.bit_length() > 1024:  # past the largest double: JavaScript reads Infinity
            return math.inf  # (and a Python int this long cannot even be printed)
        return number
    if _FLOAT.match(value):
        lowered = value.lower()
        if lowered.endswith("nan"):
            return math.nan
        if lowered.endswith("inf"):
            return -math.inf if value.startswith("-") else math.inf
        return float(value)
    return value


def yaml_type(value: Any, null: str = "nothing") -> str:
    """Name a YAML value's type in prose: `a boolean`, `a number`, `text`, `a list`, `a map`, or `null` for null."""
    if value is None:
        return null
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a map"


def show_yaml(value: Any, limit: int = 80) -> str:
    """Render a value the way YAML writes it (`true`, `null`, `[Read, Grep]`, `{a: b}`), never a Python repr.

    Messages, hovers and outline details quote values back to the author in the language they wrote.
    """
    return render_within(value, limit, lambda item, _depth: _scalar_text(item), _scalar_text, ", ", ": ")


def render_within(value: Any, limit: int, scalar: Callable[[Any, int], str], key: Callable[[Any], str],
                  comma: str, colon: str, max_depth: int | None = None) -> str:
    """Render nested lists as `[a<comma>b]` and maps as `{k<colon>v}`, scalars by `scalar(item, depth)`, keys
    by `key`; past `max_depth`, `…`. At most `limit` characters: the rendering stops once they are written,
    so shared or recursive values (aliases) cost nothing."""
    parts: list[str] = []
    budget = [limit + 1]

    def emit(text: str) -> bool:
        parts.append(text)
        budget[0] -= len(text)
        return budget[0] > 0

    def walk(item: Any, depth: int) -> bool:
        if max_depth is not None and depth > max_depth:
            return emit("…")
        if isinstance(item, list):
            if not emit("["):
                return False
            for index, child in enumerate(item):
                if (index and not emit(comma)) or not walk(child, depth + 1):
                    return False
            return emit("]")
        if isinstance(item, dict):
            if not emit("{"):
                return False
            for index, (name, child) in enumerate(item.items()):
                if (index and not emit(comma)) or not emit(key(name) + colon) or not walk(child, depth + 1):
                    return False
            return emit("}")
        return emit(scalar(item, depth))

    walk(value, 0)
    text = "".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _scalar_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return "-.inf" if value < 0 else ".inf"
        return repr(value)
    if isinstance(value, int):
        return str(value) if value.bit_length() < 200 else "…"
    if isinstance(value, str):
        resolved = resolve_plain(value)
        needs_quotes = (not value or value != value.strip() or not isinstance(resolved, str)
                        or any(c in value for c in ":#[]{},\n\"'") or value[0] in "!&*?|>%@`-")
        return json_quote(value) if needs_quotes else value
    return str(value)


def json_quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)
