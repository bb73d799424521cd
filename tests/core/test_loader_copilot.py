"""Copilot CLI's and VS Code's readings of agent markdown (core/loaders/copilot.py).

Every expectation for Copilot CLI was observed with `@github/copilot` 1.0.102 through its SDK
(../shared/tools/copilot_oracle.mjs, the same fixture text placed in `.claude/agents/`, `.github/agents/` or
`.claude/skills/<folder>/`); the messages are the CLI's own words after its `<path>: ` prefix.
"""

from __future__ import annotations

import pytest

from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.findings import Applicability
from agent_lsp.core.fixes import apply_fixes
from agent_lsp.core.loaders import LOADERS
from agent_lsp.core.loaders.copilot import read_agent, resolve_serde, split_block, NOT_FINITE
from agent_lsp.core.model import Document
from agent_lsp.core.verdicts import Outcome

MALFORMED = "custom agent markdown frontmatter is malformed: "


def agent(text: str, path: str = ".claude/agents/x.md"):
    return LOADERS[Dialect.COPILOT_AGENT](Document(text, path), Dialect.COPILOT_AGENT)


def skill(text: str, folder: str = "my-skill"):
    return LOADERS[Dialect.COPILOT_SKILL](Document(text, f".claude/skills/{folder}/SKILL.md"), Dialect.COPILOT_SKILL)


def texts(verdict) -> list[str]:
    return [message.text for message in verdict.messages]


def fm(body: str) -> str:
    return f"---\n{body}---\nBody\n"


def test_the_registry_holds_every_copilot_dialect() -> None:
    for dialect in (Dialect.COPILOT_AGENT, Dialect.COPILOT_SKILL, Dialect.VSCODE_AGENT, Dialect.COPILOT_PROMPT,
                    Dialect.COPILOT_INSTRUCTIONS):
        assert dialect in LOADERS


def test_a_clean_agent_loads_under_its_name_or_file_name() -> None:
    verdict = agent(fm("name: reviewer\ndescription: Reviews code\ntools: Read, Grep, edit\n"))
    assert verdict.tool is Tool.COPILOT_CLI and verdict.outcome is Outcome.LOADS and verdict.messages == ()
    assert verdict.loaded_name == "reviewer"
    assert agent(fm("description: d\n"), ".github/agents/sub/helper.agent.md").loaded_name == "helper"


# --- fences ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "\n---\nname: x\ndescription: d\n---\nB\n",          # a blank line before the fence
    "--- yaml\nname: x\ndescription: d\n---\nB\n",       # text after the opening fence
    "---\nname: x\ndescription: d\n----\nB\n",           # `----` does not close
    "---\nname: x\ndescription: d\n...\nB\n",            # nor does `...`
    "---\nname: x\ndescription: d\n ---\nB\n",           # nor an indented `---`
    "---\nname: x\ndescription: d\n",                    # never closed
    "# Title\n\nNo frontmatter.\n",
])
def test_fences_copilot_cli_does_not_accept(text: str) -> None:
    verdict = agent(text)
    assert verdict.outcome is Outcome.DROPS
    assert texts(verdict) == [MALFORMED + "missing or malformed YAML frontmatter"]


@pytest.mark.parametrize("text", [
    "---  \nname: x\ndescription: d\n---  \nB\n",        # blanks after either fence
    "---\nname: x\ndescription: d\n---",                 # the closing fence ends the file
    "\ufeff---\nname: x\ndescription: d\n---\nB\n",      # BOM
    "---\r\nname: x\r\ndescription: d\r\n---\r\nB\r\n",  # CRLF
    "---\nname: x\ndescription: x\n  --- y\n---\nB\n",   # a `---` inside a value is text (description `x --- y`)
    "---\u00a0\nname: x\ndescription: d\n---\t\nB\n",      # any trailing whitespace (Rust's trim_end)
])
def test_fences_copilot_cli_accepts(text: str) -> None:
    assert agent(text).outcome is Outcome.LOADS


def test_the_block_excludes_the_last_line_break() -> None:
    block = split_block("---\na: 1\n---\n")
    assert block is not None and block.yaml_text == "a: 1"


# --- YAML errors, worded and counted as serde_yaml prints libyaml's ----------------------------

@pytest.mark.parametrize("body, message", [
    # lines count from the first line of the block, columns in characters
    ("name: x\ndescription: Use when: asked\n", "mapping values are not allowed in this context at line 2 column 22"),
    ("description: Use when: asked\nname: x\n", "mapping values are not allowed in this context at line 1 column 22"),
    ("name: x\ndescription: Ünïcödé wh€n: asked\n", "mapping values are not allowed in this context at line 2 column 26"),
    ("name: x\ndescription: \U0001F600 when: asked\n", "mapping values are not allowed in this context at line 2 column 20"),
    # a context at the same mark is not repeated; at another mark it is
    ("name: x\ndescription: x\ntools:\n\t- Read\n",
     "found character that cannot start any token at line 4 column 1, while scanning for the next token"),
    ("name: x\ndescription: x\napplyTo: **/*.py\n", "did not find expected alphabetic or numeric character at line 3 "
     "column 11, while scanning an alias at line 3 column 10"),
    ("name: x\ndescription: \"abc\n", "found unexpected end of stream at line 2 column 18, while scanning a quoted "
     "scalar at line 2 column 14"),
    ("name: ctrl\ndescription: a\x01b\n", "control characters are not allowed at position 25"),
    # serde_yaml's duplicate keys: no position for the top-level map at line 1 column 1
    ("name: x\ndescription: one\ndescription: two\n", 'duplicate entry with key "description"'),
    ("# c\nname: x\nname: y\ndescription: d\n", 'duplicate entry with key "name" at line 2 column 1'),
    ("name: x\ndescription: d\ngithub:\n  a: 1\n  a: 2\n", 'github: duplicate entry with key "a" at line 4 column 3'),
    ("name: x\ndescription: d\nhooks:\n  preToolUse:\n    - command: x\n      command: y\n",
     'hooks.preToolUse[0]: duplicate entry with key "command" at line 5 column 7'),
    ("name: x\ndescription: d\ntrue: 1\nTrue: 2\n", "duplicate entry with key `true`"),
    # serde_yaml reads the events before a syntax error first: the first of the two wins
    ("name: x\ndescription: Use when: x\ndescription: y\n", "mapping values are not allowed in this context at line 2 column 22"),
    ("name: x\ndescription: d\nname: Use when: x\n", 'duplicate entry with key "name"'),
    ("name: x\ndescription: d\nname: [unclosed\n", 'duplicate entry with key "name"'),
    # an alias to an anchor never defined is serde_yaml's error, met in document order too
    ("name: x\ndescription: *x\n", "unknown anchor at line 2 column 14"),
    ("name: x\ndescription: d\nname: *x\n", 'duplicate entry with key "name"'),
    # a core tag makes serde_yaml read the scalar strictly, in document order too
    ("name: x\ndescription: !!int x\n", 'description: invalid value: string "x", expected an integer at line 2 column 14'),
    ("name: x\ndescription: !!float x\n", 'description: invalid value: string "x", expected a float at line 2 column 14'),
    ("name: x\ndescription: !!bool yes\n", 'description: invalid value: string "yes", expected a boolean at line 2 column 14'),
    ("name: x\ndescription: !!null ''\n", 'description: invalid value: string "", expected null at line 2 column 14'),
    ("name: x\ndescription: d\ntools: [a, !!int x]\n", 'tools[1]: invalid value: string "x", expected an integer at line 3 column 12'),
    ("name: x\ndescription: d\ngithub:\n  a: !!int x\n", 'github.a: invalid value: string "x", expected an integer at line 4 column 6'),
    # an integer that needs 128 bits: serde_yaml reads it, Copilot's JSON value cannot hold it
    ("name: x\ndescription: " + "1" * 39 + "\n", "description: invalid type: integer `" + "1" * 39 + "` as u128, "
     "expected any YAML value at line 2 column 14"),
    # an alias inside its own anchor
    ("name: x\ndescription: d\nx: &a [1, *a]\n", "recursion limit exceeded at line 3 column 4"),
    ("name: x\ndescription: d\nx: &a {k: *a}\n", "recursion limit exceeded at line 3 column 4"),
])
def test_yaml_errors_drop_the_agent_with_serde_yaml_words(body: str, message: str) -> None:
    verdict = agent(fm(body))
    assert verdict.outcome is Outcome.DROPS
    assert texts(verdict) == [MALFORMED + "failed to parse YAML frontmatter: " + message]


def test_the_yaml_error_is_placed_on_its_mark() -> None:
    text = fm("name: x\ndescription: Use when: asked\n")
    message = agent(text).messages[0]
    assert text[message.start] == ":" and text[message.start - 4 : message.start] == "when"


# --- values: YAML 1.2 core as serde_yaml 0.9 resolves it --------------------------------------

@pytest.mark.parametrize("written, value", [
    ("012", "012"), ("-012", "-012"), ("1_000", "1_000"), ("yes", "yes"), ("inf", "inf"), ("1e", "1e"),
    ("0x1F", 31), ("-0x10", -16), ("0b101", 5), ("0o17", 15), ("+12", 12), ("0", 0), ("1e3", 1000.0),
    (".5", 0.5), ("1.", 1.0), ("00.5", 0.5), ("True", True), ("FALSE", False), ("~", None), ("Null", None),
    (".inf", NOT_FINITE), (".NaN", NOT_FINITE),
    # past 128 bits an integer is tried as a float; past the float range it is text
    ("1" * 45, float("1" * 45)), ("1" * 400, "1" * 400), ("0x" + "f" * 40, "0x" + "f" * 40),
])
def test_plain_scalars_resolve_as_serde_yaml_does(written: str, value: object) -> None:
    assert resolve_serde(written) == value and type(resolve_serde(written)) is type(value)


@pytest.mark.parametrize("written, received", [
    ("5", "number"), ("0x1F", "number"), ("true", "boolean"), ("~", "null"), (".inf", "null"), ("[a]", "array"),
    ("{a: 1}", "object"), ("!!int 5", "number"),
])
def test_a_description_that_is_not_a_string_drops_the_agent(written: str, received: str) -> None:
    assert texts(agent(fm(f"name: x\ndescription: {written}\n"))) == [
        MALFORMED + f"description: Expected string, received {received}"]


@pytest.mark.parametrize("written", ["012", "yes", "1_000", "!!str 5", "2001-12-14", "'5'", "&a anchored"])
def test_values_serde_yaml_reads_as_text_load(written: str) -> None:
    assert agent(fm(f"name: x\ndescription: {written}\n")).outcome is Outcome.LOADS


# --- the schema ---------------------------------------------------------------------------------

def test_description_is_required_even_in_an_empty_block() -> None:
    assert texts(agent("---\n---\nB\n")) == [MALFORMED + "description: Required"]
    assert texts(agent(fm("name: x\n"))) == [MALFORMED + "description: Required"]
    assert agent(fm("name: x\ndescription: ''\n")).outcome is Outcome.LOADS


def test_frontmatter_that_is_not_a_map_drops_the_agent() -> None:
    assert texts(agent(fm("- a\n"))) == [MALFORMED + "Expected object, received array"]
    assert texts(agent(fm("hello\n"))) == [MALFORMED + "Expected object, received string"]


def test_schema_issues_come_in_the_cli_order_each_on_its_value() -> None:
    text = fm("tools: {a: 1}\nuser-invocable: no\nmodel: 5\nname: 3\n")
    verdict = agent(text)
    assert texts(verdict) == [MALFORMED + issue for issue in (
        "name: Expected string, received number", "description: Required", "tools: Expected array, received object",
        "user-invocable: Expected boolean, received string", "model: Expected string, received number")]
    assert text[verdict.messages[0].start : verdict.messages[0].end] == "3"
    assert {m.key for m in verdict.messages} == {"name", "description", "tools", "user-invocable", "model"}


def test_every_typed_field_is_checked_in_order() -> None:
    keys = ["hooks", "github", "skills", "mcp-servers", "reasoning-effort", "model", "infer", "user-invocable",
            "disable-model-invocation", "tools", "description", "name", "deferred-tool-loading",
            "strict-tools-list", "include-custom-instructions"]
    verdict = agent(fm("".join(f"{key}: 1\n" for key in keys)))
    assert [t[len(MALFORMED):] for t in texts(verdict)] == [
        "name: Expected string, received number", "description: Expected string, received number",
        "tools: Expected array, received number", "mcp-servers: Expected object, received number",
        "infer: Expected boolean, received number", "disable-model-invocation: Expected boolean, received number",
        "user-invocable: Expected boolean, received number", "model: Expected string, received number",
        "reasoning-effort: Expected string, received number", "github: Expected object, received number",
        "skills: Expected array, received number", "deferred-tool-loading: Expected boolean, received number",
        "strict-tools-list: Expected boolean, received number",
        "include-custom-instructions: Expected boolean, received number", "hooks: hooks must be an object"]


@pytest.mark.parametrize("extra, issues", [
    ("tools: Read, Grep\n", []),
    ("tools: []\n", []),
    ("tools: [1, true]\n", ["tools: 0: Expected string, received number", "tools: 1: Expected string, received boolean"]),
    ("tools:\n", ["tools: Expected array, received null"]),
    ("model: [a, b]\n", []),
    ("model: []\n", ["model: Expected a non-empty list of model names"]),
    ("model: [a, 5]\n", ["model: 1: Expected string, received number"]),
    ("model: {a: 1}\n", ["model: Expected string, received object"]),
    ("model: [a, '']\n", ["model: Expected a non-empty list of model names"]),
    ("model: ''\n", []),
    ("skills: [a, b]\n", []),
    ("skills: a, b\n", ["skills: Expected array, received string"]),
    ("skills: [1]\n", ["skills: 0: Expected string, received number"]),
    ("user-invocable: 'true'\n", ["user-invocable: Expected boolean, received string"]),
    ("user-invocable: True\ndisable-model-invocation: FALSE\ninfer: false\n", []),
    ("infer: yes\n", ["infer: Expected boolean, received string"]),
    ("github:\n  toolsets: [a]\n", []),
    ("github: x\n", ["github: Expected object, received string"]),
])
def test_field_types(extra: str, issues: list[str]) -> None:
    assert texts(agent(fm("name: x\ndescription: d\n" + extra))) == [MALFORMED + issue for issue in issues]


@pytest.mark.parametrize("servers, issues", [
    ("  foo:\n    command: x\n    args: []\n    tools: ['*']\n", []),
    ("  foo:\n    type: http\n    url: http://x\n    tools: []\n", []),
    ("  foo:\n    command: x\n", ["mcp-servers.foo.args: Required", "mcp-servers.foo.tools: Required"]),
    ("  foo: {}\n", ["mcp-servers.foo.command: Required", "mcp-servers.foo.args: Required",
                     "mcp-servers.foo.tools: Required"]),
    ("  foo:\n    type: http\n    url: http://x\n", ["mcp-servers.foo.tools: Required"]),
    ("  foo:\n    type: sse\n    tools: ['*']\n", ["mcp-servers.foo.url: Required"]),
    ("  foo:\n    url: http://x\n    tools: []\n", ["mcp-servers.foo.type: Required"]),
    ("  foo:\n    type: weird\n    tools: ['*']\n", ["mcp-servers.foo.command: Required", "mcp-servers.foo.args: Required",
                                                      "mcp-servers.foo.type: Invalid enum value. Expected 'local' | 'stdio'"]),
    ("  foo:\n    command: 5\n    args: x\n    tools: [1]\n", [
        "mcp-servers.foo.command: Expected string, received number", "mcp-servers.foo.args: Expected array, received string",
        "mcp-servers.foo.tools: 0: Expected string, received number"]),
    ("  foo: x\n", ["mcp-servers.foo: Expected object, received string"]),
    ("  ~\n", []),                                  # `mcp-servers` may be null
    ("  [a]\n", ["mcp-servers: Expected object, received array"]),
    # a `url` makes it a remote server: url, tools, then type
    ("  s:\n    url: 5\n", ["mcp-servers.s.url: Expected string, received number", "mcp-servers.s.tools: Required",
                          "mcp-servers.s.type: Required"]),
    ("  s:\n    type: weird\n    url: x\n", ["mcp-servers.s.tools: Required",
                                           "mcp-servers.s.type: Invalid enum value. Expected 'http' | 'sse'"]),
    ("  s:\n    url: x\n    command: y\n    args: []\n    tools: []\n", ["mcp-servers.s.type: Required"]),
])
def test_mcp_servers(servers: str, issues: list[str]) -> None:
    assert texts(agent(fm("name: x\ndescription: d\nmcp-servers:\n" + servers))) == [MALFORMED + i for i in issues]


@pytest.mark.parametrize("hooks, issues", [
    # Copilot's own events and most of Claude Code's names, flat or in Claude Code's matcher shape
    ("  preToolUse:\n    - type: command\n      command: echo\n", []),
    ("  PreToolUse:\n    - matcher: x\n      hooks:\n        - type: command\n          command: echo\n", []),
    ("  Stop:\n    - command: echo\n", []),
    ("  preToolUse:\n    - exec: x\n", []),
    ("  BadEvent: []\n  Setup: []\n", ["hooks.BadEvent: Unsupported agent hook event",
                                       "hooks.Setup: Unsupported agent hook event"]),
    ("  userPromptSubmit: []\n", ["hooks.userPromptSubmit: Unsupported agent hook event"]),
    ("  a: 1\n", ["hooks.a: Unsupported agent hook event", "hooks.a: Expected an array of hook actions"]),
    # actions are counted across matcher groups, under the Copilot name of the event
    ("  Stop:\n    - hooks:\n        - command: a\n    - matcher: x\n      hooks:\n        - command: b\n"
     "        - type: prompt\n          prompt: p\n", ["hooks.agentStop[2].type: Invalid hook type"]),
    ("  preToolUse:\n    - type: command\n", ["hooks.preToolUse[0]: Specify either 'exec' (native executable) or "
                                              "'bash'/'powershell'/'command' (shell), but not both"]),
    ("  preToolUse:\n    - exec: x\n      command: y\n", ["hooks.preToolUse[0]: Specify either 'exec' (native "
                                                         "executable) or 'bash'/'powershell'/'command' (shell), but not both"]),
    ("  preToolUse:\n    - command: 5\n", ["hooks.preToolUse[0].command: Expected string"]),
    ("  preToolUse:\n    - command: x\n      timeout: x\n", ["hooks.preToolUse[0].timeout: timeout must be a number"]),
    ("  preToolUse: echo\n", ["hooks.preToolUse: Expected an array of hook actions",
                              "hooks.preToolUse: hook event value must be an array"]),
    ("  preToolUse:\n    - echo\n", ["hooks.preToolUse[0]: Expected object"]),
    ("  postToolUse:\n    - type: http\n      url: http://x\n", []),
    ("  postToolUse:\n    - type: http\n", ["hooks.postToolUse[0].url: HTTP hook URL is required"]),
    ("  preToolUse:\n    - type: http\n      url: http://x\n", [
        "hooks.preToolUse[0].url: Authorization-affecting HTTP hooks (preToolUse, preMcpToolCall, permissionRequest) "
        "must use https:// to protect response integrity (set COPILOT_HOOK_ALLOW_HTTP_AUTH_HOOKS=1 to override, or "
        "use localhost with COPILOT_HOOK_ALLOW_LOCALHOST=1)"]),
])
def test_hooks(hooks: str, issues: list[str]) -> None:
    assert texts(agent(fm("name: x\ndescription: d\nhooks:\n" + hooks))) == [MALFORMED + i for i in issues]


def test_unknown_fields_load_damaged_in_file_order() -> None:
    text = fm("name: x\ndescription: d\nzeta: 1\ncolor: blue\n1: x\n")
    verdict = agent(text)
    assert verdict.outcome is Outcome.DAMAGED
    assert [m.key for m in verdict.messages] == ["zeta", "color", "1"]
    assert texts(verdict)[1] == "unknown field ignored: color"
    assert text[verdict.messages[1].start : verdict.messages[1].end] == "color"


def test_unknown_fields_are_not_reported_on_a_dropped_agent() -> None:
    assert texts(agent(fm("name: x\ncolor: blue\n"))) == [MALFORMED + "description: Required"]


# --- fixes ----------------------------------------------------------------------------------------

def test_an_unquoted_colon_gets_fm007s_fix_and_the_fixed_agent_loads() -> None:
    text = fm("name: x\ndescription: Use this agent when: the user asks\ntools: Read\n")
    message = agent(text).messages[0]
    assert message.fixes and message.fixes[0].applicability is Applicability.SAFE
    fixed = _apply(text, message.fixes[0])
    verdict = agent(fixed)
    assert verdict.outcome is Outcome.LOADS


def test_skills_written_as_a_string_get_a_list_fix() -> None:
    text = fm("name: x\ndescription: d\nskills: review, test-runner\n")
    message = agent(text).messages[0]
    assert [fix.title for fix in message.fixes] == ["Write `skills` as a YAML list"]
    fixed = _apply(text, message.fixes[0])
    assert "skills: [review, test-runner]" in fixed and agent(fixed).outcome is Outcome.LOADS


def _apply(text: str, fix) -> str:
    from agent_lsp.core.findings import Finding, Severity
    from agent_lsp.core.text import LineIndex

    finding = Finding("CP001", Severity.ERROR, "x", LineIndex(text).span(0, 0), fixes=(fix,))
    return apply_fixes(text, [finding], unsafe=True)[0]


# --- skills ---------------------------------------------------------------------------------------

def test_a_clean_skill_loads_under_its_name_with_spaces_as_dashes() -> None:
    assert skill(fm("name: Bad_Name Here\ndescription: d\n")).loaded_name == "Bad_Name-Here"
    assert skill(fm("description: d\n"), "from-folder").loaded_name == "from-folder"


@pytest.mark.parametrize("body, message", [
    ("name: x\ndescription: " + "x" * 1025 + "\n", "Skill description must be at most 1024 characters"),
    # counted in UTF-16 code units: 600 astral characters are 1200 units, 600 `é` are 600
    ("name: x\ndescription: " + "\U0001F600" * 600 + "\n", "Skill description must be at most 1024 characters"),
    ("name: x\ndescription: 5\n", "Skill description must be a string"),
    ("name: x\ndescription:\n", "Skill description must be a string"),
    ("name: 5\ndescription: 5\n", "Skill name must be a string"),
    ("name: '  '\ndescription: d\n", "Skill name must not be empty"),
    ("name: " + "a" * 80 + "\ndescription: d\n", "Skill name must be at most 64 characters"),
    ("name: 'a/b'\ndescription: d\n", "Skill name must start with an ASCII letter or number and contain only ASCII "
     "letters (a-z, A-Z), numbers, hyphens, underscores, dots, colons, and spaces"),
    # one error per skill, in this order
    ("name: x\ndescription: d\nallowed-tools: 5\nuser-invocable: x\n", "allowed-tools must be a string or array of strings"),
    ("name: x\ndescription: d\nallowed-tools: [a, 1]\n", "allowed-tools must contain only strings"),
    ("name: x\ndescription: d\nargument-hint: 5\nuser-invocable: x\n", "user-invocable must be a boolean"),
    ("name: x\ndescription: d\ndisable-model-invocation: x\nargument-hint: 5\n", "disable-model-invocation must be a boolean"),
    ("name: x\ndescription: d\nargument-hint: [a]\n", "argument-hint must be a string"),
    ("name: x\ndescription: use when: x\n", "failed to parse YAML frontmatter: mapping values are not allowed in this "
     "context at line 2 column 22"),
])
def test_skills_copilot_cli_drops(body: str, message: str) -> None:
    verdict = skill(fm(body))
    assert verdict.outcome is Outcome.DROPS and texts(verdict) == [message]


@pytest.mark.parametrize("text", [
    fm("name: x\ndescription: " + "é" * 600 + "\n"),
    fm("name: x\ndescription: ''\n"),
    fm("name: x\n"),                                   # the body's first lines become the description
    fm("name: x\ndescription: d\nlicense: 5\nmetadata: x\ncolor: x\ncontext: fork\nmodel: 5\n"),
    "---\n---\nBody first\n",
    fm("name: x\ndescription: d\nargument-hint: ~\n"),    # a null argument-hint is accepted
])
def test_skills_copilot_cli_loads(text: str) -> None:
    assert skill(text).outcome is Outcome.LOADS


def test_a_skill_whose_frontmatter_is_a_list_loads_without_its_fields() -> None:
    verdict = skill(fm("- a\n"), "folder")
    assert verdict.outcome is Outcome.DAMAGED and verdict.loaded_name == "folder"


def test_a_skill_without_frontmatter_is_dropped() -> None:
    assert texts(skill("# Title\n")) == ["missing or malformed YAML frontmatter"]
    assert texts(skill("\n---\nname: x\ndescription: d\n---\nB\n")) == ["missing or malformed YAML frontmatter"]


def test_a_nameless_skill_in_a_folder_too_long_for_a_name_is_dropped() -> None:
    assert texts(skill(fm("description: d\n"), "f" * 70)) == ["could not derive a valid skill name from the folder path"]


# --- VS Code (promptValidator.ts) ----------------------------------------------------------------

def vscode(text: str, path: str, dialect: Dialect):
    return LOADERS[dialect](Document(text, path), dialect)


def test_vscode_ignores_unknown_agent_attributes_with_its_marker() -> None:
    text = fm("description: Test\napplyTo: '*.ts'\n")
    verdict = vscode(text, ".github/agents/a.agent.md", Dialect.VSCODE_AGENT)
    assert verdict.tool is Tool.VSCODE and verdict.outcome is Outcome.DAMAGED
    # the message and its list of supported (recommended) attributes as VS Code prints them
    assert texts(verdict) == ["Attribute 'applyTo' is not supported in VS Code agent files. Supported: agents, "
                              "argument-hint, description, disable-model-invocation, github, handoffs, hooks, model, "
                              "name, reasoningEffort, target, tools, user-invocable."]
    assert text[verdict.messages[0].start : verdict.messages[0].end] == "applyTo"


def test_vscode_notes_github_only_attributes_and_the_github_target() -> None:
    verdict = vscode(fm("description: d\nmcp-servers: {}\n"), ".github/agents/a.agent.md", Dialect.VSCODE_AGENT)
    assert verdict.outcome is Outcome.LOADS
    assert texts(verdict) == ["Attribute 'mcp-servers' is ignored when running locally in VS Code."]
    verdict = vscode(fm("description: d\ntarget: github-copilot\nhandoffs: []\n"), ".github/agents/a.agent.md",
                     Dialect.VSCODE_AGENT)
    assert texts(verdict) == ["Attribute 'handoffs' is not supported in custom GitHub Copilot agent files. Supported: "
                              "description, github, infer, mcp-servers, name, target, tools."]


def test_vscode_warns_about_chat_modes_but_loads_them() -> None:
    verdict = vscode(fm("description: d\n"), ".github/chatmodes/a.chatmode.md", Dialect.VSCODE_AGENT)
    assert verdict.outcome is Outcome.LOADS and texts(verdict)[0].startswith("Chat modes have been renamed to agents.")


def test_vscode_reads_globs_that_libyaml_rejects() -> None:
    # `*` is an ordinary character in VS Code's YAML: `applyTo: **/*.py` is a known attribute, nothing to say
    text = fm("applyTo: **/*.py\ndescription: Python rules\n")
    assert vscode(text, ".github/instructions/py.instructions.md", Dialect.COPILOT_INSTRUCTIONS).messages == ()
    verdict = vscode(fm("applyTo: x\nmode: agent\nfrob: 1\n"), ".github/prompts/p.prompt.md", Dialect.COPILOT_PROMPT)
    assert texts(verdict) == ["Attribute 'applyTo' is not supported in prompt files. Supported: agent, argument-hint, "
                              "description, model, name, tools.",
                              "Attribute 'frob' is not supported in prompt files. Supported: agent, argument-hint, "
                              "description, model, name, tools."]


def test_vscode_reads_an_unclosed_header_to_the_end() -> None:
    verdict = vscode("---\ndescription: d\nfrob: 1\n", ".github/agents/a.agent.md", Dialect.VSCODE_AGENT)
    assert [m.key for m in verdict.messages] == ["frob"]


def test_loaders_never_raise_on_odd_input() -> None:
    for text in ["", "---", "---\n", "---\n---", "\ufeff", "---\n" + "[" * 5000 + "\n---\n", "---\n? [a, b]\n: 1\n---\n",
                 "---\n*x\n---\n", "---\na: &a [*a]\n---\n"]:
        for dialect, path in ((Dialect.COPILOT_AGENT, ".github/agents/a.agent.md"),
                              (Dialect.COPILOT_SKILL, ".github/skills/a/SKILL.md"),
                              (Dialect.VSCODE_AGENT, ".github/agents/a.agent.md")):
            LOADERS[dialect](Document(text, path), dialect)
    assert read_agent(Document("---\ndescription: d\n---\n")).loaded_name is None


def test_aliases_past_serde_yamls_budget_drop_the_agent_quickly() -> None:
    # serde_yaml follows at most 100 aliases per event of the document (observed: a six-level "billion laughs")
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level, name in enumerate("bcdef"):
        previous = "abcde"[level]
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    bomb = agent(fm("name: x\ndescription: d\n" + "\n".join(lines) + "\n"))
    assert texts(bomb) == [MALFORMED + "failed to parse YAML frontmatter: repetition limit exceeded"]
    small = agent(fm("name: x\ndescription: d\na: &a [x, x]\nb: [*a, *a, *a]\n"))
    assert small.outcome is Outcome.DAMAGED  # loads; `a` and `b` are unknown fields


@pytest.mark.parametrize("opened, message", [
    (126, None),
    # the value then goes through JSON, whose parser stops at 128 levels (the column is in the compact JSON)
    (127, "recursion limit exceeded at line 1 column 161"),
    # serde_yaml itself stops past 128 levels, counting the frontmatter's map, at the first collection too deep
    (128, "failed to parse YAML frontmatter: recursion limit exceeded at line 3 column 131"),
    (200, "failed to parse YAML frontmatter: recursion limit exceeded at line 3 column 131"),
])
def test_nesting_limits(opened: int, message: str | None) -> None:
    verdict = agent(fm("name: a\ndescription: d\nx: " + "[" * opened + "]" * opened + "\n"))
    drops = [m.text for m in verdict.messages if m.outcome is Outcome.DROPS]
    assert drops == ([MALFORMED + message] if message else [])


def test_tab_indentation_gets_fm007s_spaces_fix() -> None:
    text = fm("name: x\ndescription: d\ntools:\n\t- Read\n")
    message = agent(text, ".github/agents/x.agent.md").messages[0]
    assert [fix.title for fix in message.fixes] == ["Indent with spaces instead of tabs"]
    assert agent(_apply(text, message.fixes[0])).outcome is Outcome.LOADS


def test_in_a_project_using_copilot_cli_its_note_replaces_fm007_and_keeps_the_fix() -> None:
    from agent_lsp.core.analysis import Context, analyse

    text = fm("name: x\ndescription: Use this agent when: the user asks\n")
    document = Document(text, ".claude/agents/x.md")
    alone = analyse(document, Context(tools=frozenset({Tool.CLAUDE_CODE})))
    assert [f.code for f in alone.findings] == ["FM007"]
    both = analyse(document, Context(tools=frozenset({Tool.CLAUDE_CODE, Tool.COPILOT_CLI})))
    assert [f.code for f in both.findings] == ["PT001"]
    note = both.findings[0]
    assert note.message == ("Copilot CLI drops this agent: " + MALFORMED + "failed to parse YAML frontmatter: mapping "
                            "values are not allowed in this context at line 2 column 33")
    assert note.fixes == alone.findings[0].fixes


def test_vscode_drops_incomplete_handoffs_silently() -> None:
    # promptFileParser.ts keeps a handoff only when `agent`, `label` and `prompt` are text
    text = fm("description: d\nhandoffs:\n  - label: Build\n    agent: builder\n    prompt: Build it\n"
              "  - label: Test\n    agent: tester\n  - just text\n")
    verdict = vscode(text, ".github/agents/a.agent.md", Dialect.VSCODE_AGENT)
    assert [(m.outcome, m.text, m.quoted) for m in verdict.messages] == [
        (Outcome.DAMAGED, "VS Code drops this handoff silently: it has no `prompt`", False),
        (Outcome.DAMAGED, "VS Code drops this handoff silently: it is not a map", False)]
    assert text[verdict.messages[1].start : verdict.messages[1].end] == "just text"


def test_frontmatter_too_large_to_compose_gives_no_verdict() -> None:
    # past yaml_frontmatter.MAX_NODES agent-lsp composes nothing: no drop is claimed for Copilot CLI
    text = fm("name: x\ndescription: d\ntools:\n" + "".join(f"  - t{i}\n" for i in range(25_000)))
    verdict = agent(text)
    assert verdict.outcome is Outcome.LOADS and not verdict.messages[0].quoted


@pytest.mark.parametrize("written, fixed, applicability", [
    ("'false'", "false", Applicability.SAFE), ('"TRUE"', "true", Applicability.SAFE),
    ("no", "false", Applicability.UNSAFE), ("yes", "true", Applicability.UNSAFE),
])
def test_a_boolean_written_as_text_gets_a_fix(written: str, fixed: str, applicability: Applicability) -> None:
    text = fm(f"name: x\ndescription: d\nuser-invocable: {written}\n")
    message = agent(text, ".github/agents/x.agent.md").messages[0]
    [fix] = message.fixes
    assert fix.applicability is applicability
    after = _apply(text, fix)
    assert f"user-invocable: {fixed}\n" in after and agent(after).outcome is Outcome.LOADS


def test_a_word_that_is_no_boolean_gets_no_fix() -> None:
    assert agent(fm("name: x\ndescription: d\ninfer: maybe\n")).messages[0].fixes == ()
