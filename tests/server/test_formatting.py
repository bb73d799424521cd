"""textDocument/formatting end to end, in both client profiles: one edit, lossless, in the client's units."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.server.support import apply_text_edits

pytestmark = pytest.mark.asyncio(loop_scope="session")

# Needs the lenient retry (`: ` in a plain value, a backtick first), has an emoji before the value (UTF-16 and
# UTF-8 columns differ) and a double-quoted value with `\n` escapes.
AGENT = ("---\nname: {name}\ndescription: 📋 Plans work: carefully\nmodel: sonnet\n"
         "argument-hint: \"First\\nSecond\"\n---\nBody 📋\n")
FORMATTED = ("---\nname: {name}\ndescription: |-\n  📋 Plans work: carefully\nmodel: sonnet\n"
             "argument-hint: |-\n  First\n  Second\n---\nBody 📋\n")
SKILL = "---\r\nname: {name}\r\ndescription: \"Two\\nlines\"\r\n---\r\nBody 📋\r\n"
SKILL_FORMATTED = "---\nname: {name}\ndescription: |-\n  Two\n  lines\n---\nBody 📋\n"


async def _format(session, uri: str) -> list[types.TextEdit]:
    return list(await session.client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=session.doc(uri), options=types.FormattingOptions(tab_size=2, insert_spaces=True))) or [])


async def test_formatting_an_agent_and_a_skill(client, unique):
    assert client.result.capabilities.document_formatting_provider
    name = unique("formatted")
    uri = client.open(f".claude/agents/{name}.md", AGENT.format(name=name))
    edits = await _format(client, uri)
    assert len(edits) == 1
    assert apply_text_edits(client.texts[uri], edits, client.encoding) == FORMATTED.format(name=name)

    skill = client.open(f".claude/skills/{name}/SKILL.md", SKILL.format(name=name))
    edits = await _format(client, skill)
    assert apply_text_edits(client.texts[skill], edits, client.encoding) == SKILL_FORMATTED.format(name=name)


async def test_nothing_to_format(client, unique):
    name = unique("tidy")
    uri = client.open(f".claude/agents/{name}.md", f"---\nname: {name}\ndescription: Tidy\n---\nBody\n")
    assert await _format(client, uri) == []
