"""`agent-lsp schema` for Gemini CLI, Codex and Cursor: the types their loaders check, from their catalogues."""

from __future__ import annotations

import json
from typing import Any

import pytest

from agent_lsp.cli import main
from tests.core.test_catalogue import _agrees


def _schema(dialect: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["schema", dialect]) == 0
    return json.loads(capsys.readouterr().out)


def test_gemini_agent_schema(capsys: pytest.CaptureFixture[str]) -> None:
    schema = _schema("gemini-agent", capsys)
    assert "Gemini CLI 0.61.0" in schema["description"]
    assert schema["required"] == ["name", "description"]
    good = {"name": "security-auditor", "description": "Finds vulnerabilities.", "kind": "local",
            "tools": ["read_file", "grep_search", "mcp_github_*", "discovered_tool_lint", "*"],
            "model": "gemini-3-flash-preview", "temperature": 0.2, "max_turns": 10, "timeout_mins": 5,
            "mcp_servers": {"local": {"command": "node"}}}
    assert _agrees(good, schema)
    for bad in ({**good, "tools": "read_file, grep_search"}, {**good, "tools": ["Read"]}, {**good, "color": "blue"},
                {**good, "name": "Security Auditor"}, {**good, "max_turns": 0}, {**good, "description": ""},
                {**good, "kind": "sidekick"}, {**good, "temperature": "hot"}):
        assert not _agrees(bad, schema), bad


def test_codex_and_cursor_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    skill = _schema("codex-skill", capsys)
    assert skill["required"] == ["description"] and "Codex 0.169.0" in skill["description"]
    assert _agrees({"description": "PDFs", "metadata": {"short-description": "PDFs"}}, skill)
    assert not _agrees({"name": "pdf"}, skill)
    prompt = _schema("codex-prompt", capsys)
    assert _agrees({"description": "Review", "argument-hint": "[file]"}, prompt)
    rule = _schema("cursor-rule", capsys)
    assert _agrees({"description": "Style", "globs": "**/*.ts, **/*.tsx", "alwaysApply": True}, rule)
    assert not _agrees({"alwaysApply": "true"}, rule)
    agent = _schema("cursor-agent", capsys)
    assert agent["required"] == ["name", "description"]
    assert not _agrees({"name": "r", "description": "d", "readonly": "yes"}, agent)
