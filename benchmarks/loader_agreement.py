#!/usr/bin/env python3
"""Do our loader emulations agree with the real tools? One script, one label reader per tool.

Usage: python benchmarks/loader_agreement.py ../shared/corpus [--tool copilot-cli] [--show 10]

Reads the corpus in place (never copies it). For each labelled file, the text is analysed at the path the
label says it was placed at (`.claude/agents/<file>`, `.github/agents/<stem>.agent.md`...). Two measures:

  verdicts  the tool's emulated verdict (`LOADERS`) against the label: files it drops that we say it drops,
            files it loads that we say it drops (must be 0), and how many of our messages are the tool's
            own words exactly;
  findings  `analyse()` with every tool in use (`Context(tools=...)`): files the tool drops that get the
            right diagnostic (its error for its own folder; PT001 naming it for another tool's folder) and
            files it loads that get one (must be 0). Only when the analysis makes findings from verdicts.

Each tool registers a label reader in `LABEL_READERS`: it yields `Label`s. Exit status 1 on a crash or when
a file the tool loads gets an error (or a drop verdict) for it.
"""

from __future__ import annotations

import argparse
import csv
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent_lsp.core.dialects import Dialect, Tool  # noqa: E402
from agent_lsp.core.loaders import LOADERS  # noqa: E402
from agent_lsp.core.model import Document  # noqa: E402
from agent_lsp.core.text import decode_bytes  # noqa: E402
from agent_lsp.core.verdicts import Outcome  # noqa: E402

csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class Label:
    """What one tool did with one corpus file placed at `placed`."""

    local_file: str
    """The corpus file, relative to the corpus folder."""
    placed: str
    """Where the tool found it, relative to the project (decides the dialect and the owner)."""
    dialect: Dialect
    dropped: bool
    errors: tuple[str, ...] = ()
    """The tool's words, without the path prefix."""
    warnings: tuple[str, ...] = ()
    owner: bool = True
    """Whether the folder is written for this tool (then a drop is an error; else PT001 information)."""
    claude_loads: bool | None = None
    """For files in a Claude Code folder: whether Claude Code loads it (None: not a Claude Code file)."""
    source: str = ""
    """Which label table the row comes from (figures are also given per table)."""


@dataclass
class Tally:
    files: int = 0
    dropped: int = 0
    verdict_drops_right: int = 0
    verdict_drops_on_loaded: int = 0
    exact_messages: int = 0
    messages: int = 0
    warned: int = 0
    warned_right: int = 0
    findings_right: int = 0
    findings_on_loaded: int = 0
    findings_measured: bool = False
    crashes: int = 0
    per_source: Counter = field(default_factory=Counter)
    missed: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    wrong_words: list[str] = field(default_factory=list)
    missed_findings: list[str] = field(default_factory=list)
    false_findings: list[str] = field(default_factory=list)


def _unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t")


def _strip_path(message: str, placed: str) -> str:
    prefix = f"{placed}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def _split_messages(cell: str, placed: str) -> tuple[str, ...]:
    if not cell:
        return ()
    return tuple(_strip_path(_unescape(part), placed) for part in cell.split(" | "))


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def _claude_loaded(corpus: Path) -> dict[str, bool]:
    path = corpus / "LOADER_LABELS.tsv"
    return {row["local_file"]: row["loaded"] == "yes" for row in _rows(path)} if path.exists() else {}


def _original_folders(corpus: Path) -> dict[str, str]:
    """The folder each corpus file had in its repository (MANIFEST.tsv `path`)."""
    return {row["local_file"]: row["path"].rsplit("/", 2)[-2] if row["path"].count("/") else ""
            for row in _rows(corpus / "MANIFEST.tsv")}


# ------------------------------------------------------------------------------------------------
# Copilot CLI (labels from ../shared/tools/copilot_oracle.mjs)
# ------------------------------------------------------------------------------------------------

def copilot_labels(corpus: Path) -> Iterator[Label]:
    claude = _claude_loaded(corpus)
    folders = _original_folders(corpus)
    sources = (
        ("LOADER_LABELS_COPILOT_CLAUDE_AGENTS.tsv", lambda name: f".claude/agents/{name}", Dialect.COPILOT_AGENT, False),
        ("LOADER_LABELS_COPILOT_GITHUB_AGENTS.tsv",
         lambda name: ".github/agents/" + (name if name.endswith(".agent.md") else name[:-3] + ".agent.md"),
         Dialect.COPILOT_AGENT, True),
        ("LOADER_LABELS_COPILOT_SKILLS.tsv", None, Dialect.COPILOT_SKILL, False),
    )
    for table, place, dialect, owner in sources:
        path = corpus / table
        if not path.exists():
            continue
        for row in _rows(path):
            local = row["local_file"]
            name = local.split("/", 1)[1]
            if place is None:
                placed = f".claude/skills/{folders.get(local) or name[:-3]}/SKILL.md"
            else:
                placed = place(name)
            yield Label(local, placed, dialect, row["loaded"] != "yes", _split_messages(row["errors"], placed),
                        _split_messages(row["warnings"], placed), owner,
                        claude.get(local) if dialect is Dialect.COPILOT_AGENT and not owner else None, table)


LABEL_READERS: dict[Tool, Callable[[Path], Iterator[Label]]] = {
    Tool.COPILOT_CLI: copilot_labels,
}
"""Each tool's label reader. Add yours in its own function."""


# ------------------------------------------------------------------------------------------------
# Measuring
# ------------------------------------------------------------------------------------------------

def _findings_for(document: Document, tool: Tool):
    """(errors naming the tool, PT001 notes naming it), or None when the analysis gives no such findings."""
    try:
        from agent_lsp.core.analysis import Context, analyse
        context = Context(tools=frozenset(Tool))  # type: ignore[call-arg]
    except TypeError:
        return None
    analysis = analyse(document, context, verify_fixes=False)
    prefix = {Tool.COPILOT_CLI: "CP", Tool.VSCODE: "VS", Tool.OPENCODE: "OC", Tool.GEMINI_CLI: "GM",
              Tool.CODEX: "CX", Tool.CURSOR: "CR"}[tool]
    errors = [f for f in analysis.findings if f.code == f"{prefix}001"]
    notes = [f for f in analysis.findings if f.code == "PT001" and tool.title in f.message]
    return errors, notes


def measure(corpus: Path, tool: Tool, tally: Tally) -> None:
    for label in LABEL_READERS[tool](corpus):
        tally.files += 1
        try:
            text = decode_bytes((corpus / label.local_file).read_bytes())[0]
            document = Document(text, label.placed)
            verdict = LOADERS[label.dialect](document, label.dialect)
        except Exception:  # noqa: BLE001 - a benchmark reports crashes, it does not stop on them
            tally.crashes += 1
            traceback.print_exc()
            continue
        drops = verdict.outcome >= Outcome.DROPS
        ours = tuple(m.text for m in verdict.messages if m.outcome >= Outcome.DROPS)
        if label.dropped:
            tally.dropped += 1
            if drops:
                tally.verdict_drops_right += 1
            else:
                tally.missed.append(f"{label.local_file}: {' | '.join(label.errors)}")
            if label.errors:
                tally.messages += 1
                theirs = "\n".join(label.errors)
                if "\n".join(ours) == theirs or _joined(ours) == theirs:
                    tally.exact_messages += 1
                else:
                    tally.wrong_words.append(f"{label.local_file}:\n    tool: {theirs!r}\n    ours: {ours!r}")
        elif drops:
            tally.verdict_drops_on_loaded += 1
            tally.false.append(f"{label.local_file}: {' | '.join(ours)}")
        elif label.warnings:
            tally.warned += 1
            damaged = sorted(m.key or "" for m in verdict.messages if m.outcome is Outcome.DAMAGED)
            unknown = sorted(k.strip() for w in label.warnings for k in w.split(": ", 1)[1].split(","))
            if damaged == unknown:
                tally.warned_right += 1
        found = _findings_for(document, tool)
        if found is None:
            continue
        tally.findings_measured = True
        errors, notes = found
        right = errors if label.owner else notes
        relevant = label.owner or label.claude_loads is not False  # a Claude agent Claude Code refuses: its own error
        if label.dropped and relevant:
            tally.per_source[(label.source, "dropped")] += 1
            if right:
                tally.findings_right += 1
                tally.per_source[(label.source, "right")] += 1
            else:
                tally.missed_findings.append(label.local_file)
        elif not label.dropped and (errors or notes):
            tally.per_source[(label.source, "on loaded")] += 1
            tally.findings_on_loaded += 1
            tally.false_findings.append(f"{label.local_file}: {[f.message for f in errors + notes]}")


def _joined(messages: tuple[str, ...]) -> str:
    """Several schema issues of one agent are one message in Copilot CLI: the prefix once, issues by line."""
    if not messages:
        return ""
    prefix = "custom agent markdown frontmatter is malformed: "
    if all(m.startswith(prefix) for m in messages):
        return prefix + "\n".join(m[len(prefix):] for m in messages)
    return "\n".join(messages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--tool", action="append", help="tool name (default: every tool with a label reader)")
    parser.add_argument("--show", type=int, default=10, help="disagreements shown per kind")
    args = parser.parse_args()
    tools = [Tool.from_name(name) for name in args.tool] if args.tool else list(LABEL_READERS)
    status = 0
    for tool in tools:
        if tool not in LABEL_READERS:
            print(f"{tool.title}: no label reader")
            status = 1
            continue
        tally = Tally()
        measure(args.corpus, tool, tally)
        print(f"== {tool.title}: {tally.files} labelled files, {tally.dropped} dropped by the tool")
        print(f"verdicts: drops found {tally.verdict_drops_right}/{tally.dropped}; "
              f"drop verdicts on files it loads: {tally.verdict_drops_on_loaded}; "
              f"the tool's exact words: {tally.exact_messages}/{tally.messages}; "
              f"warnings (same keys): {tally.warned_right}/{tally.warned}")
        if tally.findings_measured:
            print(f"findings: dropped files with the right diagnostic {tally.findings_right}/"
                  f"{tally.findings_right + len(tally.missed_findings)}; "
                  f"files it loads with an error or note for it: {tally.findings_on_loaded}")
            for source in sorted({source for source, _ in tally.per_source}):
                count = tally.per_source
                print(f"  {source}: {count[(source, 'right')]}/{count[(source, 'dropped')]} dropped files with the "
                      f"right diagnostic; {count[(source, 'on loaded')]} loaded files with one")
        print(f"crashes: {tally.crashes}")
        for title, items in (("missed drops", tally.missed), ("drop verdicts on loaded files", tally.false),
                             ("different words", tally.wrong_words), ("missed diagnostics", tally.missed_findings),
                             ("diagnostics on loaded files", tally.false_findings)):
            if items and args.show:
                print(f"-- {title} ({len(items)}):")
                for item in items[: args.show]:
                    print(f"  {item}")
        if tally.crashes or tally.verdict_drops_on_loaded or tally.findings_on_loaded:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
