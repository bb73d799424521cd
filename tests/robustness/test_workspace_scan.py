"""Workspace indexing on hostile trees: loops, unreadable and vanishing files, 10,000 files, links out.

The server indexes the workspace and the user's Claude folder in a background thread; `agent-lsp check`
does the same walk in the foreground. Neither may hang (a FIFO named like an agent blocks a plain open),
crash, or read through a link that leaves the workspace or the user's skill folders.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import agent_lsp.files as files
from agent_lsp.core.config import Config
from agent_lsp.server import state
from tests.robustness.conftest import make_workspace
from tests.robustness.lsp_client import server_env

SCAN_BOUND = 10.0
"""Seconds for the index of a small hostile tree (the server logs "indexed" when it is done)."""
LARGE_SCAN_BOUND = 60.0
"""Seconds for 10,000 files on a 2-core CI machine (about 5 s here)."""


def agent(name: str, extra: str = "") -> str:
    return f"---\nname: {name}\ndescription: The {name} agent\n{extra}---\nBody\n"


def names(server, query: str = "") -> set[str]:
    return {symbol["name"] for symbol in server.result("workspace/symbol", {"query": query})}


def hostile_tree(root: Path, outside: Path) -> None:
    """Loops, dead ends, special files and links out of the tree, next to ordinary agents."""
    agents = root / ".claude" / "agents"
    make_workspace(root, {
        ".claude/agents/plain.md": agent("plain"),
        ".claude/agents/locked.md": agent("locked"),
        "shared/inside-linked.md": agent("inside-linked"),
        ".claude/skills/mine/SKILL.md": "---\nname: mine\ndescription: d\n---\n",
    })
    make_workspace(outside, {".claude/agents/outsider.md": agent("outsider"),
                             "skills/outside-skill/SKILL.md": "---\nname: outside-skill\ndescription: d\n---\n"})
    (agents / "loop-to-parent").symlink_to("..", target_is_directory=True)
    (root / "loop-to-root").symlink_to(root, target_is_directory=True)
    (agents / "self.md").symlink_to(agents / "self.md")
    (agents / "ping.md").symlink_to(agents / "pong.md")
    (agents / "pong.md").symlink_to(agents / "ping.md")
    (agents / "dangling.md").symlink_to(root / "nowhere.md")
    (agents / "shared").symlink_to(root / "shared", target_is_directory=True)  # inside: followed
    (agents / "linked-out").symlink_to(outside / ".claude" / "agents", target_is_directory=True)
    (agents / "outsider-file.md").symlink_to(outside / ".claude" / "agents" / "outsider.md")
    (agents / "zero.md").symlink_to("/dev/zero")
    os.mkfifo(agents / "fifo.md")
    os.mkfifo(root / ".mcp.json")
    (agents / "folder.md").mkdir()
    unix = socket.socket(socket.AF_UNIX)
    try:
        unix.bind(str(agents / "socket.md"))
    except OSError:  # paths longer than ~100 bytes cannot be bound: the test just lacks one special file
        pass
    finally:
        unix.close()
    (agents / "locked.md").chmod(0)


def user_folder(home: Path, outside: Path) -> None:
    skills = home / ".claude" / "skills"
    make_workspace(home / ".claude", {"skills/personal/SKILL.md": "---\nname: personal\ndescription: d\n---\n"})
    (skills / "linked-out").symlink_to(outside / "skills" / "outside-skill", target_is_directory=True)
    (skills / "loop").symlink_to(skills, target_is_directory=True)
    os.mkfifo(skills / "personal" / "fifo.md")


def test_hostile_tree_through_the_server(tmp_path: Path, home: Path, start_server) -> None:
    root, outside = tmp_path / "ws", tmp_path / "outside"
    hostile_tree(root, outside)
    user_folder(home, outside)
    started = time.monotonic()
    server = start_server(root, wait_index=False)
    server.wait_log("indexed", SCAN_BOUND)
    assert time.monotonic() - started < SCAN_BOUND

    found = names(server)
    assert {"plain", "inside-linked"} <= found
    if os.geteuid() != 0:
        assert "locked" not in found  # root reads a mode-000 file; anyone else cannot
    assert "outsider" not in found, "the index read an agent through a link out of the workspace"
    # Skills: the user's own one is known; the one behind a link out of the user's skills folder is not.
    uri = (root / ".claude" / "agents" / "check.md").as_uri()
    server.open(uri, agent("check", "skills: [mine, personal, outside-skill]\n"))
    unknown = [d for d in server.diagnostics(uri, 1) if d["code"] == "WS001"]
    assert [d["message"].split("`")[1] for d in unknown] == ["outside-skill"]
    assert server.shutdown() == 0


def test_hostile_tree_through_check(tmp_path: Path, home: Path) -> None:
    root, outside = tmp_path / "ws", tmp_path / "outside"
    hostile_tree(root, outside)
    user_folder(home, outside)
    (root / ".claude" / "agents" / "check.md").write_text(agent("check", "skills: [mine, personal, outside-skill]\n"),
                                                           encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "agent_lsp", "check", "--format", "json", "."], cwd=root,
                            env=server_env(home), capture_output=True, text=True, timeout=60)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    items = json.loads(result.stdout)
    assert not [i for i in items if "outsider" in i["path"] or "linked-out" in i["path"]]
    unknown = [i["message"].split("`")[1] for i in items if i["code"] == "WS001"]
    assert unknown == ["outside-skill"]


def test_walk_never_leaves_the_root(tmp_path: Path, home: Path) -> None:
    root, outside = tmp_path / "ws", tmp_path / "outside"
    hostile_tree(root, outside)
    walked = list(files.walk(root))
    real_root = root.resolve()
    for path in walked:
        assert real_root in path.resolve().parents, path
        assert path.is_file() and not path.is_symlink() or path.resolve().is_file(), path
    assert {p.name for p in walked} >= {"plain.md", "inside-linked.md", "SKILL.md"}
    assert not {"fifo.md", "zero.md", "socket.md", "folder.md", ".mcp.json", "outsider.md"} & {p.name for p in walked}


# ------------------------------------------------------------------------------- vanishing and unreadable


def vanishing_walk(real_walk):
    """A walk that deletes files and folders it has not reached yet, as another process might."""

    def walk(root: Path, budget=None):
        for index, path in enumerate(real_walk(root, budget)):
            yield path
            if index == 0:
                doomed = root / ".claude" / "agents"
                for victim in sorted(doomed.glob("*.md"))[::2]:
                    victim.unlink(missing_ok=True)
                shutil.rmtree(root / "more", ignore_errors=True)
    return walk


def many_agents(root: Path, count: int, folder: str = ".claude/agents") -> dict[str, str]:
    return {f"{folder}/a{n:05}.md": agent(f"agent-{n:05}") for n in range(count)}


def test_files_vanishing_during_the_scan(tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for label, run in (("check", lambda root: files.scan([root], home / ".claude").index),
                       ("server", lambda root: _state_scan(root, home))):
        root = make_workspace(tmp_path / label, {**many_agents(tmp_path, 200),
                                                 **{f"more/deep/{n}/.claude/agents/x.md": agent(f"more-{n}")
                                                    for n in range(50)}})
        monkeypatch.setattr(files, "walk", vanishing_walk(_REAL_WALK))
        monkeypatch.setattr(state, "walk", files.walk)
        # Files that vanish after the walk listed them, before they are read:
        real_read = files.read_bytes

        def read_bytes(path, limit=files.MAX_FILE_BYTES):
            if Path(path).name.endswith("7.md"):
                Path(path).unlink(missing_ok=True)
            return real_read(path, limit)

        monkeypatch.setattr(files, "read_bytes", read_bytes)
        index = run(root)
        assert 0 < len(index.agents) < 250, label
        assert not any(agent_info.name.startswith("more-") for infos in index.agents.values() for agent_info in infos)
        monkeypatch.undo()


_REAL_WALK = files.walk


def _state_scan(root: Path, home: Path):
    workspace = state.WorkspaceState()
    workspace.configure([root], Config(claude_config_dir=str(home / ".claude")))
    workspace.scan()
    assert workspace.scanned
    return workspace.current


def test_unreadable_files_are_skipped(tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied, I/O errors, a file turned into a folder: skipped, the rest indexed."""
    root = make_workspace(tmp_path / "ws", {**many_agents(tmp_path, 30), ".mcp.json": '{"mcpServers": {"gh": {}}}'})
    real_read = files.read_bytes
    failures = [PermissionError(13, "Permission denied"), OSError(5, "Input/output error"),
                IsADirectoryError(21, "Is a directory"), FileNotFoundError(2, "No such file")]

    def read_bytes(path, limit=files.MAX_FILE_BYTES):
        number = int(Path(path).stem[1:]) if Path(path).stem[1:].isdigit() else -1
        if number % 3 == 0 or Path(path).name == ".mcp.json":
            raise failures[number % len(failures)]
        return real_read(path, limit)

    monkeypatch.setattr(files, "read_bytes", read_bytes)
    for index in (files.scan([root], home / ".claude").index, _state_scan(root, home)):
        assert len(index.agents) == 20


# ------------------------------------------------------------------------------- 10,000 files


def test_ten_thousand_files(tmp_path: Path, home: Path, start_server) -> None:
    root = make_workspace(tmp_path / "ws", {**many_agents(tmp_path, 9_000),
                                            **{f"docs/notes{n:04}.md": "# Notes\n" for n in range(1_000)}})
    started = time.monotonic()
    server = start_server(root, wait_index=False)
    message = server.wait_log("indexed", LARGE_SCAN_BOUND)
    elapsed = time.monotonic() - started
    assert message.startswith("indexed 9000 files"), message
    assert elapsed < LARGE_SCAN_BOUND
    assert len(names(server, "agent-")) == 9_000
    # Still responsive: a document opened now is analysed against the whole index.
    uri = (root / ".claude" / "agents" / "a00001.md").as_uri()
    server.open(uri, agent("agent-00002"))
    assert [d["code"] for d in server.diagnostics(uri, 1)] == ["WS002"]
    peak = server.peak_rss_mb()
    assert peak < 400, f"indexing 10,000 files peaked at {peak:.0f} MB"
    assert server.shutdown() == 0
    print(f"10,000 files: indexed in {elapsed:.1f} s, peak {peak:.0f} MB")


def test_files_vanishing_while_the_server_scans(tmp_path: Path, home: Path, start_server) -> None:
    """A real race: another thread deletes and recreates files while the server indexes the folder."""
    root = make_workspace(tmp_path / "ws", many_agents(tmp_path, 3_000))
    stop = threading.Event()

    def churn() -> None:
        agents = root / ".claude" / "agents"
        number = 0
        while not stop.is_set():
            victim = agents / f"a{number % 3000:05}.md"
            try:
                if victim.is_dir():
                    victim.rmdir()
                    victim.write_text(agent("back"), encoding="utf-8")
                else:
                    victim.unlink(missing_ok=True)
                    if number % 2:
                        victim.mkdir()  # a file turned into a folder
            except OSError:
                pass
            number += 7

    thread = threading.Thread(target=churn, daemon=True)
    thread.start()
    try:
        server = start_server(root, wait_index=False)
        server.wait_log("indexed", LARGE_SCAN_BOUND)
    finally:
        stop.set()
        thread.join(10)
    assert server.result("workspace/symbol", {"query": "agent-"}) is not None
    assert "Traceback" not in server.stderr()
    assert server.shutdown() == 0
