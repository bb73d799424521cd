"""What a long session leaves behind: nothing per notification, nothing of a closed document.

Structural facts only (RSS figures are measured by benchmarks/memory_soak.py).
"""

from __future__ import annotations

import asyncio
import gc
import weakref

import pytest

from agent_lsp.server import server as server_module
from agent_lsp.server.documents import AgentTextDocument
from tests.server.support import in_process_server

AGENT = "---\nname: soak\ndescription: Soaks up edits.\n---\nBody\n"


def _session(scenario):
    ls, send = in_process_server()

    async def run():
        send({"id": 1, "method": "initialize", "params": {"capabilities": {}, "processId": None, "rootUri": None}})
        send({"method": "initialized", "params": {}})
        return await scenario(ls, send)

    return asyncio.run(run())


async def _turns(count: int = 3) -> None:
    for _ in range(count):
        await asyncio.sleep(0)


def _open(send, uri: str, text: str = AGENT) -> None:
    send({"method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})


def _type(send, uri: str, version: int, text: str = "x") -> None:
    position = {"line": 4, "character": 0}
    send({"method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": version},
                     "contentChanges": [{"range": {"start": position, "end": position}, "text": text}]}})


def test_notifications_leave_no_futures_behind():
    async def scenario(ls, send):
        await asyncio.sleep(0.05)  # `initialized` starts the scan and pulls nothing: let it finish
        uri = "file:///w/.claude/agents/soak.md"
        _open(send, uri)
        for version in range(2, 502):
            _type(send, uri, version)
        send({"method": "workspace/didChangeWatchedFiles", "params": {"changes": []}})
        send({"method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}})
        send({"id": 2, "method": "textDocument/hover",
              "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}})
        await _turns()
        return dict(ls.protocol._request_futures)

    assert _session(scenario) == {}


@pytest.mark.parametrize("on_the_thread", [False, True])
def test_a_closed_document_is_gone(on_the_thread: bool, monkeypatch):
    if on_the_thread:  # analyses still running when the documents close
        monkeypatch.setattr(server_module, "INLINE_FIRST_ANALYSIS_CHARS", 0)

    async def scenario(ls, send):
        uris = [f"file:///w/.claude/agents/gone-{index}.md" for index in range(20)]
        for uri in uris:
            _open(send, uri)
            _type(send, uri, 2)
        await _turns()
        documents = [weakref.ref(ls.workspace.get_text_document(uri)) for uri in uris]
        for uri in uris:
            send({"method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}})
        for _ in range(500):  # analyses still running on the thread (a slow machine) finish first
            if not ls._analysing:
                break
            await asyncio.sleep(0.01)
        await _turns()
        gc.collect()
        alive = [ref() for ref in documents if ref() is not None]
        state = (ls.cache._entries, ls.symbol_cache, ls._analysis_seconds, ls.index.buffers, ls._pending)
        return alive, [uri for table in state for uri in table]

    alive, remembered = _session(scenario)
    assert alive == [] and remembered == []


def test_an_edited_document_keeps_no_copy_of_its_previous_text():
    from lsprotocol import types

    def cached_text(document: AgentTextDocument):
        return document._cache[0]

    document = AgentTextDocument("file:///a.md", "old text\n" * 1000, version=1)
    assert document.lines  # splits and caches the lines of the old text
    document.apply_change(types.TextDocumentContentChangeWholeDocument(text="new text\n"))
    assert cached_text(document) in (None, document.source)
    assert document.lines
    at = types.Position(line=0, character=0)
    document.apply_change(types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text="a"))
    assert cached_text(document) in (None, document.source)
    assert document.lines
    after = types.Position(line=0, character=1)
    document.apply_change(types.TextDocumentContentChangePartial(range=types.Range(start=after, end=after), text="b"))
    assert document.source == "abnew text\n"  # the typing run joined on reading
    assert cached_text(document) in (None, document.source)
