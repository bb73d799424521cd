"""The server finds the project itself when the client's root is a folder inside `.claude/` or a plugin.

Editors outside a git repository often send the open file's folder as the root (eglot does:
`<proj>/.claude/agents`). Scanning only that folder misses `<proj>/.claude/skills`, so every `skills:` entry
got a false WS001 ("No skill named ..."). No `.git` folder exists in these workspaces.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_lsp.files import project_root_for_client_root
from tests.server.conftest import PROFILES
from tests.server.support import codes

ON_SESSION_LOOP = pytest.mark.asyncio(loop_scope="session")

SKILL = "---\nname: x\ndescription: Does x. Use when asked for x.\n---\nBody\n"
AGENT = "---\nname: uses-x\ndescription: Uses skill x\nskills: x\n---\nYou use x.\n"
MISSING = "---\nname: uses-y\ndescription: Uses skill y\nskills: y-does-not-exist\n---\nYou use y.\n"


def make_project(tmp_path: Path) -> Path:
    project = tmp_path / "proj"
    (project / ".claude/skills/x").mkdir(parents=True)
    (project / ".claude/agents").mkdir(parents=True)
    (project / ".claude/skills/x/SKILL.md").write_text(SKILL, encoding="utf-8")
    assert not any(folder.joinpath(".git").exists() for folder in [project, *project.parents])
    return project


@pytest.mark.parametrize("profile", PROFILES)
@ON_SESSION_LOOP
async def test_client_root_inside_claude_folder_resolves_project_skills(start_session, tmp_path, profile):
    project = make_project(tmp_path)
    session = await start_session(profile, project / ".claude/agents")

    uri = session.open("uses-x.md", AGENT)
    assert "WS001" not in codes(await session.diagnostics(uri))
    # The cross-file check is live (a really missing skill is still reported), so the above can fail.
    missing = session.open("uses-y.md", MISSING)
    assert "WS001" in codes(await session.diagnostics(missing))


@ON_SESSION_LOOP
async def test_client_root_inside_a_plugin_resolves_plugin_skills(start_session, tmp_path):
    plugin = tmp_path / "plugin"
    (plugin / ".claude-plugin").mkdir(parents=True)
    (plugin / ".claude-plugin/plugin.json").write_text('{"name": "demo"}', encoding="utf-8")
    (plugin / "skills/x").mkdir(parents=True)
    (plugin / "skills/x/SKILL.md").write_text(SKILL, encoding="utf-8")
    (plugin / "agents").mkdir()
    session = await start_session("neovim", plugin / "agents")

    uri = session.open("uses-x.md", AGENT)
    assert "WS001" not in codes(await session.diagnostics(uri))


def test_project_root_for_client_root(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    assert project_root_for_client_root(project / ".claude/agents") == project
    assert project_root_for_client_root(project / ".claude/skills/x") == project
    assert project_root_for_client_root(project / ".claude") == project
    assert project_root_for_client_root(project) == project  # already a project: unchanged
    assert project_root_for_client_root(project / "src") == project / "src"  # not inside .claude: unchanged
    # The user's folder: ~/.claude/agents widens to ~/.claude, never to the whole home folder.
    home = tmp_path / "home"
    (home / ".claude/agents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    assert project_root_for_client_root(home / ".claude/agents") == home / ".claude"
