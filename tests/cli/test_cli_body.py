"""`agent-lsp check` on a real folder: the scan tells the body checks which files exist (BD005, BD006)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_lsp import cli
from tests.cli.test_cli import parse_text, project

SKILL = "---\nname: pdf\ndescription: Fills PDF forms\n---\nRun scripts/fill_form.py with the values.\n"
COMMAND = "---\ndescription: Review against the guide\n---\nFollow @docs/STYLE.md.\n"


@pytest.fixture(autouse=True)
def no_user_claude_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(tmp_path / "no-claude"))
    monkeypatch.chdir(tmp_path)


def _codes(capsys: pytest.CaptureFixture[str], *args: str) -> list[tuple[str, str]]:
    cli.main(["check", "--no-user-dir", "--exit-on", "never", *args])
    return [(Path(row["path"]).name, row["code"]) for row in parse_text(capsys.readouterr().out)]


def test_missing_resources_and_references_are_found_and_go_away_once_created(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path / "proj", {".claude/skills/pdf/SKILL.md": SKILL, ".claude/commands/review.md": COMMAND})
    assert sorted(_codes(capsys, str(root))) == [("SKILL.md", "BD006"), ("review.md", "BD005")]
    (root / ".claude/skills/pdf/scripts").mkdir()
    (root / ".claude/skills/pdf/scripts/fill_form.py").write_text("print(1)\n")
    (root / "docs").mkdir()
    (root / "docs/STYLE.md").write_text("# Style\n")
    assert _codes(capsys, str(root)) == []


def test_checking_one_file_still_scans_its_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path / "proj", {".claude/commands/review.md": COMMAND, "docs/OTHER.md": "# Other\n"})
    assert _codes(capsys, str(root / ".claude/commands/review.md")) == [("review.md", "BD005")]
    (root / "docs/STYLE.md").write_text("# Style\n")
    assert _codes(capsys, str(root / ".claude/commands/review.md")) == []


def test_without_the_workspace_no_path_is_judged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path / "proj", {".claude/skills/pdf/SKILL.md": SKILL})
    assert _codes(capsys, "--no-workspace", str(root)) == []
