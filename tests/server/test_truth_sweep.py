"""Issue 12 (truth sweep), end to end: what the server shows must match what Claude Code does."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_outline_details_show_yaml_not_python(client, unique):
    name = unique("details")
    text = (f"---\nname: {name}\ndescription: d\ntools: [Read, Grep]\nbackground: true\n"
            "hooks: {PreToolUse: []}\n---\nBody\n")
    uri = client.open(f".claude/agents/{name}.md", text)
    symbols = await client.symbols(uri)
    details = {child.name: child.detail for child in symbols[0].children}
    assert details["tools"] == "[Read, Grep]"
    assert details["background"] == "true"
    assert details["hooks"] == "{PreToolUse: []}"
    client.close(uri)
