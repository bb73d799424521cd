"""Cursor's loaders, emulated from secondary sources only (core/loaders/cursor.py): Cursor is closed source
and has no offline oracle, so each expectation follows a named source (DIALECTS.md section 4)."""

from __future__ import annotations

import pytest

from agent_lsp.core.dialects import Dialect
from agent_lsp.core.loaders import LOADERS
from agent_lsp.core.loaders.cursor import read_agent, read_rule, read_skill
from agent_lsp.core.model import Document
from agent_lsp.core.verdicts import Outcome, Verdict


def rule(text: str) -> Verdict:
    return read_rule(Document(text, ".cursor/rules/style.mdc"), Dialect.CURSOR_RULE)


def agent(text: str) -> Verdict:
    return read_agent(Document(text, ".cursor/agents/reviewer.md"), Dialect.CURSOR_AGENT)


def test_the_loaders_are_registered() -> None:
    assert LOADERS[Dialect.CURSOR_RULE] is read_rule
    assert LOADERS[Dialect.CURSOR_AGENT] is read_agent


@pytest.mark.parametrize("text", [
    "---\ndescription: TypeScript style\nglobs: **/*.ts, **/*.tsx\nalwaysApply: false\n---\nUse strict mode.\n",
    "---\nalwaysApply: true\n---\n",
    "No frontmatter: a rule applied by hand.\n",
])
def test_rules_load_leniently(text: str) -> None:
    # Cursor's own template writes `globs: **/*.ts` unquoted, which strict YAML refuses
    verdict = rule(text)
    assert verdict.outcome is Outcome.LOADS and verdict.messages == ()


@pytest.mark.parametrize("value", ['"true"', "'true'", "yes"])
def test_always_apply_must_be_a_boolean(value: str) -> None:
    # stbenjam/skillsaw cursor-rules-valid: `alwaysApply: "true"` does not make the rule always applied
    text = f"---\ndescription: x\nalwaysApply: {value}\n---\n"
    (message,) = rule(text).messages
    assert message.outcome is Outcome.DAMAGED and message.key == "alwaysApply"
    assert text[message.start:message.end] == value and "skillsaw" in message.text


def test_a_rule_whose_frontmatter_never_closes_is_skipped() -> None:
    verdict = rule("---\ndescription: x\nglobs: **/*.ts\nBody without a closing fence.\n")
    assert verdict.outcome is Outcome.DROPS and not verdict.messages[0].quoted


def test_a_subagent_loads_under_its_name() -> None:
    verdict = agent("---\nname: reviewer\ndescription: Reviews code.\nmodel: fast\nreadonly: true\n---\nBody\n")
    assert verdict.outcome is Outcome.LOADS and verdict.loaded_name == "reviewer"


@pytest.mark.parametrize(("text", "keys"), [
    ("---\ndescription: Reviews code.\n---\n", ["name"]),
    ("---\nname: reviewer\n---\n", ["description"]),
    ("---\nname: reviewer\ndescription: \"\"\n---\n", ["description"]),
])
def test_a_subagent_needs_name_and_description(text: str, keys: list[str]) -> None:
    verdict = agent(text)
    assert verdict.outcome is Outcome.DROPS and [m.key for m in verdict.messages] == keys


def test_a_subagent_without_frontmatter_is_dropped() -> None:
    assert agent("Just a prompt.\n").outcome is Outcome.DROPS


def test_subagent_booleans() -> None:
    text = "---\nname: r\ndescription: d\nis_background: \"true\"\n---\n"
    (message,) = agent(text).messages
    assert message.outcome is Outcome.DAMAGED and message.key == "is_background"


def test_a_quoted_boolean_has_a_safe_fix() -> None:
    text = "---\ndescription: x\nalwaysApply: \"true\"\n---\n"
    (message,) = rule(text).messages
    (fix,) = message.fixes
    (edit,) = fix.edits
    fixed = text[:edit.start_offset] + edit.new_text + text[edit.end_offset:]
    assert fixed == "---\ndescription: x\nalwaysApply: true\n---\n" and rule(fixed).messages == ()
    assert rule("---\nalwaysApply: yes\n---\n").messages[0].fixes == ()  # `yes` is not a guess we make


# Skills (`.cursor/skills/<name>/SKILL.md`): the Agent Skills standard plus `disable-model-invocation`
# (../shared/spec/DIALECTS.md section 4, secondary); only the boolean's type is claimed.

def skill(text: str) -> Verdict:
    return read_skill(Document(text, ".cursor/skills/pdf/SKILL.md"), Dialect.CURSOR_SKILL)


def test_a_cursor_skill_is_read_as_cursor_reads_it() -> None:
    assert LOADERS[Dialect.CURSOR_SKILL] is read_skill
    verdict = skill("---\nname: pdf\ndescription: Reads PDFs.\ndisable-model-invocation: true\n---\nBody.\n")
    assert verdict.outcome is Outcome.LOADS and verdict.loaded_name == "pdf"


def test_a_cursor_skill_with_a_string_boolean_is_damaged_with_a_fix() -> None:
    text = "---\nname: pdf\ndescription: Reads PDFs.\ndisable-model-invocation: \"true\"\n---\n"
    verdict = skill(text)
    assert verdict.outcome is Outcome.DAMAGED
    (message,) = verdict.messages
    assert message.key == "disable-model-invocation" and text[message.start:message.end] == '"true"'
    assert message.fixes[0].edits[0].new_text == "true"


def test_a_cursor_skill_without_a_frontmatter_claims_nothing() -> None:
    assert skill("Just text.\n").messages == ()
