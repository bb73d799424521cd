"""`agent-lsp check` fills `Context.tools`: `--tools`, else the project file's `tools`, else the project's folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_lsp import cli
from agent_lsp.core.dialects import Tool

AGENT = "---\nname: a\ndescription: d\n---\nBody\n"


@pytest.fixture()
def seen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list:
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(tmp_path / "no-claude"))
    contexts: list = []
    real = cli.analyse

    def spy(document, context=None, verify_fixes=True):
        contexts.append(context)
        return real(document, context, verify_fixes)

    monkeypatch.setattr(cli, "analyse", spy)
    return contexts


def _project(root: Path, *folders: str, config: str | None = None) -> Path:
    (root / ".git").mkdir(parents=True)
    (root / ".claude" / "agents").mkdir(parents=True)
    (root / ".claude" / "agents" / "a.md").write_text(AGENT, encoding="utf-8")
    for folder in folders:
        (root / folder).mkdir(parents=True)
    if config is not None:
        (root / ".agent-lsp.toml").write_text(config, encoding="utf-8")
    return root


@pytest.mark.parametrize("workspace", [[], ["--no-workspace"]])
def test_tools_are_detected_from_the_projects_folders(tmp_path: Path, seen: list, workspace: list[str]) -> None:
    root = _project(tmp_path / "p", ".opencode/agent", ".github/agents")
    assert cli.main(["check", str(root), *workspace]) == 0
    assert seen and {context.tools for context in seen} == {
        frozenset({Tool.CLAUDE_CODE, Tool.OPENCODE, Tool.COPILOT_CLI, Tool.VSCODE})}


def test_the_project_file_names_the_tools(tmp_path: Path, seen: list) -> None:
    root = _project(tmp_path / "p", ".opencode/agent", config='tools = ["claude-code", "gemini-cli"]\n')
    assert cli.main(["check", str(root / ".claude/agents/a.md")]) == 0
    assert seen[0].tools == {Tool.CLAUDE_CODE, Tool.GEMINI_CLI}


def test_the_tools_flag_wins(tmp_path: Path, seen: list) -> None:
    root = _project(tmp_path / "p", ".opencode/agent", config='tools = ["gemini-cli"]\n')
    assert cli.main(["check", str(root), "--tools", "copilot-cli, cursor"]) == 0
    assert seen[0].tools == {Tool.COPILOT_CLI, Tool.CURSOR}


@pytest.mark.parametrize("value", ["copilot", "claude-code,windsurf", ",", ""])
def test_a_bad_tools_flag_is_a_usage_error(tmp_path: Path, seen: list, value: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path / "p")
    assert cli.main(["check", str(root), "--tools", value]) == 2
    assert "--tools" in capsys.readouterr().err
    assert seen == []


def test_a_bad_tool_in_the_project_file_is_a_configuration_problem(tmp_path: Path, seen: list,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path / "p", config='tools = ["windsurf"]\n')
    assert cli.main(["check", str(root)]) == 2
    assert "unknown tool 'windsurf'" in capsys.readouterr().err
