#!/usr/bin/env python3
"""Do our errors land on exactly the agent files Claude Code's loader refused?

Usage: python benchmarks/corpus_errors.py ../shared/corpus [--show 20]

Reads the corpus in place (never copies it). Every file in MANIFEST.tsv is analysed (agents as project
agents, which is how LOADER_LABELS.tsv was produced; commands and skills in their own dialects; other
folders as agents, for crash hunting). Reports:
  - crashes (any exception from analyse(): must be 0),
  - for agents: the confusion matrix of "we report an error" vs "the loader refused the file with a
    logged error", and the files it ignored silently (no frontmatter / no name) vs our one note,
  - findings per rule code, and throughput of the analysis itself.
Exit status 1 when there is a crash or a disagreement.
"""

from __future__ import annotations

import argparse
import collections
import csv
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent_lsp.core.analysis import Context, analyse  # noqa: E402
from agent_lsp.core.dialects import Dialect  # noqa: E402
from agent_lsp.core.findings import Severity  # noqa: E402
from agent_lsp.core.model import Document  # noqa: E402
from agent_lsp.core.text import decode_bytes  # noqa: E402

_FOLDER_DIALECT = {"agents": Dialect.AGENT, "commands": Dialect.COMMAND, "skills": Dialect.SKILL}
_QUIET_CODES = {"FM001", "AG001"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--show", type=int, default=20, help="disagreements to list")
    args = parser.parse_args()
    corpus: Path = args.corpus
    manifest = list(csv.DictReader(open(corpus / "MANIFEST.tsv", encoding="utf-8"), delimiter="\t"))
    labels = {row["local_file"]: row for row in
              csv.DictReader(open(corpus / "LOADER_LABELS.tsv", encoding="utf-8"), delimiter="\t")}
    crashes: list[str] = []
    codes: collections.Counter = collections.Counter()
    matrix: collections.Counter = collections.Counter()
    disagreements: list[str] = []
    started = time.perf_counter()
    total_bytes = 0
    for row in manifest:
        relative = row["local_file"]
        folder = relative.split("/", 1)[0]
        dialect = _FOLDER_DIALECT.get(folder, Dialect.AGENT)
        data = (corpus / relative).read_bytes()
        total_bytes += len(data)
        text, bad = decode_bytes(data)
        virtual = {"agents": "/p/.claude/agents/", "commands": "/p/.claude/commands/"}.get(folder, "/p/x/")
        name = Path(relative).name
        path = f"/p/.claude/skills/{Path(relative).stem}/SKILL.md" if dialect is Dialect.SKILL else virtual + name
        try:
            analysis = analyse(Document(text, path, dialect, bad), Context())
        except Exception:  # noqa: BLE001 - counting crashes is the point
            crashes.append(f"{relative}\n{traceback.format_exc()}")
            continue
        for finding in analysis.findings:
            codes[(finding.code, finding.severity.label)] += 1
        label = labels.get(relative)
        if label is None or folder != "agents":
            continue
        ours = any(f.severity is Severity.ERROR for f in analysis.findings)
        refused = label["loaded"] == "no" and "[ERROR]" in label["debug_messages"]
        silent = label["loaded"] == "no" and not refused
        matrix[(ours, refused)] += 1
        if ours != refused:
            disagreements.append(f"{'extra error' if ours else 'missed error'}: {relative}")
        if silent:
            noted = any(f.code in _QUIET_CODES or f.code in ("AG002", "FM002", "FM003", "FM009")
                        for f in analysis.findings)
            matrix[("silent", noted)] += 1
            if not noted:
                disagreements.append(f"silently ignored but no note: {relative}")
    elapsed = time.perf_counter() - started
    files = len(manifest)
    print(f"files analysed: {files} ({total_bytes / 1e6:.1f} MB) in {elapsed:.2f} s "
          f"= {files / elapsed:.0f} files/s (analysis only, one process)")
    print(f"crashes: {len(crashes)}")
    print("agents vs Claude Code 2.1.330's loader (LOADER_LABELS.tsv):")
    print(f"  refused, we report an error:      {matrix[(True, True)]}")
    print(f"  refused, no error from us:        {matrix[(False, True)]}")
    print(f"  loaded, we report an error:       {matrix[(True, False)]}")
    print(f"  loaded, no error from us:         {matrix[(False, False)]}")
    print(f"  ignored silently, we add a note:  {matrix[('silent', True)]}")
    print(f"  ignored silently, no note:        {matrix[('silent', False)]}")
    for line in disagreements[: args.show]:
        print("  " + line)
    print("findings per code:")
    for (code, severity), count in sorted(codes.items()):
        print(f"  {code} {severity:<12} {count}")
    for crash in crashes[: args.show]:
        print("CRASH " + crash)
    return 1 if crashes or disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
