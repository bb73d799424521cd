"""The code lenses as plain data: who uses a skill, and an agent's roster entry and tool count."""

from __future__ import annotations

import pytest

from agent_lsp.core.code_lenses import (SkillUsers, agent_lens, grant_title, skill_lens, skill_names, skill_users,
                                        tool_grant)
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.hover import description_preview
from agent_lsp.core.model import Document, build_model
from agent_lsp.core.outline import estimated_tokens, flat_sections, section_stats
from agent_lsp.core.workspace import build_index, summarise

SKILL_PATH = "/p/.claude/skills/helper/SKILL.md"
SKILL = "---\nname: helper\ndescription: Helps\n---\nHelp.\n"


def _model(text: str, dialect: Dialect = Dialect.AGENT, path: str = "/p/.claude/agents/a.md"):
    return build_model(Document(text, path, dialect), dialect)


def _agent(name: str, lines: str) -> tuple[str, str, Dialect]:
    return f"/p/.claude/agents/{name}.md", f"---\nname: {name}\ndescription: d\n{lines}---\nB\n", Dialect.AGENT


def _users(*files: tuple[str, str, Dialect]) -> SkillUsers:
    summaries = [summarise(path, text, dialect) for path, text, dialect in
                 [(SKILL_PATH, SKILL, Dialect.SKILL), *files]]
    model = _model(SKILL, Dialect.SKILL, SKILL_PATH)
    names = skill_names(model, build_index(summaries))
    assert names == {"helper"}
    # In chunks, as the server passes them: the sum is the same.
    return sum((skill_users(summaries[at : at + 2], names, SKILL_PATH) for at in range(0, len(summaries), 2)),
               SkillUsers())


def test_no_agent_uses_the_skill() -> None:
    users = _users(_agent("a", "skills: other\n"), _agent("b", ""))
    lens = skill_lens(_model(SKILL, Dialect.SKILL, SKILL_PATH), users)
    assert (lens.start, lens.end, lens.title, lens.places) == (0, 3, "used by no agent", ())


def test_one_agent_using_the_skill_twice_counts_once_with_both_uses_in_order() -> None:
    users = _users(_agent("a", "tools: Read, Skill(helper)\nskills: helper\n"), _agent("b", "skills: other\n"))
    assert (users.agents, users.commands, users.skills) == (1, 0, 0)
    assert [(place.path, place.start.line, place.start.column) for place in users.places] == [
        ("/p/.claude/agents/a.md", 3, 19), ("/p/.claude/agents/a.md", 4, 8)]
    assert skill_lens(_model(SKILL, Dialect.SKILL, SKILL_PATH), users).title == "used by 1 agent"


def test_many_agents_commands_and_skills() -> None:
    users = _users(_agent("a", "skills: [x, helper]\n"), _agent("b", "skills:\n  - helper\n"),
                   _agent("c", "tools: Skill(helper)\n"),
                   ("/p/.claude/commands/go.md", "---\nallowed-tools: Skill(helper)\n---\nGo.\n", Dialect.COMMAND),
                   ("/p/.claude/skills/other/SKILL.md", "---\nname: other\nallowed-tools: Skill(helper)\n---\n",
                    Dialect.SKILL),
                   ("/p/.github/agents/copilot.md", "---\nname: c\ndescription: d\nskills: helper\n---\n",
                    Dialect.COPILOT_AGENT))  # not Claude Code's: the index knows nothing of it
    assert (users.agents, users.commands, users.skills, len(users.places)) == (3, 1, 1, 5)
    assert skill_lens(_model(SKILL, Dialect.SKILL, SKILL_PATH), users).title == "used by 3 agents, 1 command, 1 skill"
    assert skill_lens(_model(SKILL, Dialect.SKILL, SKILL_PATH), SkillUsers(commands=2)).title == "used by 2 commands"


def test_the_names_of_a_skill_a_command_and_a_plugin_skill() -> None:
    command = _model("---\ndescription: d\n---\n", Dialect.COMMAND, "/p/.claude/commands/ship.md")
    assert skill_names(command, build_index([])) == {"ship"}
    plugin_path = "/p/plug/skills/tidy/SKILL.md"
    plugin = summarise(plugin_path, SKILL, Dialect.SKILL, source="plugin", plugin_name="plug")
    assert skill_names(_model(SKILL, Dialect.SKILL, plugin_path), build_index([plugin])) == {"tidy", "plug:tidy"}
    assert skill_names(_model(SKILL), build_index([plugin])) == frozenset()  # an agent is no skill
    copilot = _model(SKILL, Dialect.COPILOT_SKILL, "/p/.github/skills/helper/SKILL.md")
    assert skill_names(copilot, build_index([])) == frozenset()


@pytest.mark.parametrize(("lines", "title"), [
    ("", "all tools"),
    ("tools: '*'\n", "all tools"),
    ("tools: Read, *\n", "all tools"),
    ("tools: 42\n", "all tools"),  # a value Claude Code ignores (KY003): as if omitted
    ("disallowedTools: Write, Edit, Nope, AskUserQuestion, Write\n", "all tools but 2"),
    ("disallowedTools: mcp__github\n", "all tools but 1"),
    ("tools:\n", "0 tools"),
    ("tools: []\n", "0 tools"),
    ("tools: {Read: true}\n", "0 tools"),
    ("tools: true\n", "0 tools"),
    ("tools: Nope, Reed\n", "0 tools"),  # none resolves: Claude Code refuses to spawn it (TL003)
    ("tools: Read\n", "1 tool"),
    ("tools: Read, Grep Glob,Bash(git log *), Bash, Task, Agent(x), Nope\n", "5 tools"),
    ("tools: [Read, 3, Edit]\n", "2 tools"),  # a non-string item is dropped (TL006)
    ("tools: Read, AskUserQuestion, ExitPlanMode, TaskOutput, BashOutput\n", "1 tool"),  # removed from subagents
    ("tools: Read, ExitPlanMode\npermissionMode: plan\n", "2 tools"),
    ("tools: Bash\nmemory: project\n", "4 tools"),  # memory adds Read, Write, Edit
    ("tools: Read, mcp__github__get_issue, mcp__github__get_issue, mcp__slack, mcp__jira__*, mcp__x__\n",
     "2 tools + 2 MCP servers"),
    ("tools: Read\ndisallowedTools: Read\n", "1 tool"),  # with `tools`, the binary ignores disallowedTools
])
def test_the_tools_an_agent_really_gets(lines: str, title: str) -> None:
    model = _model(f"---\nname: a\ndescription: d\n{lines}---\nB\n")
    assert grant_title(tool_grant(model)) == title


def test_exit_plan_mode_stays_removed_for_a_plugin_agent_whose_permission_mode_is_ignored() -> None:
    model = _model("---\nname: a\ndescription: d\ntools: Read, ExitPlanMode\npermissionMode: plan\n---\n",
                   Dialect.PLUGIN_AGENT, "/p/plug/agents/a.md")
    assert grant_title(tool_grant(model)) == "1 tool"


@pytest.mark.parametrize(("description", "chars"), [
    ("Reviews code", 12),
    ("Écrit des notes 😀", 17),  # characters, not bytes nor UTF-16 units
    ('"First\\\\nsecond"', 12),  # the literal \n Claude Code turns into a newline: 5 + 1 + 6
    ("|\n  One\n  two", 8),  # a block scalar: "One\ntwo\n"
    (">-\n  One\n  two", 7),  # folded: "One two"
])
def test_an_agent_lens_measures_the_description_claude_code_reads(description: str, chars: int) -> None:
    text = f"---\nname: a\ndescription: {description}\ntools: Read\n---\nB\n"
    lens = agent_lens(_model(text))
    assert lens is not None and text[lens.start : lens.end] == "description"
    tokens = estimated_tokens("x" * chars)
    assert lens.title == (f"description: {chars} char{'s' * (chars != 1)}, ~{tokens} token{'s' * (tokens != 1)}"
                          " · 1 tool")
    assert lens.places == ()


def test_no_agent_lens_without_a_description_claude_code_reads_or_outside_claude_code_agents() -> None:
    assert agent_lens(_model("---\nname: a\n---\nB\n")) is None
    assert agent_lens(_model("---\nname: a\ndescription: [not, text]\n---\nB\n")) is None
    assert agent_lens(_model("---\nname: a\ndescription: d\n- item\n---\nB\n")) is None  # unparseable
    assert agent_lens(_model(SKILL, Dialect.SKILL, SKILL_PATH)) is None
    assert agent_lens(_model(SKILL, Dialect.COPILOT_AGENT, "/p/.github/agents/a.md")) is None
    assert agent_lens(_model(SKILL, Dialect.PLUGIN_AGENT, "/p/plug/agents/a.md")) is not None


def test_one_token_estimate_for_the_lens_the_outline_and_the_hover() -> None:
    assert [estimated_tokens("x" * n) for n in (0, 1, 4, 6, 10, 400)] == [1, 1, 1, 2, 2, 100]
    model = _model("---\nname: a\ndescription: d\n---\n# Title\n" + "word " * 40 + "\n")
    [section] = flat_sections(model)
    assert section_stats(model, section)[2] == estimated_tokens(model.text[section.heading.start : section.end])


def test_the_hover_preview_reads_the_same_description() -> None:
    model = _model('---\nname: a\ndescription: "One\\\\ntwo"\n---\nB\n')
    preview = description_preview(model, model.entry("description"))
    assert preview.startswith("**description as Claude Code sees it** (7 characters; every `\\n` becomes a newline")
    assert "\nOne\ntwo\n" in preview
