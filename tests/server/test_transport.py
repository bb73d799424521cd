"""The stdio transport merges queued changes; the merged notification must leave exactly the same text."""

from __future__ import annotations

import asyncio
import json
import os
import random
import threading

import pytest
from lsprotocol import types

from agent_lsp.server.documents import AgentTextDocument
from agent_lsp.server.transport import ChunkedReader, FdReader, coalesce


def _change(uri: str, version: int, line: int, character: int, text: str) -> bytes:
    return json.dumps({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [{"range": {"start": {"line": line, "character": character},
                                      "end": {"line": line, "character": character}}, "text": text}]}}).encode()


def _plain(body: bytes | dict) -> dict:
    """A message as JSON values: coalesce hands merged changes over parsed, others as they came."""
    return body if isinstance(body, dict) else json.loads(body)


def _apply(document: AgentTextDocument, body: bytes | dict) -> None:
    params = _plain(body)["params"]
    for change in params["contentChanges"]:
        rng = change["range"]
        document.apply_change(types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(**rng["start"]), end=types.Position(**rng["end"])),
            text=change["text"]))
    document.version = params["textDocument"]["version"]


def test_merged_changes_leave_the_same_text_and_version():
    rng = random.Random(7)
    start = "---\nname: a\ndescription: 😀 hello\n---\nBody\r\n"
    bodies = []
    one_by_one = AgentTextDocument("file:///a.md", start, version=1)
    for version in range(2, 60):
        line = rng.randrange(0, 5)
        body = _change("file:///a.md", version, line, rng.randrange(0, 8), rng.choice(["x", ":", "\n", "é", "😀", ""]))
        bodies.append(body)
        _apply(one_by_one, body)
    merged = coalesce(bodies)
    assert len(merged) == 1
    batched = AgentTextDocument("file:///a.md", start, version=1)
    _apply(batched, merged[0])
    assert batched.source == one_by_one.source
    assert batched.version == 59


def test_only_consecutive_changes_of_one_document_merge():
    hover = json.dumps({"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover", "params": {}}).encode()
    bodies = [_change("file:///a.md", 2, 0, 0, "a"), _change("file:///a.md", 3, 0, 0, "b"),
              _change("file:///b.md", 2, 0, 0, "c"), hover, _change("file:///a.md", 4, 0, 0, "d")]
    merged = [_plain(body) for body in coalesce(bodies)]
    assert [m.get("method") for m in merged] == ["textDocument/didChange", "textDocument/didChange",
                                                  "textDocument/hover", "textDocument/didChange"]
    assert [c["text"] for c in merged[0]["params"]["contentChanges"]] == ["a", "b"]
    assert merged[0]["params"]["textDocument"]["version"] == 3
    assert merged[1]["params"]["textDocument"]["uri"] == "file:///b.md"
    assert merged[3]["params"]["textDocument"]["version"] == 4  # not merged across the request


def test_reader_cuts_complete_messages_and_keeps_the_rest():
    reader = ChunkedReader(stream=None)  # type: ignore[arg-type]
    first, second = b'{"a":1}', b'{"b":"\xc3\xa9"}'
    reader.buffer += b"Content-Length: %d\r\n\r\n%s" % (len(first), first)
    reader.buffer += b"Content-Length: %d\r\nContent-Type: x\r\n\r\n%s" % (len(second), second[:4])
    assert reader.has_complete_message()
    assert reader._complete_messages() == [first]
    assert not reader.has_complete_message()
    reader.buffer += second[4:]
    assert reader._complete_messages() == [second]
    assert reader.buffer == bytearray()


def _framed(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def test_a_pipe_is_polled_by_the_loop_and_read_ahead_bytes_come_first():
    read_end, write_end = os.pipe()
    stream = FdReader(read_end)
    stream.buffer += _framed(b'{"n":0}') + b"Content-Len"  # read ahead before the transport takes the pipe
    idle_calls = []
    reader = ChunkedReader(stream, on_idle=lambda: idle_calls.append(len(reader.buffer)))  # type: ignore[arg-type]

    async def scenario() -> list[list[bytes]]:
        reader.start()
        assert reader.fd == read_end  # polled on the loop: no reader thread
        assert not any(thread.name == "agent-lsp-stdin" for thread in threading.enumerate())
        batches = [await reader.messages()]
        os.write(write_end, b"gth: 7\r\n\r\n" + b'{"n":1}' + _framed(b'{"n":2}'))
        assert reader.input_pending()  # read straight from the pipe, though the loop has not polled yet
        batches.append(await reader.messages())
        os.close(write_end)
        batches.append(await reader.messages())
        return batches

    try:
        batches = asyncio.run(scenario())
    finally:
        os.close(read_end)
    assert batches == [[b'{"n":0}'], [b'{"n":1}', b'{"n":2}'], []]
    assert reader.eof


def test_a_regular_file_is_read_by_a_thread(tmp_path):
    path = tmp_path / "input"
    path.write_bytes(_framed(b'{"n":1}') + _framed(b'{"n":2}'))
    with open(path, "rb") as file:
        reader = ChunkedReader(FdReader(file.fileno()))  # type: ignore[arg-type]

        async def scenario() -> list[bytes]:
            reader.start()
            assert reader.fd is None  # epoll cannot poll a regular file
            bodies = []
            while batch := await reader.messages():
                bodies += batch
            return bodies

        assert asyncio.run(scenario()) == [b'{"n":1}', b'{"n":2}']


def test_input_read_while_going_idle_is_not_lost():
    """on_idle starts analyses, which look for input (input_pending) and may read the pipe dry."""
    read_end, write_end = os.pipe()
    reader: ChunkedReader

    def on_idle() -> None:
        if not os.get_blocking(read_end):  # only once the loop polls the pipe
            os.write(write_end, _framed(b'{"n":1}'))
            reader.input_pending()  # reads it into the buffer: the pipe is empty again

    reader = ChunkedReader(FdReader(read_end), on_idle=on_idle)  # type: ignore[arg-type]

    async def scenario() -> list[bytes]:
        reader.start()
        return await asyncio.wait_for(reader.messages(), timeout=2)

    try:
        assert asyncio.run(scenario()) == [b'{"n":1}']
    finally:
        os.close(read_end)
        os.close(write_end)


def _broken(kind: str, version: int) -> bytes:
    message = json.loads(_change("file:///a.md", version, 0, 0, "?"))
    change = message["params"]["contentChanges"][0]
    if kind == "negative line":
        change["range"]["start"]["line"] = -1
    elif kind == "huge character":
        change["range"]["end"]["character"] = 2**31
    elif kind == "no text":
        del change["text"]
    elif kind == "range null":
        change["range"] = None
    elif kind == "change not an object":
        message["params"]["contentChanges"][0] = 5
    elif kind == "uri a number":
        message["params"]["textDocument"]["uri"] = 5
    elif kind == "text a number":
        change["text"] = 5
    return json.dumps(message).encode()



@pytest.mark.parametrize("kind", ["negative line", "huge character", "no text", "range null", "change not an object",
                                  "uri a number", "text a number"])
def test_a_malformed_change_is_not_merged_with_valid_ones(kind: str):
    from agent_lsp.server.handlers import create_server

    protocol = create_server().protocol
    good = [_change("file:///a.md", version, 0, 0, letter)
            for version, letter in ((2, "a"), (3, "b"), (5, "c"), (6, "d"))]
    bad = _broken(kind, 4)
    merged = coalesce(good[:2] + [bad] + good[2:])
    assert len(merged) == 3
    assert merged[1] == bad  # handed over alone, as it came
    for item in (merged[0], merged[2]):  # the valid edits around it still read
        message = protocol.structure_message(_plain(item))
        assert len(message.params.content_changes) == 2
    assert [c["text"] for c in _plain(merged[2])["params"]["contentChanges"]] == ["c", "d"]


_GOOD = b'{"jsonrpc":"2.0","id":7,"method":"shutdown"}'
_REQUEST = b'{"jsonrpc":"2.0","id":6,"method":"textDocument/hover","params":{}}'


def _framed(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


@pytest.mark.parametrize("bad", [
    b"Content-Type: application/vscode-jsonrpc\r\n\r\n" + _REQUEST,  # no Content-Length
    b"Content-Length: abc\r\n\r\n" + _REQUEST,
    b"Content-Length: -5\r\n\r\n" + _REQUEST,
    b"Content-Length: 12abc\r\n\r\n" + _REQUEST,
    b"Content-Length: %d\r\n\r\n%s" % (len(_REQUEST) - 9, _REQUEST),  # too short
    b"Content-Length: %d\r\n\r\n%s" % (len(_REQUEST) + 9, _REQUEST),  # too long: runs into the next header
    b"Content-Length: 99999\r\n\r\n" + _REQUEST,  # far too long, and nothing more will come
    b'garbage {"text": "Content-Length: 5"}',
])
def test_the_reader_resynchronises_on_the_next_header_after_a_framing_error(bad: bytes):
    reader = ChunkedReader(stream=None)  # type: ignore[arg-type]
    reader.buffer += bad + _framed(_GOOD)
    assert reader.has_complete_message()
    bodies = reader._complete_messages()
    assert bodies[-1] == _GOOD
    assert not reader.has_complete_message() and reader._complete_messages() == []
    reader.buffer += _framed(_GOOD)  # and the next message is read as usual
    assert reader._complete_messages() == [_GOOD]


def test_a_body_whose_length_was_too_long_is_still_read_when_it_is_whole():
    reader = ChunkedReader(stream=None)  # type: ignore[arg-type]
    reader.buffer += b"Content-Length: %d\r\n\r\n%s" % (len(_REQUEST) + 30, _REQUEST) + _framed(_GOOD)
    assert reader._complete_messages() == [_REQUEST, _GOOD]


def test_headers_with_bare_line_feeds_are_read():
    reader = ChunkedReader(stream=None)  # type: ignore[arg-type]
    reader.buffer += b"Content-Length: %d\nContent-Type: x\n\n%s" % (len(_REQUEST), _REQUEST) + _framed(_GOOD)
    assert reader._complete_messages() == [_REQUEST, _GOOD]


def test_a_header_split_across_reads_is_waited_for():
    reader = ChunkedReader(stream=None)  # type: ignore[arg-type]
    whole = _framed(_GOOD)
    for cut in range(len(whole)):
        reader.buffer += whole[:cut]
        assert reader._complete_messages() == [], cut
        reader.buffer += whole[cut:]
        assert reader._complete_messages() == [_GOOD]


def _files(*events: tuple[str, int]) -> bytes:
    return json.dumps({"jsonrpc": "2.0", "method": "workspace/didChangeWatchedFiles",
                       "params": {"changes": [{"uri": uri, "type": kind} for uri, kind in events]}}).encode()


def test_consecutive_file_events_merge_in_order_and_a_malformed_one_stays_alone():
    from agent_lsp.server.handlers import create_server

    protocol = create_server().protocol
    bad = _files(("file:///x.md", 7))
    bodies = [_files(("file:///a.md", 1)), _files(("file:///b.md", 2), ("file:///a.md", 3)), bad,
              _files(("file:///c.md", 1)), _change("file:///a.md", 2, 0, 0, "x"), _files(("file:///d.md", 3))]
    merged = coalesce(bodies)
    assert len(merged) == 5
    assert [(e["uri"][-4:], e["type"]) for e in _plain(merged[0])["params"]["changes"]] == [
        ("a.md", 1), ("b.md", 2), ("a.md", 3)]
    assert merged[1] == bad and merged[2] == bodies[3] and merged[4] == bodies[5]
    assert len(protocol.structure_message(_plain(merged[0])).params.changes) == 3
