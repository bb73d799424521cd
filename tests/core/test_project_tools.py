"""Which tools a project uses: detected from its folders, or named in the project file and editor settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_lsp.core.config import options_from_mapping, options_from_toml, resolve
from agent_lsp.core.dialects import Tool
from agent_lsp.core.project_tools import TOOL_MARKERS, detect_tools, parse_tools, tools_in_use, tools_label
from agent_lsp.files import detect_project_tools, find_project_root

COPILOT = {Tool.COPILOT_CLI, Tool.VSCODE}


@pytest.mark.parametrize(("present", "expected"), [
    ((".claude/agents/x.md",), {Tool.CLAUDE_CODE}),
    ((".github/agents/x.agent.md",), COPILOT),
    ((".github/skills/s/SKILL.md",), COPILOT),
    ((".github/prompts/p.prompt.md",), COPILOT),
    ((".github/instructions/i.instructions.md",), COPILOT),
    ((".github/copilot-instructions.md",), COPILOT),
    ((".opencode/agent/x.md",), {Tool.OPENCODE}),
    (("opencode.json",), {Tool.OPENCODE}),
    ((".gemini/agents/x.md",), {Tool.GEMINI_CLI}),
    ((".codex/prompts/x.md",), {Tool.CODEX}),
    ((".agents/skills/s/SKILL.md",), {Tool.CODEX}),
    ((".cursor/rules/r.mdc",), {Tool.CURSOR}),
    ((".cursorrules",), {Tool.CURSOR}),
    ((".claude/skills/s/SKILL.md", ".opencode/command/c.md"), {Tool.CLAUDE_CODE, Tool.OPENCODE}),
    ((".github/workflows/ci.yml", "README.md", ".agents/README.md"), set()),
])
def test_tools_are_detected_from_the_folders_a_project_has(tmp_path: Path, present: tuple[str, ...],
                                                           expected: set[Tool]) -> None:
    for relative in present:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x", encoding="utf-8")
    assert detect_project_tools([tmp_path]) == expected


def test_detection_is_the_union_over_roots(tmp_path: Path) -> None:
    (tmp_path / "a" / ".claude").mkdir(parents=True)
    (tmp_path / "b" / ".gemini").mkdir(parents=True)
    assert detect_project_tools([tmp_path / "a", tmp_path / "b"]) == {Tool.CLAUDE_CODE, Tool.GEMINI_CLI}
    assert detect_project_tools([tmp_path / "missing"]) == frozenset()


def test_every_tool_has_a_folder_that_names_it() -> None:
    assert {tool for _, tools in TOOL_MARKERS for tool in tools} == set(Tool)
    assert detect_tools(lambda path: True) == frozenset(Tool)
    assert detect_tools(lambda path: False) == frozenset()


@pytest.mark.parametrize("marker", [".opencode", ".gemini", ".codex", ".cursor", ".github", ".agents", ".claude"])
def test_a_tools_folder_makes_its_parent_the_project_root(tmp_path: Path, marker: str) -> None:
    project = tmp_path / "proj"
    deep = project / marker / "agents" / "sub"
    deep.mkdir(parents=True)
    (deep / "x.md").write_text("x", encoding="utf-8")
    assert find_project_root(deep / "x.md") == project


def test_parse_tools_reads_names_as_users_write_them() -> None:
    assert parse_tools(["claude-code", "Copilot-CLI", "vscode", " opencode ", "gemini_cli"]) == (
        frozenset({Tool.CLAUDE_CODE, Tool.COPILOT_CLI, Tool.VSCODE, Tool.OPENCODE, Tool.GEMINI_CLI}), [])
    tools, problems = parse_tools(["codex", "copilot"])
    assert tools == {Tool.CODEX}
    assert len(problems) == 1 and "'copilot'" in problems[0] and "copilot-cli" in problems[0]


def test_settings_override_detection_and_empty_means_detect() -> None:
    detected = frozenset({Tool.CLAUDE_CODE})
    assert tools_in_use(None, detected) == detected
    assert tools_in_use(frozenset({Tool.CURSOR}), detected) == {Tool.CURSOR}
    assert tools_label([Tool.OPENCODE, Tool.CLAUDE_CODE]) == "claude-code, opencode"
    assert tools_label([]) == "none"


def test_tools_in_the_project_file_and_the_editor_settings() -> None:
    project, problems = options_from_toml('tools = ["claude-code", "copilot-cli"]\n', ".agent-lsp.toml", False)
    assert problems == [] and project.tools == ["claude-code", "copilot-cli"]
    pyproject, problems = options_from_toml('[tool.agent-lsp]\ntools = ["opencode"]\n', "pyproject.toml", True)
    assert problems == [] and pyproject.tools == ["opencode"]
    editor, problems = options_from_mapping({"tools": ["gemini-cli"]}, "workspace/configuration")
    assert problems == []
    assert resolve(project)[0].tools == {Tool.CLAUDE_CODE, Tool.COPILOT_CLI}
    assert resolve(project, editor)[0].tools == {Tool.GEMINI_CLI}  # the later layer wins
    empty, _ = options_from_mapping({"tools": []}, "editor")  # VS Code's default: keep the project's choice
    assert resolve(project, empty)[0].tools == {Tool.CLAUDE_CODE, Tool.COPILOT_CLI}
    assert resolve()[0].tools is None  # nothing set: detect


def test_unknown_tool_names_are_reported_not_fatal() -> None:
    options, problems = options_from_mapping({"tools": ["claude-code", "windsurf"]}, "editor")
    assert problems == []
    config, problems = resolve(options)
    assert config.tools == {Tool.CLAUDE_CODE}
    assert problems == [f"tools: unknown tool 'windsurf'; expected one of {', '.join(t.value for t in Tool)}; "
                        "ignoring it"]
    only_bad, _ = options_from_mapping({"tools": ["windsurf"]}, "editor")
    assert resolve(only_bad)[0].tools is None
    not_a_list, problems = options_from_mapping({"tools": "claude-code"}, "editor")
    assert not_a_list.tools is None and problems and "tools" in problems[0]
