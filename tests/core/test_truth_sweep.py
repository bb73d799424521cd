"""Issue 12 (truth sweep): each test reproduces one wrong position, message or missing result."""

from __future__ import annotations

from tests.helpers import COMMAND_PATH, SKILL_PATH, findings, render


def _one(found, code):
    matching = [f for f in found if f.code == code]
    assert len(matching) == 1, [render(f) for f in found]
    return matching[0]


def _text_at(text: str, finding) -> str:
    return text[finding.span.start_offset : finding.span.end_offset]


# ---------------------------------------------------------------------------------------------- positions


def test_unknown_tool_in_a_tab_indented_list_is_underlined_where_written() -> None:
    text = "---\nname: t\ndescription: d\ntools:\n\t- Read\n\t- Reed\n---\n"
    finding = _one(findings(text), "TL002")
    assert _text_at(text, finding) == "Reed"
    assert finding.span.start.line == 5


def test_unclosed_quote_is_underlined_from_the_quote_not_on_the_next_lines() -> None:
    text = '---\nname: t\ndescription: "never closed\ncolor: x\nmodel: sonnet\n---\nBody\n'
    finding = _one(findings(text), "FM005")
    assert _text_at(text, finding) == '"never closed'


def test_yaml_error_starts_at_the_token_the_parser_names_not_at_column_0() -> None:
    text = "---\nname: t\ndescription: Use it. Examples:\n<example>\nContext: a\n</example>\n---\n"
    finding = _one(findings(text), "FM005")
    assert finding.span.start.column > 0
    assert _text_at(text, finding) == ":"
    assert finding.span.start_offset == text.index("Examples:") + len("Examples")


def test_hook_error_underlines_the_bad_value_not_the_whole_entry() -> None:
    text = ("---\nname: t\ndescription: d\nhooks:\n  PreToolUse:\n    - matcher: [Bash]\n      hooks:\n"
            "        - type: command\n          command: echo hi\n---\n")
    finding = _one(findings(text), "HK001")
    assert _text_at(text, finding) == "[Bash]"


def test_hook_with_an_unknown_type_underlines_the_type() -> None:
    text = ("---\ndescription: d\nhooks:\n  Stop:\n    - hooks:\n        - type: 5\n"
            "          command: echo hi\n---\n")
    finding = _one(findings(text, COMMAND_PATH), "HK002")
    assert _text_at(text, finding) == "5"
    assert "`5`" in finding.message


# ---------------------------------------------------------------------------------------------- misleading results


def test_convert_to_lf_edits_replace_whole_line_breaks() -> None:
    text = "---\r\nname: t\r\ndescription: d\r\n---\r\nBody\r\n"
    fix = _one(findings(text), "FM008").fixes[0]
    assert fix.title == "Convert the file to LF line endings"
    for edit in fix.edits:
        # LSP has no position between `\r` and `\n`: an edit boundary there is clamped away by editors.
        for boundary in (edit.start_offset, edit.end_offset):
            assert text[boundary - 1 : boundary + 1] != "\r\n", edit
        assert edit.end_offset > edit.start_offset and edit.new_text == "\n"
    result = text
    for edit in sorted(fix.edits, key=lambda e: e.start_offset, reverse=True):
        result = result[: edit.start_offset] + edit.new_text + result[edit.end_offset :]
    assert result == text.replace("\r\n", "\n")


def test_line_valid_in_strict_yaml_is_not_flagged_when_another_line_needs_the_retry() -> None:
    text = "---\nname: t\ndescription: Use it: for things\ntools: Read, Bash(git log:*)\n---\n"
    found = [f for f in findings(text) if f.code == "FM007"]
    assert [_text_at(text, f) for f in found] == ["Use it: for things"]


def test_three_copies_of_a_key_the_last_one_wins() -> None:
    text = "---\nname: t\ndescription: one\ndescription: two\ndescription: three\n---\n"
    middle, last = [f for f in findings(text) if f.code == "FM013"]
    assert middle.span.start.line == 3 and "ignores this value" in middle.message
    assert "line 5" in middle.message and "uses this value" not in middle.message
    assert last.span.start.line == 4 and "uses this value" in last.message


# ---------------------------------------------------------------------------------------------- missing results


def test_duplicate_key_inside_a_nested_map() -> None:
    text = ("---\nname: t\ndescription: d\nhooks:\n  PreToolUse:\n    - matcher: Bash\n      matcher: Read\n"
            "      hooks:\n        - type: command\n          command: echo hi\n---\n")
    finding = _one(findings(text), "FM013")
    assert finding.span.start.line == 6 and _text_at(text, finding) == "matcher"
    assert "hooks.PreToolUse.0" in finding.message and "line 6" in finding.message


def test_messages_show_values_as_yaml_not_python() -> None:
    found = findings("---\nname: t\ndescription: d\nmaxTurns: true\nbackground: 5\ntools:\n  - Read\n"
                     "  - {a: b}\nskills:\n  - 1.5\n  - [x, y]\nmcpServers:\n  - [one, two]\n---\n")
    messages = " ".join(f.message for f in found)
    for python in ("True", "{'a'", "['one'", "['x'"):
        assert python not in messages, messages
    assert "ignores `true`" in messages
    assert "drops `{a: b}`" in messages
    assert "item `[one, two]`" in messages


def test_show_yaml_renders_values_as_yaml() -> None:
    from agent_lsp.core.yaml_frontmatter import show_yaml

    assert show_yaml(True) == "true"
    assert show_yaml(None) == "null"
    assert show_yaml(["Read", "Grep"]) == "[Read, Grep]"
    assert show_yaml({"PreToolUse": [{"matcher": "Bash"}]}) == "{PreToolUse: [{matcher: Bash}]}"
    assert show_yaml("12") == '"12"' and show_yaml("a: b") == '"a: b"'


def test_unknown_model_message_fits_the_dialect() -> None:
    command = _one(findings("---\ndescription: d\nmodel: gpt-4\n---\nBody\n", COMMAND_PATH), "KY006")
    assert "agent" not in command.message and "running the command fails" in command.message
    skill = _one(findings("---\nname: example\ndescription: d\nmodel: gpt-4\n---\n", SKILL_PATH), "KY006")
    assert "using the skill fails" in skill.message
    agent = _one(findings("---\nname: t\ndescription: d\nmodel: gpt-4\n---\n"), "KY006")
    assert "spawning the agent fails" in agent.message


def test_paths_in_a_command_is_not_explained_by_the_file_name() -> None:
    found = findings("---\ndescription: d\nname: x\npaths: src/**\n---\nBody\n", COMMAND_PATH)
    name, paths = [f for f in found if f.code == "KY005"]
    assert "named after its file" in name.message
    assert "named after its file" not in paths.message and "paths" in paths.message


def _duplicate(files: dict[str, str], path: str):
    from tests.helpers import workspace_index

    return _one(findings(files[path], path, workspace=workspace_index(files)), "WS002")


def test_duplicate_name_in_another_folder_does_not_say_in_this_folder() -> None:
    files = {".claude/agents/a.md": "---\nname: dup\ndescription: A\n---\n",
             ".claude/agents/team/b.md": "---\nname: dup\ndescription: B\n---\n"}
    finding = _duplicate(files, ".claude/agents/a.md")
    assert "in this folder" not in finding.message and "under `.claude/agents/`" in finding.message
    assert "team/b.md" in finding.message and "loads only one of them" in finding.message
    same = dict(files)
    same[".claude/agents/c.md"] = same.pop(".claude/agents/team/b.md")
    assert "in this folder" in _duplicate(same, ".claude/agents/a.md").message


def test_duplicate_name_of_an_agent_that_cannot_load() -> None:
    files = {".claude/agents/a.md": "---\nname: dup\ndescription: A\n---\n",
             ".claude/agents/b.md": "---\nname: dup\ndescription: Use it: x\n<example>\nContext: y\n</example>\n---\n"}
    finding = _duplicate(files, ".claude/agents/a.md")
    assert "loads only one of them" not in finding.message
    assert "does not load today" in finding.message and "so this one does" in finding.message


def test_mcp_tool_of_an_unknown_server_and_empty_tool_name() -> None:
    from agent_lsp.core.workspace import build_index

    index = build_index([], {"github": "/p/.mcp.json"})
    text = "---\nname: t\ndescription: d\ntools: Read, mcp__nosuch__tool, mcp__github__, mcp__github__create_issue\n---\n"
    found = [f for f in findings(text, workspace=index) if f.code == "TL007"]
    assert [_text_at(text, f) for f in found] == ["nosuch", "mcp__github__"]


def test_user_config_servers_count_as_known() -> None:
    from agent_lsp.core.workspace import mcp_servers_from_user_config

    config = '{"mcpServers": {"slack": {}}, "projects": {"/w": {"mcpServers": {"jira": {}}}, "/x": {"mcpServers": {"n": {}}}}}'
    assert sorted(mcp_servers_from_user_config("/h/.claude.json", config, ["/w"])) == ["jira", "slack"]
    assert mcp_servers_from_user_config("/h/.claude.json", "not json") == {}


def test_permission_rule_as_a_hook_matcher() -> None:
    text = ("---\nname: t\ndescription: d\nhooks:\n  PreToolUse:\n    - matcher: Bash(git:*)\n      hooks:\n"
            "        - type: command\n          command: echo hi\n---\n")
    finding = _one(findings(text), "HK004")
    assert _text_at(text, finding) == "Bash(git:*)" and "never runs" in finding.message


def test_bracketed_argument_hint_read_as_a_list() -> None:
    text = "---\ndescription: Deploy\nargument-hint: [env]\n---\nBody\n"
    finding = _one(findings(text, COMMAND_PATH), "KY007")
    assert _text_at(text, finding) == "[env]" and "`env`" in finding.message
    assert finding.fixes[0].edits[0].new_text == '"[env]"'


def test_empty_initial_prompt() -> None:
    finding = _one(findings("---\nname: t\ndescription: d\ninitialPrompt: ''\n---\n"), "KY002")
    assert "`initialPrompt` is empty" in finding.message


def test_bracketed_argument_hint_with_two_items_is_shown_comma_joined() -> None:
    finding = _one(findings("---\ndescription: Deploy\nargument-hint: [env, region]\n---\n", COMMAND_PATH), "KY007")
    assert "`env,region`" in finding.message  # what Claude Code 2.1.330 showed (claude_cmd_skill_oracle.py)


def test_invalid_colour_offers_the_nearest_valid_colour() -> None:
    text = "---\nname: t\ndescription: d\ncolor: magenta\n---\n"
    finding = _one(findings(text), "KY002")
    assert "did you mean `purple`" in finding.message
    assert [edit.new_text for fix in finding.fixes for edit in fix.edits] == ["purple"]
    from agent_lsp.core.checks.fields import nearest_colour

    assert [nearest_colour(c) for c in ("teal", "#ff7f50", "navy", "gold", "white")] == [
        "cyan", "orange", "blue", "yellow", None]


def test_a_regex_matcher_that_matches_the_tool_is_not_a_permission_rule() -> None:
    text = ("---\nname: t\ndescription: d\nhooks:\n  PreToolUse:\n    - matcher: Edit(.*)\n      hooks:\n"
            "        - type: command\n          command: echo hi\n---\n")
    assert "HK004" not in [f.code for f in findings(text)]


def test_show_yaml_is_bounded_on_recursive_and_huge_values() -> None:
    from agent_lsp.core.yaml_frontmatter import show_yaml

    loop: list = []
    loop.extend([loop, loop])
    assert len(show_yaml(loop, 200)) == 200
    assert show_yaml(list(range(10**6)), 50).endswith("…")


def test_duplicate_name_of_an_agent_refused_for_its_missing_description() -> None:
    files = {".claude/agents/a.md": "---\nname: dup\ndescription: A\n---\n",
             ".claude/agents/b.md": "---\nname: dup\n---\n"}
    finding = _duplicate(files, ".claude/agents/a.md")
    assert "does not load today" in finding.message and "loads only one of them" not in finding.message
