"""`python -m agent_lsp` with no arguments speaks LSP on stdio, and nothing else, then exits cleanly."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.asyncio(loop_scope="session")

TIMEOUT = 20.0
PROVIDERS = ["completionProvider", "hoverProvider", "codeActionProvider", "documentSymbolProvider",
             "definitionProvider", "colorProvider", "referencesProvider", "foldingRangeProvider",
             "workspaceSymbolProvider", "documentLinkProvider", "inlayHintProvider", "documentFormattingProvider"]


def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def parse_frames(data: bytes) -> list[dict[str, Any]]:
    """Split stdout into LSP frames; fail on anything that is not a well-formed frame."""
    messages = []
    while data:
        header_end = data.find(b"\r\n\r\n")
        assert header_end > 0, f"stray bytes on stdout: {data[:200]!r}"
        headers = {}
        for line in data[:header_end].split(b"\r\n"):
            name, sep, value = line.partition(b":")
            assert sep, f"not a header line: {line!r}"
            headers[name.strip().lower()] = value.strip()
        length = int(headers[b"content-length"])
        body = data[header_end + 4 : header_end + 4 + length]
        assert len(body) == length, "truncated frame"
        message = json.loads(body)
        assert message.get("jsonrpc") == "2.0", message
        messages.append(message)
        data = data[header_end + 4 + length :]
    return messages


class Wire:
    """Reads frames off the server's stdout, keeping every byte for the final check."""

    def __init__(self, stream: asyncio.StreamReader) -> None:
        self.stream = stream
        self.raw = b""

    async def next(self) -> dict[str, Any]:
        header = await asyncio.wait_for(self.stream.readuntil(b"\r\n\r\n"), TIMEOUT)
        length = next(int(line.split(b":", 1)[1]) for line in header.split(b"\r\n")
                      if line.lower().startswith(b"content-length:"))
        body = await asyncio.wait_for(self.stream.readexactly(length), TIMEOUT)
        self.raw += header + body
        return json.loads(body)

    async def response(self, request_id: int) -> dict[str, Any]:
        while True:
            message = await self.next()
            if message.get("id") == request_id and "method" not in message:
                return message


async def test_stdio_session_without_arguments(tmp_path: Path):
    workspace = tmp_path / "workspace"
    (workspace / ".claude" / "agents").mkdir(parents=True)
    (workspace / ".claude" / "agents" / "a.md").write_text("---\nname: a\ndescription: d\n---\nB\n", encoding="utf-8")
    env = {**os.environ, "CLAUDE_CONFIG_DIR": str(tmp_path / "claude-home")}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "agent_lsp", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=env, cwd=str(Path(__file__).resolve().parents[2]))
    try:
        wire = Wire(process.stdout)
        process.stdin.write(frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": os.getpid(), "rootUri": workspace.as_uri(), "capabilities": {}}}))
        await process.stdin.drain()
        result = (await wire.response(1))["result"]
        capabilities = result["capabilities"]
        for provider in PROVIDERS:
            assert capabilities.get(provider), f"{provider} missing from {sorted(capabilities)}"
        assert capabilities["textDocumentSync"]["change"] == 2  # incremental
        assert capabilities["positionEncoding"] == "utf-16"
        assert result["serverInfo"]["name"] == "agent-lsp"

        process.stdin.write(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        process.stdin.write(frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        await process.stdin.drain()
        shutdown = await wire.response(2)
        assert "error" not in shutdown and shutdown["result"] is None

        process.stdin.write(frame({"jsonrpc": "2.0", "method": "exit"}))
        await process.stdin.drain()
        rest, stderr = await asyncio.wait_for(process.communicate(), TIMEOUT)
        assert process.returncode == 0, stderr.decode(errors="replace")
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    messages = parse_frames(wire.raw + rest)
    assert [m["id"] for m in messages if "id" in m and "method" not in m] == [1, 2]
    # Anything else the server said is a notification it may send (logs), never a stray request.
    assert {m["method"] for m in messages if "method" in m} <= {"window/logMessage", "window/showMessage",
                                                                 "$/progress", "textDocument/publishDiagnostics"}
