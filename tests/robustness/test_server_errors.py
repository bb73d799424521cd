"""Failing requests: logged, answered with a JSON-RPC error, and the server keeps serving the next one.

tests/server/test_robustness.py covers unknown and closed documents of ordinary `file:` URIs and positions
past the end; this module adds what a typed client cannot send: params that do not match the protocol,
URIs that do not parse, other schemes, and bytes that are not JSON.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.robustness.conftest import make_workspace

ANSWER_BOUND = 5.0
"""Seconds within which every request gets its response, result or error."""

AGENT = "---\nname: target\ndescription: The agent under test\ncolor: blue\n---\n# Role\n\nBody\n"
ORIGIN = {"line": 0, "character": 0}
RANGE = {"start": ORIGIN, "end": {"line": 0, "character": 1}}


def is_jsonrpc_error(message: dict) -> bool:
    error = message.get("error")
    return (isinstance(error, dict) and isinstance(error.get("code"), int) and isinstance(error.get("message"), str)
            and (-32768 <= error["code"] <= -32000 or error["code"] == -32803))


def assert_still_serving(server, uri: str) -> None:
    hover = server.result("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 3, "character": 8}},
                          timeout=ANSWER_BOUND)
    assert hover is not None and "blue" in str(hover), hover


@pytest.fixture
def serving(tmp_path: Path, start_server):
    root = make_workspace(tmp_path / "ws")
    server = start_server(root)
    uri = (root / ".claude" / "agents" / "target.md").as_uri()
    server.open(uri, AGENT)
    server.diagnostics(uri, 1)
    return server, uri


def test_a_failing_handler_is_logged_and_answered_with_an_error(serving) -> None:
    """colorPresentation with a colour component of 1e308 (outside LSP's 0..1) overflows in the handler."""
    server, uri = serving
    for red in (1e308, -1e308):
        answer = server.request("textDocument/colorPresentation", {
            "textDocument": {"uri": uri}, "color": {"red": red, "green": 0.5, "blue": 0.5, "alpha": 1}, "range": RANGE},
            timeout=ANSWER_BOUND)
        assert is_jsonrpc_error(answer) or isinstance(answer.get("result"), list), answer
        if "error" in answer:
            deadline = time.monotonic() + ANSWER_BOUND
            while "Traceback" not in server.stderr() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert "Traceback" in server.stderr(), "the failure was not logged"
        assert_still_serving(server, uri)
    # The ordinary request is still answered too.
    answer = server.result("textDocument/colorPresentation", {
        "textDocument": {"uri": uri}, "color": {"red": 0, "green": 0, "blue": 1, "alpha": 1}, "range": RANGE})
    assert answer and answer[0]["label"] == "blue"
    assert server.shutdown() == 0


MALFORMED = {
    "position is a string": ("textDocument/hover", {"textDocument": {"uri": "URI"}, "position": "start"}),
    "position missing": ("textDocument/hover", {"textDocument": {"uri": "URI"}}),
    "negative line": ("textDocument/completion", {"textDocument": {"uri": "URI"},
                                                  "position": {"line": -1, "character": -5}}),
    "line past uinteger": ("textDocument/completion", {"textDocument": {"uri": "URI"},
                                                       "position": {"line": 2**31, "character": 0}}),
    "params null": ("textDocument/documentSymbol", None),
    "params a list": ("textDocument/foldingRange", [1, 2, 3]),
    "colour a string": ("textDocument/colorPresentation", {"textDocument": {"uri": "URI"}, "range": RANGE,
                                                           "color": {"red": "red", "green": 0, "blue": 0, "alpha": 1}}),
    "context missing": ("textDocument/references", {"textDocument": {"uri": "URI"}, "position": ORIGIN}),
    "range backwards and negative": ("textDocument/codeAction", {
        "textDocument": {"uri": "URI"}, "context": {"diagnostics": []},
        "range": {"start": {"line": -3, "character": 0}, "end": {"line": -1, "character": 0}}}),
}


def test_malformed_params_are_answered_with_an_error(serving) -> None:
    """Requests whose params do not match the protocol get an error response (InvalidParams), never silence."""
    server, uri = serving
    sent = {name: server.send_request(method, _with_uri(params, uri)) for name, (method, params) in MALFORMED.items()}
    assert_still_serving(server, uri)  # answered after all of them: they have all been read and handled
    time.sleep(0.5)  # a grace period for error responses sent from other threads
    unanswered, not_errors = [], []
    for name, request_id in sent.items():
        try:
            answer = server.response(request_id, timeout=0.01)
        except AssertionError:
            unanswered.append(name)
            continue
        if not is_jsonrpc_error(answer):
            not_errors.append((name, answer))
    assert not unanswered, f"requests never answered (the client would wait forever): {unanswered}"
    assert not not_errors, f"malformed requests answered as if valid: {not_errors}"


def _with_uri(params, uri: str):
    if isinstance(params, dict) and params.get("textDocument", {}).get("uri") == "URI":
        return {**params, "textDocument": {"uri": uri}}
    return params


HOSTILE_URIS = [
    "file://[::1/.claude/agents/ipv6.md",  # urlparse: Invalid IPv6 URL
    "untitled:Untitled-1",
    "vscode-notebook-cell:/x/.claude/agents/cell.md#W0sZmlsZQ%3D%3D",
    "http://example.com/.claude/agents/remote.md",
    "file:relative/.claude/agents/rel.md",
    "file:///%E0%A4%A/.claude/agents/bad-escape.md",
    "file:///" + "d/" * 2000 + ".claude/agents/long.md",
    "file:///tmp/.claude/agents/%00nul.md",
    "",
]

DOCUMENT_REQUESTS = [
    ("textDocument/completion", {"position": ORIGIN}, lambda r: r is None or r == [] or r.get("items") == []),
    ("textDocument/hover", {"position": ORIGIN}, lambda r: r is None),
    ("textDocument/documentSymbol", {}, lambda r: not r),
    ("textDocument/foldingRange", {}, lambda r: not r),
    ("textDocument/documentColor", {}, lambda r: not r),
    ("textDocument/definition", {"position": ORIGIN}, lambda r: not r),
    ("textDocument/references", {"position": ORIGIN, "context": {"includeDeclaration": True}}, lambda r: not r),
    ("textDocument/codeAction", {"range": RANGE, "context": {"diagnostics": []}}, lambda r: not r),
]


@pytest.mark.parametrize("profile", ["visual_studio_code", "neovim"])
def test_documents_with_hostile_uris(profile: str, tmp_path: Path, start_server) -> None:
    """Never opened: empty results. Opened: answered without an error. Either way the server keeps serving."""
    root = make_workspace(tmp_path / "ws")
    server = start_server(root, profile)
    target = (root / ".claude" / "agents" / "target.md").as_uri()
    server.open(target, AGENT)
    requests = list(DOCUMENT_REQUESTS)
    if server.pull:
        requests.append(("textDocument/diagnostic", {}, lambda r: r.get("items") == []))
    failures = []
    for uri in HOSTILE_URIS:
        for opened in (False, True):
            if opened:  # open it, then ask again: answered (some are agent paths, analysed from the buffer)
                server.open(uri, AGENT)
            for method, params, empty in requests:
                answer = server.request(method, {"textDocument": {"uri": uri}, **params}, timeout=ANSWER_BOUND)
                if "error" in answer or not (opened or empty(answer.get("result"))):
                    failures.append((uri[:60], "open" if opened else "unknown", method,
                                     answer.get("error", {}).get("message") or answer.get("result")))
            if opened:
                server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                                         "contentChanges": [{"text": ""}]})
                server.close(uri)
        assert_still_serving(server, target)
    assert not failures, "\n".join(map(str, failures))
    assert server.shutdown() == 0


def test_hostile_notifications_and_bytes_do_not_stop_the_server(serving) -> None:
    server, uri = serving
    unknown = uri.replace("target.md", "never-opened.md")
    far = {"line": 10_000, "character": 10_000}
    for method, params in [
        ("textDocument/didChange", {"textDocument": {"uri": unknown, "version": 2},
                                    "contentChanges": [{"range": RANGE, "text": "x"}]}),
        ("textDocument/didClose", {"textDocument": {"uri": unknown}}),
        ("textDocument/didOpen", {"textDocument": {"uri": uri.replace("target", "no-text"), "version": 1}}),
        ("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                    "contentChanges": [{"range": {"start": far, "end": far}, "text": "\nTail\n"}]}),
        ("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": "not a list"}),
        ("textDocument/didSave", {"textDocument": {"uri": unknown}}),
        ("workspace/didChangeWatchedFiles", {"changes": [{"uri": "file://[::1/x.md", "type": 1},
                                                         {"uri": "file:///nonexistent/.claude/agents/x.md", "type": 3}]}),
        ("workspace/didChangeConfiguration", {"settings": {"agentLsp": {"disabledRules": 7, "severity": "loud"}}}),
        ("$/cancelRequest", {"id": 999_999}),
        ("$/unknownNotification", {"x": 1}),
    ]:
        server.notify(method, params)
    for body in (b"{not json!}", b"[]", b'{"jsonrpc": "2.0", "id": null}', b'{"jsonrpc": "2.0", "method": 7}',
                 b"\xff\xfe", b'"just a string"'):
        server.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.send_raw(b"X-Unknown-Header: 1\r\n")  # a header line of its own, then the next message's headers
    assert_still_serving(server, uri)
    # The far-away edit landed at the end (LSP clamps positions into the document).
    symbols = server.result("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    assert [s["name"] for s in symbols] == ["frontmatter", "Role"]
    assert server.shutdown() == 0


def test_a_numeric_uri_is_an_unknown_document(serving) -> None:
    """cattrs reads `"uri": 42` as the URI "42": an unknown document, answered with an empty result."""
    server, uri = serving
    answer = server.request("textDocument/definition", {"textDocument": {"uri": 42}, "position": ORIGIN})
    assert "error" not in answer and answer.get("result") in ([], None), answer
    assert_still_serving(server, uri)
