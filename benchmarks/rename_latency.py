#!/usr/bin/env python3
"""Rename on a large workspace, and how soon the workspace scan shows progress.

One server process (``--server``, default ``python -m agent_lsp serve``) on a generated workspace of
``--agents`` agents (default 1,000). Every agent names the skill `common` in `skills:` and the agent
`agent-0` in `tools: Agent(...)`, so renaming either edits every file (and the skill's folder moves).
The client is VS Code-like for renames (`documentChanges` with file renames) and offers
`window.workDoneProgress`.

Figures (wall clock seen by the client):

- process start -> the first `$/progress` of the workspace scan (its `begin`), the first `report`, and the
  `end` (the scan done);
- `textDocument/rename` latency (``--runs`` times each, default 20; the edits are never applied, so every
  run renames the same workspace): an agent named in every file, and a skill (every file and a folder move).

    python benchmarks/rename_latency.py
    python benchmarks/rename_latency.py --agents 5000 --runs 10 --json rename.json

Exit status 1 when the server stops answering or a rename does not edit every file.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from latency_workloads import initialize_params  # the workload helpers, next to this script
from lspwire import LspClient, Timeout, checkout_env, command_argv, summarise  # the benchmarks' client


def write_workspace(root: Path, agents: int) -> None:
    (root / ".git").mkdir(parents=True)
    skill = root / ".claude" / "skills" / "common"
    skill.mkdir(parents=True)
    (skill / "SKILL.md").write_text("---\nname: common\ndescription: Shared conventions\n---\nBody\n", encoding="utf-8")
    folder = root / ".claude" / "agents"
    folder.mkdir(parents=True)
    for number in range(agents):
        (folder / f"agent-{number}.md").write_text(
            f"---\nname: agent-{number}\ndescription: Agent number {number} of the benchmark\n"
            f"tools: Read, Grep, Agent(agent-0)\nskills: common\n---\nYou are agent {number}.\n", encoding="utf-8")


def wait_progress(client: LspClient, kind: str, timeout: float) -> float:
    """Receipt time of the first `$/progress` of this kind (begin, report, end)."""
    deadline = time.perf_counter() + timeout
    with client._cond:  # the client's own condition: it is notified on every message
        while True:
            for t_recv, params in client.progress_log:
                if (params.get("value") or {}).get("kind") == kind:
                    return t_recv
            remaining = deadline - time.perf_counter()
            if remaining <= 0 or client.eof:
                raise Timeout(f"no $/progress {kind} within {timeout:g} s")
            client._cond.wait(remaining)


def edited_files(edit: dict) -> tuple[int, int]:
    """(files with text edits, file renames) of a WorkspaceEdit."""
    operations = edit.get("documentChanges") or []
    return (sum(1 for op in operations if "textDocument" in op) + len(edit.get("changes") or {}),
            sum(1 for op in operations if op.get("kind") == "rename"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server", default="python -m agent_lsp serve",
                        help="command starting the server on stdio (default: python -m agent_lsp serve)")
    parser.add_argument("--agents", type=int, default=1000, help="agents in the workspace (default 1,000)")
    parser.add_argument("--runs", type=int, default=20, help="renames of each kind (default 20)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds allowed per wait (default 120)")
    parser.add_argument("--json", metavar="OUT", help="write the figures as JSON")
    args = parser.parse_args(argv)

    command = command_argv(args.server)
    env = checkout_env()
    env.setdefault("CLAUDE_CONFIG_DIR", tempfile.mkdtemp(prefix="agent-lsp-rename-home-"))  # not the user's
    workdir = Path(tempfile.mkdtemp(prefix="agent-lsp-rename-"))
    workspace = workdir / "workspace"
    write_workspace(workspace, args.agents)
    params = initialize_params(workspace)
    params["capabilities"]["workspace"]["workspaceEdit"] = {"documentChanges": True, "resourceOperations": ["rename"]}
    params["capabilities"]["textDocument"]["rename"] = {"prepareSupport": True}
    client = LspClient(command, cwd=workspace, env=env, stderr_path=workdir / "server-stderr.log",
                       settings={}, workspace=workspace)
    results: dict = {"server": args.server, "agents": args.agents}
    try:
        client.request("initialize", params, args.timeout)
        client.notify("initialized", {})
        begin = wait_progress(client, "begin", args.timeout)
        report = wait_progress(client, "report", args.timeout)
        end = wait_progress(client, "end", args.timeout)
        results["start_to_first_progress_ms"] = (begin - client.t_start) * 1000
        results["start_to_first_report_ms"] = (report - client.t_start) * 1000
        results["start_to_scan_end_ms"] = (end - client.t_start) * 1000
        uri = (workspace / ".claude" / "agents" / "agent-1.md").as_uri()
        text = (workspace / ".claude" / "agents" / "agent-1.md").read_text(encoding="utf-8")
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                                "text": text}})
        lines = text.splitlines()
        targets = {
            "agent": ({"line": 3, "character": lines[3].index("agent-0") + 2}, (args.agents, 0)),
            "skill": ({"line": 4, "character": lines[4].index("common") + 2}, (args.agents + 1, 1)),
        }
        for kind, (position, expected) in targets.items():
            latencies = []
            for run in range(args.runs):
                edit, seconds = client.request("textDocument/rename", {
                    "textDocument": {"uri": uri}, "position": position, "newName": f"renamed-{kind}-{run}"},
                    args.timeout)
                if edited_files(edit) != expected:
                    print(f"FAILED: renaming the {kind} edited {edited_files(edit)} (files, moves), expected {expected}",
                          file=sys.stderr)
                    return 1
                latencies.append(seconds * 1000)
            results[f"rename_{kind}_ms"] = summarise(latencies)
    except Timeout as error:
        print(f"FAILED: {error}; server stderr in {workdir / 'server-stderr.log'}", file=sys.stderr)
        return 1
    finally:
        client.close()

    print(f"rename latency: {' '.join(command)}, {args.agents:,} agents, {args.runs} renames of each kind")
    print(f"  process start -> first $/progress (scan begin)  {results['start_to_first_progress_ms']:8.0f} ms")
    print(f"  process start -> first $/progress report        {results['start_to_first_report_ms']:8.0f} ms")
    print(f"  process start -> scan end                       {results['start_to_scan_end_ms']:8.0f} ms")
    for kind, what in (("agent", f"an agent named in {args.agents:,} files"),
                       ("skill", f"a skill named in {args.agents:,} files, and its folder")):
        stats = results[f"rename_{kind}_ms"]
        print(f"  rename {what}: p50 {stats['p50']:.1f} ms, p95 {stats['p95']:.1f} ms, max {stats['max']:.1f} ms")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
