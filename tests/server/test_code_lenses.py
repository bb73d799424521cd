"""The code lenses beside "who loads this file", end to end in both editor profiles: on a skill or command, who
uses it (its command lists the uses, as VS Code's references view takes them); on an agent, its roster entry's
size and its tool count."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pygls.uris import to_fs_path

from tests.server.conftest import PROFILES, write_workspace
from tests.server.support import range_text

pytestmark = pytest.mark.asyncio(loop_scope="session")

SKILL = "---\nname: helper\ndescription: Helps\n---\nHelp.\n"
FILES = {
    ".claude/skills/helper/SKILL.md": SKILL,
    ".claude/skills/lonely/SKILL.md": "---\nname: lonely\ndescription: Nobody uses it\n---\nAlone.\n",
    # A multi-byte name before the use: its column differs in UTF-16 and UTF-8.
    ".claude/agents/first.md": "---\nname: first\ndescription: d\nskills: [ünï-😀, helper]\n---\nB\n",
    ".claude/agents/second.md": "---\nname: second\ndescription: d\ntools: Read, Skill(helper)\nskills: helper\n---\nB\n",
    ".claude/agents/third.md": "---\nname: third\ndescription: d\n---\nB\n",
    ".claude/commands/ship.md": "---\ndescription: Ships\nallowed-tools: Skill(helper)\n---\nShip.\n",
}
AGENT = ("---\nname: writer\ndescription: \"Écrit des notes 😀\\\\nwith a second line\"\n"
         "tools: Read, Bash(git log *), Bash, Nope, AskUserQuestion\n---\nYou write.\n")


async def _lenses(session, uri: str) -> list[types.CodeLens]:
    return await session.client.text_document_code_lens_async(types.CodeLensParams(text_document=session.doc(uri)))


def _where(session, location: types.Location) -> tuple[str, str]:
    path = to_fs_path(location.uri)
    text = open(path, encoding="utf-8").read()
    return path.replace(str(session.root), "").lstrip("/"), range_text(text, location.range, session.encoding)


@pytest.mark.parametrize("profile", PROFILES)
async def test_a_skill_lens_counts_its_users_and_its_command_lists_their_uses(start_session, tmp_path, profile):
    session = await start_session(profile, write_workspace(tmp_path, FILES))
    assert "agent-lsp.showReferences" in session.result.capabilities.execute_command_provider.commands
    uri = session.open(".claude/skills/helper/SKILL.md", SKILL)
    who, used = await _lenses(session, uri)
    assert who.command.command == "agent-lsp.whoLoads"  # still there, first
    assert used.command.title == "used by 2 agents, 1 command"
    assert used.range.start == types.Position(line=0, character=0) and session.text_of(uri, used.range) == "---"

    assert used.command.command == "agent-lsp.showReferences"
    target, position, locations = used.command.arguments
    assert target == uri and position == {"line": 0, "character": 0}
    places = sorted(_where(session, types.Location(
        uri=location["uri"], range=types.Range(start=types.Position(**location["range"]["start"]),
                                               end=types.Position(**location["range"]["end"]))))
        for location in locations)
    assert places == [(".claude/agents/first.md", "helper"), (".claude/agents/second.md", "helper"),
                      (".claude/agents/second.md", "helper"), (".claude/commands/ship.md", "helper")]

    shown = await session.client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=used.command.command, arguments=used.command.arguments))
    assert shown == locations
    assert session.client.messages[-1].message.splitlines() == [
        "4 uses:", ".claude/agents/first.md:4", ".claude/agents/second.md:4", ".claude/agents/second.md:5",
        ".claude/commands/ship.md:3"]


@pytest.mark.parametrize("profile", PROFILES)
async def test_a_skill_nobody_uses_and_a_count_that_follows_the_workspace(start_session, tmp_path, profile):
    session = await start_session(profile, write_workspace(tmp_path, FILES))
    lonely = session.open(".claude/skills/lonely/SKILL.md", "---\nname: lonely\ndescription: Nobody uses it\n---\n")
    [_who, used] = await _lenses(session, lonely)
    assert used.command.title == "used by no agent" and used.command.command == ""  # nothing to show

    # An open agent starts using it: the count follows the buffer, not the disk.
    third = session.open(".claude/agents/third.md", "---\nname: third\ndescription: d\nskills: lonely\n---\nB\n")
    await session.diagnostics(third)
    [_who, used] = await _lenses(session, lonely)
    assert used.command.title == "used by 1 agent"
    # A command is a skill too; a file no Claude Code skill gets no "used by" lens.
    ship = session.open(".claude/commands/ship.md", FILES[".claude/commands/ship.md"])
    assert [lens.command.title for lens in await _lenses(session, ship)][1:] == ["used by no agent"]
    assert all(not lens.command.title.startswith("used by") for lens in await _lenses(session, third))


@pytest.mark.parametrize("profile", PROFILES)
async def test_an_agent_lens_sizes_its_roster_entry_and_counts_its_tools(start_session, tmp_path, profile):
    session = await start_session(profile, write_workspace(tmp_path, FILES))
    uri = session.open(".claude/agents/writer.md", AGENT)
    who, roster = await _lenses(session, uri)
    assert who.command.command == "agent-lsp.whoLoads"
    # "Écrit des notes 😀" + newline (from `\n`) + "with a second line": 36 characters as Claude Code reads them;
    # Read and Bash: `Bash(...)` is Bash, `Nope` is dropped, AskUserQuestion is removed from every subagent.
    assert roster.command.title == "description: 36 chars, ~9 tokens · 2 tools"
    assert roster.command.command == ""  # it only informs
    assert session.text_of(uri, roster.range) == "description"

    session.replace(uri, "---\nname: writer\ndescription: |\n  Two\n  lines\ndisallowedTools: Write, Edit\n---\n")
    [_who, roster] = await _lenses(session, uri)
    assert roster.command.title == "description: 10 chars, ~2 tokens · all tools but 2"
    session.replace(uri, "---\nname: writer\n---\n")  # no description: Claude Code does not load it
    assert [lens.command.command for lens in await _lenses(session, uri)] == ["agent-lsp.whoLoads"]
