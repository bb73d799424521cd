#!/usr/bin/env python3
"""Open every file of a corpus through the real language server; report crashes, hangs and latency.

    python benchmarks/corpus_sweep.py ../shared/corpus [--timeout 10] [--limit N]

The corpus folder holds MANIFEST.tsv (first column: the file's path in the corpus). One server is started
(`python -m agent_lsp serve`, this checkout first on PYTHONPATH) on an empty temporary workspace, with a
push-diagnostics client. Each file is read as an editor would (UTF-8, invalid bytes replaced) and opened
under a URI of the temporary workspace where Claude Code would look for it: `agents/`, `copilot-agents/`
and `other-agents/` files as `.claude/agents/<name>.md`, `commands/` as `.claude/commands/<name>.md`,
`skills/` as `.claude/skills/<name>/SKILL.md`. Nothing is written there: the texts travel in didOpen.

For each file the sweep waits for its publishDiagnostics (longer than --timeout seconds is a hang), asks
for what an editor asks on open (document symbols, folding ranges, a hover, a completion), then closes it.
A crash is the server exiting, an error response, or an error the server logs (window/logMessage of type
Error). After a crash or a hang the server is replaced, so one file cannot spoil the next ones' figures.
At the end the server must answer a last request and shut down cleanly.

Prints the file count, crashes, hangs (with the files), total time and p50/p95/max time-to-diagnostics;
exits 1 on any crash or hang. Standard library only, like the other benchmarks.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from lspwire import frame, percentile, read_frames  # this folder is on sys.path when the script runs

REPO_ROOT = Path(__file__).resolve().parent.parent
SERVER_COMMAND = [sys.executable, "-m", "agent_lsp", "serve"]
CAPABILITIES = {
    "general": {"positionEncodings": ["utf-16"]},
    "textDocument": {
        "synchronization": {"dynamicRegistration": False, "didSave": True},
        "publishDiagnostics": {"relatedInformation": True, "versionSupport": True, "codeDescriptionSupport": True,
                               "dataSupport": True, "tagSupport": {"valueSet": [1, 2]}},
        "completion": {"completionItem": {"snippetSupport": True}},
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "documentSymbol": {"hierarchicalDocumentSymbolSupport": True},
    },
    "workspace": {"configuration": True, "workspaceFolders": True},
    "window": {"workDoneProgress": True},
}


class ServerDied(Exception):
    pass


class Timeout(Exception):
    pass


class Server:
    """The real server over stdio, with a reader thread; every wait has a deadline."""

    def __init__(self, workspace: Path, home: Path, stderr_path: Path) -> None:
        env = {key: value for key, value in os.environ.items() if not key.startswith(("AGENT_LSP", "PYTHON"))}
        env.update(PYTHONPATH=str(REPO_ROOT), HOME=str(home), CLAUDE_CONFIG_DIR=str(home / ".claude"))
        self._stderr = open(stderr_path, "ab")
        self.proc = subprocess.Popen(SERVER_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._stderr, cwd=str(workspace), env=env)
        self.workspace = workspace
        self.home = home
        self.cond = threading.Condition()
        self.responses: dict[int, dict[str, Any]] = {}
        self.publishes: dict[str, list[tuple[float, int | None]]] = {}
        self.logged_errors: list[str] = []
        self.eof = False
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _write(self, message: dict[str, Any]) -> None:
        try:
            self.proc.stdin.write(frame(message))
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError, ValueError) as error:
            raise ServerDied(f"cannot write to the server: {error}") from error

    def _read(self) -> None:
        try:
            for body in read_frames(self.proc.stdout):
                self._dispatch(json.loads(body), time.perf_counter())
        finally:
            with self.cond:
                self.eof = True
                self.cond.notify_all()

    def _dispatch(self, message: dict[str, Any], received: float) -> None:
        method = message.get("method")
        if method is None:
            with self.cond:
                self.responses[message.get("id")] = message
                self.cond.notify_all()
            return
        if "id" in message:  # a request from the server: answer like a quiet editor
            items = (message.get("params") or {}).get("items", [])
            result = [None] * len(items) if method == "workspace/configuration" else None
            self._write({"jsonrpc": "2.0", "id": message["id"], "result": result})
            return
        params = message.get("params") or {}
        with self.cond:
            if method == "textDocument/publishDiagnostics":
                self.publishes.setdefault(params.get("uri"), []).append((received, params.get("version")))
            elif method == "window/logMessage" and params.get("type") == 1:
                self.logged_errors.append(str(params.get("message", ""))[:500])
            self.cond.notify_all()

    def _wait(self, predicate, timeout: float, what: str) -> Any:
        deadline = time.perf_counter() + timeout
        with self.cond:
            while True:
                found = predicate()
                if found is not None:
                    return found
                if self.eof:
                    raise ServerDied(f"the server exited while waiting for {what}")
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    raise Timeout(f"no {what} within {timeout:g} s")
                self.cond.wait(remaining)

    def notify(self, method: str, params: Any) -> None:
        self._write({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float) -> dict[str, Any]:
        with self.cond:
            self.next_id += 1
            request_id = self.next_id
        self._write({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        return self._wait(lambda: self.responses.pop(request_id, None), timeout, f"response to {method}")

    def initialize(self, timeout: float) -> None:
        uri = self.workspace.as_uri()
        answer = self.request("initialize", {
            "processId": os.getpid(), "rootUri": uri, "capabilities": CAPABILITIES,
            "workspaceFolders": [{"uri": uri, "name": "sweep"}],
            "initializationOptions": {"claudeConfigDir": str(self.home / ".claude")}}, timeout)
        if "error" in answer:
            raise ServerDied(f"initialize failed: {answer['error']}")
        self.notify("initialized", {})

    def wait_publish(self, uri: str, version: int, timeout: float) -> float:
        def found():
            for received, published in self.publishes.get(uri, ()):
                if published == version:
                    return received
            return None

        return self._wait(found, timeout, f"diagnostics for {uri}")

    def shutdown(self, timeout: float) -> int | None:
        try:
            self.request("shutdown", None, timeout)
            self.notify("exit", None)
            return self.proc.wait(timeout)
        except (ServerDied, Timeout, subprocess.TimeoutExpired):
            return None
        finally:
            self.kill()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                pass
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self._stderr.close()


def target_path(workspace: Path, local_file: str) -> Path:
    """Where Claude Code would look for this corpus file (see the module docstring)."""
    folder, _, name = local_file.partition("/")
    stem = Path(name).stem.replace(".agent", "")
    if folder == "commands":
        return workspace / ".claude" / "commands" / f"{stem}.md"
    if folder == "skills":
        return workspace / ".claude" / "skills" / stem / "SKILL.md"
    return workspace / ".claude" / "agents" / f"{stem}.md"


def follow_ups(uri: str) -> list[tuple[str, dict[str, Any]]]:
    doc = {"textDocument": {"uri": uri}}
    return [("textDocument/documentSymbol", doc), ("textDocument/foldingRange", doc),
            ("textDocument/hover", {**doc, "position": {"line": 1, "character": 2}}),
            ("textDocument/completion", {**doc, "position": {"line": 1, "character": 0}})]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the corpus folder (holding MANIFEST.tsv)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds before a file counts as a hang")
    parser.add_argument("--limit", type=int, default=None, help="open only the first N files")
    args = parser.parse_args(argv)

    manifest = args.corpus / "MANIFEST.tsv"
    rows = [line.split("\t")[0] for line in manifest.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    if args.limit is not None:
        rows = rows[: args.limit]

    crashes: list[str] = []
    hangs: list[str] = []
    latencies: list[float] = []
    opened: list[str] = []  # the file of each latency
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="agent-lsp-sweep-") as temp:
        workspace, home = Path(temp) / "workspace", Path(temp) / "home"
        (workspace / ".git").mkdir(parents=True)
        (home / ".claude").mkdir(parents=True)
        stderr_path = Path(temp) / "server-stderr.log"

        def start() -> Server:
            server = Server(workspace, home, stderr_path)
            server.initialize(max(30.0, args.timeout * 3))
            return server

        server = start()
        for number, local_file in enumerate(rows, 1):
            source = args.corpus / local_file
            try:
                text = source.read_bytes().decode("utf-8", errors="replace")
            except OSError as error:
                print(f"skipped {local_file}: {error}", file=sys.stderr)
                continue
            uri = target_path(workspace, local_file).as_uri()
            errors_before = len(server.logged_errors)
            try:
                sent = time.perf_counter()
                server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown",
                                                                        "version": 1, "text": text}})
                received = server.wait_publish(uri, 1, args.timeout)
                latencies.append(received - sent)
                opened.append(local_file)
                for method, params in follow_ups(uri):
                    answer = server.request(method, params, args.timeout)
                    if "error" in answer:
                        crashes.append(f"{local_file}: {method} answered with error {answer['error'].get('code')}: "
                                       f"{str(answer['error'].get('message'))[:200]}")
                server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
                if len(server.logged_errors) > errors_before:
                    crashes.append(f"{local_file}: the server logged an error: {server.logged_errors[-1][:300]}")
            except Timeout as error:
                hangs.append(f"{local_file}: {error}")
                server.kill()
                server = start()
            except ServerDied as error:
                crashes.append(f"{local_file}: {error}")
                server.kill()
                server = start()
            if number % 500 == 0:
                print(f"... {number} files", file=sys.stderr)

        alive = False
        try:
            answer = server.request("workspace/symbol", {"query": ""}, args.timeout)
            alive = "error" not in answer
        except (ServerDied, Timeout) as error:
            crashes.append(f"final request: {error}")
        status = server.shutdown(args.timeout)
        if not alive:
            crashes.append("the server did not answer the final request")
        if status != 0:
            crashes.append(f"the server did not shut down cleanly (exit status {status})")
        tracebacks = stderr_path.read_text(encoding="utf-8", errors="replace").count("Traceback")
        if tracebacks:
            crashes.append(f"the server's stderr holds {tracebacks} traceback(s)")
    elapsed = time.perf_counter() - started

    print(f"files:     {len(rows)}")
    print(f"crashes:   {len(crashes)}")
    for crash in crashes[:50]:
        print(f"  {crash}")
    print(f"hangs:     {len(hangs)} (no diagnostics or answer within {args.timeout:g} s)")
    for hang in hangs[:50]:
        print(f"  {hang}")
    print(f"total:     {elapsed:.1f} s")
    ms = [value * 1000 for value in latencies]
    slowest = max(range(len(ms)), key=ms.__getitem__, default=None)
    print(f"time to diagnostics: p50 {percentile(ms, 50):.1f} ms, p95 {percentile(ms, 95):.1f} ms, "
          f"max {max(ms, default=float('nan')):.1f} ms ({len(ms)} files)"
          + (f"; slowest: file {slowest + 1}, {opened[slowest]}" if slowest is not None else ""))
    return 1 if crashes or hangs else 0


if __name__ == "__main__":
    sys.exit(main())
