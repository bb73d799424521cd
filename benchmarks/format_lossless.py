#!/usr/bin/env python3
"""Is formatting lossless for Claude Code on real files? Formats every agent, command and skill of a corpus.

Usage: python benchmarks/format_lossless.py ../shared/corpus [--show 10] [--crlf]

Reads the corpus in place (never copies or writes it). Each file of `agents/`, `commands/` and `skills/` is
analysed where Claude Code would read it (`.claude/agents/`, `.claude/commands/`, `.claude/skills/<x>/SKILL.md`)
and formatted as `textDocument/formatting` would. Reports how many files change, how (LF line endings, now
strict YAML, `|-` block scalars), and compares what Claude Code reads before and after: whether it reads the
frontmatter, every value with its type, and the body (line endings aside). Also checks that formatting the
formatted text changes nothing. With `--crlf`, each file is also formatted with its line breaks turned into
CRLF (in memory; the corpus has few CRLF files), which exercises the conversion to LF. Exit status 1 when a value changes, a second formatting changes more, or the
formatter raises.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent_lsp.core.analysis import analyse  # noqa: E402
from agent_lsp.core.dialects import Dialect  # noqa: E402
from agent_lsp.core.formatting import format_text  # noqa: E402
from agent_lsp.core.model import Document  # noqa: E402
from agent_lsp.core.text import decode_bytes  # noqa: E402
from agent_lsp.core.yaml_frontmatter import LoadedBy  # noqa: E402

_PLACES = {"agents": (Dialect.AGENT, ".claude/agents/{stem}.md"),
           "commands": (Dialect.COMMAND, ".claude/commands/{stem}.md"),
           "skills": (Dialect.SKILL, ".claude/skills/{stem}/SKILL.md")}


def reads(text: str, path: str, dialect: Dialect) -> tuple:
    """What Claude Code reads, computed apart from the formatter's own check."""
    model = analyse(Document(text, path, dialect), verify_fixes=False).model
    loads = model is not None and model.loads_metadata and not model.recovered
    values = json.dumps(model.mapping, sort_keys=True, default=lambda v: f"{type(v).__name__}:{v!r}") if loads \
        else None
    return loads, values, (model.body if model is not None else text).replace("\r\n", "\n")


def _format_one(text: str, invalid: tuple, path: str, dialect: Dialect, name: str, counts: collections.Counter,
                changed_files: list[str], problems: list[str]) -> None:
    counts["files"] += 1
    try:
        analysis = analyse(Document(text, path, dialect, invalid))
        after = format_text(analysis)
        if after == text:
            return
        counts["changed"] += 1
        changed_files.append(name)
        if reads(after, path, dialect) != reads(text, path, dialect):
            problems.append(f"value changed: {name}")
        if format_text(analyse(Document(after, path, dialect))) != after:
            problems.append(f"formatting twice changes more: {name}")
        before_model, after_model = analysis.model, analyse(Document(after, path, dialect)).model
        if "\r\n" in text and "\r\n" not in after:
            counts["to LF"] += 1
        if (before_model.parsed is not None and before_model.parsed.loaded_by is LoadedBy.RETRY
                and after_model.parsed is not None and after_model.parsed.loaded_by is LoadedBy.STRICT):
            counts["now strict YAML (was retry-only)"] += 1
        if after.count("|-") > text.count("|-"):
            counts["gained |- block scalars"] += 1
    except Exception:  # noqa: BLE001 - reported, counted, never hidden
        problems.append(f"crash: {name}\n{traceback.format_exc()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--show", type=int, default=5, help="list this many changed files")
    parser.add_argument("--crlf", action="store_true", help="also format each file with CRLF line breaks")
    args = parser.parse_args()
    counts: collections.Counter[str] = collections.Counter()
    changed_files: list[str] = []
    problems: list[str] = []
    started = time.perf_counter()
    for folder, (dialect, place) in _PLACES.items():
        for file in sorted((args.corpus / folder).glob("*.md")):
            original, invalid = decode_bytes(file.read_bytes())
            path = place.format(stem=file.stem)
            variants = [original]
            if args.crlf and "\r" not in original:
                variants.append(original.replace("\n", "\r\n"))
            for text in variants:
                _format_one(text, invalid if text is original else (), path, dialect, f"{folder}/{file.name}"
                            + ("" if text is original else " (CRLF)"), counts, changed_files, problems)
    seconds = time.perf_counter() - started
    print(f"files: {counts['files']}, formatted (changed): {counts['changed']}")
    for what in ("to LF", "now strict YAML (was retry-only)", "gained |- block scalars"):
        print(f"  {what}: {counts[what]}")
    print(f"value changes: {sum(p.startswith('value') for p in problems)}, "
          f"not idempotent: {sum(p.startswith('formatting twice') for p in problems)}, "
          f"crashes: {sum(p.startswith('crash') for p in problems)}")
    print(f"time: {seconds:.1f} s")
    for name in changed_files[: args.show]:
        print(f"  changed: {name}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
