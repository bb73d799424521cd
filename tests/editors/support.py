"""Shared by the real-editor tests (Emacs, Vim, Neovim): the documented setups, a workspace, skip-or-fail.

The editors run the documented configuration from docs/editors.md verbatim; its `agent-lsp` command is a
small wrapper on PATH that runs this checkout's server with the interpreter running the tests.

A missing editor skips its test, unless AGENT_LSP_REQUIRE_EDITORS=1 (set in CI), which makes it a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "editors.md"

SKILL = "---\nname: demo-skill\ndescription: Demonstrates a skill. Use when asked for a demo.\n---\n\nShow the demo.\n"
# Line 4: `magenta` is not a colour Claude Code knows (KY002). Line 7: a skill that exists nowhere (WS001).
# `demo-skill` is in <proj>/.claude/skills: reporting it would mean the server got the project root wrong.
AGENT = ("---\nname: broken-agent\ndescription: Reviews code for bugs. Use after every edit.\ncolor: magenta\n"
         "skills:\n  - demo-skill\n  - missing-skill\n---\n\nYou review the latest changes for bugs.\n")


def require_editors() -> bool:
    return os.environ.get("AGENT_LSP_REQUIRE_EDITORS") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip (locally) or fail (CI: AGENT_LSP_REQUIRE_EDITORS=1) when an editor is missing."""
    if require_editors():
        pytest.fail(f"{reason} (AGENT_LSP_REQUIRE_EDITORS=1: editors must be installed)")
    print(reason)
    pytest.skip(reason)


def doc_block(heading: str, language: str) -> str:
    """The first fenced `language` block of the docs/editors.md section whose heading starts with `heading`."""
    text = DOCS.read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)
    section = next((s for s in sections if s.startswith(heading)), None)
    assert section is not None, f"docs/editors.md has no section '## {heading}...'"
    match = re.search(rf"^```{re.escape(language)}\n(.*?)^```", section, flags=re.M | re.S)
    assert match, f"docs/editors.md section '{heading}' has no ```{language} block"
    return match.group(1)


def make_workspace(tmp_path: Path) -> tuple[Path, Path]:
    """A project with no .git anywhere: <proj>/.claude/skills/demo-skill and <proj>/.claude/agents/broken.md."""
    project = tmp_path / "proj"
    (project / ".claude/skills/demo-skill").mkdir(parents=True)
    (project / ".claude/agents").mkdir(parents=True)
    (project / ".claude/skills/demo-skill/SKILL.md").write_text(SKILL, encoding="utf-8")
    agent = project / ".claude/agents/broken.md"
    agent.write_text(AGENT, encoding="utf-8")
    assert not any((folder / ".git").exists() for folder in [project, *project.parents]), \
        "the temporary folder is inside a git repository"
    return project, agent


def editor_env(tmp_path: Path) -> dict[str, str]:
    """Environment for an editor: a private HOME, no user Claude folder, `agent-lsp` = this checkout."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "agent-lsp"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m agent_lsp "$@"\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ)
    env.update({
        "HOME": str(home),
        "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        "PYTHONPATH": f"{REPO}{os.pathsep}{env['PYTHONPATH']}" if env.get("PYTHONPATH") else str(REPO),
        "CLAUDE_CONFIG_DIR": str(tmp_path / "user-claude"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_STATE_HOME": str(home / ".local/state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "TERM": "dumb",
    })
    return env


def run(command: list[str], env: dict[str, str], cwd: Path, timeout: float = 180) -> subprocess.CompletedProcess:
    proc = subprocess.run(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=timeout)
    print(proc.stdout)
    print(proc.stderr, file=sys.stderr)
    return proc


def which(name: str) -> str | None:
    return shutil.which(name)
