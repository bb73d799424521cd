"""Settings end to end: initializationOptions, workspace/configuration, didChangeConfiguration, .agent-lsp.toml."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from tests.server.conftest import PROFILES, write_workspace
from tests.server.support import by_code, codes, wait_until

pytestmark = pytest.mark.asyncio(loop_scope="session")

AGENT = "---\nname: configured\ndescription: d\ntools: Task, Read\ncolor: mauve\n---\nBody\n"


def open_agent(session) -> str:
    return session.open(".claude/agents/configured.md", AGENT)


def ky002_is(severity: types.DiagnosticSeverity):
    return lambda diagnostics: any(d.code == "KY002" and d.severity == severity for d in diagnostics)


@pytest.mark.parametrize("profile", PROFILES)
async def test_initialization_options_override_and_disable(start_session, workspace_root, claude_home, profile):
    session = await start_session(profile, workspace_root, init_options={
        "claudeConfigDir": str(claude_home), "severityOverrides": {"KY002": "error"}, "disabledRules": ["TL004"]})
    diagnostics = await session.diagnostics(open_agent(session))
    assert codes(diagnostics) == ["KY002"]
    assert by_code(diagnostics, "KY002").severity == types.DiagnosticSeverity.Error
    assert session.client.messages == []


async def test_an_invalid_setting_is_reported_once_and_ignored(start_session, workspace_root, claude_home):
    # The client also answers workspace/configuration with (valid) settings of its own.
    session = await start_session("visual_studio_code", workspace_root, init_options={
        "claudeConfigDir": str(claude_home), "severityOverrides": {"KY002": "loud"}},
        configuration={"agentLsp": {"disabledRules": ["FM008"]}})
    diagnostics = await session.diagnostics(open_agent(session))
    assert by_code(diagnostics, "KY002").severity == types.DiagnosticSeverity.Warning
    await wait_until(lambda: session.client.messages, "window/showMessage")
    await asyncio.sleep(0.2)  # a second message would have arrived by now
    assert len(session.client.messages) == 1
    message = session.client.messages[0]
    assert message.type == types.MessageType.Warning
    assert "KY002" in message.message and "loud" in message.message


@pytest.mark.parametrize("profile", PROFILES)
async def test_did_change_configuration_revalidates(start_session, workspace_root, profile):
    session = await start_session(profile, workspace_root)
    uri = open_agent(session)
    assert by_code(await session.diagnostics(uri), "KY002").severity == types.DiagnosticSeverity.Warning

    mark = len(session.publishes)
    session.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"agentLsp": {"severityOverrides": {"KY002": "error"}, "disabledRules": ["TL004"]}}))
    diagnostics = await session.diagnostics(uri, after=mark, until=ky002_is(types.DiagnosticSeverity.Error))
    assert codes(diagnostics) == ["KY002"]
    if session.push:
        assert session.publishes_for(uri, mark)[-1].version == 1

    # Pull-style change notification: no settings in the notification, the server asks for them.
    session.client.set_configuration({"agentLsp": {"severityOverrides": {"KY002": "hint"}}})
    mark = len(session.publishes)
    session.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    diagnostics = await session.diagnostics(uri, after=mark, until=ky002_is(types.DiagnosticSeverity.Hint))
    assert sorted(codes(diagnostics)) == ["KY002", "TL004"]


async def test_project_file_is_honoured(start_session, tmp_path):
    root = write_workspace(tmp_path)
    (root / ".agent-lsp.toml").write_text('disable = ["TL004"]\n\n[severity]\nKY002 = "error"\n', encoding="utf-8")
    session = await start_session("neovim", root)
    diagnostics = await session.diagnostics(open_agent(session))
    assert codes(diagnostics) == ["KY002"]
    assert by_code(diagnostics, "KY002").severity == types.DiagnosticSeverity.Error
