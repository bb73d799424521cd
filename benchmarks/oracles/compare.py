#!/usr/bin/env python3
"""NOT FOR CI: compare agent-lsp's loader emulations with labels made by the oracles of this folder.

  python benchmarks/oracles/compare.py gemini-agent labels.tsv     (from gemini_oracle.py agents ...)
  python benchmarks/oracles/compare.py gemini-skill labels.tsv     (from gemini_oracle.py skills ...)
  python benchmarks/oracles/compare.py codex-skill labels.tsv      (from codex_oracle.py ...)
  ... --analysis   also through the whole analysis: the tool's `<XX>001` error on each file it drops

Each labelled file is read and given to the emulation at the place the oracle put it (`.gemini/agents/<name>`,
`.gemini/skills/<stem>/SKILL.md`, `.agents/skills/<stem>/SKILL.md`). Prints: files the tool loads and the
emulation says it drops or refuses (must be 0), files the tool drops and the emulation agrees, and of those
how many carry the tool's exact words (the first line of its message for YAML errors); then each
disagreement.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from agent_lsp.core.analysis import Context, analyse
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.findings import Severity
from agent_lsp.core.loaders import LOADERS
from agent_lsp.core.model import Document
from agent_lsp.core.rules import TOOL_RULE_PREFIXES
from agent_lsp.core.verdicts import Outcome

PLACES = {
    Dialect.GEMINI_AGENT: lambda file: f".gemini/agents/{file.name}",
    Dialect.GEMINI_SKILL: lambda file: f".gemini/skills/{file.stem}/SKILL.md",
    Dialect.CODEX_SKILL: lambda file: f".agents/skills/{file.stem}/SKILL.md",
}


_GEMINI_PREFIX = re.compile(r"Agent loading error: Failed to load agent from [^\n]*?\.md: ")
_GEMINI_HEAD = "Validation failed: Agent Definition:"


def _expected_text(dialect: Dialect, message: str) -> str:
    """The tool's message as the emulation words it: Gemini CLI's without its path prefix, issues one a line."""
    message = message.replace("\\n", "\n")
    if dialect is Dialect.GEMINI_AGENT:
        message = _GEMINI_PREFIX.sub("", message)
        if message.startswith("YAML frontmatter parsing failed"):
            return message.split("\n", 1)[0]
        if message.startswith("Invalid agent definition"):
            return message.replace("\n", "\\n")
    return message


def _emulated_text(dialect: Dialect, texts: list[str]) -> str:
    if dialect is Dialect.GEMINI_AGENT and texts and texts[0].startswith(_GEMINI_HEAD):
        issues = dict.fromkeys(text[len(_GEMINI_HEAD) + 1:] for text in texts)
        return _GEMINI_HEAD + "\n" + "\n".join(issues)
    return texts[0] if texts else ""


def _analysis(dialect: Dialect, labels: Path) -> None:
    """Through the whole analysis (`analyse`, the file at its place): the tool's error code on each file it drops."""
    code = f"{TOOL_RULE_PREFIXES[dialect.tool]}001"
    right = wrong = missed = 0
    for row in labels.read_text(encoding="utf-8").splitlines():
        file_name, outcome = row.split("\t")[:2]
        if outcome == "skipped":
            continue
        file = Path(file_name)
        text = file.read_bytes().decode("utf-8", errors="replace")
        findings = analyse(Document(text, PLACES[dialect](file)), Context()).findings
        errors = any(f.code == code and f.severity is Severity.ERROR for f in findings)
        if outcome == "loaded":
            wrong += errors
        else:
            right += errors
            missed += not errors
    print(f"analysis: {code} error on {right} files the tool drops ({missed} without); on {wrong} files it loads")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dialect", choices=sorted(PLACES, key=lambda d: d.value), type=Dialect.from_name,
                        metavar="{" + ",".join(sorted(d.value for d in PLACES)) + "}")
    parser.add_argument("labels", type=Path, help="the TSV an oracle wrote")
    parser.add_argument("--analysis", action="store_true",
                        help="also through the whole analysis: the tool's error on each file it drops")
    args = parser.parse_args()
    dialect, labels = args.dialect, args.labels
    loader = LOADERS[dialect]
    loads_wrong = drops_right = drops_missed = words_right = 0
    total_loaded = total_dropped = 0
    report = []
    for row in labels.read_text(encoding="utf-8").splitlines():
        file_name, outcome, detail = (row.split("\t") + ["", ""])[:3]
        if outcome == "skipped":
            continue
        file = Path(file_name)
        text = file.read_bytes().decode("utf-8", errors="replace")
        verdict = loader(Document(text, PLACES[dialect](file), dialect), dialect)
        dropped = verdict.outcome >= Outcome.DROPS
        if outcome == "loaded":
            total_loaded += 1
            if dropped:
                loads_wrong += 1
                report.append(f"LOADS, emulation drops: {file}\n    {verdict.messages[0].text}")
            elif dialect is Dialect.GEMINI_SKILL and detail and verdict.loaded_name != detail:
                report.append(f"name differs: {file}: tool {detail!r}, emulation {verdict.loaded_name!r}")
        else:
            total_dropped += 1
            if not dropped:
                drops_missed += 1
                report.append(f"DROPS, emulation loads: {file}\n    {detail}")
                continue
            drops_right += 1
            quoted = [message.text for message in verdict.messages if message.quoted]
            expected = _expected_text(dialect, detail)
            if dialect is Dialect.GEMINI_SKILL or _emulated_text(dialect, quoted) == expected:
                words_right += 1
            else:
                report.append(f"words differ: {file}\n    tool:      {expected!r}\n    emulation: "
                              f"{_emulated_text(dialect, quoted)!r}")
    if args.analysis:
        _analysis(dialect, labels)
    print(f"{dialect.value}: {total_loaded} loaded, {total_dropped} dropped by the tool")
    print(f"  loaded by the tool, dropped by the emulation: {loads_wrong}")
    print(f"  dropped by the tool, dropped by the emulation: {drops_right} of {total_dropped} "
          f"({drops_missed} missed); with the tool's exact words: {words_right}")
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
