#!/usr/bin/env python3
"""Do fixes ever make a file worse? Applies every fix offered on every file of a corpus, alone, then all
safe fixes of each file together, and re-analyses.

Usage: python benchmarks/fix_safety.py ../shared/corpus/agents [../shared/corpus/commands ...] [--show 20]

A folder named `agents`, `commands` or `skills` is read in that dialect (as a project's
`.claude/agents/<file>`, `.claude/commands/<file>`, `.claude/skills/<stem>/SKILL.md`); any other folder as
agents. Reads files in place (never copies them). A fix "fails" when its finding stays or the fixed text
has a new error; it "adds warnings" when the fixed text has a new warning (see
`agent_lsp.core.fix_safety.regressions`). Exit status 1 when a safe fix, or all safe fixes of a file
together, fail or add warnings.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent_lsp.core.analysis import Context, analyse  # noqa: E402
from agent_lsp.core.dialects import Dialect  # noqa: E402
from agent_lsp.core.findings import Applicability  # noqa: E402
from agent_lsp.core.fix_safety import regressions  # noqa: E402
from agent_lsp.core.fixes import apply_fixes  # noqa: E402
from agent_lsp.core.model import Document  # noqa: E402
from agent_lsp.core.text import decode_bytes  # noqa: E402

_FOLDER_DIALECT = {"agents": Dialect.AGENT, "commands": Dialect.COMMAND, "skills": Dialect.SKILL}


def virtual_path(file: Path, dialect: Dialect) -> str:
    if dialect is Dialect.SKILL:
        return f"/p/.claude/skills/{file.stem}/SKILL.md"
    folder = "commands" if dialect is Dialect.COMMAND else "agents"
    return f"/p/.claude/{folder}/{file.name}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--show", type=int, default=20, help="failures to list")
    args = parser.parse_args()
    offered: collections.Counter = collections.Counter()  # applicability -> fixes
    failed: collections.Counter = collections.Counter()
    warned: collections.Counter = collections.Counter()
    by_title: collections.Counter = collections.Counter()
    together = {"files": 0, "failed": 0, "warned": 0}
    examples: list[str] = []
    files = 0
    started = time.perf_counter()
    for folder in args.folders:
        dialect = _FOLDER_DIALECT.get(folder.resolve().name, Dialect.AGENT)
        for file in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix == ".md"):
            files += 1
            text, bad = decode_bytes(file.read_bytes())
            path = virtual_path(file, dialect)
            before = analyse(Document(text, path, dialect, bad), Context()).findings
            any_safe = False
            for finding in before:
                for fix in finding.fixes:
                    kind = fix.applicability.value
                    any_safe |= fix.applicability is Applicability.SAFE
                    offered[kind] += 1
                    alone = dataclasses.replace(finding, fixes=(fix,))
                    fixed, applied = apply_fixes(text, [alone], unsafe=True)
                    after = analyse(Document(fixed, path, dialect), Context()).findings
                    problems = regressions(before, after, finding)
                    if any(p.startswith("new error") or p.endswith("not removed") for p in problems):
                        failed[kind] += 1
                    if any(p.startswith("new warning") for p in problems):
                        warned[kind] += 1
                    if problems:
                        by_title[(kind, finding.code, fix.title)] += 1
                        examples.append(f"{kind} {finding.code} {fix.title!r} on {file}: {', '.join(problems)}")
            if any_safe:
                together["files"] += 1
                fixed, _applied = apply_fixes(text, before, unsafe=False)
                after = analyse(Document(fixed, path, dialect), Context()).findings
                problems = regressions(before, after)
                together["failed"] += any(p.startswith("new error") for p in problems)
                together["warned"] += any(p.startswith("new warning") for p in problems)
                if problems:
                    examples.append(f"all safe fixes together on {file}: {', '.join(problems)}")
    elapsed = time.perf_counter() - started
    print(f"files: {files} in {elapsed:.1f} s")
    for kind in ("safe", "unsafe"):
        print(f"{kind} fixes offered: {offered[kind]}; fail (finding stays or new error): {failed[kind]}; "
              f"add warnings: {warned[kind]}")
    print(f"all safe fixes of a file together: {together['files']} files; new error: {together['failed']}; "
          f"new warning: {together['warned']}")
    if by_title:
        print("fixes that made things worse (applicability, rule, title: count):")
        for (kind, code, title), count in by_title.most_common():
            print(f"  {kind} {code} {title!r}: {count}")
    for line in examples[: args.show]:
        print("  " + line)
    bad_safe = failed["safe"] + warned["safe"] + together["failed"] + together["warned"]
    return 1 if bad_safe else 0


if __name__ == "__main__":
    sys.exit(main())
