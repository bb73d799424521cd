"""End-to-end fixtures: the real server in a subprocess, driven by pytest-lsp with real editor capabilities."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

WORKSPACE_FILES = {
    ".claude/skills/api-design/SKILL.md": "---\nname: api-design\ndescription: Designs HTTP APIs and reviews endpoint shapes\n---\nBody\n",
    ".claude/skills/db-migrations/SKILL.md": "---\nname: db-migrations\ndescription: Writes safe database migrations\n---\nBody\n",
    ".claude/agents/reviewer.md": "---\nname: reviewer\ndescription: Reviews pull requests for correctness\ntools: Read, Grep\n---\nYou review code.\n",
    ".claude/agents/worker.md": "---\nname: worker\ndescription: Implements small tasks\n---\nYou implement.\n",
    ".mcp.json": '{"mcpServers": {"github": {"command": "gh-mcp"}}}',
    "README.md": "---\nname: not-an-agent\n---\n# Readme\n",
}


@pytest.fixture(scope="session")
def workspace_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("workspace")
    (root / ".git").mkdir()
    for relative, text in WORKSPACE_FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def claude_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("claude-home")
    skill = home / "skills" / "user-notes"
    skill.mkdir(parents=True)
    (skill / "SKILL.md").write_text("---\nname: user-notes\ndescription: Keeps personal notes\n---\n", encoding="utf-8")
    return home


def server_config() -> ClientServerConfig:
    return ClientServerConfig(server_command=[sys.executable, "-m", "agent_lsp", "serve"])


@pytest_lsp.fixture(config=server_config(), params=["visual_studio_code", "neovim"])
async def client(request, lsp_client: LanguageClient, workspace_root: Path, claude_home: Path):
    params = types.InitializeParams(
        capabilities=client_capabilities(request.param),
        root_uri=workspace_root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace_root.as_uri(), name="ws")],
        initialization_options={"claudeConfigDir": str(claude_home)},
    )
    await lsp_client.initialize_session(params)
    lsp_client.profile = request.param
    await wait_for_index(lsp_client)
    yield
    await lsp_client.shutdown_session()


async def wait_for_index(client: LanguageClient) -> None:
    """Wait until the server logged that its workspace scan finished."""
    import asyncio

    for _ in range(200):
        if any("indexed" in message.message for message in client.log_messages):
            return
        await asyncio.sleep(0.025)
    raise AssertionError("the server never finished indexing the workspace")
