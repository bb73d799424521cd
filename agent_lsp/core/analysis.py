"""THE entry point of the core: `analyse(document, context) -> Analysis`.

The CLI, the language server and the tests all call this function. It never raises on user input: broken
input yields a partial model plus findings.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from agent_lsp.core.checks import run_checks
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.readers import readers_of
from agent_lsp.core.findings import Applicability, Finding, Fix, Severity
from agent_lsp.core.fix_safety import regressions
from agent_lsp.core.fixes import apply_fixes
from agent_lsp.core.model import Document, FileModel, build_model
from agent_lsp.core.reporting import Context, Reporter
from agent_lsp.core.tool_readings import readers_for, report_verdicts, verdicts_of
from agent_lsp.core.verdicts import Verdict

__all__ = ["Analysis", "Context", "analyse"]


@dataclass
class Analysis:
    document: Document
    dialect: Dialect | None
    model: FileModel | None
    findings: list[Finding]
    verdicts: tuple[Verdict, ...] = ()
    """What each tool with a loader emulation that reads this path does with the file (Claude Code's
    reading is the findings themselves)."""


def analyse(document: Document, context: Context | None = None, verify_fixes: bool = True) -> Analysis:
    """Analyse one document; return its model and findings, sorted by position.

    Safe fixes of errors and warnings are proven (see `_prove_safe_fixes`) unless `verify_fixes` is False.
    """
    context = context or Context()
    path_readers = readers_of(document.path, context.plugin_roots) if document.path else ()
    owners = [reader for reader in path_readers if reader.owner]
    dialect = document.dialect or (owners[0].dialect if owners else None)
    if dialect is None:
        return Analysis(document, None, None, [])
    model = build_model(document, dialect)
    reporter = Reporter(model, context.config)
    run_checks(model, reporter, context)
    readers = readers_for(document, dialect, path_readers)
    verdicts = verdicts_of(document, readers)
    report_verdicts(verdicts, readers, reporter, context)
    findings = sorted(reporter.findings, key=lambda f: (f.span.start_offset, f.span.end_offset, f.code))
    if verify_fixes:
        findings = _prove_safe_fixes(document, context, findings)
    return Analysis(document, dialect, model, findings, verdicts)


_PROOFS_PER_ANALYSIS = 4
"""Each proof is one more analysis; these fixes are one or two per file (one per way the file fails to load)."""


def _prove_safe_fixes(document: Document, context: Context, findings: list[Finding]) -> list[Finding]:
    """Offer a safe fix of an error or warning as unsafe unless the fixed text is proven no worse.

    The errors and warnings with safe fixes are the ones after which Claude Code reads no metadata (a
    blank line before the frontmatter, frontmatter it cannot parse, a name that is not a string): the
    checks stop there, so fixing them reveals every other problem of the file, which may include new
    errors. Each such fix is applied alone and the result analysed; then the proven ones are kept, in
    order, only while all safe fixes of the file applied together stay no worse (a CRLF file whose name is
    a list: converting to LF and quoting the name are harmless alone, and together load an agent with no
    description). These files are rare; each proof is one more analysis, at most a few per file.
    """
    def problems(text: str, target: Finding | None = None) -> list[str]:
        after = analyse(Document(text, document.path, document.dialect), context, verify_fixes=False)
        return regressions(findings, after.findings, target)

    def worse(text: str) -> bool:
        return bool(problems(text))

    def dropped(finding: Finding, fix: Fix) -> Finding:
        return replace(finding, fixes=tuple(f for f in finding.fixes if f is not fix))

    def demoted(finding: Finding, fix: Fix) -> Finding:
        return replace(finding, fixes=tuple(replace(f, applicability=Applicability.UNSAFE) if f is fix else f
                                            for f in finding.fixes))

    result = list(findings)
    proven: list[tuple[int, Fix]] = []
    budget = _PROOFS_PER_ANALYSIS
    for index, finding in enumerate(findings):
        if finding.severity > Severity.WARNING:
            continue
        for fix in finding.fixes:
            if fix.applicability is not Applicability.SAFE:
                continue
            budget -= 1
            if budget < 0:
                result[index] = demoted(result[index], fix)
                continue
            found = problems(apply_fixes(document.text, [replace(finding, fixes=(fix,))])[0], finding)
            if any(problem.endswith("not removed") for problem in found):
                # The file fails for another reason too (a blank line first and no name): not a fix of this.
                result[index] = dropped(result[index], fix)
            elif found:
                result[index] = demoted(result[index], fix)
            else:
                proven.append((index, fix))
    if proven and sum(1 for f in result for x in f.fixes if x.applicability is Applicability.SAFE) > 1:
        # Together: drop proven fixes (the last first) until all safe fixes of the file are no worse.
        for index, fix in reversed(proven):
            if not worse(apply_fixes(document.text, result)[0]):
                break
            result[index] = demoted(result[index], fix)
    return result
