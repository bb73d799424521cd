"""The idle warm-up: it serialises a sample of every message kind, and never while input or analyses wait."""

from __future__ import annotations

import asyncio
import json

from agent_lsp.server import server as server_module
from agent_lsp.server.convert import serialisation_samples
from agent_lsp.server.handlers import create_server


def test_samples_cover_every_request_the_server_answers():
    sent = [json.loads(json.dumps(sample, default=create_server().protocol._serialize_message))
            for sample in serialisation_samples()]
    assert sent[0]["method"] == "textDocument/publishDiagnostics"
    assert sent[0]["params"]["diagnostics"][0]["relatedInformation"]
    results = [message["result"] for message in sent if "result" in message]
    assert any(isinstance(result, dict) and result.get("items") and "textEdit" in result["items"][0]
               for result in results)  # a completion list
    assert any(isinstance(result, dict) and "contents" in result for result in results)  # a hover


def test_warm_up_waits_for_idle_moments(monkeypatch):
    serialised: list[int] = []

    class Probe:
        def __init__(self, number: int) -> None:
            self.number = number

        @property
        def __dict__(self):  # what pygls serialises for a plain object
            serialised.append(self.number)
            return {"n": self.number}

    monkeypatch.setattr(server_module, "serialisation_samples", lambda: [Probe(1), Probe(2)])
    ls = create_server()
    busy = {"input": True}
    ls.input_pending = lambda: busy["input"]

    async def scenario() -> tuple[list[int], list[int]]:
        ls.warm_up_when_idle()
        await asyncio.sleep(0.1)
        while_busy = list(serialised)
        busy["input"] = False
        for _ in range(50):
            await asyncio.sleep(0.02)
            if len(serialised) >= 4:
                break
        return while_busy, list(serialised)

    while_busy, after = asyncio.run(scenario())
    assert while_busy == []  # a queued keystroke comes first
    assert after == [1, 1, 2, 2]  # each sample twice: cattrs caches its dispatch on the second use
