"""The Neovim integration attaches to exactly the files the server reads: `agent_lsp.paths.kind` (Lua) against
`readers.readers_of` (Python) on every sample path of tests/core/test_file_patterns.py, in a real Neovim; and a
`.mdc` buffer (Cursor rules) is Markdown, so the client attaches to it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from agent_lsp.core.readers import readers_of
from tests.core.test_file_patterns import NOT_READ, READ
from tests.editors.support import REPO
from tests.neovim.neovims import NEOVIMS, neovim

PLUGIN_FREE = [path for path in READ + NOT_READ if "/plugins/" not in path and ":" not in path]
"""Plugin paths need a manifest on disk; Windows paths are normalised differently by Neovim on Linux."""

LUA = """
local paths = require('agent_lsp.paths')
local out = {}
for _, path in ipairs(vim.fn.json_decode(vim.env.AGENT_LSP_PATHS)) do
  out[path] = paths.kind(path) or vim.NIL
end
local lsp = dofile(vim.env.AGENT_LSP_CONFIG)
vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.AGENT_LSP_MDC))
out['mdc filetype'] = vim.bo.filetype
out['markers'] = table.concat(lsp.root_markers, ',')
io.stdout:write(vim.fn.json_encode(out))
vim.cmd('qall!')
"""


@pytest.mark.parametrize("which", list(NEOVIMS))
def test_neovim_attaches_to_the_files_the_server_reads(tmp_path: Path, which: str) -> None:
    nvim = neovim(which)
    script = tmp_path / "paths.lua"
    script.write_text(LUA, encoding="utf-8")
    rule = tmp_path / ".cursor/rules/style.mdc"
    rule.parent.mkdir(parents=True)
    rule.write_text("---\ndescription: x\n---\n", encoding="utf-8")
    runtime = REPO / "editors/neovim"
    env = {"AGENT_LSP_PATHS": json.dumps(PLUGIN_FREE), "AGENT_LSP_CONFIG": str(runtime / "lsp/agent_lsp.lua"),
           "AGENT_LSP_MDC": str(rule), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.run([nvim, "--headless", "--clean", "--cmd", f"set runtimepath^={runtime}", "-c",
                           f"luafile {script}"], env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout[proc.stdout.index("{"):])
    for path in PLUGIN_FREE:
        readers = readers_of(path)
        kind = found[path]
        assert (kind is not None) == bool(readers), (path, kind, readers)
        if readers and readers[0].dialect.tool.value != "claude-code" and not path.endswith("SKILL.md"):
            assert kind == readers[0].dialect.value, path
    assert found["mdc filetype"] == "markdown"
    assert {".claude", ".git", ".opencode", ".gemini", ".codex", ".cursor", ".agents"} <= set(found["markers"].split(","))
