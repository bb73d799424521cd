"""Files of every tool end to end: watched, analysed in place, kept out of Claude Code's index, and a tool folder
created while the server runs changes which tools the project uses."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from tests.server.conftest import PROFILES, write_workspace
from tests.server.support import codes, markdown

pytestmark = pytest.mark.asyncio(loop_scope="session")

CLAUDE = "---\nname: reviewer\ndescription: Reviews code\n---\nYou review.\n"
COPILOT = "---\nname: reviewer\ndescription: Reviews code for Copilot\n---\nYou review.\n"


@pytest.mark.parametrize("profile", PROFILES)
async def test_another_tools_agent_is_not_one_claude_code_can_spawn(start_session, tmp_path, profile):
    root = write_workspace(tmp_path, {".claude/agents/reviewer.md": CLAUDE,
                                      ".github/agents/copilot-only.agent.md": COPILOT.replace("reviewer", "copilot-only")})
    session = await start_session(profile, root)
    uri = session.open(".claude/agents/lead.md", "---\nname: lead\ndescription: Leads\ntools: Agent(copilot-only)\n---\n")
    assert "WS003" in codes(await session.diagnostics(uri))  # Claude Code knows no agent `copilot-only`
    items = await session.completion(uri, session.end_of(uri, "Agent("))
    assert "reviewer" in {item.label for item in items} and "copilot-only" not in {item.label for item in items}
    if profile == "visual_studio_code":
        patterns = [w["globPattern"] for r in session.client.registrations
                    if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES for w in r.register_options["watchers"]]
        assert {"**/*.md", "**/*.mdc", "**/.cursor", "**/opencode.json"} <= set(patterns)


@pytest.mark.parametrize("profile", PROFILES)
async def test_other_tools_files_get_their_dialects_completion(start_session, tmp_path, profile):
    root = write_workspace(tmp_path, {".claude/agents/helper.md": CLAUDE})
    session = await start_session(profile, root)
    for relative in (".cursor/rules/style.mdc", ".opencode/agent/review.md", ".github/prompts/x.prompt.md"):
        uri = session.open(relative, "---\n\n---\nBody\n")
        await session.diagnostics(uri)
        items = await session.completion(uri, types.Position(line=1, character=0))
        assert "permissionMode" not in {item.label for item in items}, relative  # a Claude Code key


@pytest.mark.parametrize("profile", PROFILES)
async def test_a_tool_folder_created_later_makes_the_project_use_that_tool(start_session, tmp_path, profile):
    root = write_workspace(tmp_path, {".claude/agents/helper.md": CLAUDE})
    session = await start_session(profile, root)
    uri = session.open(".claude/agents/reviewer.md", CLAUDE)
    at_fence = types.Position(line=0, character=0)
    assert "- **Cursor** (not used by this project)" in markdown(await session.hover(uri, at_fence))

    refreshes = session.client.code_lens_refreshes
    rule = root / ".cursor/rules/style.mdc"
    rule.parent.mkdir(parents=True)
    rule.write_text("---\ndescription: Style\nalwaysApply: true\n---\nUse tabs.\n", encoding="utf-8")
    session.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=rule.as_uri(), type=types.FileChangeType.Created)]))

    async def cursor_in_use() -> bool:
        return "- **Cursor**: " in markdown(await session.hover(uri, at_fence))

    for _ in range(500):
        if await cursor_in_use():
            break
        await asyncio.sleep(0.01)
    assert await cursor_in_use()
    if profile == "visual_studio_code":  # it declares workspace.codeLens.refreshSupport: the lens is asked again
        assert session.client.code_lens_refreshes > refreshes
