"""Data-driven rule tests: every fixture under tests/fixtures/rules/ (format: tests/fixtures/rules/README.md)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml

from agent_lsp.core.analysis import Analysis
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.findings import Applicability, Finding, Severity
from agent_lsp.core.fixes import apply_fixes
from agent_lsp.core.links import KnownFiles, known_files
from agent_lsp.core.rules import FILE_SYSTEM_CODES, NO_FIX, REGISTRY, RuleFix
from agent_lsp.core.text import LineIndex, decode_bytes
from agent_lsp.core.workspace import WorkspaceIndex
from tests.helpers import render, run, workspace_index

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "rules"


@dataclass(frozen=True, eq=False)
class Fixture:
    code: str
    """The rule the fixture is about (its folder)."""
    name: str
    text: str
    invalid_utf8: tuple[int, ...]
    path: str
    dialect: Dialect | None
    workspace_files: dict[str, str]
    expected: list[str]
    expected_fixes: list[dict[str, dict[str, str]]]
    """Every fix of every finding, in order: {title: {1-based edit range: new text}}."""
    tools: frozenset[Tool] | None = None
    """The tools the project uses (`tools:` in the sidecar); None: not known."""
    other_files: tuple[str, ...] = ()
    """Other files that exist in the workspace (`files:` in the sidecar: scripts, references...)."""
    plugin_roots: frozenset[str] = frozenset()
    """Plugin root folders (`plugin-roots:` in the sidecar)."""

    @property
    def id(self) -> str:
        return f"{self.code}/{self.name}"

    @property
    def bad(self) -> bool:
        return self.name.startswith("bad-")

    def index(self) -> WorkspaceIndex:
        files = dict(self.workspace_files)
        files[self.path] = self.text
        return workspace_index(files, {self.path: self.dialect} if self.dialect else None)

    def files(self) -> KnownFiles:
        return known_files([self.path, *self.workspace_files, *self.other_files])

    def analyse(self, text: str | None = None) -> Analysis:
        if text is None:
            return run(self.text, self.path, dialect=self.dialect, workspace=self.index(),
                       invalid_utf8=self.invalid_utf8, tools=self.tools, files=self.files(),
                       plugin_roots=self.plugin_roots)
        return run(text, self.path, dialect=self.dialect, workspace=self.index(), tools=self.tools,
                   files=self.files(), plugin_roots=self.plugin_roots)


def _load(md: Path) -> Fixture:
    name = md.name.removesuffix(".md")
    sidecar = md.with_name(f"{name}.expected.yaml")
    spec = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    text, invalid = decode_bytes(md.read_bytes())
    dialect = Dialect.from_name(spec["dialect"]) if spec.get("dialect") else None
    tools = frozenset(Tool.from_name(name) for name in spec["tools"]) if "tools" in spec else None
    return Fixture(md.parent.name, name, text, invalid, spec["path"], dialect, spec.get("workspace") or {},
                   list(spec.get("findings") or []), list(spec.get("fixes") or []), tools,
                   tuple(spec.get("files") or ()), frozenset(spec.get("plugin-roots") or ()))


@cache
def all_fixtures() -> tuple[Fixture, ...]:
    return tuple(_load(md) for md in sorted(FIXTURES_DIR.glob("*/*.md")))


@cache
def analysed(fixture: Fixture) -> tuple[Finding, ...]:
    return tuple(fixture.analyse().findings)


FIXTURES = all_fixtures()


def test_fixture_files_are_complete() -> None:
    assert len(FIXTURES) > 100
    for md in FIXTURES_DIR.glob("*/*.md"):
        assert md.with_name(md.name.removesuffix(".md") + ".expected.yaml").is_file(), f"{md} has no sidecar"
    for sidecar in FIXTURES_DIR.glob("*/*.expected.yaml"):
        assert sidecar.with_name(sidecar.name.removesuffix(".expected.yaml") + ".md").is_file(), sidecar
    for fixture in FIXTURES:
        assert fixture.name.startswith(("bad-", "good-")), f"{fixture.id}: name must start with bad- or good-"
        assert fixture.code in REGISTRY, f"{fixture.id}: folder is not a rule code"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_fixture_findings(fixture: Fixture) -> None:
    actual = [render(finding) for finding in analysed(fixture)]
    listing = "\n".join(f"  - {line}" for line in actual) or "  (none)"
    assert actual == fixture.expected, f"{fixture.id}: actual findings:\n{listing}"


def rendered_fixes(fixture: Fixture) -> list[dict[str, dict[str, str]]]:
    """The fixes of the fixture's findings in the sidecar's `fixes:` form: which text each one writes where."""
    lines = LineIndex(fixture.text)

    def at(offset: int) -> str:
        position = lines.position(offset)
        return f"{position.line + 1}:{position.column + 1}"

    return [{fix.title: {f"{at(edit.start_offset)}-{at(edit.end_offset)}": edit.new_text for edit in fix.edits}}
            for finding in analysed(fixture) for fix in finding.fixes]


class _FixesDumper(yaml.SafeDumper):
    """Sequences indented under their key, like the `findings:` lines; texts with line breaks written out
    as block scalars (or double-quoted when only line breaks, or when a block cannot hold them)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)

    def represent_str(self, text: str) -> yaml.ScalarNode:
        style = None
        if "\n" in text or "\r" in text:
            style = '"' if text.isspace() else "|"
        return self.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_FixesDumper.add_representer(str, _FixesDumper.represent_str)


def fixes_yaml(fixes: list[dict[str, dict[str, str]]]) -> str:
    """The `fixes:` block of a sidecar, ready to paste after review."""
    return yaml.dump({"fixes": fixes}, Dumper=_FixesDumper, sort_keys=False, allow_unicode=True, width=1000)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_fixture_fixes(fixture: Fixture) -> None:
    """Which fix each finding offers, and exactly what it writes: every title and edit of the sidecar's `fixes:`."""
    actual = rendered_fixes(fixture)
    assert actual == fixture.expected_fixes, f"{fixture.id}: actual fixes:\n{fixes_yaml(actual) if actual else '(none)'}"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_fixture_is_about_its_rule(fixture: Fixture) -> None:
    expected_codes = {line.split()[0] for line in fixture.expected}
    if fixture.bad:
        assert fixture.code in expected_codes, f"{fixture.id} must trigger {fixture.code}"
    else:
        assert fixture.code not in expected_codes, f"{fixture.id} must not trigger {fixture.code}"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_severity_is_the_registry_default(fixture: Fixture) -> None:
    for finding in analysed(fixture):
        assert finding.severity is REGISTRY[finding.code].severity, render(finding)


@pytest.mark.parametrize("code", sorted(set(REGISTRY) - FILE_SYSTEM_CODES))
def test_every_rule_has_bad_and_good_fixtures(code: str) -> None:
    mine = [fixture for fixture in FIXTURES if fixture.code == code]
    assert any(f.bad for f in mine), f"{code} has no bad- fixture in tests/fixtures/rules/{code}/"
    assert any(not f.bad for f in mine), f"{code} has no good- fixture in tests/fixtures/rules/{code}/"


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_rule_applies_only_to_its_dialects(code: str) -> None:
    rule = REGISTRY[code]
    for fixture in FIXTURES:
        for finding in analysed(fixture):
            if finding.code == code:
                # A file has one dialect (its first owner's); another tool that owns the same folder reports
                # under its own reading (VS Code's VS002 on a `.github/agents/x.agent.md`, a copilot-agent).
                analysis = fixture.analyse()
                readings = {analysis.dialect} | {verdict.dialect for verdict in analysis.verdicts}
                assert readings & set(rule.dialects), f"{fixture.id}: {code} reported for {readings}"


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_fixes_have_the_declared_applicability(code: str) -> None:
    declared = REGISTRY[code].fixes.applicabilities
    seen: set[Applicability] = set()
    for fixture in FIXTURES:
        for finding in analysed(fixture):
            if finding.code == code:
                seen.update(fix.applicability for fix in finding.fixes)
    assert seen <= declared, f"{code} declares fix={REGISTRY[code].fix!r} but produces {seen}"
    assert seen == declared, (f"{code} declares fix={REGISTRY[code].fix!r}; no fixture produces "
                              f"{declared - seen} fixes")


def _fix_cases() -> list[tuple[Fixture, int, int]]:
    cases = []
    for fixture in FIXTURES:
        for index, finding in enumerate(analysed(fixture)):
            cases.extend((fixture, index, number) for number in range(len(finding.fixes)))
    return cases


@pytest.mark.parametrize("fixture, index, number", _fix_cases(),
                         ids=lambda value: value.id if isinstance(value, Fixture) else str(value))
def test_applying_a_fix_removes_its_finding(fixture: Fixture, index: int, number: int) -> None:
    findings = analysed(fixture)
    finding = findings[index]
    chosen = dataclasses.replace(finding, fixes=(finding.fixes[number],))
    fixed, applied = apply_fixes(fixture.text, [chosen], unsafe=True)
    assert applied == 1 and fixed != fixture.text
    after = fixture.analyse(fixed).findings
    before_count = sum(1 for f in findings if f.code == finding.code)
    after_count = sum(1 for f in after if f.code == finding.code)
    assert after_count < before_count, (f"{fixture.id}: fix {finding.fixes[number].title!r} of {render(finding)} "
                                        f"leaves {[render(f) for f in after]}\n{fixed}")
    if finding.fixes[number].applicability is Applicability.SAFE:
        errors_before = {f.code for f in findings if f.severity is Severity.ERROR}
        errors_after = {f.code for f in after if f.severity is Severity.ERROR}
        assert errors_after <= errors_before, f"safe fix introduced errors: {[render(f) for f in after]}"


def test_first_fix_of_each_finding_is_what_apply_fixes_uses() -> None:
    """`apply_fixes` takes the first applicable fix: safe-only mode skips findings whose fixes are all unsafe."""
    by_code: dict[str, int] = defaultdict(int)
    for fixture in FIXTURES:
        findings = analysed(fixture)
        safe_text, safe_count = apply_fixes(fixture.text, findings, unsafe=False)
        expected_safe = sum(1 for f in findings if any(x.applicability is Applicability.SAFE for x in f.fixes))
        assert safe_count <= expected_safe
        if expected_safe == 0:
            assert safe_text == fixture.text, fixture.id
        for finding in findings:
            by_code[finding.code] += 1
    assert by_code  # the fixtures produced findings at all


def test_a_rule_fix_is_described_once_and_typed() -> None:
    both = RuleFix(safe=True, unsafe=True, note="It quotes.")
    assert both.applicabilities == {Applicability.SAFE, Applicability.UNSAFE}
    assert both.label == "safe/unsafe" and RuleFix(unsafe=True).label == "unsafe" and NO_FIX.label == "none"
    assert both.sentence() == "Safe and unsafe fixes are available, depending on the case. It quotes."
    assert NO_FIX.sentence() == "No automatic fix."
    assert {rule.fix for rule in REGISTRY.values()} <= {"none", "safe", "unsafe", "safe/unsafe"}
