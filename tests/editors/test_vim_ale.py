"""Vim + ALE end to end, headless: the `ale#linter#Define` setup documented in docs/editors.md, run verbatim.

Vim opens `<proj>/.claude/agents/broken.md` (no .git anywhere) with the docs' vimrc block, ALE starts
`agent-lsp serve`, and tests/editors/ale_test.vim writes the diagnostics ALE received to a file.

Needs `vim` and ALE as Debian's `vim-ale` installs it (`packadd! ale`); skipped without them, failed
instead when AGENT_LSP_REQUIRE_EDITORS=1.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.editors.support import doc_block, editor_env, make_workspace, run, skip_or_fail, which

SCRIPT = Path(__file__).with_name("ale_test.vim")


def _vim_with_ale() -> str | None:
    vim = which("vim")
    if vim is None:
        skip_or_fail("Vim is not installed (Debian: apt-get install vim vim-ale)")
        return None
    probe = subprocess.run([vim, "-N", "-u", "NONE", "-i", "NONE", "-es", "-c",
                            "if empty(globpath(&packpath, 'pack/*/opt/ale/plugin/ale.vim')) | cquit | endif | qall!"],
                           capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    if probe.returncode != 0:
        skip_or_fail("ALE is not installed where `packadd! ale` finds it (Debian: apt-get install vim-ale)")
        return None
    return vim


def test_ale_reports_agent_lsp_diagnostics(tmp_path):
    vim = _vim_with_ale()
    project, agent = make_workspace(tmp_path)
    vimrc = tmp_path / "vimrc"
    vimrc.write_text("set nocompatible noswapfile\n" + doc_block("Vim", "vim")
                     + "let g:ale_linters = {'markdown': ['agent-lsp']}\n", encoding="utf-8")
    out = tmp_path / "ale-diagnostics.txt"
    env = editor_env(tmp_path)
    env["AGENT_LSP_VIM_OUT"] = str(out)

    proc = run([vim, "-N", "-u", str(vimrc), "-i", "NONE", "--not-a-term", "-S", str(SCRIPT), str(agent)],
               env, cwd=project)

    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    print("\n".join(lines))
    assert proc.returncode == 0 and lines, f"Vim failed ({proc.returncode}):\n" + "\n".join(lines)
    assert "filetype markdown" in lines[0], lines[0]
    diagnostics = [m.groups() for m in (re.match(r"DIAG (\d+) (\d+) (\w) (\S+) (.*)$", line) for line in lines) if m]
    by_code = {code: (int(line), int(col), kind, text) for line, col, kind, code, text in diagnostics}
    assert "KY002" in by_code, lines
    line, col, kind, text = by_code["KY002"]
    assert (line, col, kind) == (4, 8, "W"), by_code["KY002"]  # ALE columns are 1-based
    assert "magenta" in text
    unknown_skills = [text for _line, _col, _kind, code, text in diagnostics if code == "WS001"]
    assert any("missing-skill" in text for text in unknown_skills), lines
    assert not any("demo-skill" in text for text in unknown_skills), lines
