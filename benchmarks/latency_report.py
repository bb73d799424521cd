"""The report of `lsp_latency.py`: the servers side by side, ratios to the baseline, and the targets."""

from __future__ import annotations

from lspwire import summarise  # the folder of this script is on sys.path


METRICS = [
    ("initialize_ms", "initialize (start -> response)"),
    ("start_to_first_diagnostics_ms", "start -> first diagnostics"),
    ("open_to_diagnostics_ms", "didOpen -> diagnostics"),
    ("keystroke_to_diagnostics_ms", "keystroke -> diagnostics"),
    ("burst_first_key_to_final_diagnostics_ms", "burst: first key -> final diags"),
    ("burst_last_key_to_final_diagnostics_ms", "burst: last key -> final diags"),
    ("completion_ms", "completion"),
    ("hover_ms", "hover"),
    ("document_symbol_ms", "documentSymbol"),
    ("workspace_open_to_diagnostics_ms", "workspace file open -> diags"),
    ("storm_completion_ms", "completion during a file storm"),
    ("storm_hover_ms", "hover during a file storm"),
]
STORM_TARGET_MS = 50.0


def fmt(value: float | None, unit: str = "") -> str:
    if value is None or value != value:  # NaN
        return "-"
    if value >= 100:
        return f"{value:.0f}{unit}"
    if value >= 10:
        return f"{value:.1f}{unit}"
    return f"{value:.2f}{unit}"


def fmt_ratio(ratio: float) -> str:
    return f"{ratio:.2f}x" if ratio >= 0.1 else f"{ratio:.2g}x"


def print_report(results: list[dict], meta: dict, targets_for: str | None, baseline: str | None) -> None:
    print()
    print("=" * 100)
    print(f"agent-lsp LSP latency benchmark  ({meta['date']}, {meta['machine']})")
    print(f"workload: {meta['workload']}; {meta['keystrokes']} keystrokes ({meta['mode']}), "
          f"{meta['requests']} requests per kind; workspace agents: {meta['workspace_agents']}")
    print(f"schema for yaml-language-server: {meta['schema_source']}")
    for r in results:
        print("-" * 100)
        version = f" {r['version']}" if r.get("version") else ""
        print(f"[{r['name']}]{version}  {r['command']}")
        if r.get("server_info"):
            print(f"  serverInfo: {r['server_info']}")
        if r.get("document_bytes") is not None:
            print(f"  document seen by the server: {r['document_bytes']:,} bytes"
                  + (" (frontmatter only, as YAML)" if r["kind"] == "yaml" else ""))
        if r.get("diagnostic_matching"):
            print(f"  diagnostics matched: {r['diagnostic_matching']}")
        for key, value in r.get("sanity", {}).items():
            if key == "invalid_color":
                status = "OK" if value["ok"] else "FAILED"
                detail = (f"diagnostic on the color line: {value['message']!r}" if value["ok"] else
                          f"no diagnostic on the color line (got {value['diagnostics']} diagnostics"
                          f"{'; ' + value['error'] if value.get('error') else ''})")
                print(f"  sanity (invalid `color` enum value): {status} - {detail}")
            else:
                print(f"  sanity {key}: {value}")
        for note in r.get("notes", []):
            print(f"  note: {note}")
        for metric, failure in r.get("failures", {}).items():
            print(f"  FAILURES {metric}: {failure['count']} (first: {failure['first']})")
        if r.get("error"):
            print(f"  ERROR: {r['error']}")
        if r.get("stderr_tail"):
            print("  server stderr (tail):")
            for line in r["stderr_tail"].splitlines():
                print(f"    {line}")
        if r.get("memory"):
            m = r["memory"]
            print(f"  memory at end: VmRSS {m['vmrss_kb'] / 1024:.1f} MB, peak VmHWM {m['vmhwm_kb'] / 1024:.1f} MB"
                  f" ({m['processes']} process{'es' if m['processes'] != 1 else ''})")
        if r.get("workspace_session_s") is not None:
            print(f"  workspace session: opened/closed {meta['workspace_agents']} files in "
                  f"{r['workspace_session_s']:.1f} s")

    # Per-metric table.
    names = [r["name"] for r in results]
    width = max(14, *(len(n) + 2 for n in names))
    print("-" * 100)
    print("milliseconds: p50 / p95 / p99 / max  (n, failures)")
    header = f"{'metric':34}" + "".join(f"{n:>{width + 22}}" for n in names)
    print(header)
    for metric, label in METRICS:
        if not any(metric in r["metrics"] or metric in r["failures"] for r in results):
            continue
        row = f"{label:34}"
        for r in results:
            s = summarise(r["metrics"].get(metric, []))
            fails = r["failures"].get(metric, {}).get("count", 0)
            if s["n"]:
                cell = f"{fmt(s['p50'])}/{fmt(s['p95'])}/{fmt(s['p99'])}/{fmt(s['max'])} ({s['n']},{fails})"
            else:
                cell = f"- ({0},{fails})"
            row += f"{cell:>{width + 22}}"
        print(row)
    row = f"{'RSS at end (MB)':34}"
    for r in results:
        mem = r.get("memory")
        row += f"{(fmt(mem['vmrss_kb'] / 1024) if mem else '-'):>{width + 22}}"
    print(row)

    # Ratios against the baseline.
    base = next((r for r in results if r["name"] == baseline), None)
    if base and len(results) > 1:
        print("-" * 100)
        print(f"ratios (server / {base['name']}; < 1 means faster or smaller): p50, p99")
        for r in results:
            if r is base:
                continue
            for metric, label in METRICS + [("rss", "RSS at end")]:
                if metric == "rss":
                    a, b = r.get("memory"), base.get("memory")
                    if a and b and b["vmrss_kb"]:
                        print(f"  {r['name']:>10} {label:34} {fmt_ratio(a['vmrss_kb'] / b['vmrss_kb'])}")
                    continue
                sa = summarise(r["metrics"].get(metric, []))
                sb = summarise(base["metrics"].get(metric, []))
                if sa["n"] and sb["n"] and sb["p50"] > 0 and sb["p99"] > 0:
                    print(f"  {r['name']:>10} {label:34} {fmt_ratio(sa['p50'] / sb['p50'])}, "
                          f"{fmt_ratio(sa['p99'] / sb['p99'])}")
        if base["kind"] == "yaml":
            print(f"  (caveat: {base['name']} validates only the frontmatter, as YAML, and debounces"
                  " validation; see the notes above)")

    # Targets.
    # The same targets for a push client and a pull client (`textDocument/diagnostic` after each change).
    for ours in [r for r in results if r["name"] in (targets_for, f"{targets_for}-pull")]:
        print("-" * 100)
        print(f"targets for [{ours['name']}]")
        size = meta["document_bytes"]
        big = size >= 512 * 1024
        checks = []
        ks = summarise(ours["metrics"].get("keystroke_to_diagnostics_ms", []))
        ks_fail = ours["failures"].get("keystroke_to_diagnostics_ms", {}).get("count", 0)
        if ks["n"]:
            limit = 50.0 if big else 15.0
            applies = big or 5 * 1024 <= size <= 10 * 1024
            checks.append((f"keystroke->diagnostics p99 <= {limit:g} ms"
                           f" ({'1 MB' if big else 'typical 5-10 KB'} agent"
                           f"{'' if applies else f'; this document is {size:,} bytes'})",
                           ks["p99"] <= limit and ks_fail == 0, f"{fmt(ks['p99'])} ms, {ks_fail} failures"))
        burst = summarise(ours["metrics"].get("burst_last_key_to_final_diagnostics_ms", []))
        burst_fail = ours["failures"].get("burst_first_key_to_final_diagnostics_ms", {}).get("count", 0)
        if burst["n"]:
            limit = 50.0 if big else 15.0
            # The brief: a server that merges a burst must still deliver the last key's diagnostics in time.
            checks.append((f"burst: last key->final diagnostics p99 <= {limit:g} ms",
                           burst["p99"] <= limit and burst_fail == 0,
                           f"{fmt(burst['p99'])} ms over {burst['n']} bursts, {burst_fail} failures"))
        for metric, label in (("completion_ms", "completion"), ("hover_ms", "hover")):
            s = summarise(ours["metrics"].get(metric, []))
            if s["n"]:
                fails = ours["failures"].get(metric, {}).get("count", 0)
                checks.append((f"{label} p99 <= 5 ms", s["p99"] <= 5.0 and fails == 0,
                               f"{fmt(s['p99'])} ms, {fails} failures"))
        for metric, label in (("storm_completion_ms", "completion"), ("storm_hover_ms", "hover")):
            s = summarise(ours["metrics"].get(metric, []))
            if s["n"]:
                fails = ours["failures"].get(metric, {}).get("count", 0)
                checks.append((f"{label} during a file storm p99 <= {STORM_TARGET_MS:g} ms",
                               s["p99"] <= STORM_TARGET_MS and fails == 0, f"{fmt(s['p99'])} ms, {fails} failures"))
        if base and base is not ours:
            # What a user waits for at start-up: process start -> first diagnostics of a document opened
            # right after `initialized` (the `initialize` answer alone says nothing of that).
            a = summarise(ours["metrics"].get("start_to_first_diagnostics_ms", []))
            b = summarise(base["metrics"].get("start_to_first_diagnostics_ms", []))
            if a["n"] and b["n"]:
                ratio = a["p50"] / b["p50"]
                checks.append((f"start->first diagnostics p50 <= 0.8x {base['name']}", ratio <= 0.8,
                               f"{ratio:.2f}x ({fmt(a['p50'])} vs {fmt(b['p50'])} ms)"))
        if ours.get("memory"):
            rss = ours["memory"]["vmrss_kb"] / 1024
            if meta["workspace_agents"] >= 1000:
                checks.append(("RSS <= 60 MB after a 1,000-agent workspace session", rss <= 60.0, f"{rss:.1f} MB"))
            else:
                checks.append(("RSS <= 60 MB (target applies after --workspace-agents 1000)",
                               None, f"{rss:.1f} MB"))
        if not checks:
            print("  no measurements (see the errors above)")
        for label, ok, value in checks:
            status = "n/a " if ok is None else ("PASS" if ok else "MISS")
            print(f"  {status}  {label}: {value}")
    print("=" * 100)
