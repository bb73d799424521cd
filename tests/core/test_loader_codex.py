"""Codex 0.169's loaders, emulated (core/loaders/codex.py).

Skills: every expectation was observed with codex 0.169.0 (`codex app-server` `skills/list`, see
benchmarks/oracles/codex_oracle.py) on these fixtures. Prompts: Codex cannot list them, so they follow the
source of its parser (`codex-rs/core/src/custom_prompts.rs`, `parse_frontmatter`).
"""

from __future__ import annotations

import pytest

from agent_lsp.core.analysis import Context, analyse
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.loaders import LOADERS
from agent_lsp.core.loaders.codex import read_prompt, read_skill
from agent_lsp.core.model import Document
from agent_lsp.core.verdicts import Outcome, Verdict

SKILL = ".agents/skills/pdf-tools/SKILL.md"
PROMPT = ".codex/prompts/review.md"


def skill(text: str, path: str = SKILL) -> Verdict:
    return read_skill(Document(text, path), Dialect.CODEX_SKILL)


def prompt(text: str, path: str = PROMPT) -> Verdict:
    return read_prompt(Document(text, path), Dialect.CODEX_PROMPT)


def test_the_loaders_are_registered() -> None:
    assert LOADERS[Dialect.CODEX_SKILL] is read_skill
    assert LOADERS[Dialect.CODEX_PROMPT] is read_prompt


@pytest.mark.parametrize(("text", "name"), [
    # observed with codex 0.169.0
    ("---\nname: ok\ndescription: fine\n---\nbody\n", "ok"),
    ("---\nname: colon\ndescription: Use when: x\n---\nbody\n", "colon"),  # its second try quotes the value
    ("---\nname: a3\ndescription: a: b: c\n---\n", "a3"),
    ("---\nname: b2: c\ndescription: d: e\n---\n", "b2: c"),
    ("---\nname: a9\ndescription: Use when: x\nallowed-tools: [a, b\n---\n", "a9"),
    ("---\nname: d2\ndescription: x\nmetadata:\n  short-description: Use when: x\n---\n", "d2"),  # indented too
    ("---\nname: d5\ndescription: x\nlist:\n  - a: b: c\n---\n", "d5"),
    ("---\nname: e2\ndescription: x\nallowed-tools: Bash(git:*), Read\nhint: [a] | [b]\n---\n", "e2"),
    ("---\nname: a7\ndescription: @x\n---\n", "a7"),
    ("---\nname: bad\ndescription: [unclosed\n---\n", "bad"),
    ("---\nname: 123\ndescription: num\n---\n", "123"),
    ("---\nname: d\ndescription: 123\n---\n", "d"),
    ("---\nname: tv\ndescription: true\n---\n", "tv"),
    ("---\ndescription: no name\n---\n", "pdf-tools"),  # the folder's name
    ("---\nname: c4\ndescription: x\nfoo: 1\nfoo: 2\n---\n", "c4"),  # unknown keys, even duplicated, are ignored
    ("---\nname: b6\ndescription: x\nmetadata:\n  short-description: 5\n---\n", "b6"),
    ("---\r\nname: crlf\r\ndescription: crlf\r\n---\r\n", "crlf"),
    ("  ---  \nname: b9\ndescription: x\n ---\n", "b9"),  # fences are trimmed
    ("---\nname: u\ndescription: x\n---", "u"),
    ("---\nname: " + "a" * 64 + "\ndescription: x\n---\n", "a" * 64),
    ("---\nname: e\ndescription: " + "x" * 1025 + "\n---\n", "e"),  # no description limit in 0.169
    # the second try quotes a value holding `: `, whatever starts it (but a quote or a block indicator)
    ("---\nname: s\ndescription: &a b: c\n---\n", "s"),
    ("---\nname: s\ndescription: *a b: c\n---\n", "s"),
    ("---\nname: s\ndescription: %x: y\n---\n", "s"),
    ("---\nname: s\ndescription: ? a: b\n---\n", "s"),
    ("---\nname: s\ndescription: {a\n---\n", "s"),
    ("---\nname: s\ndescription: `x`\n---\n", "s"),
])
def test_skills_codex_loads(text: str, name: str) -> None:
    verdict = skill(text)
    assert verdict.outcome is Outcome.LOADS and verdict.messages == ()
    assert verdict.loaded_name == name


@pytest.mark.parametrize(("text", "error"), [
    # observed with codex 0.169.0: skills/list's `errors[].message`
    ("---\nname: nodesc\n---\nbody\n", "missing field `description`"),
    ("---\nname: e\ndescription:\n---\n", "missing field `description`"),
    ('---\nname: f\ndescription: ""\n---\n', "missing field `description`"),
    ("---\n\n---\n", "missing field `description`"),
    ("no frontmatter\n", "missing YAML frontmatter delimited by ---"),
    ("---\nname: v\ndescription: x\n", "missing YAML frontmatter delimited by ---"),
    ("---\n---\n", "missing YAML frontmatter delimited by ---"),
    ("\ufeff---\nname: w\ndescription: bom\n---\n", "missing YAML frontmatter delimited by ---"),
    ("---\nname: g\ndescription: x\nname: h\n---\n", "invalid YAML: duplicate field `name`"),
    ("---\nname: m\ndescription: x\nmetadata: 3\n---\n",
     "invalid YAML: metadata: invalid type: integer `3`, expected struct SkillFrontmatterMetadata at line 3 column 11"),
    ("---\nname: [a]\ndescription: x\n---\n",
     "invalid YAML: name: invalid type: sequence, expected a string at line 1 column 7"),
    ("---\nname: a4\ndescription:\n  k: v\n---\n",
     "invalid YAML: description: invalid type: map, expected a string at line 3 column 3"),
    ("---\nname: a5\ndescription:\n  - x\n---\n",
     "invalid YAML: description: invalid type: sequence, expected a string at line 3 column 3"),
    ("---\njust text\n---\n", 'invalid YAML: invalid type: string "just text", expected struct SkillFrontmatter'),
    ('---\nname: a1\ndescription: "unclosed\n---\n', "invalid YAML: found unexpected end of stream at line 2 "
     "column 23, while scanning a quoted scalar at line 2 column 14"),
    ("---\nname: a2\ndescription: x\n  bad: indent\n---\n",
     "invalid YAML: mapping values are not allowed in this context at line 3 column 6"),
    ("---\nname: a6\ndescription: x\n\tfoo: 1\n---\n", "invalid YAML: found a tab character that violates "
     "indentation at line 3 column 1, while scanning a plain scalar at line 2 column 14"),
    ("---\nname: b7\ndescription: *x\n---\n", "invalid YAML: unknown anchor at line 2 column 14"),
    # the second try fails (the alias line parses alone, so it is not quoted): the first error is reported
    ("---\nname: d1\ndescription: Use when: x\nother: *y\n---\n",
     "invalid YAML: mapping values are not allowed in this context at line 2 column 22"),
    ("---\nname: d6\ndescription: \"quoted\": tail\n---\n",
     "invalid YAML: mapping values are not allowed in this context at line 2 column 22"),
    ("---\nname: " + "a" * 65 + "\ndescription: x\n---\n", "invalid name: exceeds maximum length of 64 characters"),
    # the second try leaves these values alone (no `: `, or a quote or block indicator first): the first error stays
    ("---\nname: s\ndescription: *\n---\n", "invalid YAML: did not find expected alphabetic or numeric character "
     "at line 2 column 15, while scanning an alias at line 2 column 14"),
    ("---\nname: s\ndescription: &\n---\n", "invalid YAML: did not find expected alphabetic or numeric character "
     "at line 2 column 15, while scanning an anchor at line 2 column 14"),
    ("---\nname: s\ndescription: %x\n---\n", "invalid YAML: found character that cannot start any token at line 2 "
     "column 14, while scanning for the next token"),
    ("---\nname: s\ndescription: |x: y\n---\n", "invalid YAML: did not find expected comment or line break at line "
     "2 column 15, while scanning a block scalar at line 2 column 14"),
    ("---\nname: s\ndescription: 'a' b: c\n---\n", "invalid YAML: did not find expected key at line 2 column 18, "
     "while parsing a block mapping"),
    ("---\nname: s\ndescription: ] x\n---\n", "invalid YAML: did not find expected node content at line 2 column 14, "
     "while parsing a block node"),
    ("---\nname: s\ndescription: Use when:\n---\n",
     "invalid YAML: mapping values are not allowed in this context at line 2 column 22"),
    ("---\nname: s\ndescription: #x: y\n---\n", "missing field `description`"),  # a comment: no description
    ("---\nname: " + "é" * 65 + "\ndescription: x\n---\n", "invalid name: exceeds maximum length of 64 characters"),
])
def test_skills_codex_refuses(text: str, error: str) -> None:
    verdict = skill(text)
    assert verdict.outcome is Outcome.DROPS
    assert [message.text for message in verdict.messages] == [error]
    assert verdict.messages[0].quoted


def test_a_yaml_error_is_placed_on_its_mark() -> None:
    text = "---\nname: a2\ndescription: x\n  bad: indent\n---\n"
    (message,) = skill(text).messages
    assert message.start == text.index("bad:") + 3


def test_a_prompt_is_named_after_its_file_and_never_fails() -> None:
    verdict = prompt("---\nname: ignored\ndescription: \"Quick review command\"\nargument-hint: \"[file] [priority]\"\n"
                     "---\nActual body with $1 and $ARGUMENTS")
    assert verdict.outcome is Outcome.LOADS and verdict.messages == ()
    assert verdict.loaded_name == "review"


@pytest.mark.parametrize("text", [
    "---\ndescription: Use when: x\n---\nbody\n",  # split at the first colon: the value is `Use when: x`
    "no frontmatter at all\n",
    "---\n# a comment\n\ndescription: x\nunknown: y\n---\n",
    "---\nDescription: x\nargument_hint: [n]\n---\n",
])
def test_prompts_that_load_as_written(text: str) -> None:
    assert prompt(text).outcome is Outcome.LOADS


def test_a_block_scalar_becomes_the_character_itself() -> None:
    text = "---\ndescription: |\n  Two lines\n  of text.\n---\nbody\n"
    verdict = prompt(text)
    assert verdict.outcome is Outcome.DAMAGED
    block = next(m for m in verdict.messages if "block scalar" in m.text)
    assert text[block.start:block.end] == "|" and block.key == "description"


def test_continuation_lines_are_dropped() -> None:
    text = "---\ndescription: A long\n  description on two lines\n---\nbody\n"
    (message,) = prompt(text).messages
    assert message.outcome is Outcome.DAMAGED
    assert text[message.start:message.end] == "description on two lines"


def test_an_unterminated_frontmatter_makes_the_whole_file_the_prompt() -> None:
    verdict = prompt("---\ndescription: x\nbody without a closing fence\n")
    assert verdict.outcome is Outcome.DAMAGED and "whole file" in verdict.messages[0].text


def test_codex_and_gemini_cli_both_speak_as_owners_of_agents_skills() -> None:
    document = Document("---\nname: pdf\n---\nbody\n", ".agents/skills/pdf/SKILL.md")
    codes = {finding.code for finding in analyse(document, Context()).findings}
    assert {"CX001", "GM001"} <= codes


def test_a_multi_line_value_has_an_unsafe_fix_onto_one_line() -> None:
    text = "---\ndescription: |\n  Reviews the staged changes.\n  Use when: asked\nargument-hint: [file]\n---\nReview $1.\n"
    verdict = prompt(text)
    assert len(verdict.messages) == 3  # the `|`, and both continuation lines (one with a colon)
    (fix,) = verdict.messages[0].fixes
    (edit,) = fix.edits
    fixed = text[:edit.start_offset] + edit.new_text + text[edit.end_offset:]
    assert fixed == "---\ndescription: Reviews the staged changes. Use when: asked\nargument-hint: [file]\n---\nReview $1.\n"
    assert prompt(fixed).messages == ()
