"""Fixtures for the robustness tests: a private home, real servers, and a guard against network and exec.

The guard is a `sitecustomize` module put first on the child process's PYTHONPATH. Python imports it at
start-up, before any agent-lsp code; it wraps every way a Python process opens a network connection or
starts a program, records each attempt (one JSON line per attempt in the file named by
$AGENT_LSP_GUARD_LOG) and refuses it. Unix-domain sockets stay allowed: asyncio's own wake-up
socketpair is one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.robustness.lsp_client import REPO_ROOT, LspServer, server_env

GUARD = r'''
import errno, json, os, socket, sys

_LOG = os.environ.get("AGENT_LSP_GUARD_LOG")


def _record(kind, detail):
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps({"kind": kind, "detail": repr(detail)[:300], "pid": os.getpid()}) + "\n")


def _refuse(kind, detail):
    _record(kind, detail)
    raise OSError(errno.EACCES, f"blocked by the robustness test guard: {kind} {detail!r}")


def _local(sock):
    return getattr(socket, "AF_UNIX", None) is not None and sock.family == socket.AF_UNIX


_socket_class = socket.socket
for _name in ("connect", "connect_ex", "bind", "sendto", "sendmsg"):
    _original = getattr(_socket_class, _name, None)
    if _original is None:
        continue

    def _make(name, original):
        def guarded(self, *args, **kwargs):
            if _local(self):
                return original(self, *args, **kwargs)
            return _refuse("socket." + name, args[-1] if args else kwargs)
        return guarded

    setattr(_socket_class, _name, _make(_name, _original))

for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "create_connection",
              "getnameinfo"):
    if hasattr(socket, _name):
        setattr(socket, _name, (lambda name: lambda *args, **kwargs: _refuse("socket." + name, args))(_name))

import subprocess

_original_popen_init = subprocess.Popen.__init__


def _popen(self, args, *rest, **kwargs):
    _refuse("subprocess.Popen", args)


subprocess.Popen.__init__ = _popen
for _name in ("system", "popen", "posix_spawn", "posix_spawnp", "fork", "forkpty", "execv", "execve", "execvp",
              "execvpe", "execl", "execle", "execlp", "execlpe", "spawnv", "spawnve", "spawnvp", "spawnvpe",
              "spawnl", "spawnle", "spawnlp", "spawnlpe"):
    if hasattr(os, _name):
        setattr(os, _name, (lambda name: lambda *args, **kwargs: _refuse("os." + name, args))(_name))
'''


class Guard:
    """Where the guard lives and what it recorded."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.log = folder / "attempts.jsonl"
        (folder / "sitecustomize.py").write_text(GUARD, encoding="utf-8")

    def env(self, home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = server_env(home, extra)
        env["PYTHONPATH"] = f"{self.folder}{os.pathsep}{REPO_ROOT}"
        env["AGENT_LSP_GUARD_LOG"] = str(self.log)
        return env

    def attempts(self) -> list[dict[str, str]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def guard(tmp_path_factory: pytest.TempPathFactory) -> Guard:
    return Guard(tmp_path_factory.mktemp("guard"))


@pytest.fixture
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home folder with an empty Claude folder: the real ~/.claude is never read."""
    folder = tmp_path_factory.mktemp("home")
    (folder / ".claude").mkdir()
    return folder


def make_workspace(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    (root / ".git").mkdir(parents=True, exist_ok=True)
    for relative, content in (files or {}).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


StartServer = Callable[..., LspServer]


@pytest.fixture
def start_server(home: Path) -> Iterator[StartServer]:
    """Start real servers (`start_server(root, profile=..., env=...)`); each is killed after the test."""
    started: list[LspServer] = []

    def start(root: Path, profile: str = "visual_studio_code", env: dict[str, str] | None = None,
              init_options: dict | None = None, initialize: bool = True, wait_index: bool = True) -> LspServer:
        server = LspServer(root, home, profile, env=env, init_options=init_options)
        started.append(server)
        if initialize:
            server.initialize(wait_index=wait_index)
        return server

    yield start
    for server in started:
        server.kill()
