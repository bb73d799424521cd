"""The fast `initialize` answer must be exactly what pygls answers, and the server must work after it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import BytesIO

import pytest
from pygls.protocol import default_converter
from pytest_lsp import client_capabilities

from agent_lsp.server import fast_start
from agent_lsp.server.fast_start import frame, read_message


def _initialize(capabilities: dict, fast: bool) -> tuple[dict, list]:
    request = frame({"jsonrpc": "2.0", "id": 7, "method": "initialize",
                     "params": {"processId": None, "rootUri": None, "capabilities": capabilities}})
    rest = frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}) + frame(
        {"jsonrpc": "2.0", "id": 8, "method": "shutdown"}) + frame({"jsonrpc": "2.0", "method": "exit"})
    env = dict(os.environ, AGENT_LSP_FAST_START="1" if fast else "0")
    process = subprocess.run([sys.executable, "-m", "agent_lsp", "serve"], input=request + rest,
                             capture_output=True, env=env, timeout=60)
    assert process.returncode == 0, process.stderr.decode(errors="replace")
    stream = BytesIO(process.stdout)
    messages = []
    while True:
        _raw, message = read_message(stream)
        if message is None:
            break
        messages.append(message)
    result = [m["result"] for m in messages if m.get("id") == 7]
    assert len(result) == 1, f"expected exactly one initialize response, got {len(result)}"
    return result[0], messages


@pytest.mark.parametrize("profile", ["visual_studio_code", "neovim", "emacs"])
def test_fast_answer_equals_pygls_answer(profile):
    capabilities = default_converter().unstructure(client_capabilities(profile))
    fast, fast_messages = _initialize(capabilities, fast=True)
    slow, _ = _initialize(capabilities, fast=False)
    assert fast == slow
    # The server went on to answer shutdown after the replayed initialize.
    assert any(m.get("id") == 8 and "result" in m for m in fast_messages)


def test_template_is_current(tmp_path, monkeypatch):
    template = json.loads(fast_start.TEMPLATE.read_text(encoding="utf-8"))
    slow, _ = _initialize({}, fast=False)
    slow["capabilities"].pop("positionEncoding", None)
    assert slow == template, "run `python -m agent_lsp.server.fast_start --write` and commit capabilities.json"


def test_replay_reader_serves_prefetched_bytes_first():
    raw = frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}})
    rest = frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    reader = fast_start.ReplayReader(raw, BytesIO(rest))
    first_raw, first = read_message(reader)
    second_raw, second = read_message(reader)
    assert first["method"] == "initialize" and first_raw == raw
    assert second["method"] == "initialized" and second_raw == rest


def test_non_initialize_first_message_is_passed_through():
    raw = frame({"jsonrpc": "2.0", "method": "exit"})
    out = BytesIO()
    reader, writer = fast_start.answer_initialize(BytesIO(raw), out)
    assert out.getvalue() == b""
    assert writer is out
    assert read_message(reader)[1] == {"jsonrpc": "2.0", "method": "exit"}
