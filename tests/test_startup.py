"""The start-up code cache (agent_lsp/startup.py): the same code as compile() and exec(), kept between runs.

Its gain (start -> first diagnostics) is measured by benchmarks/lsp_latency.py, not here.
"""

from __future__ import annotations

import builtins
import gc
import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent_lsp.startup import CodeCache, cached_compilation, default_path, imports_without_full_collections
from tests.helpers import REPO_ROOT
from tests.robustness.conftest import make_workspace
from tests.robustness.lsp_client import LspServer, server_env

@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """As without PYTHONDONTWRITEBYTECODE (under it, nothing is written)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


SOURCE = "def f(x: Undefined) -> None:\n    return x\n"
"""Its annotation names nothing: only `from __future__ import annotations` (inherited) makes it run."""


def test_the_same_code_as_compile_with_the_callers_future_features(tmp_path: Path, writes: None) -> None:
    # This module has `from __future__ import annotations`: compile() inherits it from its caller.
    cache = CodeCache(tmp_path / "code.marshal")
    cached = cache.compile(SOURCE, "<generated f>", "exec")
    assert cached == compile(SOURCE, "<generated f>", "exec")
    namespace: dict = {}
    exec(cached, namespace)
    assert namespace["f"].__annotations__ == {"x": "Undefined", "return": "None"}
    assert cache.compile(SOURCE, "<generated f>", "exec", dont_inherit=True) == compile(
        SOURCE, "<generated f>", "exec", dont_inherit=True)
    assert (cache.hits, cache.misses) == (0, 2)
    cache.save()

    again = CodeCache(tmp_path / "code.marshal")
    assert again.compile(SOURCE, "<generated f>", "exec") == cached
    assert again.compile(SOURCE, "<other file name>", "exec") == compile(SOURCE, "<other file name>", "exec")
    assert (again.hits, again.misses) == (1, 1)


def test_what_it_does_not_cache_goes_to_compile(tmp_path: Path) -> None:
    cache = CodeCache(tmp_path / "code.marshal")
    assert type(cache.compile("x = 1", "<ast>", "exec", 0x400)).__name__ == "Module"  # ast.PyCF_ONLY_AST
    assert cache.compile(b"x = 1", "<bytes>", "exec") == compile(b"x = 1", "<bytes>", "exec")
    assert (cache.hits, cache.misses) == (0, 0)


def test_a_broken_or_unwritable_cache_never_stops_the_start(tmp_path: Path, writes: None) -> None:
    real = builtins.compile
    path = tmp_path / "code.marshal"
    path.write_bytes(b"\x00not marshal at all")
    with cached_compilation(path) as cache:
        assert builtins.compile is not real
        code = builtins.compile("y = 2", "<y>", "exec")
    assert builtins.compile is real
    assert cache.misses == 1 and code == compile("y = 2", "<y>", "exec")
    rewritten = CodeCache(path)
    assert rewritten.compile("y = 2", "<y>", "exec") == code and rewritten.hits == 1
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    with cached_compilation(blocked / "code.marshal") as cache:  # its folder cannot be made
        builtins.compile("z = 3", "<z>", "exec")
    assert cache.misses == 1 and builtins.compile is real


def test_exec_of_source_runs_the_cached_code_in_the_namespaces_exec_would_use(tmp_path: Path, writes: None) -> None:
    cache = CodeCache(tmp_path / "code.marshal")
    namespace: dict = {}
    cache.exec(SOURCE, namespace)  # inherits this module's `from __future__ import annotations`, as exec() does
    assert namespace["f"].__annotations__ == {"x": "Undefined", "return": "None"}
    assert (cache.hits, cache.misses) == (0, 1)
    cache.exec(SOURCE, {}, {})
    assert (cache.hits, cache.misses) == (1, 1)

    def caller() -> dict:
        local = 41
        # Without a globals dict, exec() uses the caller's namespaces: the wrapper must pass them on.
        cache.exec("seen = local + 1; from_module = SOURCE")
        return sys._getframe().f_locals
    assert caller()["seen"] == 42 and caller()["from_module"] == SOURCE
    assert (cache.hits, cache.misses) == (1, 1)  # not cached: no globals dict
    code = compile("z = 3", "<z>", "exec")
    assert cache.exec(code, namespace) is None and namespace["z"] == 3


def test_a_dataclass_defined_in_the_block_is_cached_and_works(tmp_path: Path, writes: None) -> None:
    source = ("from dataclasses import dataclass, field\n"
              "@dataclass(frozen=True, order=True)\n"
              "class Point:\n"
              "    x: int\n"
              "    y: int = 0\n"
              "    tags: tuple = field(default=())\n")
    path = tmp_path / "code.marshal"
    with cached_compilation(path) as first:
        namespace: dict = {"__name__": __name__}
        exec(source, namespace)
    assert first.misses >= 3 and first.hits == 0  # __init__, __repr__, __eq__, ordering, __hash__...
    again = CodeCache(path)
    builtins.exec, real = again.exec, builtins.exec
    try:
        replay: dict = {"__name__": __name__}
        exec(source, replay)
    finally:
        builtins.exec = real
    assert again.misses == 0 and again.hits == first.misses
    point = replay["Point"](1, tags=("a",))
    assert point == replay["Point"](1, 0, ("a",)) and repr(point) == "Point(x=1, y=0, tags=('a',))"
    assert hash(point) == hash(replay["Point"](1, 0, ("a",))) and replay["Point"](0) < point


def test_the_cache_is_let_go_when_its_block_ends(tmp_path: Path, writes: None) -> None:
    # It holds every code object it read: megabytes the process has no use for after its imports.
    with cached_compilation(tmp_path / "code.marshal"):
        builtins.compile("a = 1", "<a>", "exec")
    gc.collect()
    assert not [thing for thing in gc.get_objects() if isinstance(thing, CodeCache)]


def test_an_installed_cache_runs_until_closed_and_saves_code_for_a_new_name(tmp_path: Path, writes: None) -> None:
    path = tmp_path / "code.marshal"
    with cached_compilation(path):
        for number in range(40):
            builtins.compile(f"x = {number}", f"<file {number}>", "exec")
    real = builtins.compile, builtins.exec
    cache = CodeCache(path).install()
    assert builtins.compile == cache.compile and builtins.exec == cache.exec
    for number in range(40):
        builtins.compile(f"x = {number}", f"<file {number}>", "exec")
    # Under a name the file knows, a changed source (attrs' salted `__hash__`) misses on every run: no rewrite.
    builtins.compile("x = 'changed'", "<file 0>", "exec")
    cache.close()
    cache.close()  # once
    assert (builtins.compile, builtins.exec) == real
    assert (cache.hits, cache.misses) == (40, 1)
    again = CodeCache(path)
    again.compile("x = 'changed'", "<file 0>", "exec")
    assert again.misses == 1  # not written: one miss in 41, under a known name
    # A name the file has no code for (cattrs' serialiser of a message kind it never saw) is written, however few.
    newer = CodeCache(path).install()
    builtins.compile("y = 1", "<cattrs generated structure NewKind>", "exec")
    newer.close()
    assert newer.misses == 1 and newer.hits == 0
    latest = CodeCache(path)
    latest.compile("y = 1", "<cattrs generated structure NewKind>", "exec")
    assert latest.hits == 1


def test_imports_make_young_collections_only(tmp_path: Path) -> None:
    generations: list[int] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start":
            generations.append(info["generation"])

    class Node:
        def __init__(self, parent: object) -> None:
            self.parent, self.children = parent, [parent]

    thresholds = gc.get_threshold()
    gc.callbacks.append(seen)
    try:
        gc.set_threshold(700, 10, 10)
        with imports_without_full_collections():
            kept = []
            for _ in range(300_000):  # as many new objects as the server's imports
                kept.append(Node(kept[-1] if kept else None))
        young = list(generations)
        generations.clear()
        assert gc.get_threshold() == (700, 10, 10)
        for _ in range(300_000):
            kept.append(Node(kept[-1]))
    finally:
        gc.callbacks.remove(seen)
        gc.set_threshold(*thresholds)
    assert young and 2 not in young  # young generations only: transient garbage still goes
    assert 2 in generations  # and after the block, full collections again


def test_the_command_keeps_the_cores_generated_code(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.update(PYTHONPATH=str(REPO_ROOT), XDG_CACHE_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "agent_lsp", "rules"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    files = list((tmp_path / "agent-lsp").iterdir())
    assert [path.name.split("-cpython")[0] for path in files] == ["generated-code-cli"]
    stored = marshal.loads(files[0].read_bytes())
    # The core's dataclasses (exec() of their methods' source) are what the CLI's imports generate.
    assert sum(code.co_filename == "<string>" for code in stored.values()) > 100


def _start(cache_home: Path, *flags: str) -> dict:
    script = ("import json, sys\n"
              "from agent_lsp.startup import cached_compilation, default_path\n"
              "with cached_compilation(default_path('server')) as cache:\n"
              "    from lsprotocol import types\n"
              "print(json.dumps({'hits': cache.hits, 'misses': cache.misses, 'path': str(default_path('server')),\n"
              "                  'position': repr(types.Position(line=1, character=2)),\n"
              "                  'equal': types.Position(1, 2) == types.Position(line=1, character=2),\n"
              "                  'annotations': repr(types.Position.__init__.__annotations__)}))\n")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.update(PYTHONPATH=str(REPO_ROOT), XDG_CACHE_HOME=str(cache_home))
    done = subprocess.run([sys.executable, *flags, "-c", script], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_second_start_finds_what_attrs_generated_for_lsprotocol(tmp_path: Path) -> None:
    first = _start(tmp_path)
    assert Path(first["path"]).parent == tmp_path / "agent-lsp" and Path(first["path"]).is_file()
    # The only hits of a first start are sources it compiles twice.
    assert first["misses"] > 500 and first["hits"] * 10 < first["misses"]
    second = _start(tmp_path)
    # A few sources differ on every run (attrs salts `__hash__` with a per-process string hash).
    assert second["misses"] * 10 < second["hits"]
    assert second["hits"] + second["misses"] == first["hits"] + first["misses"]
    assert {k: v for k, v in second.items() if k not in ("hits", "misses")} == {
        k: v for k, v in first.items() if k not in ("hits", "misses")}
    assert second["equal"] and second["position"] == "1:2"


def test_nothing_is_written_under_dont_write_bytecode(tmp_path: Path) -> None:
    started = _start(tmp_path, "-B")
    assert started["misses"] > 500 and not Path(started["path"]).exists()


def test_the_server_keeps_the_cache_in_the_users_cache_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    cache_home = tmp_path / "cache"
    server = LspServer(make_workspace(tmp_path / "ws"), home, env=server_env(home, {"XDG_CACHE_HOME": str(cache_home)}))
    try:
        server.initialize()
        assert server.shutdown() == 0
    finally:
        server.kill()
    names = [default_path(part).name for part in ("cli", "server")]  # type: ignore[union-attr]
    assert sorted(path.name for path in (cache_home / "agent-lsp").iterdir()) == names
