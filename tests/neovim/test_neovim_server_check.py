"""The Neovim integration checks that `agent-lsp` is agent-markdown-lsp's server before starting it.

The unrelated PyPI package `agent-lsp` also installs an `agent-lsp` command (its `--version` prints a bare
number, e.g. "0.23.5") and an `agent_lsp` module. A fake of it first on PATH must start no client and give
the user an error naming the problem and the fix, on both the 0.11 route (lsp/agent_lsp.lua +
vim.lsp.enable) and the older one (require('agent_lsp').setup()).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.editors.support import REPO, editor_env, make_workspace, run
from tests.neovim.neovims import NEOVIMS, neovim

SCRIPT = Path(__file__).with_name("server_check.lua")


@pytest.mark.parametrize("which", list(NEOVIMS))
def test_neovim_refuses_the_other_agent_lsp(tmp_path, which):
    nvim = neovim(which)
    project, agent = make_workspace(tmp_path)
    env = editor_env(tmp_path)
    # The impostor, where `agent-lsp` is looked up (replacing the wrapper that runs this checkout).
    (tmp_path / "bin/agent-lsp").write_text("#!/bin/sh\necho 0.23.5\n", encoding="utf-8")
    env.update({"AGENT_LSP_REPO": str(REPO), "AGENT_LSP_PYTHON": sys.executable})

    proc = run([nvim, "--headless", "--clean", str(agent), "-c", f"lua dofile('{SCRIPT}')"], env, cwd=project,
               timeout=120)

    assert proc.returncode == 0, f"{nvim} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert "FAIL" not in proc.stdout
    assert " 0 failed" in proc.stdout
