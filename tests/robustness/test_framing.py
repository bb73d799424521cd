"""Framing errors on the real wire: the server logs them, finds the next header and keeps answering."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.robustness.conftest import StartServer, make_workspace

HOVER = {"textDocument": {"uri": "file:///nowhere/a.md"}, "position": {"line": 0, "character": 0}}


def _request(request_id: int) -> bytes:
    return json.dumps({"jsonrpc": "2.0", "id": request_id, "method": "textDocument/hover", "params": HOVER}).encode()


def _bad_frames(body: bytes) -> dict[str, bytes]:
    return {
        "no Content-Length": b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + body,
        "Content-Length: abc": b"Content-Length: abc\r\n\r\n" + body,
        "Content-Length: -5": b"Content-Length: -5\r\n\r\n" + body,
        "length too short": b"Content-Length: %d\r\n\r\n%s" % (len(body) - 7, body),
        "length too long": b"Content-Length: %d\r\n\r\n%s" % (len(body) + 7, body),
        "junk between messages": b"\x00\xffnot a header at all\r\n\r\n",
    }


@pytest.mark.parametrize("kind", list(_bad_frames(b"{}")))
def test_the_server_answers_after_a_framing_error(tmp_path: Path, start_server: StartServer, kind: str):
    server = start_server(make_workspace(tmp_path / "ws"))
    server.send_raw(_bad_frames(_request(900))[kind])
    answer = server.request("textDocument/hover", HOVER)
    assert "result" in answer, answer
    server.send_raw(_bad_frames(_request(901))[kind])  # and again: it was not a one-off recovery
    assert "result" in server.request("textDocument/hover", HOVER)
    assert server.shutdown() == 0


def test_bare_line_feed_headers_are_read(tmp_path: Path, start_server: StartServer):
    server = start_server(make_workspace(tmp_path / "ws"))
    body = _request(77)
    server.send_raw(b"Content-Length: %d\n\n%s" % (len(body), body))
    assert "result" in server.response(77)
