"""The start-up code cache (agent_lsp/server/code_cache.py): the same code as compile(), kept between runs.

Its gain (start -> first diagnostics) is measured by benchmarks/lsp_latency.py, not here.
"""

from __future__ import annotations

import builtins
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent_lsp.server.code_cache import CodeCache, cached_compilation, default_path
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


def _start(cache_home: Path, *flags: str) -> dict:
    script = ("import json, sys\n"
              "from agent_lsp.server.code_cache import cached_compilation, default_path\n"
              "with cached_compilation(default_path()) as cache:\n"
              "    from lsprotocol import types\n"
              "print(json.dumps({'hits': cache.hits, 'misses': cache.misses, 'path': str(default_path()),\n"
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
    assert first["hits"] == 0 and first["misses"] > 500
    second = _start(tmp_path)
    # A few sources differ on every run (attrs salts `__hash__` with a per-process string hash).
    assert second["misses"] * 10 < second["hits"]
    assert second["hits"] + second["misses"] == first["misses"]
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
    assert default_path() is not None
    assert [path.name for path in (cache_home / "agent-lsp").iterdir()] == [default_path().name]
