#!/usr/bin/env python3
"""Do our errors land on exactly the agent files Claude Code's loader refused?

Usage: python benchmarks/corpus_errors.py ../shared/corpus [--show 20]

Reads the corpus in place (never copies it). Every file in MANIFEST.tsv is analysed (agents as project
agents, which is how LOADER_LABELS.tsv was produced; commands and skills in their own dialects; other
folders as agents, for crash hunting). Reports:
  - crashes (any exception from analyse(): must be 0),
  - for agents: the confusion matrix of "we report an error" vs "the loader did not load the file",
    where not loading counts when the loader refused the file with a logged error, or ignored it
    silently although the file is written as an agent (a `---` block, after any blank lines, whose keys
    are mostly agent keys: an agent that does not exist, AG008/AG002). Files it ignored silently that
    are not (plain documentation, plans with `title`/`status`...) must get a quiet note and no error,
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

import yaml  # noqa: E402

from agent_lsp.core.analysis import Context, analyse  # noqa: E402
from agent_lsp.core.catalogue import catalogue_for  # noqa: E402
from agent_lsp.core.dialects import Dialect  # noqa: E402
from agent_lsp.core.findings import Severity  # noqa: E402
from agent_lsp.core.model import Document  # noqa: E402
from agent_lsp.core.text import decode_bytes  # noqa: E402

_FOLDER_DIALECT = {"agents": Dialect.AGENT, "commands": Dialect.COMMAND, "skills": Dialect.SKILL}
_QUIET_CODES = {"FM001", "AG001", "FM002", "FM003", "FM009"}


_AGENT_KEYS = {spec.key for spec in catalogue_for(Dialect.AGENT).fields}


def _written_as_agent(text: str) -> bool:
    """Whether the file opens (after a BOM and blank lines) with a `---` block whose keys are mostly
    Claude Code agent keys: an agent that does not exist, not notes (plans with `title`, `status`...).

    Deliberately not the analyser's own test: PyYAML reads the block up to the next `---` line (or up
    to the first blank line when it is never closed)."""
    lines = text.lstrip("\ufeff \t\r\n").splitlines()
    if not lines or lines[0].rstrip() != "---":
        return False
    block = []
    closed = False
    for line in lines[1:]:
        if line.rstrip() == "---":
            closed = True
            break
        block.append(line)
    if not closed:
        block = block[: block.index("")] if "" in block else block
    try:
        data = yaml.safe_load("\n".join(block))
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict):
        return False
    ours = sum(1 for key in data if key in _AGENT_KEYS)
    return ours > 0 and ours >= len(data) - ours


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
        logged = label["loaded"] == "no" and "[ERROR]" in label["debug_messages"]
        silent = label["loaded"] == "no" and not logged
        intent = silent and _written_as_agent(text)
        not_loaded = logged or intent
        matrix[(ours, not_loaded)] += 1
        if ours != not_loaded:
            disagreements.append(f"{'extra error' if ours else 'missed error'}: {relative}")
        if logged:
            matrix["logged"] += 1
        elif intent:
            matrix[("intent", ours)] += 1
        elif silent:
            noted = any(f.code in _QUIET_CODES for f in analysis.findings)
            matrix[("silent", noted)] += 1
            if not noted:
                disagreements.append(f"silently ignored but no note: {relative}")
    elapsed = time.perf_counter() - started
    files = len(manifest)
    print(f"files analysed: {files} ({total_bytes / 1e6:.1f} MB) in {elapsed:.2f} s "
          f"= {files / elapsed:.0f} files/s (analysis only, one process)")
    print(f"crashes: {len(crashes)}")
    print("agents vs Claude Code 2.1.330's loader (LOADER_LABELS.tsv):")
    print(f"  not loaded, we report an error:   {matrix[(True, True)]}"
          f"  ({matrix['logged']} refused with a logged error, {matrix[('intent', True)]} ignored silently "
          "although written as an agent)")
    print(f"  not loaded, no error from us:     {matrix[(False, True)]}")
    print(f"  loaded, we report an error:       {matrix[(True, False)]}")
    print(f"  loaded, no error from us:         {matrix[(False, False)]}")
    print(f"  ignored silently, not written as an agent (notes), we add a note: {matrix[('silent', True)]}")
    print(f"  ignored silently, not written as an agent (notes), no note:       {matrix[('silent', False)]}")
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
