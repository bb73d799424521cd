#!/usr/bin/env python3
"""Latency and memory benchmark for agent-lsp, side by side with yaml-language-server.

Standard library only. This script is the command line: it runs the workloads of
``latency_workloads.py`` (through ``lspwire.py``, the benchmarks' LSP client) and prints the report of
``latency_report.py``. For each server given with ``--server NAME=COMMAND`` it, in one invocation:

1. starts the server and times process start -> ``initialize`` response;
2. opens an agent file (generated, or ``--file``) under ``<tmp>/.claude/agents/``;
3. types keystrokes one at a time as incremental ``didChange`` edits into the
   ``description:`` value and times each keystroke until the
   ``publishDiagnostics`` for that document version arrives;
4. times ``completion``, ``hover`` and ``documentSymbol`` requests;
5. reads the server's resident memory (VmRSS of the process and its children);
6. prints p50/p95/p99/max per metric, the servers side by side, and ratios.

yaml-language-server cannot parse Markdown, so it is given the frontmatter only,
as a ``.yaml`` document that receives the same keystrokes, with a JSON Schema of
the agent frontmatter applied through ``yaml.schemas``.

Run ``python benchmarks/lsp_latency.py --help`` for the options, and see
benchmarks/README.md for what is measured and the targets.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

# This script's folder is on sys.path: the workloads, the report, and lspwire (the client) beside it.
from latency_report import print_report
from latency_workloads import (BENCH_DIR, REPO_ROOT, ServerSpec, Session, Workload, generate_agent,
                               obtain_schema, timed_initialize)
from lspwire import Timeout, checkout_env, command_argv

YAML_LS_BIN = BENCH_DIR / ".node" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


def parse_size(text: str) -> int | None:
    """``typical`` -> None; ``1MB``/``512KB``/``2000000`` -> bytes."""
    if text.lower() == "typical":
        return None
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]i?[bB]?|[bB])?\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"bad --size {text!r}: use typical, 1MB, 256KB, ...")
    number = float(match.group(1))
    unit = (match.group(2) or "b").lower()
    factor = 1024 * 1024 if unit.startswith("m") else 1024 if unit.startswith("k") else 1
    return int(number * factor)



# --------------------------------------------------------------------------
# Server specs
# --------------------------------------------------------------------------

def yaml_ls_argv() -> tuple[list[str], str] | None:
    node = shutil.which("node")
    if node and YAML_LS_BIN.exists():
        version = ""
        try:
            version = json.loads((YAML_LS_BIN.parent.parent / "package.json").read_text())["version"]
        except (OSError, ValueError, KeyError):
            pass
        return [node, str(YAML_LS_BIN), "--stdio"], version
    found = shutil.which("yaml-language-server")
    if found:
        return [found, "--stdio"], ""
    return None


def parse_servers(values: list[str] | None) -> list[ServerSpec | str]:
    values = values or ["ours=auto", "ours-pull=auto", "yaml-ls=auto"]
    specs: list[ServerSpec | str] = []
    for value in values:
        name, sep, command = value.partition("=")
        if not sep:
            name, command = value, "auto"
        name, command = name.strip(), command.strip()
        if command == "auto" and name in ("yaml-ls", "yaml-language-server", "yaml"):
            found = yaml_ls_argv()
            if not found:
                specs.append(f"{name}: yaml-language-server not found; run benchmarks/setup_yaml_ls.sh")
                continue
            specs.append(ServerSpec(name, found[0], "yaml", found[1]))
            continue
        if command == "auto":
            argv = [sys.executable, "-m", "agent_lsp", "serve"]
        else:
            argv = command_argv(command)
        kind = "yaml" if "yaml-language-server" in " ".join(argv) else "agent-md"
        specs.append(ServerSpec(name, argv, kind))
    return specs


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    # The client's own garbage collector must not add pauses to the timings.
    gc.disable()
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example: python benchmarks/lsp_latency.py --server ours=\"python -m agent_lsp serve\" "
               "--server yaml-ls=auto --size 1MB --json out.json")
    parser.add_argument("--server", action="append", metavar="NAME=COMMAND",
                        help="server to run; repeatable. COMMAND 'auto' means `<this python> -m agent_lsp "
                             "serve`, or for NAME yaml-ls the local benchmarks/.node install. "
                             "Default: ours=auto and yaml-ls=auto")
    parser.add_argument("--file", help="agent Markdown file to open (default: a generated typical agent)")
    parser.add_argument("--size", default="typical", type=parse_size,
                        help="generated agent size: typical (~7 KB) or e.g. 1MB, 256KB (default: typical)")
    parser.add_argument("--keystrokes", type=int, default=200, help="characters to type (default: 200)")
    parser.add_argument("--mode", choices=["sequential", "burst", "both"], default="sequential",
                        help="sequential: wait for each keystroke's diagnostics; burst: send all "
                             "keystrokes, then wait for the last version's diagnostics")
    parser.add_argument("--burst", action="store_const", const="burst", dest="mode",
                        help="shorthand for --mode burst")
    parser.add_argument("--burst-rounds", type=int, default=20, help="burst repetitions (default: 20)")
    parser.add_argument("--requests", type=int, default=100,
                        help="completion, hover and documentSymbol requests each (default: 100)")
    parser.add_argument("--init-runs", type=int, default=5,
                        help="server starts timed for initialize, including the measured session (default: 5)")
    parser.add_argument("--workspace-agents", type=int, default=0, metavar="N",
                        help="fill the workspace with N generated agents and open/close them all before "
                             "reading memory (the RSS target uses 1000)")
    parser.add_argument("--workspace-batch", type=int, default=50,
                        help="workspace agents opened at a time before they are closed (default: 50)")
    parser.add_argument("--storm", type=int, default=0, metavar="N",
                        help="time completion and hover during storms of N file change events (e.g. 1000)")
    parser.add_argument("--storm-rounds", type=int, default=5, help="storms to run (default: 5)")
    parser.add_argument("--schema", help="JSON Schema for yaml-language-server (default: `agent-lsp schema agent`)")
    parser.add_argument("--match", choices=["auto", "version", "first"], default="auto",
                        help="how a publishDiagnostics is matched to a keystroke: by version, or the first "
                             "one after the change; auto uses versions when the server sends them")
    parser.add_argument("--timeout", type=float, default=5.0, help="request timeout, seconds (default: 5)")
    parser.add_argument("--init-timeout", type=float, default=30.0, help="initialize timeout (default: 30)")
    parser.add_argument("--diag-timeout", type=float, default=5.0,
                        help="wait for one keystroke's diagnostics, seconds (default: 5)")
    parser.add_argument("--burst-timeout", type=float, default=30.0,
                        help="wait for the final diagnostics of one burst, seconds (default: 30)")
    parser.add_argument("--open-timeout", type=float, default=15.0,
                        help="wait for the diagnostics of the opened document (default: 15)")
    parser.add_argument("--sanity-timeout", type=float, default=10.0,
                        help="time allowed for the invalid-color sanity diagnostic (default: 10)")
    parser.add_argument("--settle", type=float, default=1.0,
                        help="burst mode, unversioned servers: quiet time that ends the burst (default: 1)")
    parser.add_argument("--max-consecutive-failures", type=int, default=5,
                        help="stop a phase after this many failures in a row (default: 5)")
    parser.add_argument("--baseline", default="yaml-ls", help="server the ratios divide by (default: yaml-ls)")
    parser.add_argument("--targets-for", default="ours", help="server the targets apply to (default: ours)")
    parser.add_argument("--cwd", default=str(REPO_ROOT),
                        help="working directory of the servers (default: repo). `python -m` puts it first on "
                             "sys.path: to run another checkout through PYTHONPATH, give a folder outside this one")
    parser.add_argument("--keep", action="store_true", help="keep the temporary workspace and server logs")
    parser.add_argument("--json", metavar="OUT", help="write the raw figures as JSON")
    args = parser.parse_args(argv)

    if args.keystrokes < 1 or args.requests < 0:
        parser.error("--keystrokes must be >= 1 and --requests >= 0")

    env = checkout_env()
    env.setdefault("PYTHONUNBUFFERED", "1")

    specs = parse_servers(args.server)
    skipped = [s for s in specs if isinstance(s, str)]
    specs = [s for s in specs if isinstance(s, ServerSpec)]
    for message in skipped:
        print(f"skipping {message}", file=sys.stderr)
    if not specs:
        print("no server to run", file=sys.stderr)
        return 2

    if args.file:
        workload = Workload(Path(args.file).read_text(encoding="utf-8"), args.file)
        label = f"{args.file} ({len(workload.text.encode()):,} bytes)"
    else:
        body = args.size if args.size else 7 * 1024
        text = generate_agent("code-reviewer", body)
        workload = Workload(text, "generated")
        label = (f"generated {'typical' if not args.size else 'padded'} agent, "
                 f"{len(text.encode()):,} bytes, {workload.fm_end + 1} frontmatter lines")

    workdir = Path(tempfile.mkdtemp(prefix="agent-lsp-bench-"))
    schema_source = "(not needed)"
    schema_path = workdir / "agent-frontmatter.schema.json"
    if any(s.kind == "yaml" for s in specs):
        ours_cmd = next((s.argv for s in specs if s.kind != "yaml"), None)
        schema, schema_source = obtain_schema(args, ours_cmd, env)
        schema_path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    print(f"schema: {schema_source}", file=sys.stderr)

    results: list[dict] = []
    try:
        sessions = [Session(spec, workload, args, env, schema_path, workdir) for spec in specs]
        # Extra cold starts, interleaved across servers, for the initialize distribution.
        for run in range(max(0, args.init_runs - 1)):
            for session in sessions:
                ws = workdir / session.spec.name / f"init-{run}"
                ws.mkdir(parents=True, exist_ok=True)
                try:
                    client, _, init_s = timed_initialize(session.spec, ws, session.settings, args, env,
                                                         workdir / session.spec.name / f"stderr-init-{run}.log")
                    session.add("initialize_ms", init_s)
                    session.first_diagnostics(client, ws)
                    client.close()
                except Timeout as exc:
                    session.fail("initialize_ms", str(exc))
        for session in sessions:
            print(f"running {session.spec.name}: {session.result['command']}", file=sys.stderr)
            results.append(session.run())
    finally:
        if args.keep:
            print(f"kept workspace and logs in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "workload": label,
        "document_bytes": len(workload.text.encode("utf-8")),
        "keystrokes": args.keystrokes,
        "mode": args.mode,
        "requests": args.requests,
        "workspace_agents": args.workspace_agents,
        "schema_source": schema_source,
        "completion_position": workload.completion_what,
        "skipped": skipped,
    }
    print_report(results, meta, args.targets_for, args.baseline)
    if args.json:
        out = {"meta": meta, "args": {k: v for k, v in vars(args).items()}, "servers": results}
        Path(args.json).write_text(json.dumps(out, indent=2, default=str), encoding="utf-8")
        print(f"raw figures written to {args.json}")
    failed_start = [r["name"] for r in results if "initialize_ms" not in r["metrics"]]
    return 2 if failed_start or skipped else 0


if __name__ == "__main__":
    sys.exit(main())
