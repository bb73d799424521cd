"""End-to-end fixtures: the real server in a subprocess, driven by pytest-lsp with real editor capabilities.

Two editor profiles: `visual_studio_code` (UTF-16 positions, pushed diagnostics, dynamic file watchers)
and `neovim` (negotiates UTF-8, pulls diagnostics with textDocument/diagnostic).

- `client` is one server per profile for the whole session, on a read-only workspace. Tests using it open
  documents under names of their own and close them; they never write to the workspace.
- `start_session` starts a private server (own workspace, settings or capabilities) for tests that change
  files on disk or settings; it is shut down after the test.

Every async test of this package runs in the session's event loop (`pytestmark` in each module), since the
shared clients live there.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
import pytest_lsp
from lsprotocol import types
from pytest_lsp import client_capabilities

from tests.server.support import Session, initialize_params, server_config, wait_for_index

PROFILES = ["visual_studio_code", "neovim"]

WORKSPACE_FILES = {
    ".claude/skills/api-design/SKILL.md": "---\nname: api-design\ndescription: Designs HTTP APIs and reviews endpoint shapes\n---\nBody\n",
    ".claude/skills/db-migrations/SKILL.md": "---\nname: db-migrations\ndescription: Writes safe database migrations\n---\nBody\n",
    ".claude/agents/reviewer.md": "---\nname: reviewer\ndescription: Reviews pull requests for correctness\ntools: Read, Grep\nskills: api-design\n---\nYou review code.\n",
    ".claude/agents/worker.md": "---\nname: worker\ndescription: Implements small tasks\n---\nYou implement.\n",
    ".claude/agents/planner.md": "---\nname: planner\ndescription: Plans work\nskills:\n  - api-design\n  - db-migrations\n---\nYou plan.\n",
    ".claude/commands/deploy.md": "---\ndescription: Deploys the application\n---\nDeploy $ARGUMENTS.\n",
    ".mcp.json": '{"mcpServers": {"github": {"command": "gh-mcp"}}}',
    "README.md": "---\nname: not-an-agent\n---\n# Readme\n",
    "notes/x.md": "---\nname: also-not-an-agent\ntools: Task\n---\n# Notes\n",
}


def write_workspace(root: Path, files: dict[str, str] | None = None) -> Path:
    (root / ".git").mkdir(exist_ok=True)
    for relative, text in (WORKSPACE_FILES if files is None else files).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def workspace_root(tmp_path_factory) -> Path:
    # A space in the path: URIs carry %20, which the server must map back to its open documents.
    return write_workspace(tmp_path_factory.mktemp("agent workspace"))


@pytest.fixture(scope="session")
def claude_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("claude-home")
    skill = home / "skills" / "user-notes"
    skill.mkdir(parents=True)
    (skill / "SKILL.md").write_text("---\nname: user-notes\ndescription: Keeps personal notes\n---\n", encoding="utf-8")
    return home


@pytest_lsp.fixture(config=server_config(), params=PROFILES, scope="session")
async def lsp(request, lsp_client: pytest_lsp.LanguageClient, workspace_root: Path, claude_home: Path):
    params = initialize_params(client_capabilities(request.param), workspace_root,
                               {"claudeConfigDir": str(claude_home)})
    lsp_client.init_result = await lsp_client.initialize_session(params)
    lsp_client.profile = request.param
    await wait_for_index(lsp_client)
    yield
    await lsp_client.shutdown_session()


_names = itertools.count()


@pytest.fixture
def client(lsp, workspace_root: Path) -> Session:
    """A session on the shared server of one profile; documents it opened are closed afterwards."""
    session = Session(lsp, lsp.profile, workspace_root, lsp.init_result)
    yield session
    for uri in list(session.versions):
        session.close(uri)


@pytest.fixture
def unique() -> Callable[[str], str]:
    """Make a name unique across the session (shared servers keep state between tests)."""
    number = next(_names)
    return lambda name: f"{name}-{number}"


StartSession = Callable[..., Awaitable[Session]]


@pytest_asyncio.fixture(loop_scope="session")
async def start_session(claude_home: Path) -> AsyncIterator[StartSession]:
    """Start private servers: `await start_session(profile, root, init_options=..., capabilities=...)`."""
    started: list[pytest_lsp.LanguageClient] = []

    async def start(profile: str, root: Path, init_options: Any = None,
                    capabilities: types.ClientCapabilities | None = None,
                    configuration: dict[str, Any] | None = None, wait_index: bool = True) -> Session:
        client = await server_config().start()
        started.append(client)
        if configuration is not None:
            client.set_configuration(configuration)
        if init_options is None:
            init_options = {"claudeConfigDir": str(claude_home)}
        caps = capabilities or client_capabilities(profile)
        result = await client.initialize_session(initialize_params(caps, root, init_options))
        if wait_index:
            await wait_for_index(client)
        return Session(client, profile, root, result)

    yield start
    for client in started:
        await client.shutdown_session()
        await client.stop()


def capabilities_without_snippets(profile: str) -> types.ClientCapabilities:
    caps = copy.deepcopy(client_capabilities(profile))
    caps.text_document.completion.completion_item.snippet_support = False
    return caps
