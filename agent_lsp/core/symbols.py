"""A document's outline as a symbol tree: the frontmatter with its keys, then the headings, nested."""

from __future__ import annotations

from dataclasses import dataclass

from agent_lsp.core.model import FileModel
from agent_lsp.core.outline import Section, sections
from agent_lsp.core.yaml_frontmatter import show_yaml

DETAIL_CHARS = 60
"""A key's value is shown in the outline up to this many characters."""


@dataclass(frozen=True, slots=True)
class Symbol:
    name: str
    detail: str | None
    kind: str
    """`frontmatter`, `key` or `heading`."""
    start: int
    end: int
    selection_start: int
    selection_end: int
    children: tuple[Symbol, ...] = ()


def document_symbols(model: FileModel) -> list[Symbol]:
    symbols: list[Symbol] = []
    if model.split.frontmatter is not None:
        span, opening = model.frontmatter_span(), model.opening_span()
        keys = tuple(Symbol(entry.key, short(entry.value), "key", entry.key_start, max(entry.value_end, entry.key_end),
                            entry.key_start, entry.key_end) for entry in model.entries)
        symbols.append(Symbol("frontmatter", None, "frontmatter", span.start_offset, span.end_offset,
                              opening.start_offset, opening.end_offset, keys))
    symbols.extend(_headings(sections(model)))
    return symbols


def _headings(items: list[Section]) -> list[Symbol]:
    return [Symbol(" ".join(s.heading.title.split()) or "(untitled)", "#" * s.heading.level, "heading",
                   s.heading.start, max(s.heading.title_end, s.end), s.heading.title_start, s.heading.title_end,
                   tuple(_headings(s.children))) for s in items]


def short(value) -> str:
    text = value if isinstance(value, str) else "" if value is None else show_yaml(value, 200)
    text = text.replace("\n", " ")
    return text if len(text) <= DETAIL_CHARS else text[: DETAIL_CHARS - 1] + "…"
