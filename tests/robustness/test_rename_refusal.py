"""A refused rename on the real wire: RequestFailed with the reason, and nothing logged as a server error."""

from __future__ import annotations

from pathlib import Path

from tests.robustness.conftest import StartServer, make_workspace

REQUEST_FAILED = -32803
AGENT = "---\nname: lead\ndescription: Leads\ntools: Agent(helper)\n---\nBody\n"
HELPER = "---\nname: helper\ndescription: Helps\n---\nBody\n"


def test_a_refused_rename_is_an_answer_not_an_error(tmp_path: Path, start_server: StartServer):
    root = make_workspace(tmp_path / "ws", {".claude/agents/lead.md": AGENT, ".claude/agents/helper.md": HELPER})
    server = start_server(root)
    uri = (root / ".claude/agents/lead.md").as_uri()
    server.open(uri, AGENT)
    server.diagnostics(uri, 1)
    position = {"line": 3, "character": AGENT.splitlines()[3].index("helper") + 1}
    answer = server.request("textDocument/rename", {"textDocument": {"uri": uri}, "position": position,
                                                    "newName": "lead"})
    assert answer["error"]["code"] == REQUEST_FAILED
    assert "already an agent named `lead`" in answer["error"]["message"]
    answer = server.request("textDocument/prepareRename", {"textDocument": {"uri": uri}, "position": {
        "line": 3, "character": 8}})  # on `Agent(`: the tool itself is not renamed
    assert answer.get("result") is None and "error" not in answer
    edit = server.result("textDocument/rename", {"textDocument": {"uri": uri}, "position": position,
                                                 "newName": "assistant"})
    assert len(edit["documentChanges"]) == 2
    assert server.shutdown() == 0
    stderr = server.stderr()
    assert "Traceback" not in stderr and "ERROR" not in stderr, stderr
    assert not [message for message in server.log_messages if "error" in message.lower()]
