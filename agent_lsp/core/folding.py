"""Foldable regions of a document: the frontmatter, each heading's section and each <example> block."""

from __future__ import annotations

from agent_lsp.core.model import FileModel
from agent_lsp.core.outline import example_blocks, flat_sections


def folding_lines(model: FileModel) -> list[tuple[int, int]]:
    """(first line, last line) of every region that spans more than one line."""
    ranges: list[tuple[int, int]] = []
    if model.split.frontmatter is not None:
        span = model.frontmatter_span()
        if span.end.line > span.start.line:
            ranges.append((span.start.line, span.end.line))
    last_line = model.lines.position(len(model.text)).line
    for section in flat_sections(model):
        end_line = min(model.lines.position(max(section.heading.start, section.end - 1)).line, last_line)
        if end_line > section.heading.line:
            ranges.append((section.heading.line, end_line))
    for start, end in example_blocks(model):
        first, last = model.lines.position(start).line, model.lines.position(end).line
        if last > first:
            ranges.append((first, last))
    return ranges
