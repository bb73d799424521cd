"""The workspace scan (`files.scan`) and the server's index (`WorkspaceState`) decide a file's dialect and plugin
the same way: through one definition in agent_lsp/files.py, so the index after file events equals a fresh scan."""

from __future__ import annotations

import os

import pytest

from agent_lsp.core.dialects import Dialect
from agent_lsp.files import dialect_for, plugin_name
from agent_lsp.server.state import WorkspaceState

ROOT = os.path.abspath(os.sep + os.path.join("home", "u"))
PLUGIN = os.path.join(ROOT, "plugins", "deploy-kit")


@pytest.mark.parametrize(("parts", "source", "expected"), [
    (("notes", "agents", "a.md"), "user", Dialect.AGENT),
    (("notes", "commands", "c.md"), "extra", Dialect.COMMAND),
    (("notes", "agents", "a.md"), "project", None),
    (("notes", "agents", ".md"), "user", None),
    (("notes", "agents", "a.txt"), "user", None),
    (("plugins", "deploy-kit", "agents", "x.md"), "project", Dialect.PLUGIN_AGENT),
    ((".claude", "agents", "r.md"), "project", Dialect.AGENT),
])
def test_the_index_and_the_scan_read_a_dialect_alike(parts: tuple[str, ...], source: str,
                                                     expected: Dialect | None) -> None:
    path = os.path.join(ROOT, *parts)
    state = WorkspaceState()
    state.plugin_roots = frozenset({PLUGIN})
    assert dialect_for(path, state.plugin_roots, source) is expected
    assert state.dialect_of(path, source) is expected


def test_the_index_and_the_scan_name_a_plugin_alike() -> None:
    state = WorkspaceState()
    state.plugin_roots = frozenset({PLUGIN})
    inside, outside = os.path.join(PLUGIN, "agents", "x.md"), os.path.join(ROOT, "agents", "x.md")
    assert plugin_name(inside, state.plugin_roots) == state._plugin_name(inside) == "deploy-kit"
    assert plugin_name(outside, state.plugin_roots) is None and state._plugin_name(outside) is None


def test_the_index_keeps_the_roots_files_current_for_the_body_checks(tmp_path) -> None:
    from agent_lsp.core.config import Config

    skill = tmp_path / ".claude" / "skills" / "pdf"
    skill.mkdir(parents=True)
    (skill / "SKILL.md").write_text("---\nname: pdf\ndescription: d\n---\nRun scripts/fill.py.\n")
    state = WorkspaceState()
    state.configure([tmp_path], Config())
    state.scan()
    script = skill / "scripts" / "fill.py"
    assert state.files is not None and state.files.exists(str(script)) is False
    generation = state.generation
    script.parent.mkdir()
    script.write_text("print(1)\n")
    assert state.sync_path(str(script)) is True  # other files' diagnostics may change
    assert state.files.exists(str(script)) is True and state.generation > generation
    assert state.sync_path(str(script)) is False  # nothing new
    script.unlink()
    assert state.sync_path(str(script)) is True and state.files.exists(str(script)) is False
