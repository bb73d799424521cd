"""Formatting that is lossless for Claude Code: it only makes a file more robust, never changes what Claude
Code reads.

What it does, each through an existing fix builder:

- a value that only loads through Claude Code's lenient retry becomes a `|-` block scalar or a quoted value
  that strict YAML parsers accept too (FM007's fix, safe or not: the result is checked), and tab
  indentation becomes spaces (FM007's);
- CRLF line endings become LF (FM008's fix: CRLF makes any future value that needs the retry fatal);
- a double-quoted value written with `\\n` escapes becomes a `|-` block scalar holding the same lines
  (`block_scalar_fix`).

A rule the user turned off is not applied (its findings are not there). Every change is checked: the
formatted text must give the same frontmatter values (`FileModel.mapping`), load the same way and keep the
same body (line endings aside); a fix that would change any of that is left out, so a file Claude Code
cannot parse stays as it is (making it load is a fix, not formatting).
"""

from __future__ import annotations

from dataclasses import replace

from agent_lsp.core.analysis import Analysis, Context, analyse
from agent_lsp.core.dialects import Tool
from agent_lsp.core.findings import Applicability, Edit, Finding, Fix, Severity
from agent_lsp.core.fixes import apply_fixes, block_scalar_fix
from agent_lsp.core.model import Document, FileModel, build_model

FORMATTING_RULES = ("FM007", "FM008")
"""The rules whose safe fixes make a file more robust without changing a value Claude Code reads."""
LINE_ENDINGS_RULE = "FM008"
"""Its fix converts the whole file to LF."""
MAX_FORMATTED_FIXES = 64
"""Each fix beyond the first costs one parse when the fixes together would change a value; real files need a
handful."""


MAX_ROUNDS = 3
"""Formatting one way can reveal more (once the file is LF, another line's retry is visible); this many rounds."""


def format_text(analysis: Analysis, context: Context | None = None) -> str:
    """The formatted text of an analysed file (`context`: its analysis' context, for the rules turned off);
    the text itself when there is nothing to do."""
    model = analysis.model
    text = analysis.document.text
    if model is None or model.dialect.tool is not Tool.CLAUDE_CODE or model.split.frontmatter is None:
        return text
    before = claude_code_reads(model)
    findings = analysis.findings
    for _round in range(MAX_ROUNDS):
        formatted = _format_once(model, findings, before)
        if formatted == text:
            break
        text = formatted
        again = analyse(Document(text, model.document.path, model.dialect), context, verify_fixes=False)
        if again.model is None:
            break
        model, findings = again.model, again.findings
    return text


def _format_once(model: FileModel, findings: list[Finding], before: tuple) -> str:
    text = model.text
    candidates = _candidates(model, findings)[:MAX_FORMATTED_FIXES]
    if not candidates:
        return text
    to_lf = [fix for finding in findings if finding.code == LINE_ENDINGS_RULE for fix in finding.fixes[:1]]
    kept = candidates
    formatted = _apply(model, text, kept)
    if _reads(model, formatted) != before:
        # Together they change something (rare: quoting one line can make the rest strict YAML): keep each
        # fix only while the result still reads the same.
        kept = []
        for fix in candidates:
            if _reads(model, _apply(model, text, [*kept, fix])) == before:
                kept.append(fix)
        formatted = _apply(model, text, kept)
    if any(fix in to_lf for fix in kept) and "\r\n" in formatted:
        # The other fixes wrote the file's CRLF line breaks: LF throughout, as the conversion meant.
        lf = formatted.replace("\r\n", "\n")
        formatted = lf if _reads(model, lf) == before else formatted
    return formatted


def format_edit(analysis: Analysis, context: Context | None = None) -> Edit | None:
    """The formatting as one edit of the span that changes (common start and end left alone), or None."""
    text = analysis.document.text
    formatted = format_text(analysis, context)
    if formatted == text:
        return None
    start = 0
    limit = min(len(text), len(formatted))
    while start < limit and text[start] == formatted[start]:
        start += 1
    end = 0
    while end < limit - start and text[len(text) - 1 - end] == formatted[len(formatted) - 1 - end]:
        end += 1
    if start and text[start - 1] == "\r":  # never split a CRLF (an LSP position between them does not exist)
        start -= 1
    if end and text[len(text) - end] == "\n" and text[len(text) - end - 1: len(text) - end] == "\r":
        end -= 1
    return Edit(start, len(text) - end, formatted[start : len(formatted) - end])


def claude_code_reads(model: FileModel) -> tuple:
    """What Claude Code reads from a file: whether it reads the frontmatter, its values, and the body (line
    endings aside)."""
    return (model.loads_metadata, model.recovered, _comparable(model.mapping),
            model.body.replace("\r\n", "\n"))


def _reads(model: FileModel, text: str) -> tuple:
    return claude_code_reads(build_model(Document(text, model.document.path, model.dialect), model.dialect))


def _comparable(value):
    """Values with their YAML types kept apart (`True` and `1` compare equal in Python)."""
    if isinstance(value, dict):
        return tuple((_comparable(k), _comparable(v)) for k, v in value.items())
    if isinstance(value, list):
        return tuple(_comparable(item) for item in value)
    return (type(value).__name__, value)


def _candidates(model: FileModel, findings) -> list[Fix]:
    fixes: list[Fix] = []
    for finding in findings:
        if finding.code in FORMATTING_RULES:
            # Unsafe ones too: FM007's quoting is unsafe alone when it makes the frontmatter strict YAML and
            # another value then reads differently, but quoting every such line together reads the same. Each
            # result is checked below, which is what lossless means here.
            fixes.extend(finding.fixes[:1])
    return fixes + _escaped_values(model, {edit.start_offset for fix in fixes for edit in fix.edits})


def _escaped_values(model: FileModel, taken: set[int]) -> list[Fix]:
    """`|-` block scalars for double-quoted values written with `\\n` escapes (not starting where `taken`)."""
    fixes: list[Fix] = []
    if not model.loads_metadata or model.recovered:
        return fixes
    for entry in model.entries:
        if entry.style == '"' and isinstance(entry.value, str) and "\n" in entry.value and not entry.rewritten_by_retry:
            fix = block_scalar_fix(model, entry, entry.value, Applicability.SAFE,
                                   "Rewrite the `\\n`-escaped value as a `|-` block scalar")
            if fix is not None and fix.applicability is Applicability.SAFE and \
                    not taken & {edit.start_offset for edit in fix.edits}:
                fixes.append(fix)
    return fixes


def _apply(model: FileModel, text: str, fixes: list[Fix]) -> str:
    span = model.span(0, 0)
    carriers = [Finding("", "", Severity.HINT, span, (replace(fix, applicability=Applicability.SAFE),))
                for fix in fixes]
    return apply_fixes(text, carriers)[0]
