"""Who loads this file: each reader's verdict, Claude Code's derived from its findings, as hover and summary."""

from __future__ import annotations

from dataclasses import dataclass

from agent_lsp.core.analysis import analyse
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.findings import Finding, Severity
from agent_lsp.core.model import Document
from agent_lsp.core.text import Position, Span
from agent_lsp.core.verdicts import LoaderMessage, Outcome, Verdict
from agent_lsp.core.who_loads import (claude_code_verdict, is_claude_code_finding, markdown, plain_text, readings,
                                      summary, who_loads_hover, who_loads_lens)


@dataclass(frozen=True)
class Reader:
    tool: Tool
    dialect: Dialect
    owner: bool


COLON = "---\nname: rev\ndescription: Use this agent when: the user asks\ntools: Read\n---\nBody\n"


def _findings(text: str, path: str = "/p/.claude/agents/rev.md") -> list[Finding]:
    return analyse(Document(text, path, Dialect.AGENT)).findings


def test_claude_code_loads_a_good_agent_and_drops_one_with_an_error() -> None:
    assert claude_code_verdict(Dialect.AGENT, _findings(COLON)).outcome is Outcome.LOADS
    broken = _findings("---\nname: rev\n---\nBody\n")  # AG005: no description, Claude Code refuses it
    assert "AG005" in {f.code for f in broken}
    verdict = claude_code_verdict(Dialect.AGENT, broken)
    assert verdict.outcome is Outcome.DROPS and verdict.tool is Tool.CLAUDE_CODE
    assert [m.key for m in verdict.messages if m.outcome is Outcome.DROPS] == ["AG005"]


def test_a_warning_is_loads_damaged_and_information_changes_nothing() -> None:
    text = "---\nname: rev\ndescription: Reviews\ncolour: blue\n---\nBody\n"  # KY001: a warning
    found = _findings(text)
    assert "KY001" in {f.code for f in found}
    assert claude_code_verdict(Dialect.AGENT, found).outcome is Outcome.DAMAGED
    info_only = [f for f in found if f.severity is Severity.INFORMATION]
    assert claude_code_verdict(Dialect.AGENT, info_only).outcome is Outcome.LOADS


def test_the_rules_own_severity_decides_not_the_users_override() -> None:
    [error] = [f for f in _findings("---\nname: rev\n---\nBody\n") if f.code == "AG005"]
    demoted = Finding(error.code, error.message, Severity.HINT, error.span)
    assert claude_code_verdict(Dialect.AGENT, [demoted]).outcome is Outcome.DROPS


def test_other_tools_findings_are_not_claude_codes() -> None:
    span = Span(Position(0, 0), Position(0, 3), 0, 3)
    assert is_claude_code_finding(Finding("AG005", "x", Severity.ERROR, span))
    assert not is_claude_code_finding(Finding("ZZ999", "x", Severity.ERROR, span))  # not in the registry


def test_readings_list_owners_first_with_verdicts_reasons_and_use() -> None:
    copilot = Verdict(Tool.COPILOT_CLI, Dialect.COPILOT_AGENT, (
        LoaderMessage(Outcome.DROPS, "failed to parse YAML frontmatter: mapping values are not allowed in this "
                      "context at line 2 column 33", True, COLON.index("when:") + 4, COLON.index("when:") + 5),))
    readers = [Reader(Tool.COPILOT_CLI, Dialect.COPILOT_AGENT, False), Reader(Tool.CLAUDE_CODE, Dialect.AGENT, True),
               Reader(Tool.VSCODE, Dialect.VSCODE_AGENT, False)]
    found = readings(COLON, readers, [copilot], _findings(COLON), frozenset({Tool.CLAUDE_CODE, Tool.COPILOT_CLI}))
    assert [(r.tool, r.owner, r.outcome, r.in_use) for r in found] == [
        (Tool.CLAUDE_CODE, True, Outcome.LOADS, True), (Tool.COPILOT_CLI, False, Outcome.DROPS, True),
        (Tool.VSCODE, False, None, False)]
    assert found[1].reasons[0].line == 2 and found[1].reasons[0].quoted
    assert summary(found) == "Claude Code: loads · Copilot CLI: drops · VS Code: not checked"
    text = markdown(found)
    assert text.startswith("**Who loads this file**\n\n- **Claude Code** (written for it): loads it\n"
                           "- **Copilot CLI**: drops it\n  - line 3: “failed to parse YAML frontmatter: mapping "
                           "values are not allowed in this context at line 2 column 33”\n")
    assert text.endswith("- **VS Code** (not used by this project): not checked (agent-lsp has no emulation of "
                         "its loader for this file)")
    assert plain_text(found).splitlines()[1].startswith("Copilot CLI drops it: line 3: “failed to parse")


def test_unknown_use_is_not_shown_and_claude_reasons_carry_their_code() -> None:
    text = "---\nname: rev\n---\nBody\n"
    found = readings(text, [Reader(Tool.CLAUDE_CODE, Dialect.AGENT, True)], [], _findings(text), None)
    assert found[0].in_use is None and found[0].outcome is Outcome.DROPS
    assert "not used" not in markdown(found)
    assert "**AG005**" in markdown(found) and summary(found) == "Claude Code: drops"
    refusing = Verdict(Tool.OPENCODE, Dialect.OPENCODE_AGENT, tuple(
        LoaderMessage(Outcome.REFUSES_TO_START, f"↳ Expected {n}", True, 0, 3) for n in range(7)))
    found = readings(text, [Reader(Tool.OPENCODE, Dialect.OPENCODE_AGENT, True)], [refusing], [], None)
    assert summary(found) == "OpenCode: refuses to start"
    assert markdown(found).endswith("  - and 2 more")
    assert markdown([]) == "**Who loads this file**: no tool reads a file at this path."


def test_the_fence_hover_keeps_the_findings_placed_on_the_fence() -> None:
    text = "---\nname: x\ndescription: y\n"  # never closed: AG008 on the opening `---`
    analysis = analyse(Document(text, "/p/.claude/agents/x.md"))
    assert [(f.code, f.span.start_offset) for f in analysis.findings] == [("AG008", 0)]
    info = who_loads_hover(analysis, 1, frozenset(), None)
    assert (info.start, info.end) == (0, 3)
    assert info.markdown.startswith("**Who loads this file**\n\n- **Claude Code** (written for it): drops it")
    assert "\n\n---\n\n**AG008 " in info.markdown
    assert who_loads_hover(analysis, 5, frozenset(), None) is None  # only on the fence
    bom = analyse(Document("\ufeff" + text, "/p/.claude/agents/x.md"))
    assert (who_loads_hover(bom, 1, frozenset(), None).start, who_loads_hover(bom, 0, frozenset(), None)) == (1, None)
    lens = who_loads_lens(analysis, frozenset(), None)
    assert lens[:2] == (0, 3) and lens[2].startswith("Claude Code: drops")
    assert who_loads_lens(analyse(Document("x", "/p/docs/x.md")), frozenset(), None) is None
