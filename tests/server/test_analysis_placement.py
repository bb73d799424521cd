"""Where analyses run: quick ones on the event loop (no GIL hand-offs), slow ones on the analysis thread.

The server times each analysis with `time.perf_counter`; here that clock is replaced by one that moves only
when the stand-in analysis says it took time, so where an analysis runs never depends on the machine's load.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest

from agent_lsp.server import server as server_module
from tests.server.support import in_process_server

AGENT = "---\nname: placement\ndescription: Where analyses run.\n---\nBody\n"


class Clock:
    """The server's view of `time`: perf_counter stands still unless an analysis advances it."""

    def __init__(self) -> None:
        self.now = 0.0

    def perf_counter(self) -> float:
        return self.now

    def __getattr__(self, name: str):
        return getattr(time, name)


class Recorder:
    """Stands in for the core's analyse(): records the thread; `delay` is how long the clock says it took."""

    def __init__(self, real, clock: Clock, delay: float = 0.0) -> None:
        self.real = real
        self.clock = clock
        self.delay = delay
        self.threads: list[str] = []

    def __call__(self, document, context):
        self.threads.append(threading.current_thread().name)
        self.clock.now += self.delay
        return self.real(document, context)


def _session(recorder: Recorder, scenario):
    published: list[dict] = []

    def record(data: bytes) -> None:
        body = json.loads(data.split(b"\r\n\r\n", 1)[1])
        if body.get("method") == "textDocument/publishDiagnostics":
            published.append(body["params"])

    ls, send = in_process_server(record)

    async def run():
        send({"id": 1, "method": "initialize", "params": {"capabilities": {}, "processId": None, "rootUri": None}})
        # The process's first analysis pays one-time costs (lazy imports, regex compiles): get it done.
        _open(send, "file:///w/.claude/agents/warm.md", AGENT)
        await _settle(published, 1)
        send({"method": "textDocument/didClose", "params": {"textDocument": {"uri": "file:///w/.claude/agents/warm.md"}}})
        published.clear()
        recorder.threads.clear()
        return await scenario(ls, send, published)

    return asyncio.run(run())


def _open(send, uri: str, text: str) -> None:
    send({"method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})


def _type(send, uri: str, version: int) -> None:
    position = {"line": 4, "character": 0}
    send({"method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version},
                                                         "contentChanges": [{"range": {"start": position,
                                                                                       "end": position},
                                                                             "text": "x"}]}})


async def _settle(published: list[dict], count: int) -> None:
    for _ in range(6000):  # waits for the analysis thread: a bound on waiting, not an assertion on time
        if len(published) >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"only {len(published)} publishes")


@pytest.fixture
def recorder(monkeypatch):
    clock = Clock()
    recorder = Recorder(server_module.analyse, clock)
    monkeypatch.setattr(server_module, "analyse", recorder)
    monkeypatch.setattr(server_module, "time", clock)
    return recorder


def test_a_small_document_is_analysed_on_the_loop_and_published_at_once(recorder):
    recorder.delay = server_module.INLINE_ANALYSIS_SECONDS  # quick enough, just

    async def scenario(ls, send, published):
        _open(send, "file:///w/.claude/agents/a.md", AGENT)
        assert len(published) == 1  # synchronously, inside the notification's handling
        _type(send, "file:///w/.claude/agents/a.md", 2)
        assert published[-1]["version"] == 2

    _session(recorder, scenario)
    assert recorder.threads == ["MainThread", "MainThread"]


def test_a_big_first_analysis_and_a_slow_one_go_to_the_thread(recorder):
    async def scenario(ls, send, published):
        big = AGENT + "More body text.\n" * 2000  # over INLINE_FIRST_ANALYSIS_CHARS
        _open(send, "file:///w/.claude/agents/big.md", big)
        await _settle(published, 1)
        _type(send, "file:///w/.claude/agents/big.md", 2)  # the first was quick: this one on the loop
        await _settle(published, 2)
        recorder.delay = 2 * server_module.INLINE_ANALYSIS_SECONDS  # slow now: the one after it goes to the thread
        _type(send, "file:///w/.claude/agents/big.md", 3)  # still on the loop: the last one was quick
        await _settle(published, 3)
        _type(send, "file:///w/.claude/agents/big.md", 4)
        await _settle(published, 4)
        return [entry["version"] for entry in published]

    versions = _session(recorder, scenario)
    assert versions == [1, 2, 3, 4]
    assert recorder.threads[0].startswith("agent-lsp-analysis")
    assert recorder.threads[1:3] == ["MainThread", "MainThread"]
    assert recorder.threads[3].startswith("agent-lsp-analysis")


def test_revalidating_many_documents_yields_to_input_between_loop_analyses(recorder):
    async def scenario(ls, send, published):
        uris = [f"file:///w/.claude/agents/{index}.md" for index in range(5)]
        for uri in uris:
            _open(send, uri, AGENT.replace("placement", uri[-4]))
        before = len(recorder.threads)
        ls.revalidate_open_documents()
        ran_at_once = len(recorder.threads) - before
        await _settle(published, 10)
        return ran_at_once

    assert _session(recorder, scenario) == 1  # one now; the others on later loop turns


def test_the_workspace_scan_waits_between_files_while_analyses_are_pending(recorder, tmp_path):
    from agent_lsp.core.config import Config
    from agent_lsp.server.state import WorkspaceState

    agents = tmp_path / ".claude" / "agents"
    agents.mkdir(parents=True)
    for index in range(3):
        (agents / f"a{index}.md").write_text(AGENT.replace("placement", f"a{index}"), encoding="utf-8")
    state = WorkspaceState()
    state.configure([tmp_path], Config(claude_config_dir=str(tmp_path / "home")))
    paused_before: list[int] = []
    state.scan(pause=lambda: paused_before.append(len(state.disk)))
    assert paused_before == [0, 1, 2]  # before each file is read
    assert sorted(state.current.agents) == ["a0", "a1", "a2"]

    quiet_during_analysis: list[bool] = []
    real = recorder.real

    async def scenario(ls, send, published):
        recorder.real = lambda document, context: (quiet_during_analysis.append(ls._quiet.is_set()),
                                                   real(document, context))[1]
        _open(send, "file:///w/.claude/agents/a.md", AGENT)
        _open(send, "file:///w/.claude/agents/big.md", AGENT + "More body text.\n" * 2000)  # on the thread
        quiet_while_pending = ls._quiet.is_set()
        await _settle(published, 2)
        return quiet_while_pending, ls._quiet.is_set()

    assert _session(recorder, scenario) == (False, True)
    assert quiet_during_analysis == [False, False]  # the scan would wait while either ran
