"""Issue 12 (truth sweep) through the CLI: MCP servers of the user's Claude Code config."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.cli.test_cli import run_in_process
from tests.helpers import REPO_ROOT

AGENT = "---\nname: filer\ndescription: Files issues\ntools: Read, mcp__jira__create, mcp__slack__post, mcp__nosuch__x\n---\nBody\n"


def test_mcp_servers_of_the_user_config_are_known(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / ".claude/agents").mkdir(parents=True)
    (project / ".claude/agents/filer.md").write_text(AGENT, encoding="utf-8")
    config_dir = tmp_path / "claude-config"
    config_dir.mkdir()
    (config_dir / ".claude.json").write_text(json.dumps(
        {"mcpServers": {"slack": {}}, "projects": {str(project): {"mcpServers": {"jira": {}}}}}), encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if not key.startswith("AGENT_LSP")}
    environment.update(PYTHONPATH=str(REPO_ROOT), CLAUDE_CONFIG_DIR=str(config_dir), HOME=str(tmp_path))
    result = run_in_process(environment, ["check", "--format", "json", str(project)], project, None)
    findings = json.loads(result.stdout)
    assert [(f["code"], f["message"].split("`")[1]) for f in findings if f["code"] == "TL007"] == [("TL007", "nosuch")]
