#!/usr/bin/env python3
"""Do our findings agree with what each tool's real loader did with the corpus?

Usage: python benchmarks/loader_agreement.py ../shared/corpus [--tool opencode] [--show 20]

Each tool has a label reader below (one function per tool, registered in LABEL_READERS): it turns that
tool's label file (`LOADER_LABELS_<TOOL>_*.tsv`, made by the oracles in ../shared/tools/) into Labels: a
corpus file, the path the tool read it at, and what the tool did. Each labelled file is analysed at that
path with every tool in use (`Context(tools=frozenset(Tool))`), and the script prints, per tool:
  - files the tool refuses (or drops) that get the right diagnostic: the tool's own error
    (`<prefix>001`) when the folder is written for it, PT001 naming it otherwise;
  - files it loads that get an error for it, or a PT001 note naming it (must be 0);
  - files it loads damaged that get the tool's warning (`<prefix>002`), as information.
Reads the corpus in place (never copies it). Exit status 1 when a loaded file gets an error or a refused
file misses its diagnostic.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent_lsp.core.analysis import Context, analyse  # noqa: E402
from agent_lsp.core.dialects import Tool  # noqa: E402
from agent_lsp.core.findings import Severity  # noqa: E402
from agent_lsp.core.model import Document  # noqa: E402
from agent_lsp.core.rules import PORTABILITY_DROPS, TOOL_RULE_PREFIXES  # noqa: E402
from agent_lsp.core.text import decode_bytes  # noqa: E402
from agent_lsp.core.verdicts import Outcome  # noqa: E402

csv.field_size_limit(1 << 30)

REFUSES, DAMAGED, LOADS = "refuses", "damaged", "loads"


@dataclass(frozen=True, slots=True)
class Label:
    local_file: str
    """The file in the corpus (relative to it)."""
    path: str
    """Where the tool read it, relative to a project root (`.opencode/agent/x.md`)."""
    tool: Tool
    verdict: str
    """REFUSES (will not load it, or refuses to start), DAMAGED (loads it damaged) or LOADS."""
    message: str = ""
    quoted: tuple[str, ...] = ()
    """The tool's own error lines, when it printed any: the findings must quote exactly these."""
    damaged_keys: frozenset[str] | None = None
    """For a file it loads: the keys it ignores or reads as something else (None: the label does not say)."""


# ----------------------------------------------------------------------------------------------------
# OpenCode: LOADER_LABELS_OPENCODE_AGENTS.tsv (../shared/tools/opencode_oracle.py), each file alone at
# `.opencode/agent/<file>` of a fresh project.
# ----------------------------------------------------------------------------------------------------

_OPENCODE_VERDICTS = {"config-invalid": REFUSES, "dropped-silently": REFUSES, "loaded-without-metadata": DAMAGED,
                      "loaded": LOADS, "not-registered": LOADS}


def opencode_labels(corpus: Path) -> Iterator[Label]:
    with open(corpus / "LOADER_LABELS_OPENCODE_AGENTS.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            verdict = _OPENCODE_VERDICTS.get(row["outcome"])
            if verdict is None:
                continue  # `error`: the oracle itself failed
            name = row["local_file"].rsplit("/", 1)[-1]
            quoted, damaged = (), None
            if verdict == LOADS:  # "...; unknown keys kept in options: a, b; ..."
                kept = re.search(r"unknown keys kept in options: ([^;]*)", row["message"])
                damaged = frozenset(kept.group(1).split(", ")) if kept else frozenset()
            if row["outcome"] == "config-invalid":  # "Error: Configuration is invalid at <file>\n↳ Expected ..."
                quoted = tuple(line.removeprefix("↳ ") for line in row["message"].split("\\n")[1:])
            yield Label(row["local_file"], f".opencode/agent/{name}", Tool.OPENCODE, verdict, row["message"], quoted,
                        damaged)


# ----------------------------------------------------------------------------------------------------
# Copilot CLI: LOADER_LABELS_COPILOT_*.tsv (../shared/tools/copilot_oracle.mjs): Claude agents at
# `.claude/agents/<file>`, Copilot agents at `.github/agents/<stem>.agent.md`, skills at
# `.claude/skills/<the folder the file had in its repository (MANIFEST.tsv)>/SKILL.md`.
# ----------------------------------------------------------------------------------------------------

_COPILOT_AGENT_PREFIX = "custom agent markdown frontmatter is malformed: "


def copilot_labels(corpus: Path) -> Iterator[Label]:
    with open(corpus / "MANIFEST.tsv", encoding="utf-8", newline="") as handle:
        folders = {row["local_file"]: row["path"].split("/")[-2] if "/" in row["path"] else ""
                   for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}
    tables = (
        ("LOADER_LABELS_COPILOT_CLAUDE_AGENTS.tsv", lambda name, local: f".claude/agents/{name}"),
        ("LOADER_LABELS_COPILOT_GITHUB_AGENTS.tsv",
         lambda name, local: f".github/agents/{name.removesuffix('.agent.md').removesuffix('.md')}.agent.md"),
        ("LOADER_LABELS_COPILOT_SKILLS.tsv",
         lambda name, local: f".claude/skills/{folders.get(local) or name.removesuffix('.md')}/SKILL.md"),
    )
    for table, place in tables:
        with open(corpus / table, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                local = row["local_file"]
                path = place(local.rsplit("/", 1)[-1], local)
                errors = _copilot_messages(row["errors"], path)
                warnings = _copilot_messages(row["warnings"], path)
                if row["loaded"] != "yes":
                    yield Label(local, path, Tool.COPILOT_CLI, REFUSES, " | ".join(errors), _copilot_lines(errors))
                    continue
                # "unknown field ignored: color" / "unknown fields ignored: color, category"
                keys = frozenset(key for warning in warnings for key in warning.split(": ", 1)[1].split(", "))
                yield Label(local, path, Tool.COPILOT_CLI, LOADS, " | ".join(warnings), (), keys)


def _copilot_messages(cell: str, path: str) -> list[str]:
    """The tool's messages of one cell, each without the `<path>: ` prefix the CLI adds."""
    if not cell:
        return []
    return [message.replace("\\n", "\n").removeprefix(f"{path}: ") for message in cell.split(" | ")]


def _copilot_lines(errors: list[str]) -> tuple[str, ...]:
    """One line per issue: the CLI prints an agent's schema issues as one message, the prefix once."""
    lines = []
    for error in errors:
        prefix = _COPILOT_AGENT_PREFIX if error.startswith(_COPILOT_AGENT_PREFIX) else ""
        lines.extend(prefix + line for line in error.removeprefix(prefix).split("\n"))
    return tuple(lines)


LABEL_READERS: dict[str, tuple[Tool, Callable[[Path], Iterator[Label]]]] = {
    "opencode": (Tool.OPENCODE, opencode_labels),
    "copilot-cli": (Tool.COPILOT_CLI, copilot_labels),
}
"""Each tool's label reader; add yours in its own function above."""


def _diagnosed(label: Label, findings: list, owner_code: str) -> tuple[bool, bool, bool]:
    """(right error or PT001, any error for the tool, the tool's damage warning)."""
    title = label.tool.title
    own_errors = [f for f in findings if f.code == owner_code and f.severity is Severity.ERROR]
    portability = [f for f in findings if f.code == PORTABILITY_DROPS and f.message.startswith(title)]
    damage = [f for f in findings if f.code == owner_code[:-1] + "2"]
    return bool(own_errors or portability), bool(own_errors), bool(damage)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--tool", choices=sorted(LABEL_READERS), action="append")
    parser.add_argument("--show", type=int, default=10, help="disagreements to list per kind")
    args = parser.parse_args()
    status = 0
    context = Context(tools=frozenset(Tool))
    for key in args.tool or sorted(LABEL_READERS):
        tool, reader = LABEL_READERS[key]
        owner_code = f"{TOOL_RULE_PREFIXES[tool]}001"
        counts = {REFUSES: [0, 0], LOADS: [0, 0], DAMAGED: [0, 0]}
        quoted, keys = [0, 0], [0, 0]
        misses: dict[str, list[str]] = {REFUSES: [], LOADS: [], DAMAGED: []}
        for label in reader(args.corpus):
            text, _ = decode_bytes((args.corpus / label.local_file).read_bytes())
            analysis = analyse(Document(text, label.path), context, verify_fixes=False)
            findings = analysis.findings
            if label.damaged_keys is not None:
                ours_keys = {m.key for v in analysis.verdicts if v.tool is tool for m in v.messages
                             if m.outcome is Outcome.DAMAGED and m.key}
                keys[0] += 1
                keys[1] += ours_keys == label.damaged_keys
            right, error, damage = _diagnosed(label, findings, owner_code)
            if label.quoted:
                ours = sorted(f.message.split(": ", 1)[-1] for f in findings if f.code == owner_code
                              or (f.code == PORTABILITY_DROPS and f.message.startswith(f"{tool.title} ")))
                quoted[0] += 1
                quoted[1] += ours == sorted(label.quoted)
            counts[label.verdict][0] += 1
            # a file the tool loads gets neither its error nor a note that it drops the file (PT001)
            agrees = {REFUSES: right, LOADS: not right, DAMAGED: damage and not error}[label.verdict]
            counts[label.verdict][1] += agrees
            if not agrees:
                ours = "; ".join(f"{f.code} {f.message[:90]}" for f in findings if f.code.startswith(owner_code[:2]))
                misses[label.verdict].append(f"{label.local_file}: {label.message[:120]} | ours: {ours or 'none'}")
        print(f"{tool.title} ({key}):")
        print(f"  refuses / drops, right diagnostic: {counts[REFUSES][1]}/{counts[REFUSES][0]}")
        if quoted[0]:
            print(f"    ... quoting exactly the tool's lines: {quoted[1]}/{quoted[0]}")
        print(f"  loads, no error for it:            {counts[LOADS][1]}/{counts[LOADS][0]}"
              f"  (files it loads that get an error or a drop note: {counts[LOADS][0] - counts[LOADS][1]})")
        if keys[0]:
            print(f"    ... warning on exactly the keys it ignores or misreads: {keys[1]}/{keys[0]}")
        print(f"  loads damaged, warning:            {counts[DAMAGED][1]}/{counts[DAMAGED][0]}")
        for verdict, lines in misses.items():
            for line in lines[: args.show]:
                print(f"    [{verdict}] {line}")
        if counts[REFUSES][1] < counts[REFUSES][0] or counts[LOADS][1] < counts[LOADS][0]:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
