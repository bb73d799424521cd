"""Cached analyses belong to a text, not to a version number: a reused version with other text is re-analysed."""

from __future__ import annotations

import asyncio
import json

from agent_lsp.server.handlers import create_server

URI = "file:///w/.claude/agents/cached.md"
GOOD = "---\nname: cached\ndescription: Cache keys.\ncolor: red\n---\nBody\n"
BAD = GOOD.replace("color: red", "color: rex")  # the same length, the same version


def _session(pull: bool, scenario):
    ls = create_server()
    responses: dict = {}
    published: list = []

    class Writer:
        def write(self, data: bytes) -> None:
            body = json.loads(data.split(b"\r\n\r\n", 1)[1])
            if "id" in body and "method" not in body:
                responses[body["id"]] = body
            elif body.get("method") == "textDocument/publishDiagnostics":
                published.append(body["params"])

        def close(self) -> None:
            pass

    ls.protocol.set_writer(Writer())
    ids = iter(range(100, 10_000))

    def send(message: dict) -> None:
        ls.protocol.handle_message(json.loads(json.dumps({"jsonrpc": "2.0", **message}),
                                              object_hook=ls.protocol.structure_message))

    async def request(method: str, params: dict) -> dict:
        number = next(ids)
        send({"id": number, "method": method, "params": params})
        for _ in range(500):
            if number in responses:
                return responses.pop(number)
            await asyncio.sleep(0.01)
        raise AssertionError(f"no answer to {method}")

    async def run():
        caps = {"textDocument": {"diagnostic": {}}} if pull else {}
        await request("initialize", {"capabilities": caps, "processId": None, "rootUri": None})
        return await scenario(send, request, published)

    return asyncio.run(run())


def _replace_all(send, version: int, text: str) -> None:
    send({"method": "textDocument/didChange", "params": {"textDocument": {"uri": URI, "version": version},
                                                         "contentChanges": [{"text": text}]}})


def _open(send, text: str) -> None:
    send({"method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": URI, "languageId": "markdown", "version": 1, "text": text}}})


def test_pulled_diagnostics_follow_the_text_when_a_version_number_repeats():
    async def scenario(send, request, published):
        _open(send, GOOD)
        first = (await request("textDocument/diagnostic", {"textDocument": {"uri": URI}}))["result"]
        _replace_all(send, 1, BAD)  # a client that sends the same version number again
        again = (await request("textDocument/diagnostic", {"textDocument": {"uri": URI},
                                                           "previousResultId": first["resultId"]}))["result"]
        return first, again

    first, again = _session(True, scenario)
    assert first["kind"] == "full" and first["items"] == []
    assert again["kind"] == "full", "the old report was declared unchanged"
    assert [item["range"]["start"]["line"] for item in again["items"]] == [3]


def test_hover_uses_the_analysis_of_the_current_text():
    async def scenario(send, request, published):
        _open(send, GOOD)
        position = {"line": 3, "character": 8}
        before = await request("textDocument/hover", {"textDocument": {"uri": URI}, "position": position})
        _replace_all(send, 1, BAD)
        after = await request("textDocument/hover", {"textDocument": {"uri": URI}, "position": position})
        return before["result"]["contents"]["value"], after["result"]["contents"]["value"]

    before, after = _session(True, scenario)
    assert "`red`" in before
    assert "`rex`" in after and "KY002" in after
