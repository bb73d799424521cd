#!/usr/bin/env python3
"""Ground truth, NOT FOR CI: what does the real Codex (`@openai/codex` 0.169.0) do with each SKILL.md?

Needs `npm install @openai/codex@0.169.0` in DIR, then `--codex DIR/node_modules/.bin/codex`. Offline, no
login, no model call (recipe of DIALECTS.md section 3): `codex app-server` (stdio JSON-RPC) with
CODEX_HOME set to a throw-away folder; `initialize`, `initialized`, then
`skills/list {cwds: [project], forceReload: true}`. Its answer lists the skills loaded (name, description,
short description) and the errors (path, message) of the ones it refused.

Each file is placed at `<project>/.agents/skills/<file stem>/SKILL.md`; all files of one run share one
project (Codex reads each skill on its own). Codex has no way to list custom prompts (app-server v2 has no
method for them), so prompts have no oracle: their parser is emulated from its source.

Usage: codex_oracle.py --codex PATH FILE_OR_DIR... [--out labels.tsv]
Output: TSV `file  outcome  name_or_error  description` (outcome `loaded` or `dropped`).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from oracle_io import inputs, place, write_tsv  # this folder is on sys.path when the script runs


def _request(process: subprocess.Popen[str], message: dict[str, Any]) -> None:
    assert process.stdin is not None
    process.stdin.write(json.dumps(message) + "\n")
    process.stdin.flush()


def _answer(process: subprocess.Popen[str], ident: int) -> dict[str, Any]:
    assert process.stdout is not None
    for line in process.stdout:
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if message.get("id") == ident:
            return message
    raise RuntimeError("codex app-server ended without answering")


def skills_list(codex: str, project: Path, home: Path) -> dict[str, Any]:
    env = {**os.environ, "CODEX_HOME": str(home), "HOME": str(home), "NO_COLOR": "1"}
    with subprocess.Popen([codex, "app-server"], cwd=project, env=env, stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as process:
        try:
            _request(process, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                               "params": {"clientInfo": {"name": "agent-lsp-oracle", "version": "0"}}})
            _answer(process, 1)
            _request(process, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
            _request(process, {"jsonrpc": "2.0", "id": 2, "method": "skills/list",
                               "params": {"cwds": [str(project)], "forceReload": True}})
            return _answer(process, 2)
        finally:
            process.kill()


def run(codex: str, files: list[Path]) -> list[tuple[str, str, str, str]]:
    with tempfile.TemporaryDirectory(prefix="codex-oracle-") as work:
        # Resolved: the places are compared with the resolved paths Codex reports.
        home, project = Path(work, "home"), Path(work, "proj").resolve()
        home.mkdir()
        (project / ".git").mkdir(parents=True)
        placed = place(files, lambda file: project / ".agents" / "skills" / file.stem / "SKILL.md")
        answer = skills_list(codex, project, home)
        loaded: dict[str, dict[str, Any]] = {}
        errors: dict[str, str] = {}
        for entry in answer.get("result", {}).get("data", []):
            for skill in entry.get("skills", []):
                loaded[str(Path(skill.get("path", "")).resolve())] = skill
            for error in entry.get("errors", []):
                errors[str(Path(error.get("path", "")).resolve())] = error.get("message", "")
        rows = []
        for target, file in placed.items():
            if target in loaded:
                skill = loaded[target]
                rows.append((str(file), "loaded", str(skill.get("name", "")),
                             json.dumps(skill.get("description", ""))))
            else:
                message = errors.get(target, "(not listed, no error)").replace(str(project), "<project>")
                rows.append((str(file), "dropped", message.replace("\n", "\\n"), ""))
        return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--codex", required=True, help="path of the codex executable (0.169.0)")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--out")
    args = parser.parse_args()
    rows = run(args.codex, inputs(args.paths))
    write_tsv(rows, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
