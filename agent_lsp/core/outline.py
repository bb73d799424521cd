"""The structure of a file for outlines, folding and section hover: frontmatter keys and Markdown headings.

Headings come from markdown-it-py (so `#` lines inside fenced code are not headings, and setext headings
count); the frontmatter is never parsed as Markdown, so it cannot produce a bogus heading. The body's
structure is cached by its text, because typing in the frontmatter leaves it unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from agent_lsp.core.model import FileModel

# Block structure is all an outline needs (a heading's title is its raw inline text), and inline parsing
# is where Markdown parsers turn slow on hostile text (`[` * 100,000 takes seconds): it is switched off.
_PARSER = MarkdownIt("commonmark").disable("inline")
MAX_OUTLINE_CHARS = 2_000_000
MAX_OUTLINE_LINES = 20_000
"""Longer bodies get no headings: parsing 10 MB of Markdown, or 500,000 one-character headings, takes
seconds and hundreds of megabytes (real bodies have a few hundred lines)."""
_EXAMPLE_OPEN = re.compile(r"<example>", re.IGNORECASE)
_EXAMPLE_CLOSE = re.compile(r"</example>", re.IGNORECASE)
_CACHE: dict[str, tuple[tuple["Heading", ...], tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]] = {}
_CACHE_LIMIT = 32

WELL_KNOWN_SECTIONS: dict[str, str] = {
    "role": "Who the agent is: sets its identity and expertise.",
    "purpose": "What the agent is for: its mission in one paragraph.",
    "responsibilities": "What the agent is accountable for.",
    "core responsibilities": "What the agent is accountable for.",
    "instructions": "Step-by-step directions the agent follows.",
    "workflow": "The order of steps the agent takes.",
    "process": "The order of steps the agent takes.",
    "approach": "How the agent tackles a task.",
    "guidelines": "Rules of thumb the agent applies.",
    "rules": "Hard constraints the agent must follow.",
    "constraints": "What the agent must not do, or limits it works within.",
    "output format": "The exact shape of the agent's answer.",
    "output": "What the agent returns to the caller.",
    "examples": "Worked examples that show the expected behaviour.",
    "example": "A worked example of the expected behaviour.",
    "context": "Background the agent needs before it starts.",
    "tools": "How and when the agent should use its tools.",
    "capabilities": "What the agent can do.",
    "expertise": "The domains the agent knows well.",
    "best practices": "Practices the agent should follow.",
    "checklist": "Items the agent verifies before finishing.",
    "quality standards": "The bar the agent's work must meet.",
    "communication": "How the agent reports back.",
    "when to use": "Situations that call for this agent (an agent is picked by its `description`, not by this section).",
    "usage": "How to invoke or use it.",
    "arguments": "What `$ARGUMENTS` holds (commands and skills).",
}


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    title: str
    line: int
    """Zero-based document line of the heading."""
    start: int
    """Document offset of the heading line."""
    title_start: int
    title_end: int


@dataclass(frozen=True, slots=True)
class Section:
    heading: Heading
    end: int
    """Document offset where the section ends (the next heading of the same or a higher level, or EOF)."""
    parents: tuple[str, ...]
    children: list["Section"] = field(default_factory=list)


def headings(model: FileModel) -> tuple[Heading, ...]:
    found = _body_structure(model)[0]
    frontmatter = model.split.frontmatter
    if frontmatter is not None and frontmatter.intended_yaml_end is not None:
        # A mid-line `---` cut the block early (FM004): the lines up to the `---` line the author meant as
        # its end are frontmatter to a reader, and that `---` must not make them a setext heading.
        found = tuple(h for h in found if h.start >= frontmatter.intended_yaml_end)
    return found


def example_blocks(model: FileModel) -> tuple[tuple[int, int], ...]:
    """Return (start, end) document offsets of `<example>`…`</example>` blocks, anywhere in the file."""
    blocks = list(_body_structure(model)[1])
    if model.split.frontmatter is not None:
        blocks = _examples(model.text[: model.body_start], 0) + blocks
    return tuple(blocks)


def code_blocks(model: FileModel) -> tuple[tuple[int, int], ...]:
    """Document offsets of the body's fenced and indented code blocks (from the outline's one parse of the
    body: links skip Markdown link syntax written in code)."""
    return _body_structure(model)[2]


def _body_structure(model: FileModel) -> tuple[tuple[Heading, ...], tuple[tuple[int, int], ...],
                                               tuple[tuple[int, int], ...]]:
    body = model.body
    cached = _CACHE.get(body)
    if cached is None:
        small = len(body) <= MAX_OUTLINE_CHARS and body.count("\n") + body.count("\r") <= MAX_OUTLINE_LINES
        found, code = _parse_body(body) if small else ((), ())
        cached = (found, tuple(_examples(body, 0)), code)
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        _CACHE[body] = cached
    # Cached positions are relative to the body; shift them to this document.
    base = model.body_start
    if base == 0:
        return cached
    line_base = model.lines.position(base).line
    shifted = tuple(Heading(h.level, h.title, h.line + line_base, h.start + base, h.title_start + base,
                            h.title_end + base) for h in cached[0])
    return (shifted, tuple((s + base, e + base) for s, e in cached[1]),
            tuple((s + base, e + base) for s, e in cached[2]))


def _parse_body(body: str) -> tuple[tuple[Heading, ...], tuple[tuple[int, int], ...]]:
    """The body's headings and code blocks (body offsets), from one parse."""
    line_starts = [0]
    line_starts.extend(m.end() for m in re.finditer(r"\r\n|\r|\n", body))
    result: list[Heading] = []
    code: list[tuple[int, int]] = []
    try:
        tokens = _PARSER.parse(body)
    except Exception:  # noqa: BLE001 - markdown-it never should, but an outline is not worth a crash
        return (), ()
    for index, token in enumerate(tokens):
        if token.type in ("fence", "code_block") and token.map is not None:
            first, last = token.map
            code.append((line_starts[first] if first < len(line_starts) else len(body),
                         line_starts[last] if last < len(line_starts) else len(body)))
        if token.type != "heading_open" or token.map is None:
            continue
        inline = tokens[index + 1] if index + 1 < len(tokens) else None
        title = inline.content.strip() if inline is not None else ""
        line = token.map[0]
        start = line_starts[line] if line < len(line_starts) else len(body)
        line_end = line_starts[line + 1] if line + 1 < len(line_starts) else len(body)
        line_text = body[start:line_end]
        at = line_text.find(title) if title else -1
        title_start = start + at if at >= 0 else start
        title_end = title_start + len(title) if at >= 0 else start + len(line_text.rstrip("\r\n"))
        result.append(Heading(int(token.tag[1]), title, line, start, title_start, title_end))
    return tuple(result), tuple(code)


def _examples(text: str, base: int) -> list[tuple[int, int]]:
    blocks = []
    position = 0
    while True:
        opening = _EXAMPLE_OPEN.search(text, position)
        if opening is None:
            break
        closing = _EXAMPLE_CLOSE.search(text, opening.end())
        if closing is None:
            break
        blocks.append((base + opening.start(), base + closing.end()))
        position = closing.end()
    return blocks


def sections(model: FileModel) -> list[Section]:
    """Return the heading tree: each section spans until the next heading of the same or higher level."""
    found = headings(model)
    ends = [len(model.text)] * len(found)
    unclosed: list[int] = []  # one pass (a slice per heading was quadratic: 100,000 headings took 20 s)
    for index, heading in enumerate(found):
        while unclosed and found[unclosed[-1]].level >= heading.level:
            ends[unclosed.pop()] = heading.start
        unclosed.append(index)
    roots: list[Section] = []
    stack: list[Section] = []
    for heading, end in zip(found, ends):
        while stack and stack[-1].heading.level >= heading.level:
            stack.pop()
        section = Section(heading, end, tuple(s.heading.title for s in stack))
        (stack[-1].children if stack else roots).append(section)
        stack.append(section)
    return roots


def flat_sections(model: FileModel) -> list[Section]:
    result: list[Section] = []

    def visit(items: list[Section]) -> None:
        for item in items:
            result.append(item)
            visit(item.children)

    visit(sections(model))
    return result


def section_stats(model: FileModel, section: Section) -> tuple[int, int, int]:
    """Return (lines, words, estimated tokens) of a section, heading included."""
    text = model.text[section.heading.start : section.end]
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    words = len(text.split())
    return lines, words, estimated_tokens(text)


def estimated_tokens(text: str) -> int:
    """About how many tokens a model reads for `text`: the usual ~4 characters per token of English prose
    (at least 1). The one estimate behind the outline's, the hover's and the code lenses' token counts."""
    return max(1, round(len(text) / 4))
