#!/usr/bin/env python3
"""Process start -> first diagnostics of one server, or of two in turn: wall time, and instructions.

Each run starts the server (``--server``, default ``python -m agent_lsp serve``) in an empty temporary folder
(so `python -m` imports what PYTHONPATH names, not the folder it runs in), sends `initialize`, `initialized`
and `didOpen` of a small agent, and times process start -> its first `publishDiagnostics` as the client
sees it. With ``--vs COMMAND`` the two servers start in turn (A B A B ...), and the pairwise ratio A/B is
printed too: it holds when the machine's speed drifts. Each server keeps its own cache folder (a
temporary `XDG_CACHE_HOME` each, warmed by one start that is not counted).

``--instructions`` runs each server once more under `valgrind --tool=callgrind` (slow, ~20 s) and prints
the instructions it executed up to the first diagnostics (the server is stopped when they arrive).

    python benchmarks/cold_start.py --runs 20
    python benchmarks/cold_start.py --vs "env PYTHONPATH=../old python -m agent_lsp serve" --instructions

This is what ARCHITECTURE.md's "Start-up" figures come from; `lsp_latency.py` puts the same start side by
side with yaml-language-server.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
from pathlib import Path

from latency_workloads import (
    initialize_params,  # the workload helpers, next to this script
)
from lspwire import LspClient, Timeout, checkout_env, command_argv

AGENT = ("---\nname: reviewer\ndescription: Reviews code for quality. Use after edits.\ntools: Read, Grep, Glob, Bash\n"
         "model: sonnet\n---\n\nYou are a reviewer.\n\n## Steps\n1. Read the diff.\n2. Report.\n")


def first_diagnostics(argv: list[str], env: dict[str, str], work: Path, stop: bool = False) -> float:
    """One cold start: seconds from process start to the first diagnostics of the agent. With `stop`, the
    server is ended by SIGTERM as soon as they arrive (callgrind then writes what it counted so far)."""
    workspace = Path(tempfile.mkdtemp(prefix="ws-", dir=work))
    agent = workspace / ".claude" / "agents" / "reviewer.md"
    agent.parent.mkdir(parents=True)
    agent.write_text(AGENT, encoding="utf-8")
    client = LspClient(argv, cwd=workspace, env=env, stderr_path=work / "stderr.log", settings={},
                       workspace=workspace)
    try:
        try:
            client.request("initialize", initialize_params(workspace), 600)
        except Timeout as exc:
            raise SystemExit(f"{' '.join(argv)}: {exc}\n{(work / 'stderr.log').read_text(errors='replace')[-2000:]}")
        client.notify("initialized", {})
        mark = client.diag_mark()
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": agent.as_uri(), "languageId": "markdown", "version": 1, "text": AGENT}})
        received, _, _ = client.wait_diagnostics(agent.as_uri(), None, mark, 600)
        if stop:
            os.kill(client.proc.pid, signal.SIGTERM)
            client.proc.wait(600)
        return received - client.t_start
    finally:
        client.close(60)


def instructions(argv: list[str], env: dict[str, str], work: Path) -> int:
    out = work / "callgrind.out"
    first_diagnostics(["valgrind", "--tool=callgrind", "--trace-children=yes", f"--callgrind-out-file={out}", *argv],
                      env, work, stop=True)
    totals = re.search(r"^totals: (\d+)", out.read_text(encoding="utf-8", errors="replace"), re.MULTILINE)
    if totals is None:
        raise SystemExit(f"no totals in {out}")
    return int(totals.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server", default="python -m agent_lsp serve", help="server A (default: this checkout's)")
    parser.add_argument("--vs", metavar="COMMAND", help="server B, started in turn with A")
    parser.add_argument("--runs", type=int, default=20, help="counted starts of each server (default 20)")
    parser.add_argument("--instructions", action="store_true", help="also count instructions under callgrind")
    args = parser.parse_args(argv)
    if args.instructions and not shutil.which("valgrind"):
        parser.error("--instructions needs valgrind")

    servers = {"A": command_argv(args.server)}
    if args.vs:
        servers["B"] = command_argv(args.vs)
    work = Path(tempfile.mkdtemp(prefix="agent-lsp-cold-"))
    try:
        envs = {}
        for name, server in servers.items():
            env = checkout_env()
            env.pop("PYTHONDONTWRITEBYTECODE", None)  # as users run it: bytecode and the code cache are written
            env["XDG_CACHE_HOME"] = str(work / f"cache-{name}")
            envs[name] = env
            first_diagnostics(server, env, work)  # fills its caches; not counted
        times: dict[str, list[float]] = {name: [] for name in servers}
        for _ in range(args.runs):
            for name, server in servers.items():
                times[name].append(first_diagnostics(server, envs[name], work) * 1000)
        for name, server in servers.items():
            values = times[name]
            print(f"{name}: {' '.join(server)}")
            print(f"   start -> first diagnostics: median {statistics.median(values):.0f} ms, "
                  f"min {min(values):.0f}, max {max(values):.0f} ({len(values)} starts)")
            if args.instructions:
                print(f"   instructions to first diagnostics: {instructions(server, envs[name], work) / 1e9:.2f} G")
        if "B" in times:
            ratios = [a / b for a, b in zip(times["A"], times["B"])]
            print(f"A/B pairwise: median {statistics.median(ratios):.2f}, min {min(ratios):.2f}, "
                  f"max {max(ratios):.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
