#!/usr/bin/env python3
"""Memory over a long session: does the server stay flat over a day of typing, and give back what it closed?

Two soaks against one server process (``--server``, default ``python -m agent_lsp serve``), through the
benchmarks client (lspwire.py):

1. **Typing.** One typical agent is opened and edited ``--edits`` times (default 100,000): each edit
   inserts or deletes one character in the description, so the text keeps its size. The edits go out
   one at a time (``--burst``, default 1) and the harness waits for the diagnostics of each burst's last
   version. Resident memory (VmRSS of the process tree) is read after 1,000 edits and at the end.
   Target: the end within 5 MB of the 1,000-edit reading.
2. **Open, edit, close.** ``--files`` agents (default 2,000) are opened, edited once and closed,
   ``--batch`` at a time (default 100). RSS is read before the first is opened and ``--settle`` seconds after the
   last is closed (the server trims its heap two seconds after closes). Target: within 10 MB.

    python benchmarks/memory_soak.py
    python benchmarks/memory_soak.py --edits 20000 --files 500 --json soak.json

Exit status 1 when a target is missed or the server stops answering.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from latency_workloads import generate_agent, initialize_params  # the workload, next to this script
from lspwire import LspClient, Timeout, checkout_env, command_argv, tree_memory_kb  # the benchmarks' client

TYPING_TARGET_MB = 5.0
CLOSE_TARGET_MB = 10.0


def rss_mb(client: LspClient) -> float:
    return tree_memory_kb(client.proc.pid)["vmrss_kb"] / 1024


def description_position(text: str) -> tuple[int, int]:
    """(line, character) just after `description: ` (ASCII text: UTF-16 units == characters)."""
    for number, line in enumerate(text.split("\n")):
        if line.startswith("description:"):
            return number, len("description: ")
    raise ValueError("the generated agent has no description line")


def edit(position: tuple[int, int], insert: bool) -> dict:
    line, column = position
    start = {"line": line, "character": column}
    if insert:
        return {"range": {"start": start, "end": start}, "text": "x"}
    return {"range": {"start": start, "end": {"line": line, "character": column + 1}}, "text": ""}


def settle(client: LspClient, uri: str, timeout: float) -> None:
    """Wait until the server has handled everything sent so far (a request is answered in order)."""
    client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}}, timeout)


def typing_soak(client: LspClient, workspace: Path, args) -> dict:
    path = workspace / ".claude" / "agents" / "soak.md"
    text = generate_agent("soak", 7 * 1024)
    uri = path.as_uri()
    mark = client.diag_mark()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown",
                                                            "version": 1, "text": text}})
    client.wait_diagnostics(uri, 1, mark, args.timeout)
    position = description_position(text)
    version, readings = 1, {}
    started = time.perf_counter()
    checkpoints = sorted({min(1000, args.edits), args.edits})
    while version - 1 < args.edits:
        burst = min(args.burst, args.edits - (version - 1))
        mark = client.diag_mark()
        for _ in range(burst):
            version += 1
            client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                     "contentChanges": [edit(position, version % 2 == 0)]})
        client.wait_diagnostics(uri, version, mark, args.timeout)
        done = version - 1
        if done in checkpoints:
            settle(client, uri, args.timeout)
            readings[done] = rss_mb(client)
            print(f"  after {done:>7,} edits: RSS {readings[done]:6.1f} MB "
                  f"({time.perf_counter() - started:5.1f} s)", flush=True)
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    first, last = readings[checkpoints[0]], readings[checkpoints[-1]]
    return {"edits": args.edits, "rss_mb": readings, "growth_mb": last - first,
            "seconds": time.perf_counter() - started}


def close_soak(client: LspClient, workspace: Path, args) -> dict:
    folder = workspace / "soak-agents" / ".claude" / "agents"
    uris = [(folder / f"agent-{index}.md").as_uri() for index in range(args.files)]
    texts = [generate_agent(f"agent-{index}", 7 * 1024, index) for index in range(args.files)]
    probe = (folder / "agent-0.md").as_uri()
    settle(client, probe, args.timeout)
    time.sleep(args.settle)
    before = rss_mb(client)
    peak = before
    started = time.perf_counter()
    for start in range(0, args.files, args.batch):
        chunk = list(range(start, min(start + args.batch, args.files)))
        mark = client.diag_mark()
        for index in chunk:
            client.notify("textDocument/didOpen", {"textDocument": {
                "uri": uris[index], "languageId": "markdown", "version": 1, "text": texts[index]}})
            position = description_position(texts[index])
            client.notify("textDocument/didChange", {"textDocument": {"uri": uris[index], "version": 2},
                                                     "contentChanges": [edit(position, True)]})
        for index in chunk:
            client.wait_diagnostics(uris[index], 2, mark, args.timeout)
        peak = max(peak, rss_mb(client))
        for index in chunk:
            client.notify("textDocument/didClose", {"textDocument": {"uri": uris[index]}})
    opened_s = time.perf_counter() - started
    settle(client, probe, args.timeout)
    time.sleep(args.settle)
    after = rss_mb(client)
    print(f"  {args.files:,} documents: RSS {before:.1f} MB before, peak {peak:.1f} MB, {after:.1f} MB "
          f"{args.settle:g} s after closing", flush=True)
    return {"files": args.files, "before_mb": before, "open_peak_mb": peak, "after_close_mb": after,
            "growth_mb": after - before, "open_edit_seconds": opened_s}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server", default="python -m agent_lsp serve",
                        help="server command (a leading `python` is this interpreter)")
    parser.add_argument("--edits", type=int, default=100_000, help="edits in the typing soak (default 100,000)")
    parser.add_argument("--burst", type=int, default=1,
                        help="edits sent before waiting (default 1: each waits for its diagnostics, as typing does; "
                             "queued edits are merged into one message, which hides per-message costs)")
    parser.add_argument("--files", type=int, default=2000, help="documents opened, edited, closed (default 2,000)")
    parser.add_argument("--batch", type=int, default=100, help="documents open at once (default 100)")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to wait before reading RSS (default 3)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds allowed per wait (default 30)")
    parser.add_argument("--json", metavar="OUT", help="write the figures as JSON")
    args = parser.parse_args(argv)

    command = command_argv(args.server)
    env = checkout_env()
    workdir = Path(tempfile.mkdtemp(prefix="agent-lsp-soak-"))
    workspace = workdir / "workspace"
    (workspace / ".claude" / "agents").mkdir(parents=True)
    client = LspClient(command, cwd=workspace, env=env, stderr_path=workdir / "server-stderr.log",
                       settings={}, workspace=workspace)
    results: dict = {"server": args.server}
    status = 0
    try:
        client.request("initialize", initialize_params(workspace), args.timeout)
        client.notify("initialized", {})
        print(f"memory soak: {' '.join(command)}", flush=True)
        print(f"typing: {args.edits:,} edits in bursts of {args.burst}", flush=True)
        results["typing"] = typing_soak(client, workspace, args)
        print(f"open, edit, close: {args.files:,} documents, {args.batch} at a time", flush=True)
        results["close"] = close_soak(client, workspace, args)
    except Timeout as error:
        print(f"FAILED: {error}; server stderr in {workdir / 'server-stderr.log'}", file=sys.stderr)
        return 1
    finally:
        client.close()
    typing, close = results["typing"], results["close"]
    verdicts = [
        (typing["growth_mb"] <= TYPING_TARGET_MB,
         f"RSS after {args.edits:,} edits within {TYPING_TARGET_MB:g} MB of RSS after "
         f"{min(1000, args.edits):,}: {typing['growth_mb']:+.1f} MB"),
        (close["growth_mb"] <= CLOSE_TARGET_MB,
         f"RSS after closing {args.files:,} documents within {CLOSE_TARGET_MB:g} MB of before opening them: "
         f"{close['growth_mb']:+.1f} MB"),
    ]
    for ok, text in verdicts:
        print(f"  {'PASS' if ok else 'MISS'}  {text}")
        status = status or (0 if ok else 1)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
