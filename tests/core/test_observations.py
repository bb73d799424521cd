"""What Claude Code 2.1.330's loader did with hand-made files, reproduced with equivalent files of our own.

Each test mirrors one observation (a row of the observation table the project was built from, or a
loader fact pinned by a later experiment): an ERROR finding exactly where Claude Code refused to load the
agent, no ERROR where it loaded it, and the specific rule that explains what happened.
"""

from __future__ import annotations

from agent_lsp.core.analysis import Context, analyse
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.findings import Severity
from agent_lsp.core.model import Document
from agent_lsp.core.workspace import build_index, summarise
from tests.helpers import AGENT_PATH, COMMAND_PATH, codes, errors, findings, frontmatter, only, render, run

PLUGIN = "toolkit/agents/"


def _span(finding) -> tuple[int, int, int, int]:
    """0-based (start line, start column, end line, end column), as the API reports them."""
    span = finding.span
    return span.start.line, span.start.column, span.end.line, span.end.column


def assert_loads(text: str, path: str = AGENT_PATH, **kwargs) -> list[str]:
    """Assert Claude Code loads the file (no ERROR); return the codes reported."""
    found = findings(text, path, **kwargs)
    assert not [f for f in found if f.severity is Severity.ERROR], [render(f) for f in found]
    return [f.code for f in found]


def assert_refused(text: str, code: str, span: tuple[int, int, int, int], path: str = AGENT_PATH) -> None:
    """Assert exactly one ERROR, with `code`, at `span` (0-based)."""
    found = errors(text, path)
    assert [f.code for f in found] == [code], [render(f) for f in findings(text, path)]
    assert _span(found[0]) == span, render(found[0])


# ---------------------------------------------------------------------------------------------- batch 1


def test_unquoted_generator_style_description_loads_through_the_retry() -> None:
    text = frontmatter(
        "name: data-engineer",
        'description: Use this agent for pipelines and warehouses. \\n\\nExamples:\\n- User: "Load the CSV"\\n  '
        'Assistant: "Running data-engineer" <commentary>ETL work</commentary>',
        "model: sonnet",
        "color: green",
        "skills: etl-basics, sql-style",
    )
    assert assert_loads(text) == ["FM007"]
    analysis = run(text)
    assert analysis.model.mapping["skills"] == "etl-basics, sql-style"
    assert "\\n" in analysis.model.mapping["description"]  # YAML keeps it; Claude Code turns it into newlines


def test_multiline_description_with_unindented_context_lines_is_refused() -> None:
    text = frontmatter("name: pr-helper", "description: Use this agent on pull requests. Samples:", "<example>",
                       "Situation: a PR is opened", 'user: "Check PR 12"', "</example>", "model: haiku")
    assert_refused(text, "FM005", (2, 53, 2, 54))  # the colon YAML stops at


def test_indented_multiline_plain_scalar_and_block_list_load() -> None:
    text = frontmatter("name: folding", "description: Use this agent when planning a release", "  and when writing notes",
                       "tools:", "  - Read", "  - Glob")
    assert assert_loads(text) == []
    assert run(text).model.mapping["description"] == "Use this agent when planning a release and when writing notes"


def test_hash_truncates_the_description() -> None:
    text = frontmatter("name: issue-bot", "description: Fixes bug #101 in the F# parser")
    assert assert_loads(text) == ["FM010"]
    assert run(text).model.mapping["description"] == "Fixes bug"
    assert _span(only(findings(text), "FM010")) == (2, 23, 2, 44)  # from ` #` to the end of the line


def test_dashes_inside_a_value_end_the_frontmatter() -> None:
    text = frontmatter("name: stages", "description: Lint first --- test after", "model: opus")
    assert assert_loads(text) == ["FM004"]
    model = run(text).model
    assert model.mapping == {"name": "stages", "description": "Lint first"}  # `model` became body text
    finding = only(findings(text), "FM004")
    assert _span(finding) == (2, 24, 2, 27)
    assert "model" in finding.message


def test_invalid_enum_values_and_skill_keys_load_with_warnings() -> None:
    text = frontmatter("name: odd-values", "description: Values Claude Code ignores", "color: white",
                       "permissionMode: never", "model: gpt-4o", "maxTurns: many", "memory: everywhere",
                       "isolation: docker", "effort: ultra", "background: perhaps", "allowed-tools: Read",
                       "tools: Read, Grpe, Bash(npm test:*), mcp__jira__*")
    found = findings(text)
    assert not [f for f in found if f.severity is Severity.ERROR]
    assert [f.code for f in found] == ["KY002", "KY002", "KY006", "KY002", "KY002", "KY002", "KY002", "KY002",
                                       "KY001", "TL002", "TL005"]
    assert "did you mean `tools`" in only(found, "KY001").message
    assert all(f.severity is Severity.WARNING for f in found)


def test_name_with_colon_is_refused() -> None:
    assert_refused(frontmatter("name: my:helper", "description: Colon in the name"), "AG003", (1, 6, 1, 15))


def test_name_starting_with_dash_is_refused() -> None:
    assert_refused(frontmatter("name: -helper", "description: Dash first"), "AG003", (1, 6, 1, 13))


def test_missing_name_with_agent_keys_is_an_error() -> None:
    # Claude Code skips the file without a word: the agent does not exist, which is an error.
    assert_refused(frontmatter("description: An agent without a name", "model: sonnet"), "AG008", (0, 0, 0, 3))


def test_missing_name_in_documentation_frontmatter_is_a_note() -> None:
    text = frontmatter("title: Release plan", "description: What ships next", "status: draft", "tags: [a, b]")
    assert assert_loads(text) == ["AG001"]
    assert only(findings(text), "AG001").severity is Severity.INFORMATION


def test_missing_description_is_refused() -> None:
    assert_refused(frontmatter("name: undescribed", "model: haiku"), "AG005", (1, 0, 1, 17))


def test_crlf_with_a_value_needing_the_retry_is_refused() -> None:
    text = frontmatter("name: crlf-helper", "description: Handles deploys: staging and prod", newline="\r\n")
    assert_refused(text, "FM005", (2, 28, 2, 29))  # the colon YAML stops at
    assert "CRLF" in only(findings(text), "FM005").message


def test_tab_indented_list_loads() -> None:
    text = frontmatter("name: tabs", "description: Tabs before list items", "tools:", "\t- Read", "\t- Edit")
    assert assert_loads(text) == ["FM007", "FM007"]
    assert run(text).model.mapping["tools"] == ["Read", "Edit"]


def test_literal_block_scalar_description_loads() -> None:
    text = frontmatter("name: literal", "description: |", "  Use this agent when: auditing.", "  Samples: many")
    assert assert_loads(text) == []
    assert run(text).model.mapping["description"] == "Use this agent when: auditing.\nSamples: many\n"


def test_uppercase_and_underscore_name_loads() -> None:
    assert assert_loads(frontmatter("name: Data_Helper", "description: Mixed-case name")) == ["AG004"]


def test_pretooluse_hook_as_text_is_refused() -> None:
    text = frontmatter("name: text-hook", "description: A hook written as text", "hooks:", "  PreToolUse: ./check.sh")
    assert_refused(text, "HK001", (4, 14, 4, 24))


def test_flow_lists_load() -> None:
    text = frontmatter("name: flows", "description: Flow lists", "tools: [Read, Grep, Edit]", "skills: [etl, sql]")
    assert assert_loads(text) == []
    assert run(text).model.mapping["tools"] == ["Read", "Grep", "Edit"]


def test_value_that_only_starts_quoted_loads_through_the_retry() -> None:
    text = frontmatter("name: half-quoted", 'description: "Begins quoted" then goes on: here')
    assert assert_loads(text) == ["FM007"]
    assert run(text).model.mapping["description"] == '"Begins quoted" then goes on: here'


# ---------------------------------------------------------------------------------------------- batch 2


def test_duplicate_names_in_one_agents_folder_tree() -> None:
    first = (".claude/agents/alpha.md", frontmatter("name: twin", "description: First twin"))
    second = (".claude/agents/nested/beta.md", frontmatter("name: twin", "description: Second twin"))
    other_root = ("apps/api/.claude/agents/gamma.md", frontmatter("name: twin", "description: Elsewhere"))
    index = build_index(summarise(path, text, Dialect.AGENT) for path, text in (first, second, other_root))
    for path, text in (first, second):
        found = findings(text, path, workspace=index)
        assert [f.code for f in found] == ["WS002"]
        assert found[0].severity is Severity.WARNING  # one of them still loads
        assert _span(found[0]) == (1, 6, 1, 10)
        assert len(found[0].related) == 1
    assert findings(other_root[1], other_root[0], workspace=index) == []


def test_unknown_keys_load_with_hints() -> None:
    text = frontmatter("name: keys", "description: Keys from other tools", "mode: primary", "disallowed-tools: Edit",
                       "allowedTools: Grep", "whenToUse: rarely", "temperature: 0.7")
    found = findings(text)
    assert [f.code for f in found] == ["KY001"] * 5
    assert all(f.severity is Severity.WARNING for f in found)
    hints = [f.message for f in found]
    assert "did you mean" not in hints[0]  # Claude Code gives no hint for `mode` either
    assert "did you mean `disallowedTools`" in hints[1]
    assert "did you mean `tools`" in hints[2]
    assert "did you mean `description`" in hints[3]


def test_numeric_description_is_refused() -> None:
    assert_refused(frontmatter("name: numbers", "description: 4242"), "AG005", (2, 0, 2, 17))


def test_numeric_name_is_ignored_as_missing_which_is_an_error() -> None:
    assert_refused(frontmatter("name: 4242", "description: A number for a name"), "AG002", (1, 6, 1, 10))


def test_blank_line_before_agent_frontmatter_is_an_error() -> None:
    text = "\n" + frontmatter("name: blank-first", "description: Starts late")
    assert_refused(text, "AG008", (0, 0, 1, 3))
    assert "blank line" in only(findings(text), "AG008").message


def test_blank_line_before_documentation_frontmatter_is_a_warning() -> None:
    text = "\n---\ntitle: Notes\nstatus: draft\n---\n# Notes\n"
    assert assert_loads(text) == ["FM002"]
    assert only(findings(text), "FM002").severity is Severity.WARNING


def test_unclosed_agent_frontmatter_is_an_error() -> None:
    text = "---\nname: open\ndescription: Never closed\n\nYou help.\nNote: not a key\n"
    assert_refused(text, "AG008", (0, 0, 0, 3))
    assert "never closed" in only(findings(text), "AG008").message


def test_bom_is_stripped() -> None:
    text = "\ufeff" + frontmatter("name: with-bom", "description: Saved with a BOM")
    assert assert_loads(text) == []
    assert run(text).model.mapping["name"] == "with-bom"


def test_name_over_256_characters_is_refused() -> None:
    name = "n" * 300
    assert_refused(frontmatter(f"name: {name}", "description: Long"), "AG003", (1, 6, 1, 306))
    assert assert_loads(frontmatter(f"name: {'n' * 256}", "description: Long")) == []


def test_undocumented_but_accepted_values_load_without_warnings() -> None:
    text = frontmatter("name: accepted", "description: Accepted forms", "permissionMode: manual", "effort: 4",
                       'maxTurns: "12"', 'background: "false"', "isolation: remote")
    assert findings(text) == []


def test_escaped_newlines_in_quoted_agent_descriptions_load() -> None:
    double = frontmatter("name: dq", 'description: "First\\nSecond with a literal: \\\\n end"')
    single = frontmatter("name: sq", "description: 'Single quoted \\n and a colon: here'")
    assert findings(double) == []
    assert findings(single) == []


def test_skill_with_broken_yaml_loads_without_metadata() -> None:
    text = frontmatter("name: broken-skill", "description: Does things. Samples:", "<example>", "Situation: y",
                       "</example>", body="First paragraph of the body.\n")
    path = ".claude/skills/broken-skill/SKILL.md"
    assert assert_loads(text, path) == ["FM006"]
    assert only(findings(text, path), "FM006").severity is Severity.WARNING


def test_skill_name_differing_from_directory_loads() -> None:
    text = frontmatter("name: display-name", "description: Name differs from its folder")
    assert assert_loads(text, ".claude/skills/Folder_Name/SKILL.md") == ["SK002"]


def test_escaped_newline_in_skill_and_command_is_kept_literally() -> None:
    command = frontmatter("description: Ship it\\nthen tell the team", "argument-hint: '[target]'",
                          body="Ship $ARGUMENTS.\n")
    skill = frontmatter("name: esc", "description: Does a thing.\\nThen another.")
    assert assert_loads(command, COMMAND_PATH) == ["KY004"]
    assert assert_loads(skill, ".claude/skills/esc/SKILL.md") == ["KY004"]
    finding = only(findings(command, COMMAND_PATH), "KY004")
    assert finding.severity is Severity.INFORMATION
    assert _span(finding) == (1, 20, 1, 22)
    # In an agent the same text is fine: Claude Code turns `\n` into a newline.
    assert findings(frontmatter("name: esc", "description: Does a thing.\\nThen another.")) == []


# ---------------------------------------------------------------------------------------------- batch 3


def test_value_wrapped_in_quotes_with_unescaped_inner_quotes_is_refused() -> None:
    assert_refused(frontmatter("name: inner", 'description: "Run "make" first"'), "FM005", (2, 19, 2, 24))


def test_colon_and_hash_together_load_untruncated() -> None:
    text = frontmatter("name: both", "description: Use when: the #release tag is pushed")
    assert assert_loads(text) == ["FM007"]
    assert run(text).model.mapping["description"] == "Use when: the #release tag is pushed"


def test_duplicate_keys_last_wins() -> None:
    text = frontmatter("name: dupes", "description: earlier", "description: later")
    assert assert_loads(text) == ["FM013"]
    assert run(text).model.mapping["description"] == "later"
    assert _span(only(findings(text), "FM013")) == (3, 0, 3, 11)


def test_comma_list_without_spaces_loads() -> None:
    assert findings(frontmatter("name: commas", "description: Tight list", "tools: Grep,Glob,Read")) == []


def test_leading_star_and_at_load_through_the_retry() -> None:
    star = frontmatter("name: star", "description: *Urgent* reviews only")
    at = frontmatter("name: at", "description: @team-style description")
    assert assert_loads(star) == ["FM007"]
    assert assert_loads(at) == ["FM007"]
    assert run(star).model.mapping["description"] == "*Urgent* reviews only"


def test_leading_anchor_is_dropped() -> None:
    text = frontmatter("name: anchor", "description: &x Anchored words")
    assert assert_loads(text) == ["FM011"]
    assert run(text).model.mapping["description"] == "Anchored words"


def test_indented_continuation_lines_with_colons_are_refused() -> None:
    text = frontmatter("name: indented", "description: Use this agent on diffs. Samples:", "  <example>",
                       "  Situation: a diff", '  user: "Look"', "  </example>")
    assert_refused(text, "FM005", (2, 45, 2, 46))


# ---------------------------------------------------------------------------------------------- batch 4


def test_plugin_agent_with_broken_frontmatter_loads_as_placeholder() -> None:
    text = frontmatter("name: flaky", "description: Use this agent when Z. Samples:", "<example>", "Situation: q",
                       "</example>")
    found = findings(text, PLUGIN + "flaky.md", dialect=Dialect.PLUGIN_AGENT)
    assert [f.code for f in found] == ["FM006"]
    assert found[0].severity is Severity.WARNING


def test_plugin_agent_without_frontmatter_loads_as_placeholder() -> None:
    text = "# Infra reviewer\nReviews Terraform.\n"
    found = findings(text, PLUGIN + "infra.md", dialect=Dialect.PLUGIN_AGENT)
    assert [f.code for f in found] == ["AG006"]
    assert found[0].severity is Severity.WARNING
    assert "`infra`" in found[0].message


def test_plugin_agent_detected_from_plugin_roots() -> None:
    document = Document("# Infra reviewer\nReviews Terraform.\n", "toolkit/agents/infra.md")
    analysis = analyse(document, Context(plugin_roots=frozenset({"toolkit"})))
    assert analysis.dialect is Dialect.PLUGIN_AGENT
    assert [f.code for f in analysis.findings] == ["AG006"]


def test_plugin_agent_permission_mode_and_hooks_are_ignored() -> None:
    text = frontmatter("name: sec", "description: Security review", "permissionMode: plan", "hooks:", "  Stop:",
                       "    - hooks:", "        - type: command", "          command: echo finished", "color: red")
    found = findings(text, PLUGIN + "review/sec.md", dialect=Dialect.PLUGIN_AGENT)
    assert [f.code for f in found] == ["KY005", "KY005"]
    assert [_span(f)[:2] for f in found] == [(3, 0), (4, 0)]
    assert all(f.severity is Severity.WARNING for f in found)


# ---------------------------------------------------------------------------------------------- batch 5


def test_tools_map_true_and_empty_give_zero_tools() -> None:
    tools_map = frontmatter("name: tmap", "description: Map", "mode: subagent", "tools:", "  edit: false",
                            "  bash: true")
    assert assert_loads(tools_map) == ["KY001", "TL001"]
    for value in ("tools: true", "tools:", "tools: []", "tools: false"):
        found = findings(frontmatter("name: zero", "description: Zero tools", value))
        assert [f.code for f in found] == ["TL001"], value
        assert found[0].severity is Severity.WARNING


def test_star_and_disallowed_tools_are_fine() -> None:
    assert findings(frontmatter("name: star", "description: All", 'tools: "*"')) == []
    assert findings(frontmatter("name: minus", "description: All but two", "disallowedTools: Edit, Write")) == []
    assert findings(frontmatter("name: block", "description: Two", "tools:", "  - Grep", "  - Glob")) == []


def test_specifiers_grant_the_whole_tool_and_unknown_names_are_dropped() -> None:
    spaces = frontmatter("name: sp", "description: Space separated", "tools: Read Glob Bash(npm run *)")
    mixed = frontmatter("name: mx", "description: Mixed", "tools: Read, Bash(make:*), Gerp")
    assert codes(spaces) == ["TL005"]
    assert codes(mixed) == ["TL005", "TL002"]
    assert "`Grep`" in only(findings(mixed), "TL002").message


def test_models() -> None:
    for model in ("haiku", "opus", "INHERIT", "claude-haiku-4-5-20251001"):
        assert findings(frontmatter("name: m", "description: Model", f"model: {model}")) == [], model
    found = findings(frontmatter("name: m", "description: Model", "model: llama-3"))
    assert [f.code for f in found] == ["KY006"]
    assert found[0].severity is Severity.WARNING


# ------------------------------------------------------------------------- loader facts pinned later


def _description(value: str) -> str:
    return frontmatter("name: typed", f"description: {value}")


def test_yaml_1_2_yes_is_a_string() -> None:
    assert findings(_description("yes")) == []
    assert findings(_description("No")) == []
    assert findings(_description("on")) == []


def test_yaml_1_2_non_strings_are_refused_as_descriptions() -> None:
    for value in ("true", "~", "0o17", ".inf", "null", "-12", "3.5e2", "0x1F", "FALSE"):
        found = errors(_description(value))
        assert [f.code for f in found] == ["AG005"], value
        assert _span(found[0])[:2] == (2, 0), value


def test_yaml_1_2_name_typing() -> None:
    assert codes(frontmatter("name: true", "description: d")) == ["AG002"]
    assert codes(frontmatter("name: ~", "description: d")) == ["AG008"]
    assert assert_loads(frontmatter("name: 1_000", "description: d")) == ["AG004"]  # a string in YAML 1.2
    assert assert_loads(frontmatter("name: 0b101", "description: d")) == []  # no binary ints in YAML 1.2
    assert codes(frontmatter("name: 017", "description: d")) == ["AG002"]  # decimal 17 in YAML 1.2


def test_control_character_in_a_value_loads() -> None:
    text = _description("ring the \x07 bell")
    assert findings(text) == []
    assert run(text).model.mapping["description"] == "ring the \x07 bell"


def test_nul_in_frontmatter_is_refused() -> None:
    text = _description("a \x00 b")
    assert [f.code for f in errors(text)] == ["FM005"]


def test_line_separator_inside_an_unquoted_value_with_a_colon_after_it_is_refused() -> None:
    text = _description("first\u2028second: part")
    assert [f.code for f in errors(text)] == ["FM005"]
    # Without the `: ` after it, U+2028 is an ordinary character for Bun's YAML 1.2 parser.
    plain = _description("first\u2028second part")
    assert findings(plain) == []
    assert run(plain).model.mapping["description"] == "first\u2028second part"


def test_hooks_as_text_is_refused() -> None:
    text = frontmatter("name: h", "description: d", "hooks: ./everything.sh")
    assert_refused(text, "HK001", (3, 7, 3, 22))


def test_stop_hook_as_text_is_only_a_warning() -> None:
    text = frontmatter("name: h", "description: d", "hooks:", "  Stop: ./finish.sh")
    found = findings(text)
    assert [f.code for f in found] == ["HK002"]
    assert found[0].severity is Severity.WARNING


def test_pretooluse_hook_without_command_is_refused() -> None:
    text = frontmatter("name: h", "description: d", "hooks:", "  PreToolUse:", "    - matcher: Write",
                       "      hooks:", "        - type: command")
    found = errors(text)
    assert [f.code for f in found] == ["HK001"]
    assert "needs `command`" in found[0].message


def test_nested_hooks_list_is_refused_but_empty_one_is_not() -> None:
    refused = frontmatter("name: h", "description: d", "related:", "  hooks: [lint-on-save]")
    assert_refused(refused, "HK003", (4, 2, 4, 7))
    assert not errors(frontmatter("name: h", "description: d", "related:", "  hooks: []"))


def test_non_guard_hook_event_at_the_top_level_is_only_unknown() -> None:
    text = frontmatter("name: h", "description: d", "PostToolUse:", "  - matcher: Edit")
    found = findings(text)
    assert [f.code for f in found] == ["KY001"]
    assert found[0].severity is Severity.WARNING
    assert_refused(frontmatter("name: h", "description: d", "PermissionRequest:", "  - matcher: Bash"),
                   "HK003", (3, 0, 3, 17))


def test_tag_anchor_and_comment_traps() -> None:
    assert codes(_description("!critical Review every change")) == ["FM012"]
    assert codes(_description("&anchor Review every change")) == ["FM011"]
    assert codes(_description("Closes issue #7")) == ["FM010"]


def test_empty_quoted_description_is_refused_but_whitespace_loads() -> None:
    assert [f.code for f in errors(_description('""'))] == ["AG005"]
    assert [f.code for f in errors(_description("''"))] == ["AG005"]
    assert findings(_description('"  "')) == []
