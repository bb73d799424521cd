"""The model of one agent-markdown file: where its parts are and what Claude Code reads from them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from collections.abc import Iterator
from typing import Any

import yaml

from agent_lsp.core.catalogue import Kind, catalogue_for
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.frontmatter import Split, split_frontmatter
from agent_lsp.core.text import LineIndex, Span
from agent_lsp.core.yaml_frontmatter import Entry, LoadedBy, ParsedYaml, parse_frontmatter_yaml, show_yaml

_TOP_LEVEL_KEY = re.compile(r"^([^\s#:][^:\n]*?):(?:[ \t]|$)", re.MULTILINE)
MAX_RECOVERED_KEYS = 10_000
"""Recovery parses each top-level key on its own (tens of microseconds each): beyond this many keys a
hostile file would take minutes, so the rest is left unrecovered (Claude Code sees none of it anyway)."""


@dataclass(frozen=True, slots=True)
class Document:
    """One document to analyse: its text and what we know about where it lives."""

    text: str
    path: str | None = None
    dialect: Dialect | None = None
    """Forced dialect; None means: decide from `path`."""
    invalid_utf8: tuple[int, ...] = ()
    """Byte offsets of invalid UTF-8 in the file on disk (the text holds U+FFFD there)."""


@dataclass
class FileModel:
    """A parsed file. Offsets in entries are document offsets (frontmatter start already added)."""

    document: Document
    dialect: Dialect
    lines: LineIndex
    split: Split
    parsed: ParsedYaml | None
    entries: list[Entry] = field(default_factory=list)
    recovered: bool = False
    """True when Claude Code cannot parse the frontmatter and `entries` were recovered key by key."""

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def yaml_start(self) -> int:
        return self.split.frontmatter.yaml_start if self.split.frontmatter else 0

    @property
    def loads_metadata(self) -> bool:
        """True when Claude Code reads the frontmatter (strictly or through its retry) as a map."""
        return (self.parsed is not None and self.parsed.loaded_by is not LoadedBy.NOTHING
                and self.parsed.root_kind in ("mapping", "empty"))

    @cached_property
    def mapping(self) -> dict[str, Any]:
        """The frontmatter as Claude Code sees it (last duplicate wins); `{}` when it cannot parse it."""
        if not self.loads_metadata or self.recovered:
            return {}
        return {entry.key: entry.value for entry in self.entries}

    @cached_property
    def recovered_mapping(self) -> dict[str, Any]:
        """Like `mapping`, but including values recovered from unparseable frontmatter (for checks)."""
        return {entry.key: entry.value for entry in self.entries}

    @cached_property
    def newline(self) -> str:
        """The line break fixes write: CRLF when the text before the body holds one, else LF."""
        return "\r\n" if "\r\n" in self.text[: self.body_start or len(self.text)] else "\n"

    def entry(self, key: str) -> Entry | None:
        for entry in reversed(self.entries):
            if entry.key == key:
                return entry
        return None

    def span(self, start: int, end: int) -> Span:
        return self.lines.span(start, end)

    @property
    def body_start(self) -> int:
        return self.split.body_start if self.split.frontmatter else 0

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    def frontmatter_span(self) -> Span:
        """The span of the whole frontmatter block (both `---` lines), or of the first line."""
        if self.split.frontmatter is None:
            return self.lines.line_span(0)
        start = 1 if self.split.bom else 0
        return self.span(start, self.split.frontmatter.yaml_end + 3)

    def opening_span(self) -> Span:
        start = 1 if self.split.bom else 0
        return self.span(start, start + 3)


def build_model(document: Document, dialect: Dialect) -> FileModel:
    """Split and parse `document`; never raises."""
    text = document.text
    split = split_frontmatter(text)
    lines = LineIndex(text)
    if split.frontmatter is None:
        return FileModel(document, dialect, lines, split, None)
    yaml_text = split.frontmatter.yaml_text(text)
    parsed = parse_frontmatter_yaml(yaml_text)
    model = FileModel(document, dialect, lines, split, parsed)
    if parsed.loaded_by is LoadedBy.NOTHING and not (parsed.too_deep or parsed.too_large):
        model.entries = recover_entries(yaml_text, split.frontmatter.yaml_start)
        model.recovered = True
    else:
        model.entries = [_shift(entry, split.frontmatter.yaml_start) for entry in parsed.entries]
    return model


def _shift(entry: Entry, base: int) -> Entry:
    entry.key_start += base
    entry.key_end += base
    entry.value_start += base
    entry.value_end += base
    return entry


def recover_entries(yaml_text: str, base: int) -> list[Entry]:
    """Parse unparseable frontmatter one top-level key at a time, keeping what parses.

    Claude Code sees nothing of such frontmatter; the recovered entries let the other fields be checked
    (and the agent's name be indexed) while the author fixes the broken one.
    """
    starts = [match.start() for match, _ in zip(_TOP_LEVEL_KEY.finditer(yaml_text), range(MAX_RECOVERED_KEYS + 1))]
    entries: list[Entry] = []
    for index, start in enumerate(starts[:MAX_RECOVERED_KEYS]):
        end = starts[index + 1] if index + 1 < len(starts) else len(yaml_text)
        block = yaml_text[start:end]
        parsed = parse_frontmatter_yaml(block)
        if parsed.loaded_by is LoadedBy.NOTHING or parsed.root_kind != "mapping":
            continue
        for entry in parsed.entries:
            entries.append(_shift(entry, base + start))
    return entries


MAX_NESTING_WALKED = 64
"""How deep the checks of nested values look (real frontmatter nests a few levels)."""


def nested_nodes(root: yaml.Node, path: str, scalar_keys_only: bool = False) -> Iterator[tuple[str, yaml.Node]]:
    """Yield (dotted path, node) for `root` and every node below it, each once (aliases), depth-first, at most
    MAX_NESTING_WALKED levels down. A map's value is reached under its key's text (`""` for a key that is not
    a scalar, or not at all with `scalar_keys_only`); a list's items under their index."""
    stack: list[tuple[str, yaml.Node, int]] = [(path, root, 0)]
    seen: set[int] = set()
    while stack:
        path, node, depth = stack.pop()
        if id(node) in seen or depth > MAX_NESTING_WALKED:
            continue
        seen.add(id(node))
        yield path, node
        if isinstance(node, yaml.SequenceNode):
            stack.extend((f"{path}.{i}", child, depth + 1) for i, child in enumerate(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    stack.append((f"{path}.{key.value}", value, depth + 1))
                elif not scalar_keys_only:
                    stack.append((f"{path}.", value, depth + 1))


def node_span(model: FileModel, entry: Entry, node: yaml.Node) -> tuple[int, int]:
    """Return document offsets of a nested node of `entry` (exact for strictly parsed frontmatter)."""
    parsed = model.parsed
    if parsed is not None and parsed.loaded_by is not LoadedBy.NOTHING and not model.recovered:
        # Through the retry, node marks are offsets in the rewritten text (tabs became spaces): map them back.
        return (model.yaml_start + parsed.original_offset(node.start_mark.index),
                model.yaml_start + parsed.original_offset(node.end_mark.index))
    return entry.value_start, entry.value_end


# The list readers: the items of tool lists and `skills:` with their document spans (checks, navigation
# and the workspace index read lists through these).

MAX_LIST_ITEMS = 1_000
"""Items read from one list or string: real lists name a few dozen tools, and a megabyte-long `tools:` line
holds hundreds of thousands (seconds of checks, a finding each); the rest is not checked."""


@dataclass(frozen=True, slots=True)
class ToolItem:
    text: str
    start: int
    end: int
    is_string: bool = True


def split_tool_string(value: str) -> list[tuple[str, int, int]]:
    """Split a tools string on commas and spaces outside parentheses (as Claude Code does): at most
    MAX_LIST_ITEMS items."""
    items: list[tuple[str, int, int]] = []
    depth = 0
    start = None
    for index, char in enumerate(value):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if depth == 0 and char in ", \t\n":
            if start is not None:
                items.append((value[start:index], start, index))
                start = None
                if len(items) >= MAX_LIST_ITEMS:
                    return items
            continue
        if start is None:
            start = index
    if start is not None:
        items.append((value[start:], start, len(value)))
    return items


def tool_items(model: FileModel, entry: Entry) -> list[ToolItem]:
    """Return the list's items with document spans (exact whenever the source text allows)."""
    value = entry.value
    if isinstance(value, str):
        source = model.text[entry.value_start : entry.value_end]
        base = entry.value_start
        if source != value:
            # Quoted or folded: find each item in the written text, in order.
            found, cursor = [], 0
            for text, _s, _e in split_tool_string(value):
                at = source.find(text, cursor)
                if at < 0:
                    found.append(ToolItem(text, entry.value_start, entry.value_end))
                    continue
                found.append(ToolItem(text, base + at, base + at + len(text)))
                cursor = at + len(text)
            return found
        return [ToolItem(text, base + start, base + end) for text, start, end in split_tool_string(value)]
    if isinstance(value, list) and isinstance(entry.node, yaml.SequenceNode):
        items = []
        cursor = entry.value_start
        for item_node, item in zip(entry.node.value[:MAX_LIST_ITEMS], value):
            start, end = node_span(model, entry, item_node)
            if isinstance(item, str):
                written = model.text[start:end]
                if len(written) >= 2 and written[0] in "'\"" and written[-1] == written[0]:
                    start, end = start + 1, end - 1  # a quoted item: its text is inside the quotes
                elif written != item and (start, end) == (entry.value_start, entry.value_end):
                    # No node positions (the frontmatter loads only through the retry): find the item as written.
                    at = _find_word(model.text, item, cursor, entry.value_end)
                    if at >= 0:
                        start, end = at, at + len(item)
                        cursor = end
                items.append(ToolItem(item, start, end))
            else:
                items.append(ToolItem(show_yaml(item), start, end, is_string=False))
        return items
    return []


def _find_word(text: str, word: str, start: int, end: int) -> int:
    """Return where `word` is written in text[start:end] as a whole item (not inside a longer name), or -1."""
    at = text.find(word, start, end) if word else -1
    while at >= 0:
        before = text[at - 1] if at > 0 else " "
        after = text[at + len(word)] if at + len(word) < len(text) else " "
        if not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-"):
            return at
        at = text.find(word, at + 1, end)
    return -1


def tool_list_items(model: FileModel):
    """Yield (entry, item) for every item of every tool-list field of the file (`tools`, `allowed-tools`...)."""
    catalogue = catalogue_for(model.dialect)
    for entry in model.entries:
        spec = catalogue.get(entry.key)
        if spec is not None and spec.kind is Kind.TOOL_LIST:
            for item in tool_items(model, entry):
                yield entry, item


def skill_items(model: FileModel) -> list[tuple[str, int, int]]:
    """Return the `skills:` names with their document spans."""
    entry = model.entry("skills")
    if entry is None:
        return []
    if isinstance(entry.value, str):
        return [(item.text, item.start, item.end) for item in tool_items(model, entry)]
    if isinstance(entry.value, list) and isinstance(entry.node, yaml.SequenceNode):
        result = []
        for node, value in zip(entry.node.value[:MAX_LIST_ITEMS], entry.value):
            if isinstance(value, str):
                start, end = node_span(model, entry, node)
                result.append((value, start, end))
        return result
    return []
