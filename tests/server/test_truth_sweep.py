"""Issue 12 (truth sweep), end to end: what the server shows must match what Claude Code does."""

from __future__ import annotations

import os

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


async def test_a_fifo_on_disk_never_stalls_the_invalid_utf8_lookup(start_session, tmp_path):
    # The lookup reads the file behind the buffer: reading a FIFO would block the event loop for good.
    root = write_workspace(tmp_path)
    os.mkfifo(root / ".claude/agents/pipe.md")
    session = await start_session("neovim", root)
    uri = session.open(".claude/agents/pipe.md", "---\nname: pipe\ndescription: caf\ufffd helper\n---\nBody\n")
    assert "FM017" not in codes(await session.diagnostics(uri))
    later = session.open(".claude/agents/after.md", "---\nname: after\ndescription: d\ncolor: purpel\n---\n")
    assert "KY002" in codes(await session.diagnostics(later))


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


SETTINGS_AGENT = "---\nname: configured\ndescription: d\ntools: Task, Read\ncolor: mauve\n---\nBody\n"


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("file_name", [".agent-lsp.toml", "pyproject.toml"])
async def test_project_settings_file_edits_are_applied_without_a_restart(start_session, tmp_path, profile, file_name):
    root = write_workspace(tmp_path)
    settings = root / file_name
    header = "[tool.agent-lsp]\n" if file_name == "pyproject.toml" else ""
    settings.write_text(header + 'disable = ["TL004"]\n', encoding="utf-8")
    session = await start_session(profile, root)
    uri = session.open(".claude/agents/configured.md", SETTINGS_AGENT)
    assert codes(await session.diagnostics(uri)) == ["KY002"]

    settings.write_text(header + 'disable = ["KY002"]\n', encoding="utf-8")
    mark = len(session.publishes)
    session.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=settings.as_uri(), type=types.FileChangeType.Changed)]))
    after = await session.diagnostics(uri, after=mark, until=lambda d: "KY002" not in codes(d))
    assert codes(after) == ["TL004"]

    settings.unlink()
    mark = len(session.publishes)
    session.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=settings.as_uri(), type=types.FileChangeType.Deleted)]))
    after = await session.diagnostics(uri, after=mark, until=lambda d: "KY002" in codes(d))
    assert sorted(codes(after)) == ["KY002", "TL004"]


async def test_settings_file_is_watched(start_session, tmp_path):
    session = await start_session("visual_studio_code", write_workspace(tmp_path))
    patterns = [w["globPattern"] for r in session.client.registrations
                if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES for w in r.register_options["watchers"]]
    assert "**/.agent-lsp.toml" in patterns and "**/pyproject.toml" in patterns


async def test_editor_disabled_rules_add_to_the_project_file(start_session, tmp_path, claude_home):
    root = write_workspace(tmp_path)
    (root / ".agent-lsp.toml").write_text('disable = ["TL004"]\n', encoding="utf-8")
    # VS Code sends its `disabledRules` (default []) with every configuration: the project's list stays.
    session = await start_session("visual_studio_code", root, init_options={"claudeConfigDir": str(claude_home)},
                                  configuration={"agentLsp": {"disabledRules": []}})
    uri = session.open(".claude/agents/configured.md", SETTINGS_AGENT)
    assert codes(await session.diagnostics(uri)) == ["KY002"]
    mark = len(session.publishes)
    session.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"agentLsp": {"disabledRules": ["KY002"]}}))
    assert codes(await session.diagnostics(uri, after=mark, until=lambda d: not d)) == []


async def test_convert_to_lf_quick_fix_changes_the_file(client, unique):
    from tests.server.support import apply_text_edits, by_code

    name = unique("crlf")
    text = f"---\r\nname: {name}\r\ndescription: d\r\n---\r\nBody\r\n"
    uri = client.open(f".claude/agents/{name}.md", text)
    diagnostic = by_code(await client.diagnostics(uri), "FM008")
    actions = await client.code_actions(uri, diagnostic.range, [diagnostic])
    action = next(a for a in actions if a.title == "Convert the file to LF line endings")
    edits = list(action.edit.changes[uri])
    assert all(e.range.start != e.range.end or e.new_text for e in edits), edits  # no empty edit
    fixed = apply_text_edits(text, edits, client.encoding)
    assert fixed == text.replace("\r\n", "\n")
    client.close(uri)
