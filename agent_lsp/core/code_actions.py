"""Which fixes to offer for a range of a document: the domain half of `textDocument/codeAction`."""

from __future__ import annotations

from dataclasses import dataclass

from agent_lsp.core.findings import Applicability, Finding, Fix


@dataclass(frozen=True, slots=True)
class QuickFix:
    finding: Finding
    fix: Fix
    title: str
    preferred: bool
    """The first safe fix of its finding (an editor applies it on its own)."""


def quick_fixes(findings: list[Finding] | tuple[Finding, ...], start: int, end: int) -> list[QuickFix]:
    """Every fix of every finding that touches the code-point range [start, end], unsafe ones marked in the title."""
    offered: list[QuickFix] = []
    for finding in findings:
        if finding.span.end_offset < start or finding.span.start_offset > end:
            continue
        safe_seen = False
        for fix in finding.fixes:
            safe = fix.applicability is Applicability.SAFE
            preferred = safe and not safe_seen
            safe_seen = safe_seen or preferred
            offered.append(QuickFix(finding, fix, fix.title if safe else f"{fix.title} (unsafe)", preferred))
    return offered


def fix_all_title(count: int) -> str:
    return f"Fix all safe problems in this file ({count})"
