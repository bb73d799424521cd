"""The LSP lifecycle on the real wire: initialize once, nothing before it, nothing after shutdown, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.robustness.conftest import StartServer, make_workspace

AGENT = "---\nname: life\ndescription: Lifecycle checks\ncolor: red\n---\nBody\n"
SERVER_NOT_INITIALIZED, INVALID_REQUEST = -32002, -32600


def _hover_params(uri: str) -> dict:
    return {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 1}}


def test_a_request_before_initialize_is_refused_as_not_initialized(tmp_path: Path, start_server: StartServer):
    root = make_workspace(tmp_path / "ws")
    server = start_server(root, initialize=False)
    answer = server.request("textDocument/hover", _hover_params((root / "a.md").as_uri()))
    assert answer["error"]["code"] == SERVER_NOT_INITIALIZED
    server.initialize()  # and the session still starts normally
    assert server.shutdown() == 0


def test_a_second_initialize_is_refused(tmp_path: Path, start_server: StartServer):
    root = make_workspace(tmp_path / "ws")
    server = start_server(root)
    answer = server.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    assert answer["error"]["code"] == INVALID_REQUEST
    uri = (root / ".claude/agents/life.md").as_uri()
    server.open(uri, AGENT)
    assert server.diagnostics(uri, 1) == []  # still serving


def test_requests_after_shutdown_are_answered_with_invalid_request(tmp_path: Path, start_server: StartServer):
    root = make_workspace(tmp_path / "ws")
    server = start_server(root)
    server.result("shutdown", None)
    answer = server.request("textDocument/hover", _hover_params((root / "a.md").as_uri()))
    assert answer["error"]["code"] == INVALID_REQUEST
    assert server.request("shutdown", None)["error"]["code"] == INVALID_REQUEST
    server.notify("exit", None)
    assert server.proc.wait(10) == 0


def test_exit_without_shutdown_exits_with_status_1(tmp_path: Path, start_server: StartServer):
    server = start_server(make_workspace(tmp_path / "ws"))
    server.notify("exit", None)
    assert server.proc.wait(10) == 1


def test_exit_after_shutdown_exits_with_status_0(tmp_path: Path, start_server: StartServer):
    server = start_server(make_workspace(tmp_path / "ws"))
    assert server.shutdown() == 0


def test_cancel_with_a_string_or_bad_id_is_quiet(tmp_path: Path, start_server: StartServer):
    root = make_workspace(tmp_path / "ws")
    server = start_server(root)
    server.notify("$/cancelRequest", {"id": "not-a-request"})
    server.notify("$/cancelRequest", {"id": 12345})
    server.notify("$/cancelRequest", {})
    server.notify("$/cancelRequest", {"id": {"nested": ["not", "an", "id"]}})
    uri = (root / ".claude/agents/life.md").as_uri()
    server.open(uri, AGENT)
    assert server.diagnostics(uri, 1) == []
    assert "Traceback" not in server.stderr()


def test_cancelling_an_answered_request_logs_nothing(tmp_path: Path, start_server: StartServer):
    # Editors cancel requests whose answer is already on its way (VS Code does it on every keystroke);
    # pygls warns "Cancel notification for unknown message id" for each, which filled VS Code's output.
    root = make_workspace(tmp_path / "ws")
    server = start_server(root)
    uri = (root / ".claude/agents/life.md").as_uri()
    server.open(uri, AGENT)
    for _ in range(3):
        request_id = server.send_request("textDocument/hover", _hover_params(uri))
        server.response(request_id)
        server.notify("$/cancelRequest", {"id": request_id})
    server.result("workspace/symbol", {"query": "life"})  # every cancel was handled before this answer
    assert server.shutdown() == 0
    assert "unknown message id" not in server.stderr()
    assert not [message for message in server.log_messages if "cancel" in message.lower()]


@pytest.mark.parametrize("value", [1e308, -1e308, 1e300])
def test_colour_presentation_with_huge_components_answers(tmp_path: Path, start_server: StartServer, value: float):
    root = make_workspace(tmp_path / "ws")
    server = start_server(root)
    uri = (root / ".claude/agents/life.md").as_uri()
    server.open(uri, AGENT)
    span = {"start": {"line": 3, "character": 7}, "end": {"line": 3, "character": 10}}
    result = server.result("textDocument/colorPresentation", {
        "textDocument": {"uri": uri}, "range": span,
        "color": {"red": value, "green": 0.0, "blue": value, "alpha": 1.0}})
    assert result and result[0]["label"]


def test_thousands_of_bad_settings_are_reported_once_in_a_summary(tmp_path: Path, home: Path,
                                                                   start_server: StartServer):
    root = make_workspace(tmp_path / "ws")
    bad = [f"NOPE{index}" for index in range(20_000)]
    server = start_server(root, init_options={"claudeConfigDir": str(home / ".claude"), "disabledRules": bad})
    uri = (root / ".claude/agents/life.md").as_uri()
    server.open(uri, AGENT)
    server.diagnostics(uri, 1)
    about_settings = [message for message in server.log_messages if "NOPE" in message]
    assert len(about_settings) == 1, len(about_settings)
    assert "20000" in about_settings[0].replace(",", "") and len(about_settings[0]) < 5000
