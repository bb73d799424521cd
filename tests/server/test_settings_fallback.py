"""Bad configuration never stops the server: it falls back to the defaults with one message (the CLI, which
reads the same configuration through `core.config`, exits 2 instead: tests/cli/test_cli_files.py)."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from tests.server.conftest import write_workspace
from tests.server.support import codes, wait_until

pytestmark = pytest.mark.asyncio(loop_scope="session")

AGENT = "---\nname: helper\ndescription: Helps\nskills: shared-notes\n---\nBody\n"
SKILL = "---\nname: shared-notes\ndescription: Notes kept for everyone\n---\nBody\n"


async def one_message(session) -> types.ShowMessageParams:
    await wait_until(lambda: session.client.messages, "window/showMessage")
    await asyncio.sleep(0.2)  # a second message would have arrived by now
    assert len(session.client.messages) == 1, session.client.messages
    return session.client.messages[0]


async def test_a_pyproject_whose_tool_is_not_a_table(start_session, tmp_path, claude_home):
    root = write_workspace(tmp_path, {".claude/agents/helper.md": AGENT.replace("skills: shared-notes\n", ""),
                                                  "pyproject.toml": 'tool = "x"\n'})
    session = await start_session("neovim", root)  # `initialize` used to fail with -32603
    assert codes(await session.diagnostics(session.open(".claude/agents/helper.md", AGENT.replace(
        "skills: shared-notes\n", "")))) == []
    assert "`tool` must be a table" in (await one_message(session)).message


async def test_a_nul_byte_in_a_skill_folder_drops_that_entry_only(start_session, tmp_path, claude_home):
    root = write_workspace(tmp_path, {".claude/agents/helper.md": AGENT})
    shared = tmp_path / "shared-skills" / "shared-notes"
    shared.mkdir(parents=True)
    (shared / "SKILL.md").write_text(SKILL, encoding="utf-8")
    session = await start_session("neovim", root, init_options={
        "claudeConfigDir": str(claude_home), "extraSkillDirectories": ["bad\0dir", str(tmp_path / "shared-skills")]})
    diagnostics = await session.diagnostics(session.open(".claude/agents/helper.md", AGENT))
    assert codes(diagnostics) == []  # no WS001: the good folder was still scanned
    assert "NUL" in (await one_message(session)).message
