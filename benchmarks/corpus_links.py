#!/usr/bin/env python3
"""How often does LK001 (a link to a missing file) fire on real files, and on what?

Usage: python benchmarks/corpus_links.py ../shared/corpus [--show 15]

The corpus holds single files copied out of their repositories, so most relative link targets are not there.
Two fair ways to ask, both reading the corpus in place:

- `in place`: every file put back at its path in its repository (MANIFEST.tsv), with the other corpus files
  of that repository around it: the files that exist are the corpus files only. A target is reported only
  when its folder holds some corpus file (the rule's own condition), so what is reported are links into a
  folder we have, to a file the corpus did not copy: each one is worth a look (a wrong name, or a file
  that simply was not copied).
- `alone`: every file alone where Claude Code reads it (`.claude/agents/`, `.claude/commands/`,
  `.claude/skills/<name>/SKILL.md`): only the file itself exists, so only links to its own folder can be
  reported (a skill's `reference.md` that was not copied).

Also counts every link found, by kind (for crash hunting: any exception is a failure, exit status 1).
"""

from __future__ import annotations

import argparse
import collections
import csv
import sys
import traceback
from pathlib import Path, PurePosixPath

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent_lsp.core.analysis import Context, analyse  # noqa: E402
from agent_lsp.core.dialects import Dialect  # noqa: E402
from agent_lsp.core.links import find_links, known_files  # noqa: E402
from agent_lsp.core.model import Document  # noqa: E402
from agent_lsp.core.text import decode_bytes  # noqa: E402

_DIALECTS = {"agents": Dialect.AGENT, "commands": Dialect.COMMAND, "skills": Dialect.SKILL}
_ALONE = {"agents": ".claude/agents/{stem}.md", "commands": ".claude/commands/{stem}.md",
          "skills": ".claude/skills/{stem}/SKILL.md"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--show", type=int, default=15)
    args = parser.parse_args()
    with (args.corpus / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    placed = {row["local_file"]: f"/repos/{row['repo']}/{row['path']}" for row in rows}
    existing = known_files(placed.values())
    plugin_roots = set()
    for path in placed.values():
        parts = PurePosixPath(path).parts
        for index, part in enumerate(parts[:-1]):
            if part in ("agents", "commands", "skills") and index and parts[index - 1] != ".claude":
                plugin_roots.add(str(PurePosixPath(*parts[:index])))
    roots = frozenset(plugin_roots)
    kinds: collections.Counter[str] = collections.Counter()
    reported = {"in place": collections.Counter(), "alone": collections.Counter()}
    files_with = {"in place": 0, "alone": 0}
    samples: list[str] = []
    crashes = 0
    total = 0
    for row in rows:
        folder = row["local_file"].split("/", 1)[0]
        dialect = _DIALECTS.get(folder)
        if dialect is None:
            continue
        total += 1
        text, invalid = decode_bytes((args.corpus / row["local_file"]).read_bytes())
        alone_path = _ALONE[folder].format(stem=Path(row["local_file"]).stem)
        try:
            for mode, path, files, plugins in (("in place", placed[row["local_file"]], existing, roots),
                                               ("alone", alone_path, known_files([alone_path]), frozenset())):
                analysis = analyse(Document(text, path, dialect, invalid), Context(files=files, plugin_roots=plugins),
                                   verify_fixes=False)
                found = [f for f in analysis.findings if f.code == "LK001"]
                files_with[mode] += bool(found)
                for finding in found:
                    reported[mode][finding.message.split("(relative to ", 1)[1].split(")")[0]] += 1
                    if mode == "in place" and len(samples) < args.show:
                        line = text.splitlines()[finding.span.start.line] if text.splitlines() else ""
                        samples.append(f"{row['repo']}/{row['path']}:{finding.span.start.line + 1}: "
                                       f"{line.strip()[:140]}\n      -> {finding.message[:160]}")
                if mode == "in place":
                    kinds.update(link.kind.value for link in find_links(analysis.model, plugins)) \
                        if analysis.model is not None else None
        except Exception:  # noqa: BLE001 - counted and shown
            crashes += 1
            print(f"crash: {row['local_file']}\n{traceback.format_exc()}")
    print(f"files: {total} (agents, commands, skills); links found (in place): {sum(kinds.values())}")
    for kind, count in kinds.most_common():
        print(f"  {kind}: {count}")
    for mode in ("in place", "alone"):
        print(f"{mode}: {files_with[mode]} files with LK001 ({sum(reported[mode].values())} findings)")
        for base, count in reported[mode].most_common():
            print(f"  relative to {base}: {count}")
    print("samples (in place):")
    for sample in samples:
        print(f"  {sample}")
    print(f"crashes: {crashes}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
