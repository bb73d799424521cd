"""The server and the CLI make no network connection and start no program (the guard is in conftest.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.robustness.conftest import Guard, make_workspace

FILES = {
    ".claude/agents/reviewer.md": "---\nname: reviewer\ndescription: Reviews code\ntools: Read, WebFetch, mcp__github\n"
                                  "skills: pdf\nmodel: sonnet\ncolor: blue\n---\n# Role\n\nSee https://example.com/x\n",
    ".claude/agents/fetcher.md": "---\nname: fetcher\ndescription: Fetches https://example.com\n"
                                 "initialPrompt: curl http://169.254.169.254/latest/meta-data/\n---\nBody\n",
    ".claude/commands/deploy.md": "---\ndescription: Deploy\nallowed-tools: Bash(curl:*), WebFetch(domain:example.com)\n"
                                  "---\n!`curl https://example.com`\n",
    ".claude/skills/pdf/SKILL.md": "---\nname: pdf\ndescription: Reads PDFs\nlicense: https://example.com/license\n---\n",
    ".mcp.json": '{"mcpServers": {"github": {"type": "http", "url": "https://api.githubcopilot.com/mcp/"},'
                 ' "local": {"command": "npx", "args": ["-y", "server"]}}}',
    ".agent-lsp.toml": 'extra-skill-directories = ["https://example.com/skills", "//server/share"]\n',
}


def network(attempts: list[dict]) -> list[dict]:
    return [a for a in attempts if a["kind"].startswith("socket.")]


def programs(attempts: list[dict]) -> list[dict]:
    return [a for a in attempts if not a["kind"].startswith("socket.")]


def test_the_guard_records_and_refuses(tmp_path: Path, home: Path, guard: Guard) -> None:
    """A control: the guard sees a TCP connection, a DNS lookup and a program start, and refuses them."""
    script = ("import socket, subprocess\n"
              "for attempt in (lambda: socket.create_connection(('127.0.0.1', 9), timeout=1),\n"
              "                lambda: socket.socket().connect(('127.0.0.1', 9)),\n"
              "                lambda: socket.getaddrinfo('example.com', 443),\n"
              "                lambda: subprocess.run(['true'])):\n"
              "    try:\n"
              "        attempt()\n"
              "    except OSError as error:\n"
              "        assert 'blocked' in str(error), error\n"
              "    else:\n"
              "        raise SystemExit('not blocked')\n"
              "a, b = socket.socketpair()\n"  # Unix sockets (asyncio's self-pipe) keep working
              "a.sendall(b'x'); assert b.recv(1) == b'x'\n")
    result = subprocess.run([sys.executable, "-c", script], env=guard.env(home), capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 0, result.stderr
    kinds = [a["kind"] for a in guard.attempts()]
    assert kinds == ["socket.create_connection", "socket.connect", "socket.getaddrinfo", "subprocess.Popen"], kinds


def full_session(server, root: Path) -> None:
    uri = (root / ".claude" / "agents" / "reviewer.md").as_uri()
    text = (root / ".claude" / "agents" / "reviewer.md").read_text(encoding="utf-8")
    server.open(uri, text)
    server.diagnostics(uri, 1)
    position = {"line": 3, "character": 8}
    for method, params in [("textDocument/completion", {"position": {"line": 5, "character": 7}}),
                           ("textDocument/hover", {"position": position}),
                           ("textDocument/definition", {"position": {"line": 4, "character": 9}}),
                           ("textDocument/references", {"position": {"line": 4, "character": 9},
                                                        "context": {"includeDeclaration": True}}),
                           ("textDocument/documentSymbol", {}), ("textDocument/foldingRange", {}),
                           ("textDocument/documentColor", {}),
                           ("textDocument/codeAction", {"range": {"start": position, "end": position},
                                                        "context": {"diagnostics": []}})]:
        server.result(method, {"textDocument": {"uri": uri}, **params})
    server.result("workspace/symbol", {"query": ""})
    server.change(uri, 2, [{"text": text.replace("sonnet", "opus")}])
    server.diagnostics(uri, 2)
    server.close(uri)
    assert server.shutdown() == 0


def test_a_full_server_session_makes_no_connection(tmp_path: Path, home: Path, guard: Guard, start_server) -> None:
    root = make_workspace(tmp_path / "ws", FILES)
    full_session(start_server(root, env=guard.env(home)), root)
    assert network(guard.attempts()) == []


def test_check_makes_no_connection_and_runs_nothing(tmp_path: Path, home: Path, guard: Guard) -> None:
    root = make_workspace(tmp_path / "ws", FILES)
    for args in (["check", "."], ["check", "--format", "sarif", "--fix", "."], ["rules", "--markdown"],
                 ["schema", "agent"], ["rule", "FM014"]):
        result = subprocess.run([sys.executable, "-m", "agent_lsp", *args], cwd=root, env=guard.env(home),
                                capture_output=True, text=True, timeout=60)
        assert result.returncode in (0, 1), (args, result.stderr)
    assert guard.attempts() == []


def test_a_full_server_session_runs_no_program(tmp_path: Path, home: Path, guard: Guard, start_server) -> None:
    """Nothing from the files (tags, `!` commands, MCP commands) is run, and nothing else either."""
    root = make_workspace(tmp_path / "ws", FILES)
    full_session(start_server(root, env=guard.env(home)), root)
    assert programs(guard.attempts()) == []
