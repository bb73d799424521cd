"""What "a fix never makes things worse" means, as one function the CLI, the tests and the benchmark share.

A fix (or a set of fixes applied together) is harmless when the analysis of the fixed text has no error
and no warning that the original did not have (counted per rule code), and, for one fix, when the
finding it targets is gone (one fewer finding of its code).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from agent_lsp.core.findings import Finding, Severity

_WATCHED = (Severity.ERROR, Severity.WARNING)


def regressions(before: Iterable[Finding], after: Iterable[Finding], target: Finding | None = None) -> list[str]:
    """Return what got worse between two analyses' findings ([] when nothing did).

    Each item reads "new error AG005", "new warning KY002" or "FM007 not removed".
    """
    before, after = list(before), list(after)
    problems = []
    for severity in _WATCHED:
        old = Counter(f.code for f in before if f.severity is severity)
        new = Counter(f.code for f in after if f.severity is severity)
        problems.extend(f"new {severity.label} {code}" for code in sorted(new - old))
    if target is not None:
        old_count = sum(1 for f in before if f.code == target.code)
        new_count = sum(1 for f in after if f.code == target.code)
        if new_count >= old_count:
            problems.append(f"{target.code} not removed")
    return problems
