"""Issue 12 (truth sweep), end to end: what the server shows must match what Claude Code does."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.server.conftest import PROFILES, write_workspace
from tests.server.support import codes, item, labels

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


@pytest.mark.parametrize("profile", PROFILES)
async def test_invalid_utf8_of_the_file_on_disk_is_reported_for_the_open_buffer(start_session, tmp_path, profile):
    root = write_workspace(tmp_path)
    path = root / ".claude/agents/latin.md"
    path.write_bytes(b"---\nname: latin\ndescription: caf\xe9 helper\n---\nBody\n")
    session = await start_session(profile, root)
    # The editor decoded the file itself: the invalid byte is already U+FFFD in the buffer.
    text = path.read_bytes().decode("utf-8", errors="replace")
    uri = session.open(".claude/agents/latin.md", text)
    diagnostics = await session.diagnostics(uri, until=lambda d: "FM017" in codes(d))
    finding = next(d for d in diagnostics if d.code == "FM017")
    assert session.text_of(uri, finding.range) == "\ufffd"
    assert "byte 32" in finding.message

    # Once the buffer no longer matches the file, the byte offsets mean nothing: no FM017.
    session.replace(uri, text.replace("helper", "assistant"))
    assert "FM017" not in codes(await session.diagnostics(uri))


async def test_references_from_a_skill_own_name(client):
    text = (client.root / ".claude/skills/api-design/SKILL.md").read_text(encoding="utf-8")
    uri = client.open(".claude/skills/api-design/SKILL.md", text)
    found = await client.references(uri, client.position(uri, "api-design", 0, 0), declaration=False)
    paths = {loc.uri.rsplit("/", 1)[-1] for loc in found}
    assert {"planner.md", "reviewer.md"} <= paths and "worker.md" not in paths
    client.close(uri)


async def test_completion_in_the_states_a_new_file_starts_in(client, unique):
    name = unique("new-file")
    uri = client.open(f".claude/agents/{name}.md", "---\n\n---\n")
    assert "description" in labels(await client.completion(uri, types.Position(line=1, character=0)))

    client.replace(uri, "---\nname: a\n")  # not closed yet
    after = labels(await client.completion(uri, types.Position(line=2, character=0)))
    assert "description" in after and "name" not in after

    client.replace(uri, "")
    found = await client.completion(uri, types.Position(line=0, character=0))
    snippet = item(found, "frontmatter (agent)")
    assert snippet.kind == types.CompletionItemKind.Snippet
    inserted = snippet.text_edit.new_text if snippet.text_edit else snippet.insert_text
    assert inserted.startswith("---\nname: ") and name.lower() in inserted and "description: " in inserted
    client.close(uri)

    command = client.open(f".claude/commands/{name}.md", "")
    found = await client.completion(command, types.Position(line=0, character=0))
    inserted = item(found, "frontmatter (command)")
    assert "name:" not in (inserted.text_edit.new_text if inserted.text_edit else inserted.insert_text)
    client.close(command)
