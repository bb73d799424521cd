"""Formatting is lossless for Claude Code: after it, Claude Code reads the same values (and body) as before.

Checked on hand-written realistic files and on generated corpus-like ones. What Claude Code reads is computed
here from the analysis' model (`FileModel.mapping`, whether the frontmatter loads, the body), independently of
the formatter's own check.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_lsp.core import formatting
from agent_lsp.core.analysis import Context
from agent_lsp.core.config import Config
from agent_lsp.core.findings import Applicability, Edit, Fix
from agent_lsp.core.formatting import format_edit, format_text
from agent_lsp.core.yaml_frontmatter import LoadedBy
from tests.helpers import AGENT_PATH, COMMAND_PATH, SKILL_PATH, run


def reads(text: str, path: str) -> tuple:
    """What Claude Code reads: the frontmatter values with their types, whether it loads them, the body."""
    model = run(text, path).model
    values = json.dumps(model.mapping, sort_keys=True, default=repr) if model.loads_metadata and not model.recovered \
        else None
    return values, model.body.replace("\r\n", "\n")


def formatted(text: str, path: str) -> str:
    return format_text(run(text, path))


REALISTIC = [
    # (path, text, what the formatting must have done: "same", "strict" (now strict YAML), "lf", "block")
    (AGENT_PATH, "---\nname: backend-architect\ndescription: Use for API work. Example: \"build an endpoint\"\n"
     "model: sonnet\n---\nYou design APIs.\n", "strict"),
    (AGENT_PATH, "---\r\nname: reviewer\r\ndescription: Reviews pull requests for correctness\r\ntools: Read, Grep\r\n"
     "---\r\nYou review code.\r\n", "lf"),
    (SKILL_PATH, "---\nname: release-notes\ndescription: \"Writes release notes.\\nUse when a tag is pushed.\"\n---\n"
     "# Steps\n", "block"),
    (AGENT_PATH, "---\nname: triage\ndescription: Triage issues: label them, then assign\ntools: {Read: true}\n"
     "---\nBody\n", "strict"),
    (AGENT_PATH, "---\nname: broken\ndescription: Use this agent when reviewing. Examples:\n<example>\n"
     "Context: A PR\n</example>\n---\nBody\n", "same"),
    (AGENT_PATH, "---\r\nname: crlf-retry\r\ndescription: Needs the retry: yes\r\n---\r\nBody\r\n", "same"),
    (COMMAND_PATH, "---\ndescription: `deploy` to *staging* with @ops\nargument-hint: [env]\nallowed-tools: Bash(git:*)\n"
     "---\nDeploy $ARGUMENTS.\n", "strict"),
    (AGENT_PATH, "---\nname: hashy\ndescription: Fixes issue #42 in C# code\n---\nBody\n", "same"),
    (AGENT_PATH, "---\nname: tabbed\ndescription: Indented: yes\nskills:\n\t- api-design\n---\nBody\n", "strict"),
    (AGENT_PATH, "---\nname: emoji\ndescription: 📋 Plans work: carefully, with `code`\ncolor: blue\n---\n📋 Body\n",
     "strict"),
    (SKILL_PATH, "---\nname: pdf\ndescription: \"  leading spaces\\nand a newline\"\n---\nBody\n", "same"),
    (SKILL_PATH, "---\nname: pdf\ndescription: \"ends with a newline\\n\"\n---\nBody\n", "same"),
    (AGENT_PATH, "---\nname: fine\ndescription: Already strict YAML\n---\nBody\n", "same"),
    (AGENT_PATH, "no frontmatter at all\r\n", "same"),
    (COMMAND_PATH, "---\r\ndescription: \"Two\\nlines\"\r\n---\r\nBody\r\n", "lf"),
]


@pytest.mark.parametrize(("path", "text", "expected"), REALISTIC, ids=range(len(REALISTIC)))
def test_realistic_files_read_the_same_after_formatting(path, text, expected):
    after = formatted(text, path)
    assert reads(after, path) == reads(text, path)
    assert formatted(after, path) == after, "formatting twice changes more"
    model = run(after, path).model
    if expected == "same":
        assert after == text
    elif expected == "strict":
        assert model.parsed.loaded_by is LoadedBy.STRICT, after
    elif expected == "lf":
        assert "\r" not in after
    elif expected == "block":
        assert "|-\n" in after
    if expected != "same":
        assert after != text


def test_the_edit_covers_only_what_changes():
    text = "---\nname: a\ndescription: \"First\\nSecond\"\n---\nBody\n"
    edit = format_edit(run(text, SKILL_PATH))
    assert edit is not None and text[edit.start_offset:edit.end_offset] == '"First\\nSecond"'
    assert edit.new_text == "|-\n  First\n  Second"


def test_a_fix_that_would_change_a_value_is_left_out(monkeypatch):
    def damaging(model, entry, value, applicability, title=""):
        return Fix(title, (Edit(entry.value_start, entry.value_end, "something else"),), Applicability.SAFE)

    monkeypatch.setattr(formatting, "block_scalar_fix", damaging)
    text = "---\nname: a\ndescription: \"First\\nSecond\"\n---\nBody\n"
    assert formatted(text, SKILL_PATH) == text


def test_disabled_rules_are_not_applied():
    text = "---\r\nname: reviewer\r\ndescription: Reviews code\r\n---\r\nBody\r\n"
    config = Config(disabled=frozenset({"FM008"}))
    assert format_text(run(text, AGENT_PATH, config=config), Context(config=config)) == text
    assert format_text(run(text, AGENT_PATH)) != text


# ------------------------------------------------------------------------------------ generated files

WORDS = st.sampled_from(["Use", "this", "agent", "when", "API", "review", "C#", "#42", "issue", "x*y", "@ops",
                         "`code`", "a: b", "Example:", "'quoted'", "\"dq\"", "📋", "–", "%", "!", "&a", "*b",
                         "---", "{a}", "[b]", "|", ">", "?", "yes", "1.0", "true", "null", "~", "\\n"])
KEYS = ["name", "description", "tools", "model", "color", "argument-hint", "allowed-tools", "when_to_use",
        "skills", "metadata"]


@st.composite
def values(draw) -> str:
    kind = draw(st.sampled_from(["plain", "double", "single", "list", "flow", "block", "escaped"]))
    words = draw(st.lists(WORDS, min_size=1, max_size=6))
    text = " ".join(words)
    if kind == "plain":
        return text
    if kind == "double":
        return json.dumps(text, ensure_ascii=False)
    if kind == "escaped":
        return json.dumps("\n".join(words), ensure_ascii=False)
    if kind == "single":
        return "'" + text.replace("'", "''") + "'"
    if kind == "list":
        return "".join(f"\n  - {word}" for word in words)
    if kind == "flow":
        return "{" + ", ".join(f"k{i}: {word}" for i, word in enumerate(words)) + "}"
    return "|\n" + "".join(f"  {word}\n" for word in words).rstrip("\n")


@st.composite
def files(draw) -> tuple[str, str]:
    path = draw(st.sampled_from([AGENT_PATH, COMMAND_PATH, SKILL_PATH]))
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=6))
    lines = [f"{key}: {draw(values())}" if not key.startswith("\t") else key for key in keys]
    if draw(st.booleans()):
        lines.insert(0, "name: generated")
    body = draw(st.sampled_from(["Body.\n", "# Title\n\nText: with `code`.\n", "", "Line\n```\ncode\n```\n"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = "---\n" + "\n".join(lines) + "\n---\n" + body
    return path, text.replace("\n", newline)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files())
def test_generated_files_read_the_same_after_formatting(case):
    path, text = case
    after = formatted(text, path)
    assert reads(after, path) == reads(text, path), after
    assert formatted(after, path) == after


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
def test_the_generator_makes_files_that_formatting_changes():
    """The property above must not pass only because nothing is ever formatted."""
    changed = 0
    for path, text in (files().example() for _ in range(200)):
        changed += formatted(text, path) != text
    assert changed >= 40, changed
