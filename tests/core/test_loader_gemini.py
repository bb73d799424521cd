"""Gemini CLI 0.61's loaders, emulated (core/loaders/gemini.py, core/loaders/js_yaml.py).

Every expected message below was observed with gemini-cli 0.61.0 (`gemini skills list` offline, see
benchmarks/oracles/gemini_oracle.py): the fixtures are ours, the words are the tool's, without its
`Agent loading error: Failed to load agent from <path>: ` prefix and with one issue per message.
"""

from __future__ import annotations

import pytest

from agent_lsp.core.dialects import Dialect
from agent_lsp.core.loaders import LOADERS
from agent_lsp.core.loaders.gemini import read_agent, read_skill
from agent_lsp.core.model import Document
from agent_lsp.core.verdicts import Outcome, Verdict

AGENT = ".gemini/agents/reviewer.md"
SKILL = ".gemini/skills/pdf/SKILL.md"
HEAD = "Validation failed: Agent Definition: "


def agent(text: str, path: str = AGENT) -> Verdict:
    return read_agent(Document(text, path), Dialect.GEMINI_AGENT)


def skill(text: str, path: str = SKILL) -> Verdict:
    return read_skill(Document(text, path), Dialect.GEMINI_SKILL)


def texts(verdict: Verdict) -> list[str]:
    return list(dict.fromkeys(message.text for message in verdict.messages))


def test_the_loaders_are_registered() -> None:
    assert LOADERS[Dialect.GEMINI_AGENT] is read_agent
    assert LOADERS[Dialect.GEMINI_SKILL] is read_skill


def test_a_valid_local_agent_loads_under_its_name() -> None:
    # observed with gemini-cli 0.61.0: every key of the local schema, wildcards and MCP tool names
    text = ("---\nname: ok_full-2\ndescription: Full.\nkind: local\ndisplay_name: Full\ntools:\n  - read_file\n"
            "  - grep_search\n  - '*'\n  - mcp_*\n  - mcp_github_*\n  - mcp_my-server_get_issue\n"
            "  - discovered_tool_x\n  - search_file_content\nmodel: gemini-3-flash-preview\ntemperature: 0.2\n"
            "max_turns: 10\ntimeout_mins: 5\nmcp_servers:\n  local:\n    command: node\n    args: [server.js]\n"
            "    type: http\n---\nBody\n")
    verdict = agent(text)
    assert verdict.outcome is Outcome.LOADS and verdict.messages == ()
    assert verdict.loaded_name == "ok_full-2"


@pytest.mark.parametrize(("text", "expected"), [
    # observed with gemini-cli 0.61.0: zod's union reports a "dirty" local branch alone, unprefixed
    ("---\nname: color\ndescription: x\ncolor: blue\n---\n", [HEAD + "Unrecognized key(s) in object: 'color'"]),
    ("---\nname: mcps\ndescription: x\nmcpServers: {}\n---\n", [HEAD + "Unrecognized key(s) in object: 'mcpServers'"]),
    ("---\nname: ik\ndescription: x\n2: two\nzeta: z\n1: one\n---\n",
     [HEAD + "Unrecognized key(s) in object: '1', '2', 'zeta'"]),
    ("---\nname: ct\ndescription: x\ntools: [Read, read_file, Bash]\n---\n",
     [HEAD + "tools.0: Invalid tool name", HEAD + "tools.2: Invalid tool name"]),
    ("---\nname: mw\ndescription: x\ntools: [mcp__github__get, mcp_bad server_x, mcp__x]\n---\n",
     [HEAD + f"tools.{index}: Invalid tool name" for index in range(3)]),
    ("---\nname: Code Reviewer\ndescription: x\n---\n", [HEAD + "name: Name must be a valid slug"]),
    ('---\nname: ed\ndescription: ""\n---\n', [HEAD + "description: String must contain at least 1 character(s)"]),
    ("---\nname: ft\ndescription: x\nmax_turns: 2.5\n---\n", [HEAD + "max_turns: Expected integer, received float"]),
    ("---\nname: zt\ndescription: x\ntimeout_mins: 0\n---\n", [HEAD + "timeout_mins: Number must be greater than 0"]),
    ("---\nname: mk\ndescription: x\ntools: [read_file]\nagent_card_url: https://x.y\n---\n",
     [HEAD + "Unrecognized key(s) in object: 'agent_card_url'"]),
    ("---\nname: rjb\nagent_card_json: '{not json'\n---\n", [HEAD + "agent_card_json: agent_card_json must be valid JSON"]),
    # observed with gemini-cli 0.61.0: every branch fails hard; local keys hide the remote branches
    ("---\nname: tsc\ndescription: x\ntools: Read, Grep\ncolor: blue\n---\n",
     [HEAD + "(Local Agent) tools: Expected array, received string",
      HEAD + "(Local Agent) Unrecognized key(s) in object: 'color'"]),
    ("---\nname: nm\ndescription: x\nmodel:\n---\n", [HEAD + "(Local Agent) model: Expected string, received null"]),
    ("---\nname: st\ndescription: x\ntemperature: hot\n---\n",
     [HEAD + "(Local Agent) temperature: Expected number, received string"]),
    ("---\nname: tn\ndescription: x\ntools: [read_file, 3]\n---\n",
     [HEAD + "(Local Agent) tools.1: Expected string, received number"]),
    ("---\ndescription: x\ntools: [read_file]\n---\n", [HEAD + "(Local Agent) name: Required"]),
    ("---\nname: ms\ndescription: x\nmcp_servers: none\n---\n",
     [HEAD + "(Local Agent) mcp_servers: Expected object, received string"]),
    # observed with gemini-cli 0.61.0: no hint of the kind: every branch is printed
    ("---\nname: dd\ndescription: 2024-01-01\n---\n",
     [HEAD + "(Local Agent) description: Expected string, received date",
      HEAD + "(Remote Agent) description: Expected string, received date",
      HEAD + "(Remote Agent) agent_card_url: Required", HEAD + "(Remote Agent) agent_card_json: Required"]),
    ("---\nname: kf\ndescription: x\nkind: foo\n---\n",
     [HEAD + '(Local Agent) kind: Invalid literal value, expected "local"',
      HEAD + '(Remote Agent) kind: Invalid literal value, expected "remote"',
      HEAD + "(Remote Agent) agent_card_url: Required", HEAD + "(Remote Agent) agent_card_json: Required"]),
    ("---\njust text\n---\n", [HEAD + "(Local Agent) Expected object, received string",
                                 HEAD + "(Remote Agent) Expected object, received string"]),
    ("---\n\n---\nbody\n", [HEAD + "(Local Agent) Required", HEAD + "(Remote Agent) Required"]),
    ("---\nkind: remote\nname: rb\ndescription: x\n---\n",
     [HEAD + "(Remote Agent) agent_card_url: Required", HEAD + "(Remote Agent) agent_card_json: Required"]),
])
def test_schema_errors_drop_the_agent_with_zods_words(text: str, expected: list[str]) -> None:
    verdict = agent(text)
    assert verdict.outcome is Outcome.DROPS
    assert texts(verdict) == expected
    assert all(message.quoted for message in verdict.messages)


@pytest.mark.parametrize(("text", "expected"), [
    # observed with gemini-cli 0.61.0 (js-yaml 4): the first line of its message, positions in the frontmatter
    ("---\nname: colon\ndescription: Use when: x\n---\n", "bad indentation of a mapping entry (2:22)"),
    ("---\nname: dup\ndescription: x\nname: dup2\n---\n", "duplicated mapping key (3:1)"),
    ('---\nname: uq\ndescription: "abc\n---\n', "unexpected end of the stream within a double quoted scalar (3:1)"),
    ("---\nname: fu\ndescription: x\ntools: [read_file\n---\n",
     "unexpected end of the stream within a flow collection (4:1)"),
    ("---\nname: ut\ndescription: !foo x\n---\n", "unknown tag !<!foo> (2:20)"),
    ("---\nname: al\ndescription: *x\n---\n", 'unidentified alias "x" (2:16)'),
])
def test_yaml_errors_drop_the_agent_with_js_yamls_words(text: str, expected: str) -> None:
    verdict = agent(text)
    assert texts(verdict) == [f"YAML frontmatter parsing failed: {expected}"]
    assert verdict.outcome is Outcome.DROPS and verdict.messages[0].quoted


def test_a_yaml_error_is_placed_on_its_mark() -> None:
    text = "---\nname: colon\ndescription: Use when: x\n---\n"
    message = agent(text).messages[0]
    assert text[message.start] == ":" and message.start == text.index("when:") + 4


@pytest.mark.parametrize("text", [
    "Just a body\n",
    "---\n---\nbody\n",  # the regex needs a line between the fences
    "---\nname: nc\ndescription: x\n",
    "\ufeff---\nname: bom\ndescription: x\n---\n",  # Node keeps the BOM; the regex is anchored
])
def test_no_frontmatter_drops_the_agent(text: str) -> None:
    # observed with gemini-cli 0.61.0
    verdict = agent(text)
    assert verdict.outcome is Outcome.DROPS
    assert verdict.messages[0].text.startswith("Invalid agent definition: Missing mandatory YAML frontmatter.")


@pytest.mark.parametrize("text", [
    "---\nname: bs\ndescription: |\n  Multi\n  line\n---\n",
    "---\nname: ddf\ndescription: x\n--- \nbody\n",
    "---\nkind: remote\nname: remote-ok\nagent_card_url: https://example.com/card.json\n---\n",
    "---\n- name: a\n  kind: remote\n  agent_card_url: https://x.y/c\n---\n",  # a list of remote agents
])
def test_these_agents_load(text: str) -> None:
    # observed with gemini-cli 0.61.0
    assert agent(text).outcome is Outcome.LOADS


def test_crlf_files_are_read_like_lf_files() -> None:
    # observed with gemini-cli 0.61.0
    verdict = agent("---\r\nname: crlf\r\ndescription: x\r\ncolor: red\r\n---\r\n")
    assert texts(verdict) == [HEAD + "Unrecognized key(s) in object: 'color'"]


def test_unknown_keys_are_each_placed_on_the_key() -> None:
    text = "---\nname: a\ndescription: x\ncolor: blue\nmemory: user\n---\n"
    verdict = agent(text)
    assert [text[m.start:m.end] for m in verdict.messages] == ["color", "memory"]
    assert [m.key for m in verdict.messages] == ["color", "memory"]


def test_a_bad_tool_is_placed_on_the_list_item() -> None:
    text = "---\nname: a\ndescription: x\ntools:\n  - read_file\n  - Read\n---\n"
    (message,) = agent(text).messages
    assert text[message.start:message.end] == "Read" and message.key == "tools"


def test_files_starting_with_underscore_are_never_read() -> None:
    # observed with gemini-cli 0.61.0: no error is printed for `_private.md`, whatever it holds
    verdict = agent("---\nname: p\ncolor: x\n---\n", ".gemini/agents/_private.md")
    assert verdict.outcome is Outcome.DROPS and not verdict.messages[0].quoted


def test_skill_names_are_sanitised() -> None:
    # observed with gemini-cli 0.61.0: listed as "Bad Name- with-slash"
    verdict = skill("---\nname: Bad Name: with/slash\ndescription: x\n---\n")
    assert verdict.outcome is Outcome.LOADS and verdict.loaded_name == "Bad Name- with-slash"


@pytest.mark.parametrize(("text", "name"), [
    # observed with gemini-cli 0.61.0: js-yaml fails, the line parser reads name and description
    ("---\nname: colon\ndescription: Use when: x\n---\n", "colon"),
    ("---\nname: fb\ndescription: first: part\n  second line\n  third\nother: [x\n---\n", "fb"),
    ("---\nname: 123\ndescription: x\n---\n", "123"),  # not a string for js-yaml: the line parser's text
    ("---\nname: dup\ndescription: x\nname: dup2\n---\n", "dup2"),  # duplicated key: the last line wins
    ("---\nname: nul\ndescription:\n---\n", "nul"),  # the line parser's empty description is enough
    ('---\nname: ed\ndescription: ""\n---\n', "ed"),
])
def test_skills_load_through_the_line_fallback(text: str, name: str) -> None:
    verdict = skill(text)
    assert verdict.outcome is Outcome.LOADS and verdict.loaded_name == name


@pytest.mark.parametrize(("text", "shown"), [
    # observed with gemini-cli 0.61.0: listed with descriptions `> folded: text` and `"quoted: value" tail`
    ("---\nname: ff\ndescription: >\n  folded: text\nbad: a: b\n---\n", "> folded: text"),
    ('---\nname: fq\ndescription: "quoted: value" tail\n---\n', '"quoted: value" tail'),
])
def test_the_line_fallback_reads_block_scalars_and_quotes_as_written(text: str, shown: str) -> None:
    verdict = skill(text)
    assert verdict.outcome is Outcome.DAMAGED
    assert verdict.messages[0].text.endswith(f"the description is `{shown}`")


@pytest.mark.parametrize("text", [
    "---\ndescription: x\n---\n",
    "---\nname: nd\n---\n",
    "just body\n",
    "\ufeff---\nname: bom\ndescription: x\n---\n",
    "---\nname: unc\ndescription: x\n",
])
def test_skills_without_name_description_or_frontmatter_are_skipped_silently(text: str) -> None:
    # observed with gemini-cli 0.61.0: not listed, nothing printed
    verdict = skill(text)
    assert verdict.outcome is Outcome.DROPS and not verdict.messages[0].quoted


def _fixed(text: str, verdict: Verdict, title_start: str) -> str:
    fix = next(f for m in verdict.messages for f in m.fixes if f.title.startswith(title_start))
    (edit,) = fix.edits
    return text[:edit.start_offset] + edit.new_text + text[edit.end_offset:]


def test_an_unknown_key_has_a_safe_fix_that_removes_it_and_the_agent_then_loads() -> None:
    text = "---\nname: a\ndescription: b\ncolor: blue\nhooks:\n  Stop: []\n---\nbody\n"
    fixed = _fixed(_fixed(text, agent(text), "Remove `color`"), agent(_fixed(text, agent(text), "Remove `color`")),
                   "Remove `hooks`")
    assert fixed == "---\nname: a\ndescription: b\n---\nbody\n"
    assert agent(fixed).outcome is Outcome.LOADS


def test_a_tools_string_has_an_unsafe_fix_to_a_list_of_gemini_tools() -> None:
    text = "---\nname: a\ndescription: b\ntools: Read, Grep, Bash\n---\nbody\n"
    verdict = agent(text)
    fixed = _fixed(text, verdict, "Write `tools`")
    assert fixed == "---\nname: a\ndescription: b\ntools:\n  - read_file\n  - grep_search\n  - run_shell_command\n---\nbody\n"
    assert agent(fixed).outcome is Outcome.LOADS


def test_removing_a_nested_key_leaves_the_next_key_alone() -> None:
    text = "---\nname: a\ndescription: b\nagpm:\n  templating: true\ndependencies:\n  snippets:\n    - x\n---\nbody\n"
    verdict = agent(text)
    assert _fixed(text, verdict, "Remove `agpm`") == (
        "---\nname: a\ndescription: b\ndependencies:\n  snippets:\n    - x\n---\nbody\n")
    assert _fixed(text, verdict, "Remove `dependencies`") == (
        "---\nname: a\ndescription: b\nagpm:\n  templating: true\n---\nbody\n")


def test_an_agent_named_like_a_built_in_one_is_ignored() -> None:
    # observed with gemini-cli 0.61.0 (an agent in ~/.gemini/agents; project agents once acknowledged)
    text = "---\nname: generalist\ndescription: mine\n---\nbody\n"
    (message,) = agent(text).messages
    assert message.outcome is Outcome.DROPS and message.quoted
    assert message.text == ("Duplicate agent name 'generalist' detected. The later definition will be ignored. "
                            "Rename one of the agents to avoid this conflict.")
    assert text[message.start:message.end] == "generalist"
    assert agent("---\nname: browser_agent\ndescription: mine\n---\n").outcome is Outcome.LOADS  # off by default
