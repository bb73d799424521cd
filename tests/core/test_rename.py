"""Renaming agents, skills and commands as plain data: targets, refusals, text changes and moves."""

from __future__ import annotations

from dataclasses import astuple
from pathlib import PurePath

import pytest

from agent_lsp.core.dialects import Dialect
from agent_lsp.core.model import Document, build_model
from agent_lsp.core.rename import (
    file_rename_target, name_problem, plan_file_rename, plan_rename, reference_changes, rename_target,
)
from agent_lsp.core.text import LineIndex
from agent_lsp.core.workspace import build_index, summarise

ROOT = "/w/.claude"
FILES = {
    f"{ROOT}/skills/api-design/SKILL.md": (Dialect.SKILL, "---\nname: api-design\ndescription: APIs\n---\nB\n"),
    f"{ROOT}/skills/quoted/SKILL.md": (Dialect.SKILL, "---\nname: \"quoted\"\ndescription: Q\n---\n"),
    f"{ROOT}/commands/deploy.md": (Dialect.COMMAND, "---\ndescription: Deploys\n---\nDeploy.\n"),
    f"{ROOT}/agents/reviewer.md": (Dialect.AGENT,
                                    "---\nname: reviewer\ndescription: R\ntools: Read, Agent(worker), Skill(deploy)\n"
                                    "skills:\n  - api-design\n  - 'quoted'\n---\n"),
    f"{ROOT}/agents/worker.md": (Dialect.AGENT, "---\nname: worker\ndescription: W\n---\n"),
    f"{ROOT}/agents/planner.md": (Dialect.AGENT,
                                   "---\nname: planner\ndescription: P\ntools: Task(worker)\nskills:\n  - api-design\n"
                                   "  - deploy\n---\n"),
}


def summaries(files=FILES):
    return [summarise(path, text, dialect) for path, (dialect, text) in files.items()]


def apply(plan, files=FILES) -> dict[str, str]:
    """Apply the plan's text changes to the texts (code-point positions), then its moves."""
    texts = {path: text for path, (_dialect, text) in files.items()}
    by_path: dict[str, list] = {}
    for change in plan.changes:
        by_path.setdefault(change.path, []).append(change)
    for path, changes in by_path.items():
        lines = LineIndex(texts[path])
        spans = sorted(((lines.offset(*astuple(c.start)), lines.offset(*astuple(c.end)), c.new_text) for c in changes), reverse=True)
        for start, end, new_text in spans:
            texts[path] = texts[path][:start] + new_text + texts[path][end:]
    for move in plan.moves:
        for path in list(texts):
            if path == move.old or path.startswith(move.old + "/"):
                texts[move.new + path[len(move.old):]] = texts.pop(path)
    return texts


def rename(kind: str, old: str, new: str, files=FILES):
    found = summaries(files)
    index = build_index(found)
    return plan_rename(index, kind, old, new, *reference_changes(found, kind, old, new))


def test_renaming_an_agent_changes_its_name_and_every_agent_and_task_use() -> None:
    plan = rename("agent", "worker", "builder")
    assert plan.refusal is None and plan.moves == () and plan.skipped == 0
    texts = apply(plan)
    assert "name: builder\n" in texts[f"{ROOT}/agents/worker.md"]
    assert "Agent(builder)" in texts[f"{ROOT}/agents/reviewer.md"]
    assert "Task(builder)" in texts[f"{ROOT}/agents/planner.md"]
    assert "worker" not in "".join(texts.values()).replace("worker.md", "")


def test_renaming_a_skill_moves_its_folder_and_changes_name_and_uses_inside_quotes() -> None:
    plan = rename("skill", "quoted", "kept-quotes")
    texts = apply(plan)
    assert texts[f"{ROOT}/skills/kept-quotes/SKILL.md"].startswith('---\nname: "kept-quotes"\n')
    assert "  - 'kept-quotes'\n" in texts[f"{ROOT}/agents/reviewer.md"]
    assert [(m.old, m.new) for m in plan.moves] == [(f"{ROOT}/skills/quoted", f"{ROOT}/skills/kept-quotes")]

    texts = apply(rename("skill", "api-design", "http-design"))
    assert f"{ROOT}/skills/api-design/SKILL.md" not in texts
    assert "name: http-design\n" in texts[f"{ROOT}/skills/http-design/SKILL.md"]
    assert "  - http-design\n" in texts[f"{ROOT}/agents/planner.md"]
    assert "  - http-design\n  - 'quoted'\n" in texts[f"{ROOT}/agents/reviewer.md"]


def test_renaming_a_command_renames_its_file_and_its_uses() -> None:
    plan = rename("skill", "deploy", "ship")
    assert [(m.old, m.new) for m in plan.moves] == [(f"{ROOT}/commands/deploy.md", f"{ROOT}/commands/ship.md")]
    texts = apply(plan)
    assert "Skill(ship)" in texts[f"{ROOT}/agents/reviewer.md"] and "  - ship\n" in texts[f"{ROOT}/agents/planner.md"]


def test_a_skill_whose_name_differs_from_its_folder_keeps_its_display_name() -> None:
    files = {**FILES, f"{ROOT}/skills/api-design/SKILL.md": (Dialect.SKILL, "---\nname: API Design\ndescription: A\n---\n")}
    texts = apply(rename("skill", "api-design", "http", files), files)
    assert texts[f"{ROOT}/skills/http/SKILL.md"].startswith("---\nname: API Design\n")


@pytest.mark.parametrize(("kind", "old", "new", "says"), [
    ("agent", "worker", "reviewer", "already an agent named `reviewer`"),
    ("agent", "worker", "Explore", "built in"),
    ("agent", "worker", "-x", "must not start with `-`"),
    ("agent", "worker", "a:b", "`:`"),
    ("agent", "worker", "a\uff1ab", "`:`"),  # a fullwidth colon is `:` after NFKC, as Claude Code reads it
    ("agent", "worker", "two words", "cannot be written"),
    ("agent", "worker", "x" * 300, "at most 256"),
    ("agent", "worker", "true", "YAML reads `true` as a bool"),
    ("agent", "worker", "", "cannot be empty"),
    ("skill", "api-design", "deploy", "already a skill or command named `deploy`"),
    ("skill", "api-design", "../escape", "cannot be written"),
    ("skill", "api-design", "..", "cannot be written"),
    ("skill", "deploy", "a,b", "cannot be written"),
    ("agent", "Explore", "explorer", "built-in agent"),
    ("agent", "nobody", "somebody", "No agent named `nobody`"),
    ("skill", "nothing", "something", "No skill or command named `nothing`"),
])
def test_refusals_say_why(kind: str, old: str, new: str, says: str) -> None:
    plan = rename(kind, old, new)
    assert plan.refusal is not None and says in plan.refusal, plan.refusal
    assert plan.changes == () and plan.moves == ()


def test_name_rules_accept_what_claude_code_accepts() -> None:
    index = build_index(summaries())
    for name in ("code-reviewer", "Reviewer_2", "v1.5-agent", "éditeur"):
        assert name_problem(index, "agent", "worker", name) is None, name


def test_a_use_whose_written_text_differs_is_skipped_not_guessed() -> None:
    found = summaries()
    reviewer = next(s for s in found if s.path.endswith("reviewer.md"))
    kind, name, start, end, line = reviewer.references[0]
    broken = type(reviewer)(reviewer.path, reviewer.dialect, agent=reviewer.agent,
                            references=((kind, name, start, end, line.replace(name, "x" * len(name))),))
    changes, skipped = reference_changes([broken], kind, name, "other")
    assert changes == [] and skipped == 1


def _key(target):
    return (target.kind, target.name)


def _model(path: str):
    dialect, text = FILES[path]
    return build_model(Document(text, path, dialect), dialect), text


def test_rename_targets() -> None:
    model, text = _model(f"{ROOT}/agents/reviewer.md")
    assert _key(rename_target(model, text.index("worker") + 2)) == ("agent", "worker")
    assert _key(rename_target(model, text.index("deploy"))) == ("skill", "deploy")
    assert _key(rename_target(model, text.index("reviewer"))) == ("agent", "reviewer")
    assert rename_target(model, text.index("Read")) is None  # a tool is not renamed
    model, text = _model(f"{ROOT}/commands/deploy.md")
    target = rename_target(model, 1)
    assert (target.kind, target.name, target.start, target.end) == ("skill", "deploy", 0, 3)
    assert rename_target(model, text.index("Deploy.")) is None
    model, text = _model(f"{ROOT}/skills/api-design/SKILL.md")
    assert _key(rename_target(model, text.index("api-design"))) == ("skill", "api-design")


def test_moving_a_skill_folder_or_a_command_or_agent_file_in_the_editor() -> None:
    found = summaries()
    index = build_index(found)
    assert file_rename_target(index, f"{ROOT}/skills/api-design", f"{ROOT}/skills/http") == ("skill", "api-design", "http")
    assert file_rename_target(index, f"{ROOT}/commands/deploy.md", f"{ROOT}/commands/ship.md") == ("skill", "deploy", "ship")
    assert file_rename_target(index, f"{ROOT}/agents/worker.md", f"{ROOT}/agents/builder.md") == ("agent", "worker", "builder")
    assert file_rename_target(index, f"{ROOT}/agents/worker.md", f"/elsewhere/builder.md") is None
    assert file_rename_target(index, f"{ROOT}/agents/worker.md", f"{ROOT}/agents/worker.txt") is None
    plan = plan_file_rename(index, "skill", "api-design", "http", *reference_changes(found, "skill", "api-design", "http"))
    assert plan.moves == ()
    texts = apply(plan)
    assert "name: http\n" in texts[f"{ROOT}/skills/api-design/SKILL.md"]  # edits apply before the editor's move
    assert "  - http\n" in texts[f"{ROOT}/agents/planner.md"]


def test_an_agent_whose_name_is_not_its_file_name_is_not_renamed_by_moving_the_file() -> None:
    files = {**FILES, f"{ROOT}/agents/worker.md": (Dialect.AGENT, "---\nname: helper\ndescription: W\n---\n")}
    index = build_index(summaries(files))
    assert file_rename_target(index, f"{ROOT}/agents/worker.md", f"{ROOT}/agents/builder.md") is None


def test_a_plugin_agent_named_by_its_file_is_renamed_with_its_file() -> None:
    files = {**FILES, "/p/agents/scout.md": (Dialect.PLUGIN_AGENT, "---\ndescription: S\n---\n")}
    plan = rename("agent", "scout", "finder", files)
    assert [(m.old, m.new) for m in plan.moves] == [("/p/agents/scout.md", "/p/agents/finder.md")]
    assert PurePath(plan.moves[0].new).name == "finder.md"


def test_body_mentions_and_tool_lists_of_commands_and_skills_are_renamed_too() -> None:
    files = {
        **FILES,
        f"{ROOT}/agents/mentions.md": (Dialect.AGENT, "---\nname: mentions\ndescription: M\n---\n"
                                       "Ask @agent-worker. Not @agent-worker-2, @agent-plug:worker or a@agent-worker.\n"),
        f"{ROOT}/commands/hand-off.md": (Dialect.COMMAND, "---\ndescription: H\nallowed-tools: Agent(worker)\n---\n"
                                         "Then @agent-worker finishes.\n"),
        f"{ROOT}/skills/notes/SKILL.md": (Dialect.SKILL, "---\nname: notes\ndescription: N\n---\n"
                                          "Hand over to @agent-worker\n"),
    }
    texts = apply(rename("agent", "worker", "builder", files), files)
    assert texts[f"{ROOT}/agents/mentions.md"].endswith(
        "Ask @agent-builder. Not @agent-worker-2, @agent-plug:worker or a@agent-worker.\n")
    assert "allowed-tools: Agent(builder)\n---\nThen @agent-builder finishes.\n" in texts[f"{ROOT}/commands/hand-off.md"]
    assert texts[f"{ROOT}/skills/notes/SKILL.md"].endswith("Hand over to @agent-builder\n")


def test_a_body_mention_is_a_rename_target_and_frontmatter_lookups_skip_the_body() -> None:
    text = "---\nname: m\ndescription: M\n---\nAsk @agent-worker.\n"
    model = build_model(Document(text, f"{ROOT}/agents/m.md", Dialect.AGENT), Dialect.AGENT)
    target = rename_target(model, text.index("worker") + 1)
    assert (target.kind, target.name, text[target.start:target.end]) == ("agent", "worker", "worker")
    assert rename_target(model, text.index("Ask")) is None
