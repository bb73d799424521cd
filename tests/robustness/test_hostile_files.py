"""Hostile files through the real server: each answered in bounded time and memory, nothing run or expanded.

The files are opened one after the other in one server running under the guard (conftest.py), which
records any network connection or program start. For each file: diagnostics are published within
TIME_BOUND seconds, carrying the expected codes; the editor's follow-up requests are answered within the
same bound without an error; the server's peak resident memory so far stays under MEMORY_BOUND_MB; no
program is started and no connection attempted once the server is up; the document is closed and the
server answers the next request. (A server left unresponsive by a failure is replaced for the next file.)
At the end the server shuts down cleanly.

Files on disk (invalid UTF-8, NUL bytes, the same hostile texts) go through `agent-lsp check` in a child
process with an address-space limit (RLIMIT_AS) and a timeout, and through the server's workspace scan.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.robustness.conftest import Guard, make_workspace
from tests.robustness.lsp_client import REPO_ROOT, LspServer

TIME_BOUND = 10.0
"""Seconds for diagnostics, and for each request, on any one file (a 2-core CI machine needs ~1.5 s)."""
MEMORY_BOUND_MB = 400
"""Peak resident memory of the server, idle at ~55 MB, that has opened one hostile file (10 MB ones: ~230)."""
CLI_ADDRESS_SPACE = 2 * 1024**3
"""RLIMIT_AS for `agent-lsp check` over every hostile file on disk: a bomb would be killed, not swap."""

MARKER = "AGENT_LSP_PWNED"


@dataclass(frozen=True)
class Hostile:
    name: str
    make: Callable[[], str]
    codes: frozenset[str] = frozenset()
    """Codes its diagnostics must include."""
    absent: frozenset[str] = frozenset()
    """Codes its diagnostics must not include."""

    @property
    def text(self) -> str:
        return self.make()


def _alias_bomb() -> str:
    lines = ["name: bomb", "description: Billion laughs", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):  # 10^10 nodes if expanded
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    return "---\n" + "\n".join(lines) + "\n---\nBody\n"


def _tags(marker: Path) -> str:
    return (f"---\nname: tags\ndescription: Tags that construct objects\n"
            f"initialPrompt: !!python/object/apply:os.system [\"touch {marker}\"]\n"
            f"observer: !!python/object/new:subprocess.Popen [[\"touch\", \"{marker}\"]]\n"
            f"effort: !!python/name:os.system\n"
            f"memory: !!python/module:os\n"
            f"isolation: !<tag:yaml.org,2002:python/object/apply:os.system> [\"touch {marker}\"]\n"
            f"color: !ruby/object:Gem::Installer {{i: x}}\n"
            f"model: !!js/function \"function () {{ require('child_process').execSync('touch {marker}') }}\"\n"
            "maxTurns: !!binary aGVsbG8=\n---\nBody\n")


def hostile_files(marker: Path) -> list[Hostile]:
    return [
        Hostile("alias-bomb", _alias_bomb, frozenset({"FM015"})),
        Hostile("python-and-other-tags", lambda: _tags(marker), frozenset({"FM014"})),
        Hostile("10mb-body", lambda: "---\nname: big-body\ndescription: A 10 MB body\n---\n"
                + ("## Section\n\nSome text with `code`, *emphasis* and [a link](x).\n\n" * 160_000)[:10_000_000]),
        Hostile("10mb-frontmatter", lambda: "---\nname: big\ndescription: d\n"
                + "".join(f"key{n}: value\n" for n in range(800_000))[:10_000_000] + "---\nBody\n",
                frozenset({"FM016"})),
        Hostile("100k-line-frontmatter", lambda: "---\nname: long\ndescription: d\n"
                + "".join(f"key{n}: value {n}\n" for n in range(100_000)) + "---\n", frozenset({"FM016"})),
        Hostile("100k-line-block-scalar", lambda: "---\nname: long\ndescription: |\n" + "  line\n" * 100_000 + "---\n",
                absent=frozenset({"FM016"})),
        # Nesting: 100,000 levels, and 999 (analysed on the server's worker thread). Which nesting is too deep
        # (FM016) is the rule fixtures' to say (tests/fixtures/rules/FM016/); here, time, memory and answers.
        Hostile("nested-flow-sequences", lambda: "---\nname: deep\ndescription: d\nx: " + "[" * 100_000 + "]" * 100_000
                + "\n---\n"),
        Hostile("nested-flow-mappings", lambda: "---\nname: deep\ndescription: d\nx: " + "{a: " * 100_000 + "1"
                + "}" * 100_000 + "\n---\n"),
        Hostile("nested-999-levels", lambda: "---\nname: deep\ndescription: d\nx: " + "[" * 999 + "]" * 999 + "\n---\n",
                frozenset({"KY001"})),
        Hostile("nul-bytes", lambda: "---\nname: n\x00ul\ndescription: d\x00\n---\n\x00Body\x00\n", frozenset({"FM005"})),
        Hostile("lone-surrogates", lambda: "---\nname: \ud800x\ndescription: \udfff lone \ud83d\n\udc00key: v\n---\n"
                "\ud800 body \udfff\n", frozenset({"AG004", "KY001"})),
        Hostile("1mb-line-body", lambda: "---\nname: wide\ndescription: d\n---\n" + "word " * 200_000),
        Hostile("1mb-line-description", lambda: "---\nname: wide\ndescription: " + "word " * 199_000 + "#tail\n---\n",
                frozenset({"FM010"})),
        Hostile("1mb-line-tools", lambda: "---\nname: wide\ndescription: d\ntools: " + "Bash(x), " * 110_000 + "\n---\n",
                frozenset({"TL005"})),
        Hostile("1mb-line-retry-spaces", lambda: "---\r\nname: wide\r\ndescription: x: y\r\nk:" + " " * 900_000
                + "\r\n---\r\n", frozenset({"FM005"})),
        Hostile("500k-headings", lambda: "---\nname: outline\ndescription: d\n---\n" + "#\n" * 500_000),
        Hostile("1mb-control-characters", lambda: "---\nname: ctrl\ndescription: d\nx: " + "\x01\u2028" * 490_000
                + "\n---\n", frozenset({"KY001"})),
    ]


NAMES = [hostile.name for hostile in hostile_files(Path("marker"))]

FOLLOW_UPS = [
    ("textDocument/documentSymbol", {}),
    ("textDocument/foldingRange", {}),
    ("textDocument/documentColor", {}),
    ("textDocument/hover", {"position": {"line": 1, "character": 2}}),
    ("textDocument/completion", {"position": {"line": 2, "character": 1}}),
    ("textDocument/codeAction", {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 4, "character": 0}},
                                 "context": {"diagnostics": []}}),
    ("textDocument/definition", {"position": {"line": 3, "character": 9}}),
    ("textDocument/references", {"position": {"line": 3, "character": 9}, "context": {"includeDeclaration": True}}),
]


class HostileSession:
    """One guarded server for every hostile file; replaced when a failure leaves it unresponsive."""

    def __init__(self, root: Path, home: Path, guard: Guard) -> None:
        self.root, self.home, self.guard = root, home, guard
        self.marker = root.parent / MARKER
        self.server: LspServer | None = None
        self.servers: list[LspServer] = []
        self.attempts_at_start = 0

    def current(self) -> LspServer:
        if self.server is None:
            self.server = LspServer(self.root, self.home, env=self.guard.env(self.home))
            self.servers.append(self.server)
            self.server.initialize()
            self.attempts_at_start = len(self.guard.attempts())
        return self.server

    def discard(self) -> None:
        if self.server is not None:
            self.server.kill()
            self.server = None


@pytest.fixture(scope="module")
def hostile_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileSession]:
    home = tmp_path_factory.mktemp("hostile-home")
    (home / ".claude").mkdir()
    guard = Guard(tmp_path_factory.mktemp("hostile-guard"))
    root = make_workspace(tmp_path_factory.mktemp("hostile") / "ws",
                          {".claude/skills/pdf/SKILL.md": "---\nname: pdf\ndescription: d\n---\n"})
    session = HostileSession(root, home, guard)
    yield session
    for server in session.servers:
        server.kill()


@pytest.mark.parametrize("name", NAMES)
def test_hostile_file_through_the_server(name: str, hostile_session: HostileSession) -> None:
    session = hostile_session
    hostile = next(h for h in hostile_files(session.marker) if h.name == name)
    text = hostile.text
    server = session.current()
    uri = (session.root / ".claude" / "agents" / f"{name}.md").as_uri()
    try:
        started = time.monotonic()
        server.open(uri, text)
        diagnostics = server.diagnostics(uri, 1, timeout=TIME_BOUND)
        elapsed = time.monotonic() - started
        codes = {d["code"] for d in diagnostics}
        assert hostile.codes <= codes, f"{name}: expected {sorted(hostile.codes)} among {sorted(codes)}"
        assert not hostile.absent & codes, f"{name}: unexpected {sorted(hostile.absent & codes)}"
        lines = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
        for diagnostic in diagnostics:
            assert 0 <= diagnostic["range"]["start"]["line"] <= diagnostic["range"]["end"]["line"] < lines, diagnostic

        for method, params in FOLLOW_UPS:
            answer = server.request(method, {"textDocument": {"uri": uri}, **params}, timeout=TIME_BOUND)
            assert "error" not in answer, f"{name}: {method} failed: {answer['error']}"

        peak = server.peak_rss_mb()
        assert peak <= MEMORY_BOUND_MB, f"{name}: the server peaked at {peak:.0f} MB"
        server.close(uri)
        assert server.result("workspace/symbol", {"query": "pdf"}) is not None  # still serving
        assert not session.marker.exists(), f"{name}: a YAML tag ran a command"
        assert session.guard.attempts()[session.attempts_at_start:] == [], f"{name}: the server tried to run or connect"
        print(f"{name}: diagnostics in {elapsed:.2f} s, peak so far {peak:.0f} MB, {len(diagnostics)} diagnostics")
    except BaseException:
        session.discard()  # the next file gets a fresh server
        raise


def test_the_server_survives_them_all_and_exits_cleanly(hostile_session: HostileSession) -> None:
    server = hostile_session.current()
    assert server.result("workspace/symbol", {"query": "pdf"})
    assert server.shutdown() == 0
    hostile_session.server = None
    assert not hostile_session.marker.exists()


def test_hostile_files_on_disk_through_check_and_the_workspace_scan(tmp_path: Path, home: Path, guard: Guard,
                                                                    start_server) -> None:
    """The same files, plus invalid UTF-8 and NUL bytes, read from disk: by `check` and by the index."""
    marker = tmp_path / MARKER
    files: dict[str, str | bytes] = {f".claude/agents/{h.name}.md": h.text.encode("utf-8", "surrogatepass")
                                     for h in hostile_files(marker)}
    files[".claude/agents/invalid-utf8.md"] = (b"---\nname: latin-one\ndescription: caf\xe9 \xff\xfe\xc3\n---\n"
                                               b"Body \x80\x81 \xed\xa0\x80 \x00 end\n")
    files[".claude/agents/binary.md"] = bytes(range(256)) * 4096
    root = make_workspace(tmp_path / "ws", files)

    command = [sys.executable, "-m", "agent_lsp", "check", "--format", "json", "."]

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CLI_ADDRESS_SPACE, CLI_ADDRESS_SPACE))

    started = time.monotonic()
    process = subprocess.Popen(command, cwd=root, env=guard.env(home), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, preexec_fn=limit)
    try:
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    elapsed = time.monotonic() - started
    assert process.returncode in (0, 1), err.decode(errors="replace")
    assert b"Traceback" not in err and b"internal error" not in err, err.decode(errors="replace")
    by_file: dict[str, set[str]] = {}
    for item in json.loads(out):
        by_file.setdefault(Path(item["path"]).stem, set()).add(item["code"])
    for hostile in hostile_files(marker):
        if hostile.name == "lone-surrogates":
            continue  # on disk its surrogates are invalid UTF-8 (FM017), not the text the editor sends
        assert hostile.codes <= by_file.get(hostile.name, set()), hostile.name
    assert "FM017" in by_file["invalid-utf8"]
    assert "FM017" in by_file["lone-surrogates"]
    assert elapsed < 60, f"check took {elapsed:.0f} s"
    assert not marker.exists()
    assert guard.attempts() == [], "`agent-lsp check` tried to run a program or connect"

    # The server's workspace scan reads the same folder and still indexes the readable agents.
    server = start_server(root, env=guard.env(home))
    symbols = server.result("workspace/symbol", {"query": "latin-one"})
    assert [s["name"] for s in symbols] == ["latin-one"]
    assert server.peak_rss_mb() <= MEMORY_BOUND_MB
    assert server.shutdown() == 0
    assert not marker.exists()


def test_core_alone_stays_within_time_and_memory(tmp_path: Path) -> None:
    """Each hostile text analysed by the core in a child with an address-space limit: bounded and quick."""
    script = f"""
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({CLI_ADDRESS_SPACE}, {CLI_ADDRESS_SPACE}))
sys.path.insert(0, {str(REPO_ROOT)!r})
from pathlib import Path
from agent_lsp.core.analysis import analyse
from agent_lsp.core.model import Document
from agent_lsp.core.outline import sections
from tests.robustness.test_hostile_files import hostile_files
worst = 0.0
for hostile in hostile_files(Path({str(tmp_path / MARKER)!r})):
    started = time.perf_counter()
    analysis = analyse(Document(hostile.text, "/w/.claude/agents/" + hostile.name + ".md"))
    sections(analysis.model)
    elapsed = time.perf_counter() - started
    worst = max(worst, elapsed)
    assert elapsed < {TIME_BOUND}, (hostile.name, elapsed)
print(worst, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert result.returncode == 0, result.stderr[-3000:]
    worst, peak_mb = result.stdout.split()
    assert int(peak_mb) <= MEMORY_BOUND_MB, f"the core peaked at {peak_mb} MB"
    assert not (tmp_path / MARKER).exists()


@pytest.mark.parametrize("name", ["nested-flow-sequences", "nested-flow-mappings"])
def test_deep_nesting_read_by_every_tool(tmp_path: Path, name: str) -> None:
    """Every tool's reading of a deeply nested frontmatter, in a child process (a C stack overflow in libyaml's
    composer would kill it): bounded, whatever the libyaml (before 0.2.6 it has no nesting limit, and raw
    `yaml.compose` or a full event scan of such a text crashes or takes minutes)."""
    script = f"""
import sys, time
sys.path.insert(0, {str(REPO_ROOT)!r})
from pathlib import Path
from agent_lsp.core.analysis import analyse
from agent_lsp.core.dialects import Tool
from agent_lsp.core.model import Document
from agent_lsp.core.reporting import Context
from tests.robustness.test_core_properties import PATHS
from tests.robustness.test_hostile_files import hostile_files
(hostile,) = [h for h in hostile_files(Path({str(tmp_path / MARKER)!r})) if h.name == {name!r}]
for dialect, path in PATHS.items():
    started = time.perf_counter()
    analyse(Document(hostile.text, path), Context(tools=frozenset(Tool)))
    assert time.perf_counter() - started < {TIME_BOUND}, (dialect, time.perf_counter() - started)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert result.returncode == 0, result.stderr[-3000:]
