"""The idle warm-up: it serialises a sample of every message kind, and never while input or analyses wait."""

from __future__ import annotations

import asyncio
import json
import typing

from lsprotocol import types

from agent_lsp.server import server as server_module
from agent_lsp.server.convert import serialisation_samples
from agent_lsp.server.handlers import HANDLERS, create_server


def _answer_types(handler) -> set[type]:
    """The types a handler's answers are made of, from its return annotation (`list[X]` counts as X)."""
    found: set[type] = set()
    for part in typing.get_args(hint) or (hint,) if (hint := typing.get_type_hints(handler)["return"]) else ():
        if typing.get_origin(part) is list:
            part = typing.get_args(part)[0]
        if part is not type(None):
            found.add(part)
    return found


def test_samples_cover_every_request_the_server_answers():
    requests = [handler for method, _, handler in HANDLERS if types.METHOD_TO_TYPES[method][1] is not None
                and method != types.INITIALIZE]  # pygls answers initialize itself, before any idle moment
    sampled = {type(result[0] if isinstance(result, list) else result)
               for sample in serialisation_samples() if (result := getattr(sample, "result", None)) is not None}
    assert len(requests) >= 10
    for handler in requests:
        answer_types = _answer_types(handler)
        assert answer_types, f"{handler.__name__} has no return annotation"
        assert answer_types <= sampled, f"{handler.__name__}: no warm-up sample of {answer_types - sampled}"
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
    warm: list[int] = []
    ls = create_server(when_warm=lambda: warm.append(len(serialised)))
    busy = {"input": True}
    ls.input_pending = lambda: busy["input"]

    async def scenario() -> tuple[list[int], list[int]]:
        ls.warm_up_when_idle()
        await asyncio.sleep(0.1)
        while_busy = list(serialised)
        busy["input"] = False
        for _ in range(100):
            await asyncio.sleep(0.02)
            if warm:
                break
        return while_busy, list(serialised)

    while_busy, after = asyncio.run(scenario())
    assert while_busy == []  # a queued keystroke comes first
    assert after == [1, 1, 2, 2]  # each sample twice: cattrs caches its dispatch on the second use
    assert warm == [4]  # once, when every sample is done: the start lets go of its code cache then
