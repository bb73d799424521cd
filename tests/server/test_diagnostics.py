"""Diagnostics end to end: codes, versions, ranges in the negotiated encoding, stale results, cross-file."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from agent_lsp.core.analysis import Context, analyse
from agent_lsp.core.model import Document
from tests.server.support import by_code, codes, position_at, wait_until

pytestmark = pytest.mark.asyncio(loop_scope="session")

EXPECTED_ENCODING = {"visual_studio_code": "utf-16", "neovim": "utf-8"}


async def test_profiles_negotiate_their_position_encoding(client):
    assert client.encoding == EXPECTED_ENCODING[client.profile]
    assert client.push is (client.profile == "visual_studio_code")


async def test_open_then_incremental_edit(client, unique):
    name = unique("checker")
    text = (f"---\nname: {name}\ndescription: Checks things\ntools: Task, Read\ncolor: mauve\n---\n"
            "You check.\n")
    uri = client.open(f".claude/agents/{name}.md", text)

    diagnostics = await client.diagnostics(uri)
    assert sorted(codes(diagnostics)) == ["KY002", "TL004"]
    ky002, tl004 = by_code(diagnostics, "KY002"), by_code(diagnostics, "TL004")
    assert client.text_of(uri, tl004.range) == "Task"
    assert client.text_of(uri, ky002.range) == "mauve"
    assert ky002.severity == types.DiagnosticSeverity.Warning
    assert tl004.severity == types.DiagnosticSeverity.Information
    assert {d.source for d in diagnostics} == {"agent-lsp"}
    if client.push:
        assert [p.version for p in client.publishes_for(uri)] == [1]

    start = text.index("Task")
    version = client.edit(uri, start, start + len("Task"), "Agent")
    assert version == 2
    diagnostics = await client.diagnostics(uri)
    assert codes(diagnostics) == ["KY002"]
    assert client.text_of(uri, diagnostics[0].range) == "mauve"
    if client.push:
        assert client.publishes_for(uri)[-1].version == 2


async def test_ranges_after_an_emoji_use_the_negotiated_encoding(client, unique):
    name = unique("emoji")
    text = f"---\nname: {name}\ndescription: 😀 Handles issue #42\n---\nBody\n"
    uri = client.open(f".claude/agents/{name}.md", text)

    fm010 = by_code(await client.diagnostics(uri), "FM010")
    # `#42` starts at code point 29 of the line; the emoji is 2 UTF-16 units and 4 UTF-8 bytes.
    expected = {"utf-16": 30, "utf-8": 32}[client.encoding]
    assert fm010.range.start == types.Position(line=2, character=expected)
    assert fm010.range.end == types.Position(line=2, character=expected + 3)

    # An incremental edit after the emoji on the same line, addressed in client units.
    start = text.index("Handles")
    client.edit(uri, start, start + len("Handles"), "Fixes")
    fm010 = by_code(await client.diagnostics(uri), "FM010")
    assert fm010.range.start == types.Position(line=2, character=expected - 2)
    assert client.text_of(uri, fm010.range) == "#42"


async def test_crlf_document(client, unique):
    name = unique("crlf")
    text = (f"---\r\nname: {name}\r\ndescription: 😀 Handles issue #42\r\ncolor: mauve\r\n---\r\n"
            "# Title\r\n\r\nBody\r\n")
    uri = client.open(f".claude/agents/{name}.md", text)

    diagnostics = await client.diagnostics(uri)
    assert sorted(codes(diagnostics)) == ["FM008", "FM010", "KY002"]
    fm010 = by_code(diagnostics, "FM010")
    assert fm010.range.start.line == 2
    assert client.text_of(uri, fm010.range) == "#42"
    ky002 = by_code(diagnostics, "KY002")
    assert ky002.range.start == types.Position(line=3, character=len("color: "))
    assert client.text_of(uri, ky002.range) == "mauve"

    start = text.index("mauve")
    client.edit(uri, start, start + len("mauve"), "blue")
    diagnostics = await client.diagnostics(uri)
    assert sorted(codes(diagnostics)) == ["FM008", "FM010"]
    assert client.texts[uri].count("\r\n") == 8


async def test_files_that_are_not_agent_markdown_get_no_diagnostics(client, unique):
    readme = client.open("README.md", "---\nname: not-an-agent\ntools: Task\ncolor: mauve\n---\n# Readme\n")
    notes = client.open("notes/x.md", "---\nname: x\ntools: Task\ncolor: mauve\n---\n# Notes\n")
    name = unique("sentinel")
    agent = client.open(f".claude/agents/{name}.md", f"---\nname: {name}\ndescription: d\ntools: Task\n---\nB\n")
    # The server handles messages in order: once the agent's result is in, the others' are too.
    assert codes(await client.diagnostics(agent)) == ["TL004"]
    for uri in (readme, notes):
        if client.push:
            assert all(not p.diagnostics for p in client.publishes_for(uri))
        else:
            assert list((await client.pull(uri)).items) == []


async def test_a_burst_of_changes_never_publishes_stale_results(client, unique):
    name = unique("burst")
    path = f".claude/agents/{name}.md"
    text = f"---\nname: {name}\ndescription: Bursty\ntools: Read\n---\nBody\n"
    uri = client.open(path, text)
    await client.diagnostics(uri)
    mark = len(client.publishes)

    texts = {1: text}
    anchor = text.index("tools: Read") + len("tools: Read")
    for number in range(2, 22):  # versions 2..21, sent without awaiting anything in between
        insert = f", Tool{number}" if number % 3 else ", Task"
        version = client.edit(uri, anchor, anchor, insert)
        texts[version] = client.texts[uri]
        anchor += len(insert)
    assert client.versions[uri] == 21

    def expected(version: int) -> list[tuple]:
        """A fresh analysis of the text the client had at `version`, in the client's units."""
        current = texts[version]
        fresh = analyse(Document(current, str(client.root / path)), Context())
        return sorted((f.code, position_at(current, f.span.start_offset, client.encoding),
                       position_at(current, f.span.end_offset, client.encoding), f.message)
                      for f in fresh.findings)

    def got(diagnostics) -> list[tuple]:
        return sorted((str(d.code), d.range.start, d.range.end, d.message) for d in diagnostics)

    assert len(expected(21)) == 20  # 13 unknown tools and 7 legacy `Task`
    diagnostics = await client.diagnostics(uri)
    assert got(diagnostics) == expected(21)
    if client.push:
        await asyncio.sleep(0.3)  # let any late (stale) publish arrive before judging
        publishes = client.publishes_for(uri, mark)
        versions = [p.version for p in publishes]
        assert versions[-1] == 21
        assert all(a < b for a, b in zip(versions, versions[1:])), versions
        for publish in publishes:  # each result belongs to the version it claims
            assert got(publish.diagnostics) == expected(publish.version), publish.version


async def test_closing_clears_diagnostics(client, unique):
    name = unique("closing")
    uri = client.open(f".claude/agents/{name}.md", f"---\nname: {name}\ndescription: d\ncolor: mauve\n---\nB\n")
    assert codes(await client.diagnostics(uri)) == ["KY002"]
    mark = len(client.publishes)
    client.close(uri)
    if client.push:
        publish = await wait_until(lambda: client.publishes_for(uri, mark), "the publish after close")
        assert list(publish[-1].diagnostics) == []
    else:
        assert list((await client.pull(uri)).items) == []


async def test_duplicate_names_in_one_agents_folder(client, unique):
    twin = unique("twin")
    first = client.open(f".claude/agents/{twin}-a.md", f"---\nname: {twin}\ndescription: One\n---\nB\n")
    assert "WS002" not in codes(await client.diagnostics(first))
    second = client.open(f".claude/agents/{twin}-b.md", f"---\nname: {twin}\ndescription: Two\n---\nB\n")

    assert "WS002" in codes(await client.diagnostics(second))
    ws002 = by_code(await client.diagnostics(first, until=lambda d: "WS002" in codes(d)), "WS002")
    assert client.text_of(first, ws002.range) == twin
    assert [r.location.uri for r in ws002.related_information or []] == [second]

    mark = len(client.publishes)
    start = client.texts[second].index(twin)
    client.edit(second, start, start + len(twin), f"{twin}-renamed")
    assert "WS002" not in codes(await client.diagnostics(second))
    assert "WS002" not in codes(await client.diagnostics(first, after=mark, until=lambda d: "WS002" not in codes(d)))
    if client.push:
        await asyncio.sleep(0.1)
        assert "WS002" not in codes(client.publishes_for(first)[-1].diagnostics)


async def test_pull_result_ids(client, unique):
    if client.push:
        pytest.skip("the push profile does not pull")
    name = unique("result-id")
    uri = client.open(f".claude/agents/{name}.md", f"---\nname: {name}\ndescription: d\ncolor: mauve\n---\nB\n")
    first = await client.pull(uri)
    assert first.result_id and codes(first.items) == ["KY002"]

    def pull_since(result_id):
        return client.client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=result_id))

    unchanged = await pull_since(first.result_id)
    assert unchanged.kind == "unchanged"
    assert unchanged.result_id == first.result_id

    start = client.texts[uri].index("mauve")
    client.edit(uri, start, start + len("mauve"), "blue")
    changed = await pull_since(first.result_id)
    assert changed.kind == "full"
    assert changed.result_id != first.result_id and list(changed.items) == []
