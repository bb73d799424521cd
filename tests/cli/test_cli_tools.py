"""`agent-lsp check` fills `Context.tools`: `--tools`, else the project file's `tools`, else the project's folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent_lsp import cli
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.loaders import LOADERS
from agent_lsp.core.verdicts import LoaderMessage, Outcome, Verdict

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


# ---------------------------------------------------------------------- every dialect is found and read

EVERY_DIALECT = {
    ".claude/agents/a.md": Dialect.AGENT, ".claude/commands/c.md": Dialect.COMMAND,
    ".claude/skills/s/SKILL.md": Dialect.SKILL, ".github/agents/p.agent.md": Dialect.COPILOT_AGENT,
    ".github/skills/s/SKILL.md": Dialect.COPILOT_SKILL, ".github/prompts/r.prompt.md": Dialect.COPILOT_PROMPT,
    ".github/instructions/py.instructions.md": Dialect.COPILOT_INSTRUCTIONS,
    ".opencode/agent/o.md": Dialect.OPENCODE_AGENT, ".opencode/command/t.md": Dialect.OPENCODE_COMMAND,
    ".opencode/skill/s/SKILL.md": Dialect.OPENCODE_SKILL, ".gemini/agents/g.md": Dialect.GEMINI_AGENT,
    ".gemini/skills/s/SKILL.md": Dialect.GEMINI_SKILL, ".codex/prompts/x.md": Dialect.CODEX_PROMPT,
    ".codex/skills/s/SKILL.md": Dialect.CODEX_SKILL, ".cursor/rules/style.mdc": Dialect.CURSOR_RULE,
    ".cursor/agents/r.md": Dialect.CURSOR_AGENT, ".agents/skills/s/SKILL.md": Dialect.COPILOT_SKILL,
}


def test_check_walks_into_every_tools_folder(tmp_path: Path, seen: list, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path / "p")
    for relative in EVERY_DIALECT:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text("---\nname: x\ndescription: d\n---\nBody\n", encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "guide.md").write_text("---\nname: not-agent\n---\n", encoding="utf-8")
    analysed: dict[str, Dialect] = {}
    real = cli.analyse

    def spy(document, context=None, verify_fixes=True):
        result = real(document, context, verify_fixes)
        analysed[Path(document.path).relative_to(root.resolve()).as_posix()] = result.dialect
        return result

    monkeypatch.setattr(cli, "analyse", spy)
    assert cli.main(["check", str(root), "--no-workspace"]) in (0, 1)
    assert analysed == {".claude/agents/a.md": Dialect.AGENT, **EVERY_DIALECT}


def _stand_in_loader(outcome: Outcome):
    def read(document, dialect):
        return Verdict(dialect.tool, dialect, (LoaderMessage(outcome, f"{dialect.tool.title} says no", True, 0, 3),))
    return read


def test_every_owner_of_a_shared_skills_root_speaks_for_its_tool(tmp_path: Path, seen: list,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    # `.agents/skills` is written for Copilot CLI, Codex, OpenCode and Gemini CLI alike: each one that drops the
    # skill gives its own error, not only the first owner (the CLI must not force the path's first dialect).
    for dialect in (Dialect.CODEX_SKILL, Dialect.GEMINI_SKILL):
        monkeypatch.setitem(LOADERS, dialect, _stand_in_loader(Outcome.DROPS))
    root = _project(tmp_path / "p")
    skill = root / ".agents/skills/pdf/SKILL.md"
    skill.parent.mkdir(parents=True)
    skill.write_text("---\nname: pdf\ndescription: d\n---\n", encoding="utf-8")
    assert cli.main(["check", str(skill), "--format", "json"]) == 1
    found = {(item["code"], item["severity"]) for item in json.loads(capsys.readouterr().out)}
    assert found == {("CX001", "error"), ("GM001", "error")}


def test_forcing_a_dialect_makes_its_tool_the_only_owner(tmp_path: Path, seen: list, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(LOADERS, Dialect.CODEX_SKILL, _stand_in_loader(Outcome.DROPS))
    root = _project(tmp_path / "p", config='tools = ["codex"]\n')
    skill = root / ".agents/skills/pdf/SKILL.md"
    skill.parent.mkdir(parents=True)
    skill.write_text("---\nname: pdf\ndescription: d\n---\n", encoding="utf-8")
    assert cli.main(["check", str(skill), "--format", "json", "--dialect", "copilot-skill"]) == 0
    assert {item["code"] for item in json.loads(capsys.readouterr().out)} == {"PT001"}
