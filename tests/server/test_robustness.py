"""Requests the server cannot answer meaningfully get empty results, and it keeps serving afterwards."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.server.support import codes, labels

pytestmark = pytest.mark.asyncio(loop_scope="session")

ORIGIN = types.Position(line=0, character=0)


async def assert_empty_answers(session, uri: str, position: types.Position = ORIGIN) -> None:
    assert await session.completion(uri, position) == []
    assert await session.hover(uri, position) is None
    assert await session.symbols(uri) == []
    assert await session.folding(uri) == []
    assert await session.colours(uri) == []
    assert await session.definition(uri, position) == []
    assert await session.references(uri, position, declaration=True) == []
    assert await session.code_actions(uri, types.Range(start=position, end=position)) == []
    if not session.push:
        assert list((await session.pull(uri)).items) == []


async def test_unknown_and_closed_documents(client, unique):
    await assert_empty_answers(client, client.uri(".claude/agents/never-opened.md"))

    name = unique("closed")
    uri = client.open(f".claude/agents/{name}.md", f"---\nname: {name}\ndescription: d\ncolor: blue\n---\n# Head\n")
    assert await client.symbols(uri) != []
    client.close(uri)
    await assert_empty_answers(client, uri, types.Position(line=3, character=8))

    # Still serving.
    name = unique("after")
    uri = client.open(f".claude/agents/{name}.md", f"---\nname: {name}\ndescription: d\nmodel: \n---\n")
    assert "sonnet" in labels(await client.completion(uri, client.end_of(uri, "model: ")))


async def test_positions_past_the_end(client, unique):
    name = unique("past-end")
    uri = client.open(f".claude/agents/{name}.md", f"---\nname: {name}\ndescription: d\ncolor: mauve\n---\nBody\n")
    far = types.Position(line=500, character=80)
    long_line = types.Position(line=1, character=400)
    for position in (far, long_line):
        await client.completion(uri, position)
        await client.hover(uri, position)
        await client.definition(uri, position)
        await client.code_actions(uri, types.Range(start=position, end=far))
    assert codes(await client.diagnostics(uri)) == ["KY002"]


async def test_hostile_documents_do_not_break_the_server(client, unique):
    texts = [
        "",
        "---",
        "---\n---\n",
        "---\n\tname: [unclosed\n---\n",
        "---\n" + "a: " * 2000 + "\n---\n",
        "---\nx: " + "[" * 500 + "\n---\n",
        "---\na: &a [x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b]\n---\n",
        "\ufeff---\nname: bom\ndescription: d\n---\n\u2028# Heading\u2029\r\r\n",
        "# Only a body\n\n```\n# not a heading\n```\n",
    ]
    for number, text in enumerate(texts):
        name = unique(f"hostile-{number}")
        uri = client.open(f".claude/agents/{name}.md", text)
        await client.diagnostics(uri)
        await client.symbols(uri)
        await client.folding(uri)
        await client.hover(uri, ORIGIN)
        await client.completion(uri, ORIGIN)
        client.close(uri)
    name = unique("survivor")
    uri = client.open(f".claude/agents/{name}.md", f"---\nname: {name}\ndescription: d\ncolor: mauve\n---\n")
    assert codes(await client.diagnostics(uri)) == ["KY002"]
