"""Who loads this file, end to end in both editor profiles: the hover on the opening `---`, the code lens on that
line and its command, and the tools the project uses (detected from its folders, or set in the settings)."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from tests.server.conftest import PROFILES, write_workspace
from tests.server.support import markdown

pytestmark = pytest.mark.asyncio(loop_scope="session")

NO_DESCRIPTION = "---\nname: planner\n---\nYou plan.\n"  # AG005: Claude Code does not load it
GOOD = "---\nname: helper\ndescription: Helps with small tasks\n---\nYou help.\n"


async def _lens(session, uri: str) -> list[types.CodeLens]:
    return await session.client.text_document_code_lens_async(types.CodeLensParams(text_document=session.doc(uri)))


@pytest.mark.parametrize("profile", PROFILES)
async def test_hover_on_the_opening_fence_lists_every_reader(start_session, tmp_path, profile):
    root = write_workspace(tmp_path, {".claude/agents/helper.md": GOOD, ".github/agents/.keep": ""})  # not Cursor
    session = await start_session(profile, root)
    uri = session.open(".claude/agents/planner.md", NO_DESCRIPTION)
    hover = await session.hover(uri, types.Position(line=0, character=1))
    text = markdown(hover)
    assert text.startswith("**Who loads this file**\n\n- **Claude Code** (written for it): drops it\n")
    assert "**AG005** " in text
    assert "- **Copilot CLI**: " in text and "- **Copilot CLI** (not used" not in text
    assert "- **Cursor** (not used by this project): " in text
    assert session.text_of(uri, hover.range) == "---"
    # Anywhere else in the frontmatter the hover is the key's, as before.
    assert "**`name`**" in markdown(await session.hover(uri, types.Position(line=1, character=1)))


@pytest.mark.parametrize("profile", PROFILES)
async def test_code_lens_summarises_and_its_command_shows_the_details(start_session, tmp_path, profile):
    root = write_workspace(tmp_path, {".claude/agents/helper.md": GOOD})
    session = await start_session(profile, root)
    provider = session.result.capabilities.code_lens_provider
    assert provider is not None and not provider.resolve_provider
    assert "agent-lsp.whoLoads" in session.result.capabilities.execute_command_provider.commands

    uri = session.open(".claude/agents/planner.md", NO_DESCRIPTION)
    [lens] = await _lens(session, uri)
    assert lens.range.start == types.Position(line=0, character=0)
    assert session.text_of(uri, lens.range) == "---"
    assert lens.command.title.startswith("Claude Code: drops · Copilot CLI: ")
    assert lens.command.command == "agent-lsp.whoLoads" and list(lens.command.arguments) == [uri]
    shown = await session.client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=lens.command.command, arguments=lens.command.arguments))
    assert shown.startswith("Claude Code drops it: line ") and " AG005 " in shown.splitlines()[0]
    assert session.client.messages[-1].message == shown

    good = session.open(".claude/agents/helper.md", GOOD)
    lens, _roster = await _lens(session, good)  # the agent's roster lens follows (test_code_lenses.py)
    assert lens.command.title.startswith("Claude Code: loads · ")
    assert not await _lens(session, session.open("notes/readme.md", GOOD))  # not agent markdown


@pytest.mark.parametrize("profile", PROFILES)
async def test_the_settings_name_the_tools_the_project_uses(start_session, tmp_path, profile):
    root = write_workspace(tmp_path, {".claude/agents/helper.md": GOOD, ".github/agents/.keep": ""})
    session = await start_session(profile, root, init_options={"tools": ["claude-code", "cursor"]})
    uri = session.open(".claude/agents/planner.md", NO_DESCRIPTION)
    text = markdown(await session.hover(uri, types.Position(line=0, character=0)))
    assert "- **Copilot CLI** (not used by this project): " in text
    assert "- **Cursor**: " in text


@pytest.mark.parametrize("profile", PROFILES)
async def test_editor_settings_and_their_changes_name_the_tools(start_session, tmp_path, profile):
    root = write_workspace(tmp_path, {".claude/agents/helper.md": GOOD, ".github/agents/.keep": ""})
    session = await start_session(profile, root, configuration={"agentLsp": {"tools": ["claude-code"]}})
    uri = session.open(".claude/agents/planner.md", NO_DESCRIPTION)
    at_fence = types.Position(line=0, character=0)

    async def copilot_line() -> str:
        text = markdown(await session.hover(uri, at_fence))
        return next(line for line in text.splitlines() if line.startswith("- **Copilot CLI**"))

    async def until(predicate) -> str:
        for _ in range(500):
            line = await copilot_line()
            if predicate(line):
                return line
            await asyncio.sleep(0.01)
        raise AssertionError(line)

    # workspace/configuration is pulled after `initialized`: the detected Copilot is overridden.
    await until(lambda line: "(not used by this project)" in line)
    session.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"agentLsp": {"tools": ["copilot-cli", "claude-code"]}}))
    await until(lambda line: "(not used by this project)" not in line)
