"""The benchmarks' LSP client: framing, a stdio client with timed waits, statistics, process memory.

Wire code only (standard library): the workloads and reports live in the scripts that import it
(`lsp_latency.py`, `memory_soak.py`, `corpus_sweep.py`). Tests use their own client
(`tests/robustness/lsp_client.py`) on purpose: a test client must not share wire code with what it tests.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent


def command_argv(command: str) -> list[str]:
    """A server command as argv; its `python` (or `python3`), first or after `env NAME=value ...`, is the
    interpreter running the benchmark."""
    argv = shlex.split(command)
    first = 0
    if argv and argv[0] == "env":
        first = 1
        while first < len(argv) and "=" in argv[first]:
            first += 1
    if first < len(argv) and argv[first] in ("python", "python3"):
        argv[first] = sys.executable
    return argv


def checkout_env() -> dict[str, str]:
    """This process's environment with this checkout first on PYTHONPATH: a benchmark measures the code beside it
    (`python -m agent_lsp` then imports this checkout's package, whatever is installed)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


class Timeout(Exception):
    """A wait ran out of time, or the server failed it (the subclasses say which)."""


class ServerGone(Timeout):
    """The server closed its stdout or stdin (it exited or crashed) during the wait."""


class ErrorResponse(Timeout):
    """The server answered a request with an error; ``error`` is the response's error object."""

    def __init__(self, message: str, error: dict) -> None:
        super().__init__(message)
        self.error = error


# --------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------

def percentile(values: list[float], pct: float) -> float:
    """Linear-interpolated percentile (the same definition as numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * pct / 100.0
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarise(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": max(values),
        "mean": sum(values) / len(values),
    }


# --------------------------------------------------------------------------
# Process memory
# --------------------------------------------------------------------------

def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def process_tree(pid: int) -> list[int]:
    """``pid`` and all of its descendants, found through /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces.
        fields = stat[stat.rfind(")") + 2:].split()
        try:
            ppid = int(fields[1])
        except (IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def tree_memory_kb(pid: int) -> dict[str, int]:
    pids = process_tree(pid)
    return {
        "processes": len(pids),
        "vmrss_kb": sum(_status_kb(p, "VmRSS") for p in pids),
        "vmhwm_kb": sum(_status_kb(p, "VmHWM") for p in pids),
    }


# --------------------------------------------------------------------------
# The LSP client
# --------------------------------------------------------------------------

def frame(message: dict) -> bytes:
    """One LSP message on the wire: the Content-Length header, then the JSON body."""
    body = json.dumps(message, separators=(",", ":")).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_frames(stream) -> Iterator[bytes]:
    """Yield the body of each message read from an LSP byte stream, as soon as it is read; stop at EOF."""
    while True:
        length = None
        while True:
            line = stream.readline()
            if not line:
                return
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length is None:
            continue
        body = stream.read(length)
        if len(body) < length:
            return
        yield body


class LspClient:
    """A minimal JSON-RPC/LSP client over a child process's stdin/stdout.

    A reader thread timestamps every incoming message with ``time.perf_counter()``
    as soon as its body has been read, answers server->client requests, and
    records ``textDocument/publishDiagnostics`` notifications in ``diag_log`` and
    ``window/logMessage`` ones in ``log_messages`` (type, message).
    """

    def __init__(self, argv: list[str], *, cwd: Path, env: dict[str, str], stderr_path: Path,
                 settings: dict[str, Any], workspace: Path) -> None:
        self.settings = settings
        self.workspace = workspace
        self.stderr_path = stderr_path
        self._stderr = open(stderr_path, "wb")
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._write_lock = threading.Lock()
        self._next_id = 0
        self._responses: dict[int, tuple[float, dict]] = {}
        self.diag_log: list[tuple[float, str, int | None, list]] = []
        self.log_messages: list[tuple[int | None, str]] = []
        self.progress_log: list[tuple[float, dict]] = []
        """(receipt time, params) of every `$/progress` notification."""
        self.server_requests: dict[str, int] = {}
        self.notifications: dict[str, int] = {}
        self.eof = False
        self.t_start = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
            cwd=str(cwd), env=env, start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read_loop, name="lsp-reader", daemon=True)
        self._reader.start()

    # -- wire ---------------------------------------------------------------
    def _write(self, message: dict) -> float:
        data = frame(message)
        with self._write_lock:
            t_send = time.perf_counter()
            try:
                self.proc.stdin.write(data)
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError, ValueError) as exc:
                raise ServerGone(f"server stdin closed ({exc})") from exc
        return t_send

    def _read_loop(self) -> None:
        try:
            for body in read_frames(self.proc.stdout):
                t_recv = time.perf_counter()
                try:
                    message = json.loads(body)
                except ValueError:
                    continue
                self._dispatch(message, t_recv)
        except Exception as exc:  # noqa: BLE001 - the reader must never die silently
            try:
                self._stderr.write(f"\n[bench client] reader error: {exc!r}\n".encode())
            except ValueError:
                pass
        finally:
            with self._cond:
                self.eof = True
                self._cond.notify_all()

    def _dispatch(self, message: dict, t_recv: float) -> None:
        method = message.get("method")
        if method is None:
            if "id" in message:
                with self._cond:
                    self._responses[message["id"]] = (t_recv, message)
                    self._cond.notify_all()
            return
        if "id" in message:
            self.server_requests[method] = self.server_requests.get(method, 0) + 1
            self._answer_server_request(message)
            return
        self.notifications[method] = self.notifications.get(method, 0) + 1
        if method == "$/progress":
            with self._cond:
                self.progress_log.append((t_recv, message.get("params") or {}))
                self._cond.notify_all()
        if method == "textDocument/publishDiagnostics":
            params = message.get("params") or {}
            with self._cond:
                self.diag_log.append((t_recv, params.get("uri"), params.get("version"),
                                      params.get("diagnostics") or []))
                self._cond.notify_all()
        elif method == "window/logMessage":
            params = message.get("params") or {}
            self.log_messages.append((params.get("type"), str(params.get("message", ""))))

    def _answer_server_request(self, message: dict) -> None:
        method, params = message["method"], message.get("params") or {}
        result: Any = None
        error = None
        if method == "workspace/configuration":
            result = [self._setting(item.get("section")) for item in params.get("items", [])]
        elif method in ("client/registerCapability", "client/unregisterCapability",
                        "window/workDoneProgress/create", "window/showMessageRequest",
                        "workspace/diagnostic/refresh", "workspace/semanticTokens/refresh",
                        "workspace/inlayHint/refresh", "workspace/codeLens/refresh",
                        "workspace/inlineValue/refresh"):
            result = None
        elif method == "workspace/workspaceFolders":
            result = [{"uri": self.workspace.as_uri(), "name": self.workspace.name}]
        elif method == "workspace/applyEdit":
            result = {"applied": False, "failureReason": "benchmark client"}
        else:
            error = {"code": -32601, "message": f"benchmark client does not handle {method}"}
        reply: dict[str, Any] = {"jsonrpc": "2.0", "id": message["id"]}
        if error:
            reply["error"] = error
        else:
            reply["result"] = result
        try:
            self._write(reply)
        except Timeout:
            pass

    def _setting(self, section: str | None) -> Any:
        if not section:
            return self.settings
        node: Any = self.settings
        if section in node:
            return node[section]
        for part in section.split("."):
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node

    # -- API ----------------------------------------------------------------
    def notify(self, method: str, params: Any) -> float:
        return self._write({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float) -> tuple[Any, float]:
        """Send a request; return (result, latency in seconds). Raises Timeout."""
        with self._lock:
            self._next_id += 1
            rid = self._next_id
        t_send = self._write({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        deadline = t_send + timeout
        with self._cond:
            while rid not in self._responses:
                if self.eof:
                    raise ServerGone(f"{method}: server closed its stdout")
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    raise Timeout(f"{method}: no response within {timeout:g} s")
                self._cond.wait(remaining)
            t_recv, message = self._responses.pop(rid)
        if "error" in message:
            raise ErrorResponse(f"{method}: error response {message['error']}", message["error"])
        return message.get("result"), t_recv - t_send

    def diag_mark(self) -> int:
        with self._lock:
            return len(self.diag_log)

    def wait_diagnostics(self, uri: str, version: int | None, after: int,
                         timeout: float) -> tuple[float, int | None, list]:
        """First publishDiagnostics for ``uri`` logged at index >= ``after``.

        With ``version`` set, only a publish whose version is >= ``version``
        matches; with ``version=None`` (servers that omit versions), the first
        publish for the URI matches.
        """
        deadline = time.perf_counter() + timeout
        index = after
        with self._cond:
            while True:
                while index < len(self.diag_log):
                    t_recv, d_uri, d_version, diags = self.diag_log[index]
                    index += 1
                    if d_uri != uri:
                        continue
                    if version is None or (d_version is not None and d_version >= version):
                        return t_recv, d_version, diags
                if self.eof:
                    raise ServerGone("server closed its stdout")
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    raise Timeout(f"no publishDiagnostics within {timeout:g} s")
                self._cond.wait(remaining)

    def wait_settled(self, uri: str, after: int, quiet: float,
                     timeout: float) -> tuple[float, list]:
        """For servers without versions: the last publish for ``uri`` (at index >= ``after``)
        before no further publish for it arrives for ``quiet`` seconds."""
        t_recv, _, diags = self.wait_diagnostics(uri, None, after, timeout)
        deadline = time.perf_counter() + timeout
        index = after
        last = (t_recv, diags)
        with self._cond:
            while True:
                while index < len(self.diag_log):
                    entry = self.diag_log[index]
                    index += 1
                    if entry[1] == uri:
                        last = (entry[0], entry[3])
                now = time.perf_counter()
                if now - last[0] >= quiet or now >= deadline or self.eof:
                    return last
                self._cond.wait(min(quiet - (now - last[0]), deadline - now))

    def close(self, timeout: float = 3.0) -> int | None:
        """shutdown + exit, then make sure the process group is gone. Returns the server's exit status
        when it exited by itself within ``timeout`` (None when it had to be killed)."""
        if self.proc.poll() is None and not self.eof:
            try:
                self.request("shutdown", None, timeout)
                self.notify("exit", None)
            except Timeout:
                pass
        try:
            status = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            status = None
        self.kill(timeout)
        return status

    def kill(self, timeout: float = 3.0) -> None:
        """End the server's process group now, and release the pipes and the reader."""
        # The server was started in its own session, so its process group id is
        # its pid: this ends the server and any helper it spawned, nothing else.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except Exception:  # noqa: BLE001
                pass
        self._reader.join(timeout)
        self._stderr.close()
