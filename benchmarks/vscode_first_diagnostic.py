#!/usr/bin/env python3
"""Time from opening an agent file in VS Code (code-server) to its first diagnostic, cold and warm.

Uses the end-to-end harness (editors/vscode/e2e/harness.py): the platform .vsix installed into a fresh
code-server, with no agentLsp setting, driven by Playwright in Debian's Chromium. Each run has its own fresh
HOME (a first install: the bundled server's modules have no .pyc yet), and measures, from the Enter that
opens the file in Quick Open to the first squiggle drawn in the editor:

- cold:    the first agent file, right after the window has loaded (the extension activated on the
           workspace and is starting the server: Python, the bundled libraries, the workspace scan);
- reload:  after "Developer: Reload Window" (a new extension host starts the server again, now with the
           .pyc files that the first start wrote), the same file;
- warm:    the server running, another agent file not opened before (--warm-files of them).

Also reported: cold-from-load, from the page navigation to the first squiggle of the cold file.

Prerequisites as for the e2e test (code-server: $CODE_SERVER or PATH; Chromium; playwright; the .vsix:
$AGENT_LSP_VSIX or editors/vscode/agent-lsp-linux-<arch>-*.vsix from build.sh).

Usage: python benchmarks/vscode_first_diagnostic.py [--runs 3] [--warm-files 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "editors" / "vscode"))

from e2e import harness  # noqa: E402

AGENT = """\
---
name: agent-{n}
description: Agent number {n}
color: purpel
---
Body {n}.
"""


def make_workspace(root: Path, files: int) -> Path:
    agents = root / "workspace" / ".claude" / "agents"
    agents.mkdir(parents=True)
    for n in range(files):
        (agents / f"bench-{n:02d}.md").write_text(AGENT.format(n=n), encoding="utf-8")
    return root / "workspace"


def time_open(page, name: str) -> float:  # noqa: ANN001
    """Quick Open `name`, then ms from Enter to the first squiggle in the editor."""
    harness.quick_open(page, name)
    start = time.perf_counter()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "name => document.querySelector('.tab.active')?.textContent.includes(name)"
        " && document.querySelector('.editor-group-container.active .monaco-editor .squiggly-warning,"
        " .editor-group-container.active .monaco-editor .squiggly-error')",
        arg=name, timeout=120_000, polling="raf")
    return (time.perf_counter() - start) * 1000


def one_run(vsix: Path, warm_files: int) -> dict[str, list[float]]:
    result: dict[str, list[float]] = {"cold": [], "cold-from-load": [], "reload": [], "warm": []}
    with tempfile.TemporaryDirectory(prefix="agent-lsp-bench-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        workspace = make_workspace(Path(tmp), warm_files + 1)
        with harness.code_server(vsix, home) as server, harness.browser_page(home) as page:
            load = time.perf_counter()
            harness.open_workspace(page, server, workspace)
            cold = time_open(page, "bench-00.md")
            result["cold"].append(cold)
            result["cold-from-load"].append((time.perf_counter() - load) * 1000)
            for n in range(1, warm_files + 1):
                result["warm"].append(time_open(page, f"bench-{n:02d}.md"))
            harness.run_command(page, "View: Close All Editors")
            with page.expect_navigation(timeout=60_000):  # else the old workbench would still answer below
                harness.run_command(page, "Developer: Reload Window")
            page.wait_for_selector(".monaco-workbench", timeout=60_000)
            page.wait_for_selector(".explorer-folders-view, .explorer-viewlet", timeout=60_000)
            try:
                result["reload"].append(time_open(page, "bench-00.md"))
            except Exception:
                page.screenshot(path="/tmp/vscode-bench-failure.png")
                print(server.extension_log(), file=sys.stderr)
                raise
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh code-server installs (default 3)")
    parser.add_argument("--warm-files", type=int, default=5, help="warm opens per run (default 5)")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    args = parser.parse_args()
    reasons = harness.missing()
    if reasons:
        print("cannot run: " + "; ".join(reasons), file=sys.stderr)
        return 2
    vsix = harness.default_vsix()
    assert vsix is not None
    totals: dict[str, list[float]] = {}
    for run in range(args.runs):
        figures = one_run(vsix, args.warm_files)
        for key, values in figures.items():
            totals.setdefault(key, []).extend(values)
        print(f"run {run + 1}: " + ", ".join(f"{k} {' '.join(f'{v:.0f}' for v in vs)} ms" for k, vs in figures.items()),
              file=sys.stderr)
    if args.json:
        print(json.dumps({"vsix": vsix.name, **totals}, indent=2))
        return 0
    print(f"{vsix.name}, {args.runs} fresh install(s); ms from opening the file to its first diagnostic")
    for key, values in totals.items():
        print(f"  {key:15} median {statistics.median(values):6.0f}   min {min(values):6.0f}   max {max(values):6.0f}"
              f"   (n={len(values)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
