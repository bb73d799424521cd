"""The workspace index after file events equals a fresh scan, whatever the events and however they race the scan.

In process: the real server object, fed the didChangeWatchedFiles notifications an editor sends for each
change on disk (a rename is a deletion and a creation; a file replaced by a folder is both too).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
import threading
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from agent_lsp.server.state import WorkspaceState, _index_facts
from tests.server.support import in_process_server

CREATED, CHANGED, DELETED = 1, 2, 3
PATHS = [".claude/agents/a.md", ".claude/agents/b.md", ".claude/skills/one/SKILL.md", ".claude/skills/two/SKILL.md",
         ".claude/commands/c.md", ".mcp.json", "notes/n.md", ".claude/skills/one/scripts/run.sh"]
NAMES = ["alpha", "beta", "gamma"]


def _text(path: str, variant: int) -> str:
    if path.endswith(".mcp.json"):
        return json.dumps({"mcpServers": {NAMES[variant % 3]: {"command": "x"}}})
    return f"---\nname: {NAMES[variant % 3]}\ndescription: Variant {variant}\n---\nBody {variant}\n"


class Workspace:
    """A folder on disk and the events an editor would send for each change made to it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.events: list[tuple[Path, int]] = []

    def write(self, relative: str, variant: int) -> None:
        path = self.root / relative
        existed = path.is_file()
        if path.is_dir():
            return
        if not path.parent.is_dir():
            if path.parent.exists():
                return  # a parent is a file: nothing can be created below it
            path.parent.mkdir(parents=True)
        path.write_text(_text(relative, variant), encoding="utf-8")
        self.events.append((path, CHANGED if existed else CREATED))

    def delete(self, relative: str) -> None:
        path = self.root / relative
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        else:
            return
        self.events.append((path, DELETED))

    def rename(self, relative: str, target: str, created_first: bool) -> None:
        source, destination = self.root / relative, self.root / target
        if not source.is_file() or destination.exists() or relative == target or not destination.parent.is_dir():
            return
        source.rename(destination)
        events = [(source, DELETED), (destination, CREATED)]
        self.events += events[::-1] if created_first else events

    def replace_by_folder(self, relative: str, variant: int, style: int) -> None:
        """Editors report this differently: deleted and created, only created, or only changed."""
        path = self.root / relative
        if not path.is_file():
            return
        path.unlink()
        path.mkdir()
        inner = path / "agents" / "inner.md"
        inner.parent.mkdir()
        inner.write_text(_text("inner.md", variant), encoding="utf-8")
        self.events += [[(path, DELETED), (path, CREATED), (inner, CREATED)], [(path, CREATED)],
                        [(path, CHANGED)]][style]

    def notify(self, send) -> None:
        if self.events:
            send({"method": "workspace/didChangeWatchedFiles", "params": {"changes": [
                {"uri": path.as_uri(), "type": kind} for path, kind in self.events]}})
        self.events = []


def _fresh(ls) -> WorkspaceState:
    state = WorkspaceState()
    state.configure(ls.workspace_roots(), ls.settings.config)
    state.scan()
    return state


def _same(ls) -> None:
    fresh = _fresh(ls)
    assert sorted(ls.index.disk) == sorted(fresh.disk)
    assert ls.index.disk == fresh.disk
    assert ls.index.mcp_files == fresh.mcp_files
    assert ls.index.files.files == fresh.files.files
    assert ls.index.files == fresh.files  # the folders too
    assert _index_facts(ls.index.current) == _index_facts(fresh.current)
    assert dict(ls.index.current.mcp_servers) == dict(fresh.current.mcp_servers)


def _session(root: Path, home: Path, scenario, before_initialized=None):
    ls, send = in_process_server()

    async def run():
        send({"id": 1, "method": "initialize", "params": {
            "capabilities": {}, "processId": None, "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": "ws"}],
            "initializationOptions": {"claudeConfigDir": str(home)}}})
        if before_initialized is not None:
            before_initialized(ls)
        send({"method": "initialized", "params": {}})
        return await scenario(ls, send)

    try:
        return asyncio.run(run())
    finally:
        ls._index_pool.shutdown(wait=True)
        ls._analysis_pool.shutdown(wait=True)


async def settled(ls) -> None:
    for _ in range(2000):
        scan = ls._scan_task
        if scan is not None and scan.done() and ls._quiet_files.is_set() and ls.index.scanned:
            await asyncio.sleep(0)
            return
        await asyncio.sleep(0.005)
    raise AssertionError("the index never settled")


operations = st.lists(st.one_of(
    st.tuples(st.just("write"), st.sampled_from(PATHS), st.integers(0, 5)),
    st.tuples(st.just("delete"), st.sampled_from(PATHS + [".claude/skills/one", ".claude/agents"])),
    st.tuples(st.just("rename"), st.sampled_from(PATHS), st.sampled_from(PATHS), st.booleans()),
    st.tuples(st.just("replace_by_folder"), st.sampled_from(PATHS), st.integers(0, 5), st.integers(0, 2)),
    st.tuples(st.just("notify")),
), max_size=25)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(initial=[(".claude/agents/a.md", 0)], steps=[("replace_by_folder", ".claude/agents/a.md", 1, 1)])
@example(initial=[(".claude/skills/one/SKILL.md", 0)],
         steps=[("replace_by_folder", ".claude/skills/one/SKILL.md", 1, 2)])
@given(initial=st.lists(st.tuples(st.sampled_from(PATHS), st.integers(0, 5)), max_size=6), steps=operations)
def test_after_any_file_events_the_index_equals_a_fresh_scan(initial, steps):
    with tempfile.TemporaryDirectory() as folder:
        root, home = Path(folder) / "ws", Path(folder) / "home"
        home.mkdir()
        workspace = Workspace(root)
        root.mkdir()
        for relative, variant in initial:
            workspace.write(relative, variant)
        workspace.events = []

        async def scenario(ls, send):
            await settled(ls)
            for step in steps:
                if step[0] == "notify":
                    workspace.notify(send)
                else:
                    getattr(workspace, step[0])(*step[1:])
            workspace.notify(send)
            await settled(ls)
            _same(ls)

        _session(root, home, scenario)


def test_files_deleted_and_renamed_while_the_first_scan_reads_them(tmp_path, monkeypatch):
    from agent_lsp.server import state

    root, home = tmp_path / "ws", tmp_path / "home"
    home.mkdir()
    workspace = Workspace(root)
    root.mkdir()
    for index in range(30):
        workspace.write(f".claude/agents/agent-{index}.md", index)
    workspace.events = []
    halfway, release = threading.Event(), threading.Event()
    real_summarise, count = state.summarise, [0]

    def summarise(*args, **kwargs):
        # The scan has read the file and not stored its summary yet: the window the race is about.
        if threading.current_thread() is not threading.main_thread():
            count[0] += 1
            if count[0] == 15:
                halfway.set()
                release.wait(10)
        return real_summarise(*args, **kwargs)

    monkeypatch.setattr(state, "summarise", summarise)

    async def scenario(ls, send):
        while not halfway.is_set():
            await asyncio.sleep(0.005)
        for index in range(0, 30, 2):  # 14 read already, the 15th being read, 15 listed and not read yet
            workspace.delete(f".claude/agents/agent-{index}.md")
        for index in range(1, 30, 2):
            workspace.rename(f".claude/agents/agent-{index}.md", f".claude/agents/renamed-{index}.md", False)
        workspace.notify(send)
        await asyncio.sleep(0.05)  # the events arrive while the scan still holds the 15th file's text
        release.set()
        await settled(ls)
        _same(ls)
        assert not [path for path in ls.index.disk if Path(path).name.startswith("agent-")]

    _session(root, home, scenario)


def test_file_events_are_applied_off_the_event_loop(tmp_path, monkeypatch):
    from agent_lsp.server import state

    root, home = tmp_path / "ws", tmp_path / "home"
    home.mkdir()
    workspace = Workspace(root)
    root.mkdir()
    threads: list[str] = []
    real_read = state.read_document

    def read_document(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(state, "read_document", read_document)

    async def scenario(ls, send):
        await settled(ls)
        threads.clear()
        for index in range(20):
            workspace.write(f".claude/agents/storm-{index}.md", index)
        workspace.notify(send)
        await settled(ls)
        read = list(threads)
        _same(ls)  # (reads again, on this thread)
        return read

    read = _session(root, home, scenario)
    assert len(read) == 20 and all(name.startswith("agent-lsp-index") for name in read), read


def test_index_work_lets_analyses_and_requests_go_first():
    """Before each file, the first scan and file events alike wait for pending analyses, then for the requests
    being answered (each wait bounded): indexing a big workspace must not take the GIL from a completion."""
    from agent_lsp.server.handlers import create_server

    ls = create_server()
    waits: list[str] = []

    class Recorder:
        def __init__(self, name: str) -> None:
            self.name = name

        def wait(self, timeout: float | None = None) -> bool:
            assert timeout is not None, "an unbounded wait could stop the index for good"
            waits.append(self.name)
            return True

    class Index:
        scanned = False

        def scan(self, pause, progress=None) -> None:
            pause()
            pause()

        def sync_path(self, path: str) -> bool:
            return False

        def refresh_tools(self) -> bool:
            return False

    ls._quiet, ls.input_idle, ls.index = Recorder("analyses"), Recorder("requests"), Index()
    ls._scan_safely()
    assert waits == ["analyses", "requests"] * 2
    waits.clear()
    ls._file_events, ls._file_events_queued = {"/ws/.claude/agents/a.md": None}, True
    assert ls._apply_file_events() is False
    assert waits == ["analyses", "requests"]
