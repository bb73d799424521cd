"""`agent-lsp` on pipes: complete output for slow readers, a quiet exit when the reader goes away.

tests/cli/test_cli.py covers the text format on a pipe and `check --format sarif | head -1`; this module
covers every format and every command, readers that are slow, readers gone before the first byte and
readers that stop mid-stream.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.robustness.conftest import make_workspace
from tests.robustness.lsp_client import server_env

FILES = 400
FINDINGS = 2 * FILES  # KY002 (colour) and KY001 (unknown key) in each file


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    home = tmp_path_factory.mktemp("pipes-home")
    (home / ".claude").mkdir()
    root = make_workspace(tmp_path_factory.mktemp("pipes") / "ws", {
        f".claude/agents/agent{n:04}.md": f"---\nname: agent-{n}\ndescription: Agent number {n} of many, with a "
                                          f"description long enough to make the output large\ncolor: violet\n"
                                          f"mode: subagent\n---\nBody {n}\n" for n in range(FILES)})
    return root, server_env(home)


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "agent_lsp", *args]


def count(format_: str, output: bytes) -> int:
    text = output.decode("utf-8")
    if format_ == "json":
        return len(json.loads(text))
    if format_ == "sarif":
        return len(json.loads(text)["runs"][0]["results"])
    lines = text.splitlines()
    if format_ == "text":
        assert lines[-1] == f"{FILES} files checked: 0 error(s), {FINDINGS} warning(s), 0 note(s)", lines[-1]
        return len(lines) - 1
    return len(lines)


@pytest.mark.parametrize("format_", ["text", "json", "sarif", "github"])
def test_complete_output_for_a_slow_reader(format_: str, project) -> None:
    root, env = project
    process = subprocess.Popen(command("check", "--no-user-dir", "--format", format_, "."), cwd=root, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    chunks = []
    while True:
        chunk = process.stdout.read1(4096)  # a reader slower than the writer: the pipe fills up
        if not chunk:
            break
        chunks.append(chunk)
        time.sleep(0.001)
    err = process.stderr.read()
    assert process.wait(60) == 0, err
    output = b"".join(chunks)
    assert len(output) > 65536, "the output should be larger than a pipe's buffer"
    assert count(format_, output) == FINDINGS
    assert err == b""


COMMANDS = [("check", "--no-user-dir", "--format", f, ".") for f in ("text", "json", "sarif", "github")] + [
    ("rules", "--markdown"), ("rules", "--json"), ("rules",), ("schema", "agent"), ("rule", "FM014"), ("--version",),
    ("check", "--no-user-dir", "--stdin-filename", ".claude/agents/x.md", "--fix"),
]


def assert_quiet(args: tuple[str, ...], status: int, err: bytes) -> None:
    text = err.decode("utf-8", "replace")
    assert status in (0, 1), (args, status, text)  # never 120 (a failed flush at exit) or a signal
    assert "Traceback" not in text and "Exception" not in text and "BrokenPipe" not in text, (args, text)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_reader_gone_before_the_first_byte(args: tuple[str, ...], project) -> None:
    root, env = project
    read_end, write_end = os.pipe()
    os.close(read_end)
    stdin = ("---\nname: x\ndescription: d\ntools: Task\n---\n" + "Body\n" * 50_000).encode()
    try:
        result = subprocess.run(command(*args), cwd=root, env=env, stdout=write_end, stderr=subprocess.PIPE,
                                input=stdin, timeout=60)
    finally:
        os.close(write_end)
    assert_quiet(args, result.returncode, result.stderr)


@pytest.mark.parametrize("args", [a for a in COMMANDS if a[0] in ("check", "rules")], ids=lambda a: " ".join(a))
def test_reader_stops_mid_stream(args: tuple[str, ...], project) -> None:
    root, env = project
    stdin = ("---\nname: x\ndescription: d\ntools: Task\n---\n" + "Body line\n" * 50_000).encode()
    process = subprocess.Popen(command(*args), cwd=root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    if "--stdin-filename" in args:
        process.stdin.write(stdin)
    process.stdin.close()
    first = process.stdout.read(100)  # like `head -c 100`
    process.stdout.close()
    err = process.stderr.read()
    status = process.wait(60)
    assert first
    assert_quiet(args, status, err)
