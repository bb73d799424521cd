"""The editors' globs agree with `readers_of`: every path some tool reads matches one of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agent_lsp.core.dialects import Dialect
from agent_lsp.core.file_patterns import (AGENT_FILE_GLOBS, AGENT_FILE_SUFFIXES, WORKSPACE_GLOBS, glob_matches,
                                          is_agent_file_name, matches_agent_file_glob, watched_globs)
from agent_lsp.core.readers import readers_of

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = "/home/ann/plugins/kit"

READ = [
    "/p/.claude/agents/reviewer.md", "/p/.claude/agents/team/deep/reviewer.md", "/home/ann/.claude/agents/g.md",
    "/p/.claude/commands/deploy.md", "/p/.claude/commands/git/commit.md",
    "/p/.claude/skills/pdf/SKILL.md", "/p/tools/skills/pdf/SKILL.md", f"{PLUGIN}/agents/helper.md",
    f"{PLUGIN}/commands/run.md",
    "/p/.github/agents/planner.agent.md", "/p/.github/agents/planner.md", "/p/.github/agents/sub/deep.agent.md",
    "/p/.github/agents/old.chatmode.md", "/p/.github/skills/pdf/SKILL.md", "/p/.github/prompts/review.prompt.md",
    "/p/.github/instructions/python.instructions.md", "/p/.github/instructions/lang/go.instructions.md",
    "/p/.opencode/agent/review.md", "/p/.opencode/agents/nested/review.md", "/p/.opencode/command/test.md",
    "/p/.opencode/commands/test.md", "/p/.opencode/mode/plan.md", "/p/.opencode/skill/pdf/SKILL.md",
    "/home/ann/.config/opencode/agent/mine.md", "/p/.gemini/agents/reviewer.md", "/p/.gemini/skills/pdf/SKILL.md",
    "/p/.codex/prompts/fix.md", "/p/.codex/skills/pdf/SKILL.md", "/p/.agents/skills/pdf/SKILL.md",
    "/p/.cursor/rules/style.mdc", "/p/.cursor/rules/nested/db.mdc", "/p/.cursor/agents/reviewer.md",
    "/p/.cursor/skills/pdf/SKILL.md",
    "C:/Users/ann/proj/.github/prompts/x.prompt.md",
]
NOT_READ = [
    "/p/README.md", "/p/docs/guide.md", "/p/.github/workflows/ci.yml", "/p/.github/ISSUE_TEMPLATE/bug.md",
    "/p/.claude/CLAUDE.md", "/p/.claude/settings.json", "/p/AGENTS.md", "/p/notes.mdc", "/p/.cursor/notes.md",
]


@pytest.mark.parametrize("path", READ)
def test_every_path_a_tool_reads_matches_an_editor_glob(path: str) -> None:
    assert readers_of(path, frozenset({PLUGIN})), f"the sample {path} is read by no tool"
    assert matches_agent_file_glob(path), path
    assert is_agent_file_name(Path(path).name)
    assert any(glob.endswith("*." + Path(path).suffix[1:]) for glob in watched_globs())


@pytest.mark.parametrize("path", NOT_READ)
def test_other_files_match_no_glob(path: str) -> None:
    assert not readers_of(path, frozenset({PLUGIN}))
    assert not matches_agent_file_glob(path), path


def test_the_samples_cover_every_dialect() -> None:
    dialects = {reader.dialect for path in READ for reader in readers_of(path, frozenset({PLUGIN}))}
    assert dialects == set(Dialect)


def test_globs_match_as_editors_do() -> None:
    assert glob_matches("**/SKILL.md", "SKILL.md") and glob_matches("**/SKILL.md", "/a/b/SKILL.md")
    assert not glob_matches("**/SKILL.md", "/a/xSKILL.md")
    assert glob_matches("**/.codex/prompts/*.md", "/p/.codex/prompts/a.md")
    assert not glob_matches("**/.codex/prompts/*.md", "/p/.codex/prompts/sub/a.md")
    assert AGENT_FILE_SUFFIXES == ("md", "mdc")
    assert {"**/*.md", "**/*.mdc", "**/.opencode", "**/opencode.json", "**/.cursorrules"} <= set(watched_globs())
    assert set(WORKSPACE_GLOBS) <= set(AGENT_FILE_GLOBS) | {"**/agents/*.md", "**/.github/instructions/*.instructions.md"}


def _ts_list(source: str, name: str) -> list[str]:
    body = re.search(rf"export const {name}: readonly string\[\] = \[(.*?)\];", source, re.S)
    assert body is not None, name
    return re.findall(r"'([^']+)'", re.sub(r"//[^\n]*", "", body.group(1)))


def test_the_vscode_extension_uses_these_globs() -> None:
    source = (ROOT / "editors/vscode/src/selectors.ts").read_text(encoding="utf-8")
    assert _ts_list(source, "DOCUMENT_PATTERNS") == list(AGENT_FILE_GLOBS)
    assert _ts_list(source, "WORKSPACE_CONTAINS") == list(WORKSPACE_GLOBS)
