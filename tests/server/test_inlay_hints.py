"""Inlay hints end to end, in both client profiles (positions in the client's units, CRLF and emoji)."""

from __future__ import annotations

import pytest
from lsprotocol import types

from agent_lsp.core.catalogue import MODEL_ALIAS_IDS

pytestmark = pytest.mark.asyncio(loop_scope="session")

AGENT = ("---\r\nname: {name}\r\ndescription: 📄 Fixes issue #42 in C# code\r\nmodel: opus\r\n"
         "tools: {{Read: true}}\r\n---\r\nBody 📄\r\n")


async def test_hints_of_an_agent(client, unique):
    assert client.result.capabilities.inlay_hint_provider is not None
    name = unique("hinted")
    uri = client.open(f".claude/agents/{name}.md", AGENT.format(name=name))
    text = client.texts[uri]
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=9, character=0))
    hints = await client.client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=client.doc(uri), range=whole))
    found = [(hint.label, hint.position) for hint in hints]
    assert found == [
        ("value ends", client.position(uri, "#42")),
        (MODEL_ALIAS_IDS["opus"], client.end_of(uri, "model: opus")),
        ("0 tools", client.end_of(uri, "tools:")),
    ]
    assert all(isinstance(hint.tooltip, types.MarkupContent) and hint.tooltip.value for hint in hints)
    assert "Fixes issue" in text

    only_model = types.Range(start=types.Position(line=3, character=0), end=types.Position(line=3, character=20))
    hints = await client.client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=client.doc(uri), range=only_model))
    assert [hint.label for hint in hints] == [MODEL_ALIAS_IDS["opus"]]
