#!/usr/bin/env python3
"""Write every finding of a corpus as sorted text lines, to prove a refactoring changes no behaviour.

Usage: python benchmarks/findings_snapshot.py ../shared/corpus [--out FILE] [--workspace]

Reads the corpus in place (never copies it): every file of MANIFEST.tsv is analysed the way
benchmarks/corpus_errors.py does (agents as project agents, commands and skills in their own dialects,
other folders as agents). One line per finding: path, code, severity, start and end line:col, message,
related places, then each fix (title, applicability, edits as offsets and new text). Lines are sorted,
followed by a summary count per code. Run it before and after a change and `diff` the two outputs.
With --workspace, every file is analysed again with an index of the whole corpus (cross-file checks:
unknown skills and agents, duplicate names), its lines marked `ws`.
"""

from __future__ import annotations

import argparse
import collections
import csv
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent_lsp.core.analysis import Context, analyse  # noqa: E402
from agent_lsp.core.dialects import Dialect  # noqa: E402
from agent_lsp.core.model import Document  # noqa: E402
from agent_lsp.core.text import decode_bytes  # noqa: E402
from agent_lsp.core.workspace import build_index, summarise  # noqa: E402

_FOLDER_DIALECT = {"agents": Dialect.AGENT, "commands": Dialect.COMMAND, "skills": Dialect.SKILL}


def _position(position) -> str:
    return f"{position.line + 1}:{position.column + 1}"


def _finding_line(relative: str, finding) -> str:
    span = finding.span
    parts = [relative, finding.code, finding.severity.label,
             f"{_position(span.start)}-{_position(span.end)}", repr(finding.message)]
    if finding.unnecessary:
        parts.append("unnecessary")
    if finding.deprecated:
        parts.append("deprecated")
    for related in finding.related:
        where = f"{_position(related.span.start)}-{_position(related.span.end)}" if related.span else "-"
        parts.append(f"related[{related.path} {where} {related.message!r}]")
    for fix in finding.fixes:
        edits = " ".join(f"{e.start_offset}-{e.end_offset}:{e.new_text!r}" for e in fix.edits)
        parts.append(f"fix[{fix.title!r} {fix.applicability.value} {edits}]")
    return "\t".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, help="write here instead of stdout")
    parser.add_argument("--workspace", action="store_true", help="also analyse with a workspace index")
    args = parser.parse_args()
    corpus: Path = args.corpus
    manifest = list(csv.DictReader(open(corpus / "MANIFEST.tsv", encoding="utf-8"), delimiter="\t"))
    lines: list[str] = []
    codes: collections.Counter = collections.Counter()
    crashes = 0
    documents = []
    for row in manifest:
        relative = row["local_file"]
        folder = relative.split("/", 1)[0]
        dialect = _FOLDER_DIALECT.get(folder, Dialect.AGENT)
        text, bad = decode_bytes((corpus / relative).read_bytes())
        virtual = {"agents": "/p/.claude/agents/", "commands": "/p/.claude/commands/"}.get(folder, "/p/x/")
        name = Path(relative).name
        path = f"/p/.claude/skills/{Path(relative).stem}/SKILL.md" if dialect is Dialect.SKILL else virtual + name
        documents.append((relative, Document(text, path, dialect, bad)))
    passes = [("", None)]
    if args.workspace:
        index = build_index(summarise(document.path, document.text, document.dialect) for _r, document in documents)
        passes.append(("ws ", Context(workspace=index)))
    for mark, context in passes:
        for relative, document in documents:
            try:
                analysis = analyse(document, context)
            except Exception:  # noqa: BLE001 - a crash is a result too
                crashes += 1
                lines.append(f"{mark}{relative}\tCRASH\t{traceback.format_exc().splitlines()[-1]!r}")
                continue
            for finding in analysis.findings:
                codes[(mark + finding.code, finding.severity.label)] += 1
                lines.append(mark + _finding_line(relative, finding))
    lines.sort()
    lines.append(f"# files {len(manifest)}, findings {sum(codes.values())}, crashes {crashes}")
    lines.extend(f"# {code} {severity} {count}" for (code, severity), count in sorted(codes.items()))
    output = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
