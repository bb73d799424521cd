"""Document symbols, folding ranges and document colours end to end."""

from __future__ import annotations

import pytest
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="session")

SAMPLE = """\
---
name: {name}
description: Symbols 😀
tools: Read
color: blue
---
# Role

You are.

## Workflow

Steps.

<example>
user: hi
assistant: hello
</example>

Setext Title
============
Done.
"""


def contains(outer: types.Range, inner: types.Range) -> bool:
    as_tuple = lambda p: (p.line, p.character)  # noqa: E731
    return as_tuple(outer.start) <= as_tuple(inner.start) and as_tuple(inner.end) <= as_tuple(outer.end)


def walk(symbols):
    for symbol in symbols:
        yield symbol
        yield from walk(symbol.children or [])


async def test_document_symbols(client, unique):
    name = unique("symbols")
    uri = client.open(f".claude/agents/{name}.md", SAMPLE.format(name=name))
    symbols = await client.symbols(uri)
    assert all(isinstance(s, types.DocumentSymbol) for s in symbols)
    assert [s.name for s in symbols] == ["frontmatter", "Role", "Setext Title"]

    frontmatter, role, setext = symbols
    assert frontmatter.kind == types.SymbolKind.Namespace
    assert frontmatter.range.start == types.Position(line=0, character=0)
    assert frontmatter.range.end.line == 5
    assert [c.name for c in frontmatter.children] == ["name", "description", "tools", "color"]
    assert [c.kind for c in frontmatter.children] == [types.SymbolKind.Property] * 4
    assert [c.detail for c in frontmatter.children] == [name, "Symbols 😀", "Read", "blue"]
    description = frontmatter.children[1]
    assert client.text_of(uri, description.range) == "description: Symbols 😀"
    assert client.text_of(uri, description.selection_range) == "description"

    assert [c.name for c in role.children] == ["Workflow"]
    assert role.detail == "#" and role.children[0].detail == "##"
    assert client.text_of(uri, role.selection_range) == "Role"
    assert role.range.start.line == 6
    assert role.range.end == types.Position(line=19, character=0)  # exclusive: up to the next heading
    assert setext.range.start.line == 19
    for symbol in walk(symbols):
        assert contains(symbol.range, symbol.selection_range), symbol.name
        for child in symbol.children or []:
            assert contains(symbol.range, child.range), child.name


async def test_the_frontmatter_never_makes_a_heading(client, unique):
    name = unique("no-setext")
    # Without special care, Markdown reads `tools: Read` + the closing `---` as a setext heading.
    uri = client.open(f".claude/agents/{name}.md", f"---\nname: {name}\ndescription: d\ntools: Read\n---\nBody\n")
    assert [s.name for s in await client.symbols(uri)] == ["frontmatter"]

    # A `---` cut mid-line ends the block early (FM004); the rest must not turn into a setext heading.
    client.replace(uri, f"---\nname: {name}\ndescription: Splits work --- then merges\nmodel: haiku\n---\n# Title\n")
    symbols = await client.symbols(uri)
    assert [s.name for s in symbols] == ["frontmatter", "Title"]


async def test_folding_ranges(client, unique):
    name = unique("folding")
    uri = client.open(f".claude/agents/{name}.md", SAMPLE.format(name=name))
    ranges = {(r.start_line, r.end_line) for r in await client.folding(uri)}
    assert (0, 5) in ranges  # the frontmatter
    assert (14, 17) in ranges  # the <example> block
    role = [r for r in ranges if r[0] == 6]
    workflow = [r for r in ranges if r[0] == 10]
    assert len(role) == 1 and 17 <= role[0][1] < 19
    assert len(workflow) == 1 and 17 <= workflow[0][1] < 19
    assert (19, 21) in ranges  # the setext section runs to the end


async def test_document_colour(client, unique):
    name = unique("colour")
    uri = client.open(f".claude/agents/{name}.md", SAMPLE.format(name=name))
    colours = await client.colours(uri)
    assert len(colours) == 1
    assert client.text_of(uri, colours[0].range) == "blue"
    colour = colours[0].color
    assert (round(colour.red * 255), round(colour.green * 255), round(colour.blue * 255)) == (0x3B, 0x82, 0xF6)

    presentations = await client.client.text_document_color_presentation_async(types.ColorPresentationParams(
        text_document=client.doc(uri), color=types.Color(red=0.9, green=0.3, blue=0.3, alpha=1.0),
        range=colours[0].range))
    assert [p.label for p in presentations] == ["red"]

    client.replace(uri, SAMPLE.format(name=name).replace("color: blue", "color: mauve"))
    assert await client.colours(uri) == []
