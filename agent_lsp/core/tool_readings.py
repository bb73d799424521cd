"""Every tool's reading of one file: run each reader's loader emulation, and report what it does.

Severity follows one rule for every tool: a tool the file's folder is written for (an owner) that will not
load it gives an error (`<prefix>001`), one that loads it damaged a warning (`<prefix>002`); another tool
that reads the same file gives information (PT001/PT002), and only when the project uses that tool.
"""

from __future__ import annotations

from dataclasses import replace

from agent_lsp.core.dialects import Dialect, FileKind
from agent_lsp.core.findings import Fix
from agent_lsp.core.loaders import LOADERS
from agent_lsp.core.model import Document
from agent_lsp.core.readers import Reader
from agent_lsp.core.reporting import Context, Reporter
from agent_lsp.core.rules import PORTABILITY_DAMAGES, PORTABILITY_DROPS, TOOL_RULE_PREFIXES
from agent_lsp.core.verdicts import LoaderMessage, Outcome, Verdict

STRICT_YAML = "FM007"
"""Claude Code's note that only its lenient retry reads a value (strict YAML parsers reject it)."""
_NOUNS = {FileKind.AGENT: "agent", FileKind.COMMAND: "command", FileKind.SKILL: "skill",
          FileKind.INSTRUCTIONS: "instructions file"}
_DIALECT_NOUNS = {Dialect.COPILOT_PROMPT: "prompt file", Dialect.CODEX_PROMPT: "prompt", Dialect.CURSOR_RULE: "rule"}


def readers_for(document: Document, dialect: Dialect, readers: tuple[Reader, ...]) -> tuple[Reader, ...]:
    """The readers of the document: those of its path, with a forced dialect as the only owner."""
    if document.dialect is None and readers:
        return readers
    others = tuple(Reader(r.tool, r.dialect, False) for r in readers if r.tool is not dialect.tool)
    return (Reader(dialect.tool, dialect, True), *others)


MESSAGES_PER_VERDICT = 100
"""At most this many reasons per tool and file (every drop first): a 10 MB frontmatter of unknown keys would
otherwise give VS Code's reading 600,000 findings, which no editor shows and which take seconds to convert."""


def verdicts_of(document: Document, readers: tuple[Reader, ...]) -> tuple[Verdict, ...]:
    """Each reader's verdict, for the readers whose tool has a loader emulation (Claude Code's is the checks)."""
    return tuple(_bounded(LOADERS[reader.dialect](document, reader.dialect)) for reader in readers
                 if reader.dialect in LOADERS)


def _bounded(verdict: Verdict) -> Verdict:
    messages = verdict.messages
    if len(messages) <= MESSAGES_PER_VERDICT:
        return verdict
    drops = [index for index, message in enumerate(messages) if message.outcome >= Outcome.DROPS]
    others = [index for index, message in enumerate(messages) if message.outcome < Outcome.DROPS]
    kept = sorted((drops + others)[:MESSAGES_PER_VERDICT])
    return replace(verdict, messages=tuple(messages[index] for index in kept))


def report_verdicts(verdicts: tuple[Verdict, ...], readers: tuple[Reader, ...], reporter: Reporter,
                    context: Context) -> None:
    owners = {reader.dialect for reader in readers if reader.owner}
    for verdict in verdicts:
        owner = verdict.dialect in owners
        if not owner and (context.tools is None or verdict.tool not in context.tools):
            continue  # never a word about a tool the project does not use
        for message in verdict.messages:
            if message.outcome is Outcome.LOADS:
                continue
            fixes = message.fixes if owner else _take_over_strict_yaml(reporter, message)
            reporter.report(_code(verdict, message, owner), describe(verdict, message), message.start,
                            message.end, fixes=fixes)


def _take_over_strict_yaml(reporter: Reporter, message: LoaderMessage) -> tuple[Fix, ...]:
    """The fixes of another tool's note: only FM007's, which Claude Code reads the same (the builder checks it).

    FM007 says in general terms what a tool the project uses here says precisely ("Copilot CLI drops this
    agent: mapping values are not allowed..."): that tool's note then carries FM007's fixes, and FM007 goes.
    """
    taken = [finding for finding in reporter.findings
             if finding.code == STRICT_YAML and finding.fixes and all(fix in message.fixes for fix in finding.fixes)]
    if not taken:
        return ()
    reporter.findings[:] = [finding for finding in reporter.findings if finding not in taken]
    return tuple(fix for finding in taken for fix in finding.fixes)


def describe(verdict: Verdict, message: LoaderMessage) -> str:
    """"Copilot CLI drops this agent: mapping values are not allowed in this context at line 3 column 22"."""
    noun = _DIALECT_NOUNS.get(verdict.dialect, _NOUNS[verdict.dialect.kind])
    what = {Outcome.DAMAGED: f"loads this {noun} damaged", Outcome.DROPS: f"drops this {noun}",
            Outcome.REFUSES_TO_START: f"refuses to start because of this {noun}"}[message.outcome]
    return f"{verdict.tool.title} {what}: {message.text}"


def _code(verdict: Verdict, message: LoaderMessage, owner: bool) -> str:
    drops = message.outcome >= Outcome.DROPS
    if not owner:
        return PORTABILITY_DROPS if drops else PORTABILITY_DAMAGES
    return f"{TOOL_RULE_PREFIXES[verdict.tool]}{'001' if drops else '002'}"
