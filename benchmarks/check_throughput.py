#!/usr/bin/env python3
"""Throughput of `agent-lsp check` over a folder, side by side with `agnix`.

Runs `agent-lsp check --format json DIR` as a subprocess N times (its output
goes to a pipe that is drained), and reports files per second and the peak
resident memory of each run. Where the `agnix` command is installed
(`pip install agnix`), the same folder goes through `agnix --format json DIR`
in the same way, interleaved run by run, and the ratio is printed.

`--prepare-from DIR` copies the `*.md` files of DIR into a temporary
`<tmp>/.claude/agents/` folder and benchmarks that folder: both tools decide
what a file is from its path, so the files must sit where Claude Code looks.

Standard library only. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from lspwire import checkout_env, tree_memory_kb  # this folder is on sys.path when the script runs

BENCH_DIR = Path(__file__).resolve().parent


# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------

def resolve_executable(name: str) -> str | None:
    """Find ``name`` without going through a pyenv shim.

    A shim is a bash script that runs ``pyenv exec``: timing through it would
    add its start-up cost to the tool being measured.
    """
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which(name)
    if found and "/shims/" in found and shutil.which("pyenv"):
        try:
            real = subprocess.run(["pyenv", "which", name], capture_output=True, text=True,
                                  timeout=30, check=False).stdout.strip()
            if real:
                return real
        except (OSError, subprocess.TimeoutExpired):
            pass
    return found


def agent_lsp_command(value: str) -> list[str]:
    if value != "auto":
        argv = shlex.split(value)
        if argv and argv[0] in ("python", "python3"):
            argv[0] = sys.executable
        return argv
    # The console script of this interpreter's environment if installed,
    # otherwise the module from the repository (PYTHONPATH is set to it).
    script = Path(sys.executable).parent / "agent-lsp"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "agent_lsp"]


# --------------------------------------------------------------------------
# One timed run
# --------------------------------------------------------------------------

def _drain(stream, sink: list[bytes]) -> None:
    for chunk in iter(lambda: stream.read(65536), b""):
        sink.append(chunk)
    stream.close()


def timed_run(argv: list[str], cwd: Path, env: dict[str, str], timeout: float,
              sample_tree: float) -> dict[str, Any]:
    """Run ``argv`` once; return wall time, CPU time, peak RSS, exit code and output.

    Peak memory comes from ``os.wait4``: the rusage of that one child (the
    largest RSS among it and the descendants it waited for), in KiB on Linux.
    With ``sample_tree`` > 0 the summed VmRSS of the whole process tree is
    also sampled at that interval, for tools that fan out to worker processes.
    """
    out: list[bytes] = []
    err: list[bytes] = []
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=str(cwd), env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    readers = [threading.Thread(target=_drain, args=(proc.stdout, out), daemon=True),
               threading.Thread(target=_drain, args=(proc.stderr, err), daemon=True)]
    for reader in readers:
        reader.start()
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the child's own process group
        except (ProcessLookupError, PermissionError):
            pass

    timer = threading.Timer(timeout, kill)
    timer.start()
    tree_peak = 0
    stop_sampling = threading.Event()

    def sample() -> None:
        nonlocal tree_peak
        while not stop_sampling.wait(sample_tree):
            tree_peak = max(tree_peak, tree_memory_kb(proc.pid)["vmrss_kb"])

    sampler = None
    if sample_tree > 0:
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    try:
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - t0
            proc.returncode = os.waitstatus_to_exitcode(status)
            maxrss_kb = usage.ru_maxrss
            cpu = usage.ru_utime + usage.ru_stime
        else:  # pragma: no cover - non-Unix fallback
            import resource
            proc.wait()
            wall = time.perf_counter() - t0
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            maxrss_kb, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    finally:
        timer.cancel()
        stop_sampling.set()
    for reader in readers:
        reader.join(10)
    if sampler:
        sampler.join(1)
    return {
        "wall_s": wall, "cpu_s": cpu, "maxrss_kb": maxrss_kb, "tree_peak_kb": tree_peak or None,
        "returncode": proc.returncode, "timed_out": timed_out.is_set(),
        "stdout": b"".join(out), "stderr": b"".join(err),
    }


# --------------------------------------------------------------------------
# Output sanity
# --------------------------------------------------------------------------

def describe_output(tool: str, stdout: bytes) -> str:
    """A one-line summary of a tool's JSON report, to show that it really linted."""
    try:
        data = json.loads(stdout)
    except ValueError:
        return f"{len(stdout):,} bytes of output, not JSON"
    parts = [f"{len(stdout):,} bytes of JSON"]
    if isinstance(data, dict):
        for key in ("files_checked", "files", "file_count", "checked"):
            value = data.get(key)
            if isinstance(value, int):
                parts.append(f"{key}={value}")
            elif isinstance(value, (list, dict)):
                parts.append(f"{key}: {len(value)} entries")
        diags = data.get("diagnostics") or data.get("findings") or data.get("results")
        if isinstance(diags, list):
            parts.append(f"{len(diags)} diagnostics")
        if isinstance(data.get("summary"), dict):
            parts.append("summary " + json.dumps(data["summary"], separators=(",", ":")))
    elif isinstance(data, list):
        parts.append(f"top-level list of {len(data)} entries")
    return ", ".join(parts)


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def summarise(tool: dict, n_files: int) -> dict[str, Any]:
    runs = [r for r in tool["runs"] if r["ok"]]
    if not runs:
        return {}
    walls = [r["wall_s"] for r in runs]
    return {
        "runs": len(runs),
        "wall_median_s": median(walls),
        "wall_min_s": min(walls),
        "wall_max_s": max(walls),
        "files_per_s_median": n_files / median(walls) if median(walls) else float("inf"),
        "files_per_s_best": n_files / min(walls) if min(walls) else float("inf"),
        "cpu_median_s": median([r["cpu_s"] for r in runs]),
        "peak_rss_mb": max(r["maxrss_kb"] for r in runs) / 1024,
        "peak_tree_rss_mb": (max(r["tree_peak_kb"] or 0 for r in runs) / 1024) or None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example: python benchmarks/check_throughput.py --prepare-from ../shared/corpus/agents --runs 5")
    parser.add_argument("dir", nargs="?", help="folder to lint (not needed with --prepare-from)")
    parser.add_argument("--prepare-from", metavar="DIR",
                        help="copy DIR/*.md into <tmp>/.claude/agents/ and benchmark that folder")
    parser.add_argument("--limit", type=int, default=0, metavar="N",
                        help="with --prepare-from, copy only the first N files (sorted by name)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per tool (default: 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs per tool first (default: 1)")
    parser.add_argument("--agent-lsp", default="auto", metavar="CMD",
                        help="agent-lsp command (default: this environment's agent-lsp script, "
                             "else `<this python> -m agent_lsp`)")
    parser.add_argument("--check-args", default="check --format json",
                        help="arguments before the folder (default: 'check --format json')")
    parser.add_argument("--agnix", default="auto", metavar="CMD",
                        help="agnix command; 'auto' finds it, 'none' skips it (default: auto)")
    parser.add_argument("--agnix-args", default="--format json",
                        help="agnix arguments before the folder (default: '--format json')")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per run (default: 600)")
    parser.add_argument("--sample-tree", type=float, default=0.0, metavar="SECONDS",
                        help="also sample the summed RSS of each run's process tree at this interval "
                             "(for multi-process tools; costs a little CPU). Default: off")
    parser.add_argument("--keep", action="store_true", help="keep the prepared temporary folder")
    parser.add_argument("--json", metavar="OUT", help="write the raw figures as JSON")
    args = parser.parse_args(argv)

    if not args.dir and not args.prepare_from:
        parser.error("give a folder, or --prepare-from DIR")
    if args.runs < 1:
        parser.error("--runs must be >= 1")

    env = checkout_env()

    tmp: Path | None = None
    try:
        if args.prepare_from:
            source = Path(args.prepare_from)
            files = sorted(p for p in source.glob("*.md") if p.is_file())
            if args.limit:
                files = files[: args.limit]
            if not files:
                print(f"no *.md files in {source}", file=sys.stderr)
                return 2
            tmp = Path(tempfile.mkdtemp(prefix="agent-lsp-check-bench-"))
            target = tmp / ".claude" / "agents"
            target.mkdir(parents=True)
            for path in files:
                shutil.copy2(path, target / path.name)
            cwd = tmp
            if args.dir:
                print("note: the folder argument is ignored with --prepare-from", file=sys.stderr)
        else:
            target = Path(args.dir).resolve()
            if not target.is_dir():
                print(f"not a folder: {target}", file=sys.stderr)
                return 2
            cwd = target
        md_files = [p for p in target.rglob("*.md") if p.is_file()]
        n_files = len(md_files)
        n_bytes = sum(p.stat().st_size for p in md_files)
        if n_files == 0:
            print(f"no *.md files under {target}", file=sys.stderr)
            return 2

        tools: list[dict[str, Any]] = [{
            "name": "agent-lsp",
            "argv": agent_lsp_command(args.agent_lsp) + shlex.split(args.check_args) + [str(target)],
            "runs": [], "errors": [],
        }]
        agnix_note = ""
        if args.agnix != "none":
            if args.agnix == "auto":
                agnix = resolve_executable("agnix")
                agnix_argv = [agnix] if agnix else None
            else:
                agnix_argv = shlex.split(args.agnix)
            if agnix_argv:
                version = ""
                try:
                    version = subprocess.run(agnix_argv + ["--version"], capture_output=True, text=True,
                                             timeout=30, check=False).stdout.strip()
                except (OSError, subprocess.TimeoutExpired) as exc:
                    agnix_note = f"agnix not runnable: {exc}"
                    agnix_argv = None
                if agnix_argv:
                    tools.append({"name": "agnix", "version": version,
                                  "argv": agnix_argv + shlex.split(args.agnix_args) + [str(target)],
                                  "runs": [], "errors": []})
            else:
                agnix_note = "agnix not installed (pip install agnix): no comparison"

        # Warm-up runs (page cache, .pyc files), then the timed runs interleaved.
        for phase, count in (("warmup", args.warmup), ("timed", args.runs)):
            for i in range(count):
                for tool in tools:
                    if tool["errors"]:
                        continue  # it failed once: the same command will not do better
                    print(f"{phase} {i + 1}/{count}: {tool['name']}", file=sys.stderr)
                    run = timed_run(tool["argv"], cwd, env, args.timeout, args.sample_tree)
                    ok = run["returncode"] in (0, 1) and not run["timed_out"]
                    if "output" not in tool and ok:
                        tool["output"] = describe_output(tool["name"], run["stdout"])
                    if not ok:
                        reason = ("timed out" if run["timed_out"] else f"exit code {run['returncode']}")
                        stderr = run["stderr"].decode(errors="replace").strip().splitlines()[-6:]
                        tool["errors"].append(f"{phase} run {i + 1}: {reason}: " + " | ".join(stderr))
                    if phase == "timed":
                        tool["runs"].append({k: v for k, v in run.items() if k not in ("stdout", "stderr")}
                                            | {"ok": ok})

        # Report.
        print()
        print("=" * 90)
        print(f"check throughput  ({time.strftime('%Y-%m-%d %H:%M:%S')}, {platform.machine()}, "
              f"{os.cpu_count()} cores, Python {platform.python_version()})")
        print(f"folder: {target}" + (f" (prepared from {args.prepare_from})" if args.prepare_from else ""))
        print(f"files: {n_files:,} *.md files, {n_bytes / 1024 / 1024:.1f} MB; runs: {args.runs} timed "
              f"+ {args.warmup} warm-up per tool; files/s = *.md files / wall time")
        if agnix_note:
            print(f"note: {agnix_note}")
        for tool in tools:
            tool["summary"] = summarise(tool, n_files)
            print("-" * 90)
            print(f"[{tool['name']}] {tool.get('version', '')}".rstrip())
            print(f"  command: {shlex.join(tool['argv'])}")
            if tool.get("output"):
                print(f"  output: {tool['output']}")
            codes = sorted({r["returncode"] for r in tool["runs"]})
            if codes:
                print(f"  exit codes: {codes}")
            for error in tool["errors"][:3]:
                print(f"  ERROR {error}")
            s = tool["summary"]
            if not s:
                print("  no successful run")
                continue
            print(f"  wall: median {s['wall_median_s']:.3f} s (min {s['wall_min_s']:.3f}, "
                  f"max {s['wall_max_s']:.3f}); CPU (user+sys) median {s['cpu_median_s']:.3f} s")
            print(f"  throughput: {s['files_per_s_median']:,.0f} files/s median "
                  f"({s['files_per_s_best']:,.0f} best)")
            line = f"  peak RSS: {s['peak_rss_mb']:.1f} MB (largest process, from wait4 rusage)"
            if s.get("peak_tree_rss_mb"):
                line += f"; process tree {s['peak_tree_rss_mb']:.1f} MB (sampled)"
            print(line)
        ours, other = tools[0]["summary"], (tools[1]["summary"] if len(tools) > 1 else {})
        if ours and other:
            ratio = ours["files_per_s_median"] / other["files_per_s_median"]
            mem = ours["peak_rss_mb"] / other["peak_rss_mb"] if other["peak_rss_mb"] else float("nan")
            print("-" * 90)
            print(f"ratio agent-lsp / agnix: throughput {ratio:.2f}x (median files/s), peak RSS {mem:.2f}x")
            print(f"target: throughput >= 5x agnix: {'PASS' if ratio >= 5 else 'MISS'} ({ratio:.2f}x)")
        print("=" * 90)

        if args.json:
            data = {
                "meta": {"date": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": platform.machine(),
                         "cpus": os.cpu_count(), "python": platform.python_version(),
                         "folder": str(target), "prepared_from": args.prepare_from,
                         "files": n_files, "bytes": n_bytes, "runs": args.runs, "warmup": args.warmup},
                "tools": [{k: v for k, v in t.items()} for t in tools],
            }
            Path(args.json).write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
            print(f"raw figures written to {args.json}")
        return 0 if all(t["summary"] for t in tools) else 1
    finally:
        if tmp is not None:
            if args.keep:
                print(f"kept {tmp}", file=sys.stderr)
            else:
                shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
