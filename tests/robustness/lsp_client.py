"""A small synchronous LSP client for the robustness tests: the real server in a subprocess, raw JSON-RPC.

pytest-lsp (tests/server) drives the server through typed requests; these tests also need what a typed
client cannot send (malformed params, hostile URIs, lone surrogates), the server's process (peak memory,
exit status, environment: the socket guard) and plain blocking waits with explicit time bounds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from lsprotocol.converters import get_converter
from pytest_lsp import client_capabilities

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVER_COMMAND = [sys.executable, "-m", "agent_lsp", "serve"]
TIMEOUT = 10.0
"""Seconds allowed for anything the server should do promptly (generous for slow CI machines)."""


class ServerGone(AssertionError):
    """The server closed its stdout (exited or crashed) while the test waited for it."""


def capabilities(profile: str) -> dict[str, Any]:
    """A real editor's client capabilities as JSON: `visual_studio_code` (UTF-16, push) or `neovim` (pull)."""
    return get_converter().unstructure(client_capabilities(profile))


def server_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """An environment in which the server never reads the real ~/.claude and imports this checkout."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AGENT_LSP", "PYTHON"))}
    env.update(PYTHONPATH=str(REPO_ROOT), HOME=str(home), CLAUDE_CONFIG_DIR=str(home / ".claude"),
               PYTHONIOENCODING="utf-8")
    env.update(extra or {})
    return env


class LspServer:
    """The real server over stdio. Every wait has a deadline; nothing waits forever."""

    def __init__(self, root: Path, home: Path, profile: str = "visual_studio_code",
                 env: dict[str, str] | None = None, init_options: dict[str, Any] | None = None) -> None:
        self.root = root
        self.profile = profile
        self.init_options = init_options if init_options is not None else {"claudeConfigDir": str(home / ".claude")}
        self.stderr_path = home / f"server-stderr-{id(self)}.log"
        self._stderr = open(self.stderr_path, "wb")
        self._cond = threading.Condition()
        self._write_lock = threading.Lock()
        self._next_id = 0
        self.responses: dict[Any, dict[str, Any]] = {}
        self.publishes: list[dict[str, Any]] = []
        self.log_messages: list[str] = []
        self.server_requests: list[str] = []
        self._marks: dict[str, int] = {}
        """Per URI: how many publishes had arrived when it was last opened or changed."""
        self.eof = False
        self.proc = subprocess.Popen(SERVER_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._stderr, cwd=str(root), env=env or server_env(home))
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        self.encoding = "utf-16"
        self.initialize_result: dict[str, Any] = {}

    # ------------------------------------------------------------------ wire

    def send_raw(self, data: bytes) -> None:
        with self._write_lock:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()

    def _write(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode("utf-8")  # ensure_ascii: lone surrogates travel as \ud800 escapes
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def _read_loop(self) -> None:
        stream = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = stream.readline()
                    if not line:
                        return
                    if not line.strip():
                        break
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                if length is None:
                    continue
                body = stream.read(length)
                if len(body) < length:
                    return
                self._dispatch(json.loads(body))
        finally:
            with self._cond:
                self.eof = True
                self._cond.notify_all()

    def _dispatch(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        if method is None:
            with self._cond:
                self.responses[message.get("id")] = message
                self._cond.notify_all()
            return
        if "id" in message:  # a request from the server: answer like a quiet editor
            self.server_requests.append(method)
            result: Any = None
            if method == "workspace/configuration":
                result = [None for _ in (message.get("params") or {}).get("items", [])]
            self._write({"jsonrpc": "2.0", "id": message["id"], "result": result})
            return
        params = message.get("params") or {}
        with self._cond:
            if method == "textDocument/publishDiagnostics":
                self.publishes.append(params)
            elif method == "window/logMessage":
                self.log_messages.append(params.get("message", ""))
            self._cond.notify_all()

    def _wait(self, predicate, what: str, timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = predicate()
                if found is not None and found is not False:
                    return found
                if self.eof:
                    raise ServerGone(f"the server exited while waiting for {what}; stderr:\n{self.stderr()}")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no {what} within {timeout:g} s")
                self._cond.wait(remaining)

    # ------------------------------------------------------------------ API

    def notify(self, method: str, params: Any) -> None:
        self._write({"jsonrpc": "2.0", "method": method, "params": params})

    def send_request(self, method: str, params: Any) -> int:
        with self._cond:
            self._next_id += 1
            request_id = self._next_id
        self._write({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        return request_id

    def response(self, request_id: Any, what: str = "a response", timeout: float = TIMEOUT) -> dict[str, Any]:
        return self._wait(lambda: self.responses.pop(request_id, None), f"{what} (id {request_id})", timeout)

    def request(self, method: str, params: Any, timeout: float = TIMEOUT) -> dict[str, Any]:
        """Send a request; return the whole response message (`result` or `error`)."""
        return self.response(self.send_request(method, params), f"a response to {method}", timeout)

    def result(self, method: str, params: Any, timeout: float = TIMEOUT) -> Any:
        message = self.request(method, params, timeout)
        assert "error" not in message, f"{method} failed: {message['error']}"
        return message.get("result")

    def initialize(self, timeout: float = 20.0, wait_index: bool = True) -> dict[str, Any]:
        caps = capabilities(self.profile)
        params = {"processId": os.getpid(), "rootUri": self.root.as_uri(), "capabilities": caps,
                  "workspaceFolders": [{"uri": self.root.as_uri(), "name": self.root.name}],
                  "initializationOptions": self.init_options}
        self.initialize_result = self.result("initialize", params, timeout)
        self.encoding = self.initialize_result["capabilities"].get("positionEncoding", "utf-16")
        self.notify("initialized", {})
        if wait_index:
            self.wait_log("indexed", timeout)
        return self.initialize_result

    @property
    def pull(self) -> bool:
        return self.profile == "neovim"

    def wait_log(self, needle: str, timeout: float = TIMEOUT) -> str:
        return self._wait(lambda: next((m for m in self.log_messages if needle in m), None),
                          f"a log message containing {needle!r}", timeout)

    def _mark(self, uri: str) -> None:
        with self._cond:
            self._marks[uri] = len(self.publishes)

    def open(self, uri: str, text: str, version: int = 1, language_id: str = "markdown") -> None:
        self._mark(uri)
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language_id,
                                                               "version": version, "text": text}})

    def change(self, uri: str, version: int, changes: list[dict[str, Any]]) -> None:
        self._mark(uri)
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                "contentChanges": changes})

    def close(self, uri: str) -> None:
        self._mark(uri)
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def diagnostics(self, uri: str, version: int, timeout: float = TIMEOUT) -> list[dict[str, Any]]:
        """The diagnostics of `uri` at `version`: pushed (a publish for that version since the document was
        last opened or changed) or pulled."""
        if self.pull:
            report = self.result("textDocument/diagnostic", {"textDocument": {"uri": uri}}, timeout)
            assert report["kind"] == "full", report
            return report["items"]

        def published():
            for params in reversed(self.publishes[self._marks.get(uri, 0):]):
                if params["uri"] == uri and params.get("version") == version:
                    return params
            return None

        return self._wait(published, f"diagnostics for {uri} v{version}", timeout)["diagnostics"]

    def peak_rss_mb(self) -> float:
        """The server process's peak resident memory so far (VmHWM), in MB."""
        with open(f"/proc/{self.proc.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        raise AssertionError("no VmHWM in /proc/<pid>/status")

    def stderr(self) -> str:
        if not self._stderr.closed:
            self._stderr.flush()
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def shutdown(self, timeout: float = TIMEOUT) -> int:
        """shutdown + exit; return the exit status (the process is killed if it does not exit in time)."""
        try:
            if not self.eof:
                self.result("shutdown", None, timeout)
                self.notify("exit", None)
            return self.proc.wait(timeout)
        finally:
            self.kill()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(TIMEOUT)
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except (OSError, ValueError):
                pass
        self._reader.join(TIMEOUT)
        self._stderr.close()
