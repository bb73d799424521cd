#!/usr/bin/env python3
"""Ground truth, NOT FOR CI: what does the real Gemini CLI do with each agent or SKILL.md file?

Needs `@google/gemini-cli` 0.61.0 installed with npm (`npm install @google/gemini-cli@0.61.0` in DIR, then
`--gemini DIR/node_modules/.bin/gemini`). Offline: no login, no model call (recipe of DIALECTS.md section 5):
HOME is a throw-away folder whose `.gemini/trustedFolders.json` trusts the throw-away project, and
`gemini skills list` is run in the project. That start-up loads the project's agents and prints
`Agent loading error: Failed to load agent from <path>: ...` on stderr for each agent it refuses; stdout
lists the skills it discovered.

All files of one run share one project (Gemini CLI reads every agent independently: one bad file never
stops the others), so a thousand files take one start-up (~6 s).

  agents: each file is placed at `.gemini/agents/<file name>`; outcome `loaded`, `dropped` (with the error,
          the project folder cut to `<project>`), or `skipped` (the name starts with `_`: never read).
  skills: each file is placed at `.gemini/skills/<file stem>/SKILL.md`; outcome `loaded` (with the name it
          is listed under) or `dropped` (not listed; Gemini CLI says nothing).

Usage: gemini_oracle.py --gemini PATH {agents|skills} FILE_OR_DIR... [--out labels.tsv]
Output: TSV `file  outcome  name_or_message` (messages with `\\n` for line breaks).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

from oracle_io import inputs, place, write_tsv  # this folder is on sys.path when the script runs

_ERROR = re.compile(r"^Agent loading error: Failed to load agent from (?P<path>.+?\.md): ", re.M)
_OVERRIDDEN = re.compile(r'^Skill conflict detected: "(?P<name>[^"]*)" from "[^"]*" is overriding the same skill '
                         r'from "(?P<path>[^"]*)"', re.M)
"""A skill overridden by a later one of the same name was loaded too (only its name is taken)."""
_SKILL = re.compile(r"^(?P<name>[^\n]+?) \[(?:Enabled|Disabled)\]\n  Description: .*?\n  Location:\s+(?P<path>[^\n]+)$", re.M | re.S)


def run(gemini: str, kind: str, files: list[Path]) -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory(prefix="gemini-oracle-") as work:
        home, project = Path(work, "home"), Path(work, "proj")
        (home / ".gemini").mkdir(parents=True)
        (project / ".git").mkdir(parents=True)
        (home / ".gemini" / "trustedFolders.json").write_text(json.dumps({str(project): "TRUST_FOLDER"}))
        placed = place(files, lambda file: project / ".gemini" / "agents" / file.name if kind == "agents"
                       else project / ".gemini" / "skills" / file.stem / "SKILL.md")
        env = {**os.environ, "HOME": str(home), "NO_COLOR": "1", "GEMINI_CLI_NO_RELAUNCH": "true"}
        # stdout goes to a file: through a pipe, Gemini CLI exits before a long listing is written out.
        with open(Path(work, "stdout"), "w+", encoding="utf-8") as stdout:
            done = subprocess.run([gemini, "skills", "list"], cwd=project, env=env, stdout=stdout,
                                  stderr=subprocess.PIPE, text=True, timeout=600, stdin=subprocess.DEVNULL)
            stdout.seek(0)
            listing = stdout.read()
        errors: dict[str, str] = {}
        matches = list(_ERROR.finditer(done.stderr))
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(done.stderr)
            message = done.stderr[match.start():end].rstrip("\n").replace(str(project), "<project>")
            errors[match.group("path")] = message
        skills = {match.group("path").strip(): match.group("name") for match in _SKILL.finditer(listing)}
        for match in _OVERRIDDEN.finditer(done.stderr):
            skills.setdefault(match.group("path"), match.group("name"))
        rows = []
        for target, file in placed.items():
            if kind == "agents":
                if Path(target).name.startswith("_"):
                    rows.append((str(file), "skipped", ""))
                elif target in errors:
                    rows.append((str(file), "dropped", errors[target].replace("\n", "\\n")))
                else:
                    rows.append((str(file), "loaded", ""))
            else:
                name = skills.get(target)
                rows.append((str(file), "loaded" if name is not None else "dropped", name or ""))
        return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gemini", required=True, help="path of the gemini executable (0.61.0)")
    parser.add_argument("kind", choices=("agents", "skills"))
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--out", help="write the TSV here instead of stdout")
    args = parser.parse_args()
    rows = run(args.gemini, args.kind, inputs(args.paths))
    write_tsv(rows, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
