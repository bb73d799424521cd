"""The body checks (BD rules) beyond their fixtures: Claude Code's permission-rule matching as observed with
2.1.330, the files that say whether a path exists, and where in a body the checks look."""

from __future__ import annotations

import pytest

from agent_lsp.core.checks.body import _matches, _refused_part, prose_lines, split_shell
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.model import Document, build_model
from agent_lsp.core.links import known_files
from tests.helpers import COMMAND_PATH, frontmatter, rendered, workspace_index

# (allowed-tools Bash rules, command, whether Claude Code 2.1.330 ran it): each row was run through the real
# binary (`claude -p` with a loopback API stub); "ran" includes commands that passed the permission check
# and then failed on their own ("Shell command failed" rather than "permission check failed").
OBSERVED = [
    (["npm test:*"], "npm test", True),
    (["npm:*"], "npm test", True),
    (["npm *"], "npm test", True),
    (["npm test"], "npm test", True),
    (["npm test"], "npm test --silent", False),
    (["npm run:*"], "npm test", False),
    (["touch:*"], "touch a.txt && npm test", False),
    (["touch:*", "npm:*"], "touch a.txt && npm test", True),
    (["npm test:*"], "npm test -- --watch", True),
    (["git add:*"], "git add .", True),
    (["git:*"], "git add .", True),
    (["git status:*"], "git add .", False),
    (["touch *"], "touch a.txt", True),
    (["npm test *"], "npm test", True),
    (["npm:*"], "npm test | head -3", True),
    (["npm*"], "npm test", True),
    ([], "npm test", False),
    (["npm test:*"], "npm  test", True),
    (["npm:*"], "cd sub && npm test", True),
    ([], "git status --short", True),
    ([], "find . -name '*.md'", True),
    ([], "ls | head -3", True),
    ([], "gh repo view", False),
    ([], "kubectl get pods", False),
    ([], "curl -s http://127.0.0.1:9/", False),
    ([], "env", False),
    ([], "awk '{print}' README.md", False),
    ([], "npm --version", False),
    ([], "pwd | xargs basename", False),
    ([], "cat package.json | grep -E '(jest|mocha|vitest)' || echo none", True),
    ([], "gt log short", False),
    ([], "ls 2>/dev/null", True),
    ([], "git status 2>&1 | head -3", True),
    ([], "ls > out.txt", False),
    ([], "echo 'a && npm test'", True),
    ([], "npm test 2>/dev/null || echo none", False),
]


@pytest.mark.parametrize("rules, command, ran", OBSERVED, ids=lambda value: str(value))
def test_permission_matching_agrees_with_claude_code(rules: list[str], command: str, ran: bool) -> None:
    assert (_refused_part(command, rules) is None) is ran


def test_a_colon_star_rule_needs_a_blank_after_its_prefix() -> None:
    assert _matches("npm:*", "npm test") and _matches("npm:*", "npm")
    assert not _matches("npm:*", "npmx test")
    assert not _matches("git add:*", "git addx")


def test_the_known_files_know_files_folders_and_what_they_cannot_know() -> None:
    known = known_files(["/p/.claude/commands/example.md", "/p/docs/STYLE.md", "/p/src/app/main.py"],
                        ["node_modules"])
    assert known.exists("/p/docs/STYLE.md") and known.exists("/p/src/app") and known.exists("/p/src")
    assert not known.exists("/p/docs/missing.md")
    text = frontmatter("description: Review", body="Follow @docs/missing.md, @node_modules/x/index.js, @../x.md and @src/.\n")
    # A folder the scan did not enter (or outside the project) says nothing about its files: only the first is reported.
    assert rendered(text, "/p/.claude/commands/example.md", files=known) == ["BD005 warning 4:8-4:24"]


def test_without_known_files_paths_are_not_judged() -> None:
    text = frontmatter("description: Review", body="Follow @docs/missing.md.\n")
    known = known_files([COMMAND_PATH, "docs/STYLE.md"])
    assert rendered(text, COMMAND_PATH, workspace=workspace_index({COMMAND_PATH: text}), files=known) == [
        "BD005 warning 4:8-4:24"]
    assert rendered(text, COMMAND_PATH, workspace=workspace_index({COMMAND_PATH: text})) == []
    assert rendered(text, COMMAND_PATH) == []


def test_a_users_own_command_has_no_project_to_resolve_against() -> None:
    text = frontmatter("description: Review", body="Follow @docs/missing.md.\n")
    path = "/home/me/commands/review.md"
    assert rendered(text, path, dialect=Dialect.COMMAND, workspace=workspace_index({path: text}),
                    files=known_files([path, "/home/me/docs/STYLE.md"])) == []


def test_prose_lines_leave_out_fenced_code_of_either_fence() -> None:
    text = "---\nname: a\n---\nOne\n```\nTwo\n~~~\nThree\n```\nFour\n~~~~\nFive\n~~~~\nSix\n"
    model = build_model(Document(text, ".claude/agents/a.md"), Dialect.AGENT)
    assert [line for _offset, line in prose_lines(model)] == ["One", "Four", "Six"]
    unclosed = build_model(Document("---\nname: a\n---\nOne\r\n````md\r\n```\r\nTwo\r\n", ".claude/agents/a.md"),
                           Dialect.AGENT)
    assert [line for _offset, line in prose_lines(unclosed)] == ["One"]  # a fence left open runs to the end
    for offset, line in prose_lines(model):
        assert text[offset : offset + len(line)] == line


def test_a_tool_asked_for_twice_is_reported_once() -> None:
    text = frontmatter("name: a", "description: d", "tools: Read", body="Use the Bash tool.\nThen the Bash tool again.\n")
    assert [line.split()[0] for line in rendered(text)] == ["BD001"]


def test_shell_commands_split_outside_quotes() -> None:
    assert split_shell("cat p.json | grep -E '(jest|mocha)' || echo none") == [
        "cat p.json", "grep -E '(jest|mocha)'", "echo none"]
    assert split_shell('a && b; c | d\ne "x;y"') == ["a", "b", "c", "d", 'e "x;y"']
