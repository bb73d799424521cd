"""Emacs + eglot end to end, headless: the setup documented in docs/editors.md, run verbatim.

`emacs --batch -l tests/editors/eglot_test.el` opens `<proj>/.claude/agents/broken.md` (no .git anywhere),
the documented `markdown-mode-hook` starts eglot, and the script prints the flymake diagnostics eglot got.
Outside a git repository eglot roots the server at the file's folder (`.claude/agents/`); the server must
still find the project's skills (no false WS001 for `demo-skill`).

Needs `emacs` with eglot and markdown-mode (Debian 12: emacs-nox elpa-eglot elpa-markdown-mode);
skipped without them, failed instead when AGENT_LSP_REQUIRE_EDITORS=1.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.editors.support import doc_block, editor_env, make_workspace, run, skip_or_fail, which

SCRIPT = Path(__file__).with_name("eglot_test.el")
PROBE = '(progn (package-activate-all) (princ (if (and (locate-library "eglot") (locate-library "markdown-mode")) "ok" "missing")))'


def _emacs_ready() -> str | None:
    emacs = which("emacs")
    if emacs is None:
        skip_or_fail("Emacs is not installed (Debian: apt-get install emacs-nox elpa-eglot elpa-markdown-mode)")
        return None
    probe = subprocess.run([emacs, "--batch", "--eval", "(require 'package)", "--eval", PROBE],
                           capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    if probe.stdout.strip() != "ok":
        skip_or_fail("Emacs lacks eglot or markdown-mode (Debian 12: apt-get install elpa-eglot elpa-markdown-mode)")
        return None
    return emacs


def test_eglot_reports_agent_lsp_diagnostics_outside_git(tmp_path):
    emacs = _emacs_ready()
    project, agent = make_workspace(tmp_path)
    config = tmp_path / "agent-lsp-config.el"
    config.write_text(doc_block("Emacs", "elisp"), encoding="utf-8")
    env = editor_env(tmp_path)
    env.update({"AGENT_LSP_EMACS_CONFIG": str(config), "AGENT_LSP_EMACS_FILE": str(agent)})

    proc = run([emacs, "--batch", "-l", str(SCRIPT)], env, cwd=project)

    assert proc.returncode == 0, f"Emacs failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    roots = re.findall(r"^ROOT (.+)$", proc.stdout, flags=re.M)
    assert roots, proc.stdout
    root = Path(roots[0])
    assert root == project or project in root.parents, f"eglot's project root {root} is outside {project}"

    diagnostics = re.findall(r"^DIAG (\d+) (\d+) (\S+) (.*)$", proc.stdout, flags=re.M)
    by_code = {re.search(r"\[(\w+)\]", text).group(1): (int(line), int(col), kind, text)
               for line, col, kind, text in diagnostics if re.search(r"\[(\w+)\]", text)}
    assert "KY002" in by_code, diagnostics
    line, col, kind, text = by_code["KY002"]
    assert (line, col, kind) == (4, 7, "eglot-warning"), by_code["KY002"]
    assert "magenta" in text
    # The project root is right: the skill in <proj>/.claude/skills resolves, the missing one does not.
    unknown_skills = [text for _line, _col, _kind, text in diagnostics if "[WS001]" in text]
    assert any("missing-skill" in text for text in unknown_skills), diagnostics
    assert not any("demo-skill" in text for text in unknown_skills), diagnostics
