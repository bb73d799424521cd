"""OpenCode 1.18's loader, emulated in core/loaders/opencode.py.

Every expectation below was observed with the released binary: opencode 1.18.33 (`opencode debug config`
for agents, modes and commands, `opencode debug skill` for skills), each file alone in a fresh project.
"""

from __future__ import annotations

import pytest

from agent_lsp.core.analysis import Context, analyse
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.findings import Applicability, Severity
from agent_lsp.core.loaders import LOADERS
from agent_lsp.core.loaders.opencode import js_yaml_load, read, sanitise
from agent_lsp.core.model import Document
from agent_lsp.core.verdicts import Outcome, Verdict

AGENT, COMMAND, SKILL = Dialect.OPENCODE_AGENT, Dialect.OPENCODE_COMMAND, Dialect.OPENCODE_SKILL


def agent(text: str, path: str = ".opencode/agent/x.md") -> Verdict:
    return read(Document(text, path), AGENT)


def lines(verdict: Verdict) -> list[str]:
    return [message.text for message in verdict.messages]


def test_opencode_dialects_are_registered() -> None:
    assert LOADERS[AGENT] is LOADERS[COMMAND] is LOADERS[SKILL] is read


# --- gray-matter -------------------------------------------------------------------------------------

def test_no_frontmatter_loads_with_the_body_as_prompt() -> None:
    # observed with opencode 1.18.33: `# Title` only -> loaded, prompt = the file
    verdict = agent("# Just a prompt\n")
    assert verdict.outcome is Outcome.LOADS and verdict.loaded_name == "x"


def test_a_bom_is_stripped_before_the_fence() -> None:
    # observed with opencode 1.18.33: BOM + `mode: sidekick` -> the schema error, so the block was read
    assert lines(agent("\ufeff---\ndescription: x\nmode: sidekick\n---\nB\n")) == [
        'Expected "subagent" | "primary" | "all", got "sidekick" mode']


@pytest.mark.parametrize("text", [
    "---\ndescription: x --- y\nmode: sidekick\n---\nB\n",  # a mid-line --- does not close the block
    "---yaml\ndescription: x\nmode: sidekick\n---\nB\n",  # a language after the fence
    "---\ndescription: x\nmode: sidekick\n",  # never closed: the rest of the file is the block
    "---\r\ndescription: Use when: x\r\nmode: sidekick\r\n---\r\nB\r\n",  # CRLF, rescued by the sanitiser
])
def test_fence_variants_are_read_like_gray_matter(text: str) -> None:
    # observed with opencode 1.18.33: each refuses to start over `mode: sidekick`
    assert lines(agent(text)) == ['Expected "subagent" | "primary" | "all", got "sidekick" mode']


# --- js-yaml 3 typing -------------------------------------------------------------------------------

@pytest.mark.parametrize(("scalar", "value"), [
    ("1:30", 90), ("010", 8), ("0x10", 16), ("1_0", 10), ("1e3", 1000.0), (".5", 0.5), ("yes", "yes"),
    ("off", "off"), ("True", True), ("~", None), ("09", "09"),
])
def test_plain_scalars_are_typed_like_js_yaml_3(scalar: str, value: object) -> None:
    # observed with opencode 1.18.33: steps 1:30 -> 90, 010 -> 8, 0x10 -> 16, maxSteps 1_0 -> 10,
    # description 1e3 -> "got 1000", temperature .5 -> 0.5, description yes -> "yes", hidden off -> "off",
    # hidden True -> true
    assert js_yaml_load(f"k: {scalar}\n").value == {"k": value}


def test_a_date_is_a_date_not_text() -> None:
    # observed with opencode 1.18.33
    assert lines(agent("---\ndescription: 2024-01-01\n---\nB\n")) == [
        "Expected string | undefined, got 2024-01-01T00:00:00.000Z description"]
    assert lines(agent("---\ndescription: 2024-01-01 10:00:00\n---\nB\n")) == [
        "Expected string | undefined, got 2024-01-01T10:00:00.000Z description"]


def test_merge_keys_are_applied() -> None:
    # observed with opencode 1.18.33: tools {read: true, write: false}; `base` lands in options
    verdict = agent("---\nbase: &b\n  read: true\ntools:\n  <<: *b\n  write: false\ndescription: x\n---\nB\n")
    assert verdict.outcome is Outcome.DAMAGED
    assert [message.key for message in verdict.messages] == ["base"]


@pytest.mark.parametrize("frontmatter", [
    "description: one\ndescription: two\n",  # duplicate key (PyYAML accepts it; js-yaml 3 does not)
    "description: x\ntools:\n  read: true\n  read: false\n",  # a nested duplicate too
    "description: !important x\n",  # an unknown tag
    "description: x\nfoo: **/*.ts\n",  # an alias that is not one
    "description: x\nargument-hint: a: b\n",  # the sanitiser's key pattern has no `-`
])
def test_yaml_that_still_fails_loads_the_whole_file_as_prompt(frontmatter: str) -> None:
    # observed with opencode 1.18.33: loaded, no metadata, prompt = the whole file; nothing reported
    verdict = agent(f"---\n{frontmatter}---\nB\n")
    assert verdict.outcome is Outcome.DAMAGED
    assert "whole file, frontmatter included, as the prompt" in verdict.messages[0].text
    assert verdict.loaded_name == "x"


def test_a_bom_keeps_the_sanitiser_from_rescuing_a_colon() -> None:
    # observed with opencode 1.18.33: the sanitiser's /^---\r?\n/ does not match after a BOM
    verdict = agent("\ufeff---\ndescription: Use when: x\n---\nB\n")
    assert verdict.outcome is Outcome.DAMAGED


# --- the colon sanitiser ---------------------------------------------------------------------------

def test_the_sanitiser_rescues_an_unquoted_colon() -> None:
    # observed with opencode 1.18.33: loaded, description "Use when: asked"
    text = "---\nname: colon\ndescription: Use when: asked\n---\nBody\n"
    assert agent(text).outcome is Outcome.LOADS
    cleaned = sanitise(text)
    assert cleaned.text == "---\nname: colon\ndescription: |-\n  Use when: asked\n---\nBody\n"


def test_positions_after_the_sanitiser_point_into_the_original() -> None:
    text = "---\ndescription: Use when: asked\ncolor: red\n---\nB\n"
    verdict = agent(text)
    assert verdict.outcome is Outcome.REFUSES_TO_START
    assert {text[m.start:m.end] for m in verdict.messages} == {"red"}


def test_sanitised_text_that_still_fails_drops_the_agent() -> None:
    # observed with opencode 1.18.33: dropped silently (missing from the resolved config)
    verdict = agent("---\ndescription: x: y\ncolor: cyan\ncolor: green\n---\nBody\n")
    assert verdict.outcome is Outcome.DROPS and verdict.loaded_name is None
    assert not verdict.messages[0].quoted


# --- the agent schema (Effect's messages) -----------------------------------------------------------

@pytest.mark.parametrize(("frontmatter", "expected"), [
    ("tools: Read, Grep", ['Expected object | undefined, got "Read, Grep" tools']),
    ("tools: [Read, Grep]", ['Expected object | undefined, got ["Read","Grep"] tools']),
    ("tools:\n  read: yes\n  bash: 1", ['Expected boolean, got "yes" tools.read', "Expected boolean, got 1 tools.bash"]),
    ("color: blue", ["Expected a string matching the RegExp ^#[0-9a-fA-F]{6}$, got \"blue\" color",
                     'Expected "primary" | "secondary" | "accent" | "success" | "warning" | "error" | "info", '
                     'got "blue" color']),
    ("color: #ff00AA", ['Expected string | "primary" | "secondary" | "accent" | "success" | "warning" | "error" | '
                        '"info" | undefined, got null color']),
    ("mode: 5", ['Expected "subagent" | "primary" | "all" | undefined, got 5 mode']),
    ("steps: 0", ["Expected a value greater than 0, got 0 steps"]),
    ("steps: 1.5", ["Expected an integer, got 1.5 steps"]),
    ("steps: -1.5", ["Expected an integer, got -1.5 steps", "Expected a value greater than 0, got -1.5 steps"]),
    ('steps: "3"', ['Expected number | undefined, got "3" steps']),
    ("maxSteps: -2", ["Expected a value greater than 0, got -2 maxSteps"]),
    ('temperature: "0.5"', ['Expected number | undefined, got "0.5" temperature']),
    ("top_p: .inf", ["Expected a finite number, got Infinity top_p"]),
    ("temperature: .NaN", ["Expected a finite number, got NaN temperature"]),
    ('hidden: yes\ndisable: "true"', ['Expected boolean | undefined, got "true" disable',
                                      'Expected boolean | undefined, got "yes" hidden']),
    ("model: 5\nvariant: [a]", ["Expected string | undefined, got 5 model", 'Expected string | undefined, got ["a"] variant']),
    ("options: 3", ["Expected object | undefined, got 3 options"]),
    ("description: !!binary aGVsbG8=", ["Expected string | undefined, got hello description"]),
    ("permission: sometimes", ['Expected PermissionActionConfig, got "sometimes" permission']),
    ("permission: 5", ["Expected PermissionActionConfig | object | undefined, got 5 permission"]),
    ("permission:\n  edit: never\n  webfetch:\n    \"*\": allow\n  foo: maybe",
     ['Expected PermissionActionConfig, got "never" permission.edit',
      'Expected PermissionActionConfig | undefined, got {"*":"allow"} permission.webfetch',
      'Expected PermissionActionConfig, got "never" permission.edit',
      'Expected PermissionActionConfig, got "maybe" permission.foo']),
    ("permission:\n  edit: 5\n  bash:\n    \"*\": never",
     ["Expected PermissionRuleConfig | undefined, got 5 permission.edit",
      'Expected PermissionActionConfig, got "never" permission.bash.*',
      "Expected PermissionRuleConfig, got 5 permission.edit",
      'Expected PermissionActionConfig, got "never" permission.bash.*']),
])
def test_schema_violations_stop_opencode_with_its_own_words(frontmatter: str, expected: list[str]) -> None:
    # observed with opencode 1.18.33: "Error: Configuration is invalid at <file>" and these `↳` lines
    verdict = agent(f"---\ndescription: x\n{frontmatter}\n---\nB\n" if "description" not in frontmatter
                    else f"---\n{frontmatter}\n---\nB\n")
    assert verdict.outcome is Outcome.REFUSES_TO_START
    assert sorted(lines(verdict)) == sorted(expected)
    assert all(message.quoted for message in verdict.messages)


@pytest.mark.parametrize("frontmatter", [
    "color: \"#ff00AA\"", "color: accent", "mode: subagent\nhidden: true", "steps: 1:30",
    "permission:\n  edit: deny\n  bash:\n    \"git *\": allow\n    \"*\": ask\n  webfetch: allow",
    "permission: allow", "tools:\n  read: true\n  write: false", "temperature: .5\ntop_p: 1.", "name: 12",
])
def test_valid_agents_load(frontmatter: str) -> None:
    # observed with opencode 1.18.33: each loaded
    assert agent(f"---\ndescription: x\n{frontmatter}\n---\nB\n").outcome is Outcome.LOADS


def test_the_frontmatter_name_overrides_the_path() -> None:
    # observed with opencode 1.18.33: `name: 12` -> agent "12"; no name -> the path below agent/
    assert agent("---\nname: 12\ndescription: x\n---\nB\n").loaded_name == "12"
    assert agent("---\ndescription: x\n---\nB\n", ".opencode/agents/team/review.md").loaded_name == "team/review"


def test_unknown_keys_go_to_options_and_a_frontmatter_prompt_is_replaced() -> None:
    # observed with opencode 1.18.33: `frobnicate: 3` -> options.frobnicate; `prompt: 5` -> prompt = body
    verdict = agent("---\ndescription: x\nfrobnicate: 3\nprompt: 5\n---\nB\n")
    assert verdict.outcome is Outcome.DAMAGED
    assert [message.key for message in verdict.messages] == ["frobnicate", "prompt"]
    assert "options" in verdict.messages[0].text and "body" in verdict.messages[1].text


def test_a_legacy_mode_file_that_fails_the_schema_is_left_out() -> None:
    # observed with opencode 1.18.33: .opencode/mode/m.md with `mode: sidekick` -> missing, opencode starts
    verdict = agent("---\ndescription: x\nmode: sidekick\n---\nB\n", ".opencode/mode/m.md")
    assert verdict.outcome is Outcome.DROPS and not verdict.messages[0].quoted
    assert agent("---\ndescription: x\n---\nB\n", ".opencode/mode/m.md").outcome is Outcome.LOADS


# --- commands -------------------------------------------------------------------------------------

def command(text: str) -> Verdict:
    return read(Document(text, ".opencode/command/c.md"), COMMAND)


def test_command_schema_errors_stop_opencode() -> None:
    # observed with opencode 1.18.33: "Configuration is invalid at ...: SchemaError: Expected ..., got ...\n  at [...]"
    assert lines(command("---\ndescription: [a]\nagent: 3\n---\nT\n")) == [
        'Expected string | undefined, got ["a"] at ["description"]', 'Expected string | undefined, got 3 at ["agent"]']
    assert command('---\ndescription: d\nsubtask: "yes"\n---\nT\n').outcome is Outcome.REFUSES_TO_START


def test_unknown_command_keys_are_dropped() -> None:
    # observed with opencode 1.18.33: `argument-hint` is not in the resolved command
    verdict = command('---\ndescription: d\nagent: plan\nmodel: a/b\nsubtask: true\nargument-hint: "[x]"\n---\nDo\n')
    assert verdict.outcome is Outcome.DAMAGED and [m.key for m in verdict.messages] == ["argument-hint"]


def test_a_command_whose_yaml_fails_is_all_template() -> None:
    # observed with opencode 1.18.33: template = the whole file
    verdict = command("---\ndescription: d\nfoo: **/*.ts\n---\nT\n")
    assert verdict.outcome is Outcome.DAMAGED and "as the template" in verdict.messages[0].text
    assert command("---\ndescription: x: y\ncolor: cyan\ncolor: green\n---\nT\n").outcome is Outcome.DROPS


# --- skills ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "outcome"), [
    ("---\ndescription: d\n---\nS\n", Outcome.DROPS),  # no name
    ("---\nname: 5\ndescription: d\n---\nS\n", Outcome.DROPS),  # name not text
    ("---\nname: s\ndescription: 5\n---\nS\n", Outcome.DROPS),  # description not text
    ("---\nname: s\ndescription: d\nfoo: **/*.ts\n---\nS\n", Outcome.DROPS),  # YAML fails: no name
    ("---\nname: s\n---\nS\n", Outcome.DAMAGED),  # loaded, but not listed to the model
    ("---\nname: other-name\ndescription: Use when: x\nlicense: MIT\n---\nS\n", Outcome.LOADS),
])
def test_skills(text: str, outcome: Outcome) -> None:
    # observed with opencode 1.18.33 (`opencode debug skill`)
    assert read(Document(text, ".opencode/skill/s/SKILL.md"), SKILL).outcome is outcome


# --- findings and fixes through the analysis ------------------------------------------------------

def test_an_opencode_agent_that_stops_opencode_is_an_error_on_its_value() -> None:
    text = "---\ndescription: x\ncolor: blue\n---\nB\n"
    findings = analyse(Document(text, ".opencode/agent/x.md")).findings
    assert {(f.code, f.severity, text[f.span.start_offset:f.span.end_offset]) for f in findings} == {
        ("OC001", Severity.ERROR, "blue")}


def test_a_claude_skill_opencode_drops_is_information_only_for_projects_using_opencode() -> None:
    text = "---\ndescription: Does things.\n---\nS\n"
    path = ".claude/skills/s/SKILL.md"
    used = analyse(Document(text, path), Context(tools=frozenset({Tool.CLAUDE_CODE, Tool.OPENCODE}))).findings
    assert [(f.code, f.severity) for f in used if f.code.startswith("PT")] == [("PT001", Severity.INFORMATION)]
    assert "OpenCode" in next(f.message for f in used if f.code == "PT001")
    unused = analyse(Document(text, path), Context(tools=frozenset({Tool.CLAUDE_CODE}))).findings
    assert not [f for f in unused if f.code.startswith("PT")]


@pytest.mark.parametrize(("line", "fixed", "safe"), [
    ("color: #ff00AA", 'color: "#ff00AA"', True),
    ("color: blue", 'color: "#3b82f6"', False),
    ("tools: Read, Grep", "tools:\n  read: true\n  grep: true", False),
    ("tools: [Read, Bash]", "tools:\n  read: true\n  bash: true", False),
    ('temperature: "0.5"', "temperature: 0.5", False),
    ("hidden: yes", "hidden: true", False),
])
def test_quick_fixes_make_opencode_load_the_agent(line: str, fixed: str, safe: bool) -> None:
    text = f"---\ndescription: x\n{line}\n---\nB\n"
    verdict = agent(text)
    fixes = [fix for message in verdict.messages for fix in message.fixes]
    assert len(fixes) == 1
    assert (fixes[0].applicability is Applicability.SAFE) is safe
    after = _apply(text, fixes[0].edits)
    assert after == f"---\ndescription: x\n{fixed}\n---\nB\n"
    assert agent(after).outcome is Outcome.LOADS


def test_claude_tool_names_opencode_does_not_have_get_no_fix() -> None:
    verdict = agent("---\ndescription: x\ntools: Read, Bash(git *)\n---\nB\n")
    assert not [fix for message in verdict.messages for fix in message.fixes]


def _apply(text: str, edits: tuple) -> str:
    for edit in sorted(edits, key=lambda e: e.start_offset, reverse=True):
        text = text[:edit.start_offset] + edit.new_text + text[edit.end_offset:]
    return text


def test_a_command_frontmatter_name_renames_the_command() -> None:
    # observed with opencode 1.18.33: commands/<file>.md with `name: analyze` is the command "analyze"
    verdict = command("---\nname: analyze\ndescription: d\n---\nT\n")
    assert verdict.loaded_name == "analyze" and verdict.outcome is Outcome.LOADS
    assert command("---\ndescription: d\n---\nT\n").loaded_name == "c"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_are_ordinary_characters(separator: str) -> None:
    # js-yaml 3 ends lines at \n and \r only; observed with opencode 1.18.33 for U+2028:
    # `description: a<U+2028>b` + `mode: sidekick` refuses over `mode` (libyaml alone would fail to parse)
    assert js_yaml_load(f"description: a{separator}b\n").value == {"description": f"a{separator}b"}
    assert lines(agent(f"---\ndescription: a{separator}b\nmode: sidekick\n---\nB\n")) == [
        'Expected "subagent" | "primary" | "all", got "sidekick" mode']


@pytest.mark.parametrize("frontmatter", [
    "a: &a [*a]\ndescription: 5",  # a recursive alias
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ndescription: *d",
    "description: " + "[" * 5000 + "]" * 5000,
])
def test_hostile_yaml_is_read_without_blowing_up(frontmatter: str) -> None:
    verdict = agent(f"---\n{frontmatter}\n---\nB\n")
    assert verdict.outcome in (Outcome.REFUSES_TO_START, Outcome.DAMAGED)
    assert all(len(message.text) < 3000 for message in verdict.messages)


def test_user_level_agents_are_named_like_project_ones() -> None:
    # ~/.config/opencode/{agent,agents}/ is a config folder like .opencode/ (DIALECTS.md section 2)
    verdict = agent("---\ndescription: x\n---\nB\n", "/home/me/.config/opencode/agents/review/deep.md")
    assert verdict.loaded_name == "review/deep"


def test_a_legacy_mode_file_is_always_primary() -> None:
    # observed with opencode 1.18.33: .opencode/mode/m.md with `mode: subagent` loads with mode "primary"
    verdict = agent("---\ndescription: x\nmode: subagent\n---\nB\n", ".opencode/mode/m.md")
    assert verdict.outcome is Outcome.DAMAGED and [m.key for m in verdict.messages] == ["mode"]
    assert agent("---\ndescription: x\nmode: primary\n---\nB\n", ".opencode/mode/m.md").outcome is Outcome.LOADS
    assert agent("---\ndescription: x\nmode: subagent\n---\nB\n").outcome is Outcome.LOADS
