"""Split agent markdown into frontmatter and body exactly as Claude Code 2.1.330 does.

Claude Code strips one leading BOM and then applies, in effect, the JavaScript regex
`^---\\s*\\n([\\s\\S]*?)---\\s*\\n?`: the file must start with `---`; the block ends at the *first* later
`---`, even in the middle of a line (AGENT_FORMATS.md §1.1). We also record where a person reading the
file would say the block ends (the first line that is exactly `---`), so a mid-line `---` can be reported
together with what it cut off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# JavaScript's \s (used by Claude Code's regex) is Unicode whitespace plus U+FEFF; Python's \s lacks
# U+FEFF, so it is spelled out.
_JS_SPACE = r"[\s\ufeff]"
_OPENING = re.compile(rf"---{_JS_SPACE}*\n")
_CLOSING = re.compile(rf"---{_JS_SPACE}*\n?")
_HUMAN_CLOSING_LINE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Frontmatter:
    """Where the frontmatter is, as offsets into the document text (BOM included)."""

    yaml_start: int
    """Offset of the first character of the YAML text (after the opening `---` line)."""
    yaml_end: int
    """Offset just past the YAML text, where the closing `---` begins."""
    closes_mid_line: bool
    """True when the closing `---` is not on a line of its own (Claude Code still ends the block)."""
    intended_yaml_end: int | None
    """When the block closes mid-line: where the first `---` line is (what the author likely meant)."""

    def yaml_text(self, text: str) -> str:
        return text[self.yaml_start : self.yaml_end]


@dataclass(frozen=True, slots=True)
class Split:
    """The result of looking for frontmatter."""

    bom: bool
    frontmatter: Frontmatter | None
    body_start: int
    starts_after_blank: bool
    """True when the file starts with blank lines and then `---`: Claude Code then sees no frontmatter."""
    unclosed: bool
    """True when the file starts with `---` but no closing `---` follows: Claude Code sees no frontmatter."""


def split_frontmatter(text: str) -> Split:
    """Find the frontmatter of `text` the way Claude Code does."""
    bom = text.startswith("\ufeff")
    start = 1 if bom else 0
    opening = _OPENING.match(text, start)
    if opening is None:
        stripped = text[start:].lstrip(" \t\r\n")
        after_blank = stripped.startswith("---") and len(stripped) < len(text) - start
        unclosed = False
        return Split(bom, None, start, after_blank, unclosed)
    yaml_start = opening.end()
    closing_at = text.find("---", yaml_start)
    if closing_at < 0:
        return Split(bom, None, start, False, True)
    closing = _CLOSING.match(text, closing_at)
    assert closing is not None
    line_start = text.rfind("\n", 0, closing_at) + 1
    closes_mid_line = text[line_start:closing_at].strip(" \t") != "" or not _ends_line(text, closing_at + 3)
    intended = None
    if closes_mid_line:
        human = _HUMAN_CLOSING_LINE.search(text, closing_at)
        intended = human.start() if human else None
    frontmatter = Frontmatter(yaml_start, closing_at, closes_mid_line, intended)
    return Split(bom, frontmatter, closing.end(), False, False)


def _ends_line(text: str, offset: int) -> bool:
    """Return True when only spaces or tabs stand between `offset` and the end of its line."""
    end = len(text)
    while offset < end and text[offset] in " \t":
        offset += 1
    return offset >= end or text[offset] in "\r\n"
