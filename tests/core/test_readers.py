"""Which tools read a path, as which dialect, and which of them own it (core/readers.py)."""

from __future__ import annotations

import pytest

from agent_lsp.core.analysis import analyse
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.loaders import LOADERS
from agent_lsp.core.model import Document
from agent_lsp.core.readers import Reader, detect_dialect, readers_of
from agent_lsp.core.reporting import Context
from agent_lsp.core.verdicts import LoaderMessage, Outcome, Verdict

R = Reader


@pytest.mark.parametrize(("path", "expected"), [
    (".claude/agents/rev.md", [R(Tool.CLAUDE_CODE, Dialect.AGENT, True),
                               R(Tool.COPILOT_CLI, Dialect.COPILOT_AGENT, False),
                               R(Tool.CURSOR, Dialect.CURSOR_AGENT, False)]),
    ("/home/u/.claude/agents/sub/rev.md", [R(Tool.CLAUDE_CODE, Dialect.AGENT, True),
                                           R(Tool.COPILOT_CLI, Dialect.COPILOT_AGENT, False),
                                           R(Tool.CURSOR, Dialect.CURSOR_AGENT, False)]),
    (".claude/commands/deploy.md", [R(Tool.CLAUDE_CODE, Dialect.COMMAND, True)]),
    (".claude/skills/pdf/SKILL.md", [R(Tool.CLAUDE_CODE, Dialect.SKILL, True),
                                     R(Tool.COPILOT_CLI, Dialect.COPILOT_SKILL, False),
                                     R(Tool.OPENCODE, Dialect.OPENCODE_SKILL, False)]),
    (".agents/skills/pdf/SKILL.md", [R(Tool.COPILOT_CLI, Dialect.COPILOT_SKILL, True),
                                     R(Tool.CODEX, Dialect.CODEX_SKILL, True),
                                     R(Tool.OPENCODE, Dialect.OPENCODE_SKILL, True),
                                     R(Tool.GEMINI_CLI, Dialect.GEMINI_SKILL, True)]),
    (".github/skills/pdf/SKILL.md", [R(Tool.COPILOT_CLI, Dialect.COPILOT_SKILL, True)]),
    (".gemini/skills/SKILL.md", [R(Tool.GEMINI_CLI, Dialect.GEMINI_SKILL, True)]),
    (".gemini/skills/pdf/SKILL.md", [R(Tool.GEMINI_CLI, Dialect.GEMINI_SKILL, True)]),
    (".codex/skills/pdf/SKILL.md", [R(Tool.CODEX, Dialect.CODEX_SKILL, True)]),
    (".opencode/skill/pdf/SKILL.md", [R(Tool.OPENCODE, Dialect.OPENCODE_SKILL, True)]),
    (".cursor/skills/pdf/SKILL.md", [R(Tool.CURSOR, Dialect.CURSOR_SKILL, True)]),
    ("plugins/kit/skills/pdf/SKILL.md", [R(Tool.CLAUDE_CODE, Dialect.SKILL, True)]),
    (".github/agents/plan.agent.md", [R(Tool.COPILOT_CLI, Dialect.COPILOT_AGENT, True),
                                      R(Tool.VSCODE, Dialect.VSCODE_AGENT, True)]),
    (".github/agents/plan.chatmode.md", [R(Tool.COPILOT_CLI, Dialect.COPILOT_AGENT, True),
                                         R(Tool.VSCODE, Dialect.VSCODE_AGENT, True)]),
    (".github/agents/plan.md", [R(Tool.COPILOT_CLI, Dialect.COPILOT_AGENT, True),
                                R(Tool.VSCODE, Dialect.VSCODE_AGENT, True)]),
    (".github/agents/sub/deep.md", [R(Tool.COPILOT_CLI, Dialect.COPILOT_AGENT, True)]),
    (".github/agents/README.md", [R(Tool.COPILOT_CLI, Dialect.COPILOT_AGENT, True)]),
    ("/home/u/.copilot/agents/x.md", [R(Tool.COPILOT_CLI, Dialect.COPILOT_AGENT, True)]),
    (".github/prompts/fix.prompt.md", [R(Tool.VSCODE, Dialect.COPILOT_PROMPT, True)]),
    (".github/instructions/py.instructions.md", [R(Tool.VSCODE, Dialect.COPILOT_INSTRUCTIONS, True)]),
    (".opencode/agent/review.md", [R(Tool.OPENCODE, Dialect.OPENCODE_AGENT, True)]),
    (".opencode/agents/team/review.md", [R(Tool.OPENCODE, Dialect.OPENCODE_AGENT, True)]),
    (".opencode/mode/plan.md", [R(Tool.OPENCODE, Dialect.OPENCODE_AGENT, True)]),
    (".opencode/commands/ship.md", [R(Tool.OPENCODE, Dialect.OPENCODE_COMMAND, True)]),
    ("/home/u/.config/opencode/agent/review.md", [R(Tool.OPENCODE, Dialect.OPENCODE_AGENT, True)]),
    (".gemini/agents/review.md", [R(Tool.GEMINI_CLI, Dialect.GEMINI_AGENT, True)]),
    (".codex/prompts/ship.md", [R(Tool.CODEX, Dialect.CODEX_PROMPT, True)]),
    (".cursor/rules/python.mdc", [R(Tool.CURSOR, Dialect.CURSOR_RULE, True)]),
    (".cursor/rules/lang/python.mdc", [R(Tool.CURSOR, Dialect.CURSOR_RULE, True)]),
    (".cursor/agents/review.md", [R(Tool.CURSOR, Dialect.CURSOR_AGENT, True)]),
])
def test_readers_of_each_tools_folders(path: str, expected: list[Reader]) -> None:
    assert list(readers_of(path)) == expected
    assert detect_dialect(path) is expected[0].dialect


@pytest.mark.parametrize("path", [
    "README.md", "docs/agents/x.md", ".claude/skills/pdf/skill.md", ".gemini/agents/_draft.md",
    ".gemini/agents/sub/x.md", ".codex/prompts/sub/x.md", ".opencode/mode/sub/x.md", ".github/prompts/x.md",
    ".github/instructions/x.md", ".cursor/rules/x.txt", "notes/x.mdc", ".github/agents/x.txt", ".cursor/agents/sub/x.md",
])
def test_paths_no_tool_reads(path: str) -> None:
    assert readers_of(path) == ()
    assert detect_dialect(path) is None


def test_plugin_roots_make_plugin_agents_and_commands() -> None:
    roots = frozenset({"kit"})
    assert readers_of("kit/agents/a.md", roots) == (R(Tool.CLAUDE_CODE, Dialect.PLUGIN_AGENT, True),)
    assert readers_of("kit/commands/c.md", roots) == (R(Tool.CLAUDE_CODE, Dialect.COMMAND, True),)
    assert readers_of("kit/agents/a.md") == ()


def _fake_loader(document: Document, dialect: Dialect) -> Verdict:
    start = document.text.index("description")
    return Verdict(dialect.tool, dialect, (LoaderMessage(Outcome.DROPS, "it says no", True, start, start + 11),
                                           LoaderMessage(Outcome.DAMAGED, "it drops a key", True, 0, 3)))


AGENT = "---\nname: rev\ndescription: Reviews code.\n---\nBody.\n"


@pytest.fixture
def copilot_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(LOADERS, Dialect.COPILOT_AGENT, _fake_loader)


@pytest.mark.usefixtures("copilot_loader")
def test_an_owner_tool_gives_errors_and_warnings() -> None:
    analysis = analyse(Document(AGENT, ".github/agents/rev.agent.md"), Context())
    assert [v.tool for v in analysis.verdicts] == [Tool.COPILOT_CLI, Tool.VSCODE]  # VS Code reads .agent.md too
    assert [(f.code, f.severity.label, f.message) for f in analysis.findings] == [
        ("CP002", "warning", "Copilot CLI loads this agent damaged: it drops a key"),
        ("CP001", "error", "Copilot CLI drops this agent: it says no"),
    ]


@pytest.mark.usefixtures("copilot_loader")
def test_another_tool_speaks_only_when_the_project_uses_it() -> None:
    document = Document(AGENT, ".claude/agents/rev.md")
    assert analyse(document, Context()).findings == []
    assert analyse(document, Context(tools=frozenset({Tool.CLAUDE_CODE}))).findings == []
    analysis = analyse(document, Context(tools=frozenset({Tool.CLAUDE_CODE, Tool.COPILOT_CLI})))
    assert [(f.code, f.severity.label, f.message) for f in analysis.findings] == [
        ("PT002", "information", "Copilot CLI loads this agent damaged: it drops a key"),
        ("PT001", "information", "Copilot CLI drops this agent: it says no"),
    ]
    assert [v.tool for v in analysis.verdicts] == [Tool.COPILOT_CLI, Tool.CURSOR]  # Cursor reads it too


@pytest.mark.usefixtures("copilot_loader")
def test_a_forced_dialect_is_the_only_owner() -> None:
    analysis = analyse(Document(AGENT, ".github/agents/rev.agent.md", Dialect.AGENT), Context())
    assert analysis.dialect is Dialect.AGENT
    assert [f.code for f in analysis.findings] == []  # Copilot CLI is no longer an owner, and not used
    analysis = analyse(Document(AGENT, None, Dialect.COPILOT_AGENT), Context())
    assert [f.code for f in analysis.findings] == ["CP002", "CP001"]


def test_a_verdict_keeps_every_drop_and_at_most_a_bounded_number_of_reasons(monkeypatch: pytest.MonkeyPatch) -> None:
    from agent_lsp.core.tool_readings import MESSAGES_PER_VERDICT

    def many(document: Document, dialect: Dialect) -> Verdict:
        damaged = [LoaderMessage(Outcome.DAMAGED, f"key {n} ignored", True, 0, 3) for n in range(3 * MESSAGES_PER_VERDICT)]
        return Verdict(dialect.tool, dialect, (*damaged, LoaderMessage(Outcome.DROPS, "no", True, 0, 3)))

    monkeypatch.setitem(LOADERS, Dialect.COPILOT_AGENT, many)
    analysis = analyse(Document(AGENT, ".github/agents/team/rev.md"), Context())  # Copilot CLI's alone
    (verdict,) = analysis.verdicts
    assert len(verdict.messages) == MESSAGES_PER_VERDICT and verdict.outcome is Outcome.DROPS
    assert verdict.messages[-1].text == "no" and verdict.messages[0].text == "key 0 ignored"
    assert sum(f.code == "CP002" for f in analysis.findings) == MESSAGES_PER_VERDICT - 1
