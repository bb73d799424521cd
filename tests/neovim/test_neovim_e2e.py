"""The Neovim integration (editors/neovim) end to end: runs tests/neovim/run_nvim_test.sh with a real Neovim.

Skipped only when Neovim is not installed (`apt-get install neovim`); everything else that goes wrong fails.
Set AGENT_LSP_NVIM to test another Neovim binary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("run_nvim_test.sh")


def _nvim() -> str | None:
    return shutil.which(os.environ.get("AGENT_LSP_NVIM") or "nvim")


def test_neovim_end_to_end() -> None:
    nvim = _nvim()
    if nvim is None:
        reason = "Neovim (nvim) is not installed, so the Neovim end-to-end test cannot run; apt-get install neovim"
        print(reason)
        pytest.skip(reason)
    bash = shutil.which("bash")
    assert bash is not None, "bash is needed to run tests/neovim/run_nvim_test.sh"

    env = dict(os.environ)
    env["AGENT_LSP_NVIM"] = nvim
    env.setdefault("AGENT_LSP_PYTHON", sys.executable)  # the interpreter running the tests imports agent_lsp
    proc = subprocess.run([bash, str(SCRIPT)], env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=300)
    print(proc.stdout)
    print(proc.stderr, file=sys.stderr)
    assert proc.returncode == 0, f"run_nvim_test.sh exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert "FAIL" not in proc.stdout
    assert ", 0 failed" in proc.stdout
