"""Every benchmark script starts: its imports resolve and its arguments parse (`--help`).

The scripts import each other's helpers (`lspwire`, `latency_workloads`, `oracle_io`); a helper that moves
breaks a script nobody runs in CI (rename_latency.py imported a name lsp_latency.py no longer had). Running
them is for people with the corpus and the tools; starting them is cheap.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import REPO_ROOT

SCRIPTS = sorted(path for folder in ("benchmarks", "benchmarks/oracles") for path in (REPO_ROOT / folder).glob("*.py")
                 if 'if __name__ == "__main__"' in path.read_text(encoding="utf-8"))


def test_the_scripts_are_found() -> None:
    names = {path.name for path in SCRIPTS}
    assert {"lsp_latency.py", "rename_latency.py", "memory_soak.py", "compare.py", "codex_oracle.py"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.relative_to(REPO_ROOT).as_posix())
def test_each_script_starts(script) -> None:
    done = subprocess.run([sys.executable, str(script), "--help"], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: ")
