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
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# The benchmarks' one client; this folder is on sys.path when the script runs.
from lspwire import ErrorResponse, LspClient, ServerGone, Timeout, percentile

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
LOG_ERROR = 1
"""window/logMessage's type for an error."""


def start_server(workspace: Path, home: Path, stderr_path: Path, timeout: float) -> LspClient:
    """The real server on an empty workspace, initialized, answering like a quiet editor."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AGENT_LSP", "PYTHON"))}
    env.update(PYTHONPATH=str(REPO_ROOT), HOME=str(home), CLAUDE_CONFIG_DIR=str(home / ".claude"))
    client = LspClient(SERVER_COMMAND, cwd=workspace, env=env, stderr_path=stderr_path, settings={},
                       workspace=workspace)
    uri = workspace.as_uri()
    try:
        client.request("initialize", {
            "processId": os.getpid(), "rootUri": uri, "capabilities": CAPABILITIES,
            "workspaceFolders": [{"uri": uri, "name": "sweep"}],
            "initializationOptions": {"claudeConfigDir": str(home / ".claude")}}, timeout)
    except Timeout:
        client.kill()
        raise
    client.notify("initialized", {})
    return client


def logged_errors(client: LspClient) -> list[str]:
    return [message[:500] for kind, message in client.log_messages if kind == LOG_ERROR]


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
        stderr_paths: list[Path] = []

        def start() -> LspClient:
            stderr_paths.append(Path(temp) / f"server-stderr-{len(stderr_paths)}.log")
            return start_server(workspace, home, stderr_paths[-1], max(30.0, args.timeout * 3))

        server = start()
        for number, local_file in enumerate(rows, 1):
            source = args.corpus / local_file
            try:
                text = source.read_bytes().decode("utf-8", errors="replace")
            except OSError as error:
                print(f"skipped {local_file}: {error}", file=sys.stderr)
                continue
            uri = target_path(workspace, local_file).as_uri()
            errors_before = len(logged_errors(server))
            try:
                mark = server.diag_mark()
                sent = server.notify("textDocument/didOpen", {"textDocument": {
                    "uri": uri, "languageId": "markdown", "version": 1, "text": text}})
                received, _, _ = server.wait_diagnostics(uri, 1, mark, args.timeout)
                latencies.append(received - sent)
                opened.append(local_file)
                for method, params in follow_ups(uri):
                    try:
                        server.request(method, params, args.timeout)
                    except ErrorResponse as error:
                        crashes.append(f"{local_file}: {method} answered with error {error.error.get('code')}: "
                                       f"{str(error.error.get('message'))[:200]}")
                server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
                errors = logged_errors(server)
                if len(errors) > errors_before:
                    crashes.append(f"{local_file}: the server logged an error: {errors[-1][:300]}")
            except ServerGone as error:
                crashes.append(f"{local_file}: the server exited: {error}")
                server.kill()
                server = start()
            except Timeout as error:
                hangs.append(f"{local_file}: {error}")
                server.kill()
                server = start()
            if number % 500 == 0:
                print(f"... {number} files", file=sys.stderr)

        alive = False
        try:
            server.request("workspace/symbol", {"query": ""}, args.timeout)
            alive = True
        except ErrorResponse:
            pass
        except Timeout as error:
            crashes.append(f"final request: {error}")
        status = server.close(args.timeout)
        if not alive:
            crashes.append("the server did not answer the final request")
        if status != 0:
            crashes.append(f"the server did not shut down cleanly (exit status {status})")
        tracebacks = sum(path.read_text(encoding="utf-8", errors="replace").count("Traceback")
                         for path in stderr_paths)
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
