"""Regression tests for the limits the core enforces on hostile input, each with an explicit bound on work.

Each case here once raised, ran for minutes or took gigabytes (see the comments at the fixes): integers
Python will not print, nesting just under the depth limit, a retry line of blanks, thousands of fixes,
headings or list items, references on a megabyte-long line, binary files, FIFOs named like agents.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent_lsp.core.dialects import Dialect
from agent_lsp.core.findings import Applicability, Edit, Finding, Fix, Severity
from agent_lsp.core.fixes import apply_fixes
from agent_lsp.core.model import Document
from agent_lsp.core.outline import sections
from agent_lsp.core.text import LineIndex, decode_bytes
from agent_lsp.core.workspace import summarise
from agent_lsp.core.yaml_frontmatter import MAX_NODES, parse_frontmatter_yaml, resolve_plain
from agent_lsp.files import read_document
from tests.helpers import run
from tests.robustness.test_core_properties import PROFILE, check_analysis, check_editor_features


CALLS_PER_SECOND = 5_000_000
"""How many Python and C function calls one second of a bound stands for: the bounds count work, so a loaded
machine cannot fail them (a wall-clock bound once failed at 2.02 s against 2 s), and a blow-up still does."""


class within:
    """`with within(seconds):` fails the test when the block makes more than seconds x CALLS_PER_SECOND calls
    (in this thread): a bound on work, not on time."""

    def __init__(self, seconds: float) -> None:
        self.budget = int(seconds * CALLS_PER_SECOND)
        self.calls = 0

    def _count(self, frame, event, arg) -> None:
        if event in ("call", "c_call"):
            self.calls += 1

    def __enter__(self) -> within:
        self.previous = sys.getprofile()
        sys.setprofile(self._count)
        return self

    def __exit__(self, *exc) -> None:
        sys.setprofile(self.previous)
        assert exc[0] is not None or self.calls <= self.budget, f"{self.calls} calls (bound {self.budget})"


@pytest.mark.parametrize("value", ["1" * 5000, "-" + "9" * 5000, "0x" + "f" * 4000, "0o" + "7" * 6000, "1" * 400,
                                   '"' + "1" * 5000 + '"', "\u00b2", '"\u00b2"', "\u0663"])
def test_integers_python_cannot_print(value: str) -> None:
    for key in ("maxTurns", "name", "description", "color", "tools", "x"):
        for dialect in Dialect:
            analysis = check_analysis(f"---\nname: n\ndescription: d\n{key}: {value}\n---\n", dialect, True)
            for finding in analysis.findings:
                str(finding.message)
            check_editor_features(analysis, 30, True)


def test_huge_integers_read_as_javascript_does() -> None:
    assert resolve_plain("1" * 5000) == float("inf")
    assert resolve_plain("-" + "1" * 5000) == float("-inf")
    assert resolve_plain("0x" + "f" * 300) == float("inf")
    assert resolve_plain("0x" + "f" * 200) == int("f" * 200, 16)
    assert resolve_plain("123") == 123


@pytest.mark.parametrize("depth", [990, 995, 999])
@pytest.mark.parametrize("opener, closer", [("[", "]"), ("{a: ", "}")])
def test_nesting_just_under_the_limit(depth: int, opener: str, closer: str) -> None:
    """Python's recursion limit is 1,000 too: counting nodes recursively raised RecursionError at ~980."""
    for key in ("x", "hooks", "tools", "skills", "mcpServers", "metadata"):
        text = f"---\nname: deep\ndescription: d\n{key}: {opener * depth}1{closer * depth}\n---\n"
        with within(2):
            analysis = check_analysis(text, Dialect.AGENT, True)
        # Composed, so every check walked it (where the limit lies is for tests/fixtures/rules/FM016/).
        assert key in analysis.model.mapping


def test_nesting_just_under_the_limit_in_a_thread() -> None:
    """The server analyses on a worker thread, whose stack is smaller than the main thread's."""
    errors: list[BaseException] = []

    def work() -> None:
        try:
            check_analysis("---\nname: deep\ndescription: d\nx: " + "[" * 999 + "]" * 999 + "\n---\n",
                           Dialect.AGENT, True)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    assert not errors, errors


def test_retry_line_of_blanks_is_linear() -> None:
    for blanks in (" " * 200_000, " \u2028" * 100_000, "\t" * 200_000):
        with within(1.5):
            parse_frontmatter_yaml("name: a\ndescription: x: y\nk:" + blanks + "\r")


def test_frontmatter_too_large_to_analyse() -> None:
    keys = "".join(f"k{n}: v\n" for n in range(MAX_NODES))
    with within(3):
        codes = [f.code for f in run(f"---\nname: many\ndescription: d\n{keys}---\n").findings]
    assert codes == ["FM016"]
    with within(3):
        codes = [f.code for f in run("---\nname: wide\ndescription: d: e\n" + "x: [\n" * 300_000 + "---\n").findings]
    assert codes == ["FM016"]
    # Just under the limit: analysed, and still quick.
    keys = "".join(f"key{n}: value\n" for n in range(MAX_NODES // 2 - 10))
    with within(5):
        codes = [f.code for f in run(f"---\nname: many\ndescription: d\n{keys}---\n").findings]
    assert set(codes) == {"KY001"}


def test_long_lists_in_one_line() -> None:
    for line in ("tools: " + ", ".join(f"Tool{n}" for n in range(50_000)),
                 "skills: " + ", ".join(f"s{n}" for n in range(200_000)),
                 "tools: Agent(" + ", ".join(f"a{n}" for n in range(100_000)) + ")"):
        with within(3):
            findings = run(f"---\nname: long\ndescription: d\n{line}\n---\n").findings
        assert len(findings) <= 1_001


def test_references_on_a_megabyte_line_keep_little_memory() -> None:
    text = "---\nname: wide\ndescription: d\nskills: " + "sk, " * 240_000 + "\n---\n"
    with within(3):
        summary = summarise("/w/.claude/agents/wide.md", text, Dialect.AGENT)
    kept = sum(len(reference[4]) for reference in summary.references)
    assert kept < 20_000_000, f"{kept:,} characters of line text kept for {len(summary.references)} references"


def test_many_headings() -> None:
    for body in ("#\n" * 19_000, "# a\n## b\n### c\n" * 6_000, "#\n" * 500_000):
        with within(3):
            found = sections(run("---\nname: a\ndescription: d\n---\n" + body).model)
        assert len(found) < 20_000


def _brute_force_apply(text: str, findings: list[Finding], unsafe: bool) -> tuple[str, int]:
    """apply_fixes as it was written first: every new fix compared with every one taken."""

    def overlaps(a, b) -> bool:
        if a == b:
            return True
        return (a[0] < b[1] and b[0] < a[1] or (a[0] == a[1] and b[0] <= a[0] < b[1])
                or (b[0] == b[1] and a[0] <= b[0] < a[1]))

    chosen = [next(fix for fix in f.fixes if fix.applicability is Applicability.SAFE or unsafe) for f in findings
              if any(fix.applicability is Applicability.SAFE or unsafe for fix in f.fixes)]
    taken, edits, applied = [], [], 0
    for fix in chosen:
        spans = [(edit.start_offset, edit.end_offset) for edit in fix.edits]
        if any(overlaps(a, b) for a in spans for b in taken):
            continue
        taken.extend(spans)
        edits.extend(fix.edits)
        applied += 1
    for edit in sorted(edits, key=lambda e: (e.start_offset, e.end_offset), reverse=True):
        text = text[: edit.start_offset] + edit.new_text + text[edit.end_offset :]
    return text, applied


@st.composite
def texts_with_fixes(draw) -> tuple[str, list[Finding]]:
    text = draw(st.text(alphabet="ab\n", max_size=12))
    span = LineIndex(text).span(0, 0)
    findings = []
    for _ in range(draw(st.integers(0, 6))):
        fixes = []
        for _ in range(draw(st.integers(1, 2))):
            edits = []
            for _ in range(draw(st.integers(1, 3))):
                start = draw(st.integers(0, len(text)))
                end = draw(st.integers(start, min(len(text), start + 4)))
                edits.append(Edit(start, end, draw(st.sampled_from(["", "X", "YY"]))))
            fixes.append(Fix("fix", tuple(edits), draw(st.sampled_from(list(Applicability)))))
        findings.append(Finding("FM001", "m", Severity.WARNING, span, tuple(fixes)))
    return text, findings


@settings(PROFILE, max_examples=300)
@given(case=texts_with_fixes(), unsafe=st.booleans())
def test_apply_fixes_keeps_its_rules(case, unsafe: bool) -> None:
    """The position-indexed overlap check takes exactly the fixes the pairwise one took."""
    text, findings = case
    assert apply_fixes(text, findings, unsafe) == _brute_force_apply(text, findings, unsafe)


def test_apply_fixes_with_thousands_of_fixes() -> None:
    text = "---\nname: a\ndescription: d: e\n" + "x: [\n" * 9_000 + "---\n"
    findings = run(text).findings
    with within(1):
        _fixed, applied = apply_fixes(text, findings, unsafe=True)
    assert applied > 9_000


def test_binary_files_decode_in_one_pass() -> None:
    data = bytes(range(256)) * 8192  # 2 MB, a million invalid sequences
    with within(2):
        text, bad = decode_bytes(data)
    assert text == data.decode("utf-8", errors="replace")
    assert len(bad) == text.count("\ufffd")


def test_special_files_are_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero"), tmp_path):
        with within(1), pytest.raises(OSError):
            read_document(path)
    regular = tmp_path / "agent.md"
    data = b"---\nname: a\ndescription: caf\xe9\n---\n"
    regular.write_bytes(data)
    bad = (data.index(b"\xe9"),)
    assert read_document(regular) == Document(data.decode("utf-8", "replace"), str(regular), None, bad)
