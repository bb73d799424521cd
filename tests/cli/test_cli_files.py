"""`agent-lsp check` and the file system, in process (`cli.main`): what `--fix` may write, files that
cannot be read or written, bad configuration, and output that stays valid whatever the file names.

Each file that could not be read or written is a finding (IO001, IO002) in every format and counts
towards the exit status; a bad configuration or a missing path is exit 2 with one line per problem.
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from agent_lsp import cli, files
from tests.cli.test_cli import ERROR_AGENT, GOOD_AGENT, parse_text, project

LEGACY = "---\nname: legacy\ndescription: Uses a legacy tool name\ntools: Task, Read\n---\nBody\n"
LEGACY_FIXED = LEGACY.replace("Task", "Agent")


@pytest.fixture(autouse=True)
def no_user_claude_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(tmp_path / "no-claude"))
    monkeypatch.chdir(tmp_path)


class Output:
    """Stand-in for stdout: bytes behind a text stream of the given encoding (strict, like a C locale)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, encoding: str = "utf-8") -> None:
        self.raw = io.BytesIO()
        self.stream = io.TextIOWrapper(self.raw, encoding=encoding, errors="strict", write_through=True)
        monkeypatch.setattr(sys, "stdout", self.stream)

    @property
    def bytes(self) -> bytes:
        return self.raw.getvalue()


def run(*args: str) -> int:
    return cli.main(["check", "--no-user-dir", *args])


# ------------------------------------------------------------------------------------------ --fix writes


def test_fix_never_writes_a_file_it_did_not_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 4096)  # the real limit is 16 MiB: same code, smaller file
    agent = project(tmp_path, {".claude/agents/big.md": LEGACY + "x" * 10_000 + "\nend\n"}) / ".claude/agents/big.md"
    before = agent.read_bytes()
    status = run("--fix", str(agent))
    rows = parse_text(capsys.readouterr().out)
    assert agent.read_bytes() == before
    assert ("IO002", "error") in [(row["code"], row["severity"]) for row in rows]
    assert "larger than" in next(row["message"] for row in rows if row["code"] == "IO002")
    assert status == 1


def test_fix_never_overwrites_a_change_made_while_it_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    agent = project(tmp_path, {".claude/agents/legacy.md": LEGACY}) / ".claude/agents/legacy.md"
    real = cli._fixed

    def fixed_while_someone_edits(*args, **kwargs):
        result = real(*args, **kwargs)
        with open(agent, "a", encoding="utf-8") as handle:
            handle.write("A line added meanwhile.\n")
        return result

    monkeypatch.setattr(cli, "_fixed", fixed_while_someone_edits)
    status = run("--fix", str(agent))
    rows = parse_text(capsys.readouterr().out)
    assert agent.read_text(encoding="utf-8") == LEGACY + "A line added meanwhile.\n"
    io002 = [row for row in rows if row["code"] == "IO002"]
    assert len(io002) == 1 and "changed since it was read" in io002[0]["message"]
    assert "TL004" in [row["code"] for row in rows]  # the file still holds what was found
    assert status == 1


def test_fix_replaces_the_file_atomically_keeping_its_mode_and_links(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path / "project", {".claude/agents/legacy.md": LEGACY})
    target = project(tmp_path / "elsewhere", {".claude/agents/target.md": LEGACY.replace("legacy\n", "target\n")})
    agent = root / ".claude/agents/legacy.md"
    agent.chmod(0o640)
    inode = agent.stat().st_ino
    link = root / ".claude/agents/linked.md"
    link.symlink_to(target / ".claude/agents/target.md")
    status = run("--fix", str(agent), str(link))
    assert capsys.readouterr().out.splitlines()[-1] == "2 files checked: 0 error(s), 0 warning(s), 0 note(s)"
    assert agent.read_text(encoding="utf-8") == LEGACY_FIXED
    assert stat.S_IMODE(agent.stat().st_mode) == 0o640
    assert agent.stat().st_ino != inode  # a new file renamed over the old one: never a half-written file
    assert link.is_symlink()
    assert link.resolve().read_text(encoding="utf-8") == LEGACY_FIXED.replace("legacy\n", "target\n")
    assert sorted(p.name for p in agent.parent.iterdir()) == ["legacy.md", "linked.md"]  # no temporary left
    assert [p.name for p in target.joinpath(".claude/agents").iterdir()] == ["target.md"]
    assert status == 0


def test_fix_keeps_no_round_that_makes_things_worse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Should a safe fix ever misbehave, `--fix` does not write its result (here: one that breaks the name)."""
    agent = project(tmp_path, {".claude/agents/legacy.md": LEGACY}) / ".claude/agents/legacy.md"
    monkeypatch.setattr(cli, "apply_fixes", lambda text, findings, unsafe=False: (
        text.replace("name: legacy", "name: leg:acy"), 1))
    status = run("--fix", str(agent))
    assert agent.read_text(encoding="utf-8") == LEGACY
    assert [row["code"] for row in parse_text(capsys.readouterr().out)] == ["TL004"]
    assert status == 0


def test_fix_on_a_read_only_file_is_a_finding_not_a_silent_skip(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    agent = project(tmp_path, {".claude/agents/locked.md": LEGACY.replace("legacy\n", "my:legacy\n")})
    path = agent / ".claude/agents/locked.md"
    before = path.read_bytes()
    path.chmod(0o444)
    status = run("--fix", str(path))
    out = capsys.readouterr().out
    rows = parse_text(out)
    assert path.read_bytes() == before
    assert [row["code"] for row in rows] == ["AG003", "TL004", "IO002"]
    assert "read-only" in rows[-1]["message"]
    assert out.splitlines()[-1].startswith("1 file checked: 2 error(s)")
    assert status == 1


# ------------------------------------------------------------------------------------------ unreadable files


@pytest.mark.parametrize("format_", ["text", "json", "sarif", "github"])
def test_a_file_that_cannot_be_read_is_a_finding_in_every_format(format_: str, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, {".claude/agents/good.md": GOOD_AGENT})
    fifo = root / ".claude/agents/pipe.md"
    os.mkfifo(fifo)  # named explicitly: read it, or say why not (never block on it)
    output = Output(monkeypatch)
    status = run("--format", format_, str(root / ".claude/agents/good.md"), str(fifo))
    text = output.bytes.decode("utf-8")
    if format_ == "json":
        assert [(Path(item["path"]).name, item["code"]) for item in json.loads(text)] == [("pipe.md", "IO001")]
    elif format_ == "sarif":
        results = json.loads(text)["runs"][0]["results"]
        assert [(r["ruleId"], r["level"]) for r in results] == [("IO001", "error")]
        assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("pipe.md")
    elif format_ == "github":
        assert text.startswith("::error file=") and "IO001" in text and "not a regular file" in text
    else:
        assert [row["code"] for row in parse_text(text)] == ["IO001"]
    assert status == 1


# ------------------------------------------------------------------------------------------ usage errors


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project(tmp_path, {".claude/agents/good.md": GOOD_AGENT})
    assert run("/nonexistent/agents") == 2
    out, err = capsys.readouterr()
    assert out == "" and err == "agent-lsp: /nonexistent/agents: no such file or directory\n"


@pytest.mark.parametrize("pyproject, expected", [
    ('tool = "x"\n', "`tool` must be a table, got a string"),
    ('[tool]\nagent-lsp = 3\n', "`tool.agent-lsp` must be a table, got an integer"),
    ('[tool.agent-lsp]\nclaude-config-dir = "a\\u0000b"\n', "contains a NUL character"),
    ('[tool.agent-lsp]\nextra-skill-directories = ["ok", "a\\u0000b"]\n', "contains a NUL character"),
    ('[tool.agent-lsp\n', "invalid TOML"),
])
def test_bad_configuration_is_one_line_and_exit_2(pyproject: str, expected: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    project(tmp_path, {".claude/agents/bad.md": ERROR_AGENT, "pyproject.toml": pyproject})
    status = cli.main(["check", "."])
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and expected in err and "Traceback" not in err
    assert err.startswith("agent-lsp: ") and status == 2


def test_a_claude_config_dir_too_long_for_the_system_is_exit_2(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    project(tmp_path, {".claude/agents/bad.md": ERROR_AGENT})
    status = cli.main(["check", "--claude-config-dir", "d" * 300, "."])
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and "File name too long" in err
    assert status == 2


def test_a_nul_byte_in_a_path_argument_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project(tmp_path, {".claude/agents/bad.md": ERROR_AGENT})
    assert run("a\0b") == 2
    assert "NUL" in capsys.readouterr().err


@pytest.mark.parametrize("pyproject", [
    '[tool."agent-lsp"]\ndisable = ["AG003"]\n',
    '[tool]\nagent-lsp = { disable = ["AG003"] }\n',
    'tool.agent-lsp.disable = ["AG003"]\n',
])
def test_every_toml_spelling_of_the_pyproject_table_is_read(pyproject: str, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    project(tmp_path, {".claude/agents/bad.md": ERROR_AGENT, "pyproject.toml": pyproject})
    assert run(".") == 0
    assert parse_text(capsys.readouterr().out) == []


# ------------------------------------------------------------------------------------------ output


def test_output_that_cannot_be_written_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    project(tmp_path, {".claude/agents/good.md": GOOD_AGENT})
    full = open("/dev/full", "w", encoding="utf-8")  # noqa: SIM115 - closed below
    monkeypatch.setattr(sys, "stdout", full)
    try:
        status = run(".")
    finally:
        full.close()
    assert status == 2
    assert capsys.readouterr().err == "agent-lsp: cannot write the output: No space left on device\n"


def test_a_reader_that_goes_away_does_not_hide_the_status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`agent-lsp check | head -1` (with pipefail) still fails on errors: the findings count."""
    project(tmp_path, {f".claude/agents/bad{n}.md": ERROR_AGENT.replace("my:helper", f"my:helper{n}")
                       for n in range(50)})
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte
    writer = open(write_end, "w", encoding="utf-8")  # noqa: SIM115 - closed below
    monkeypatch.setattr(sys, "stdout", writer)
    try:
        status = run(".")
    finally:
        writer.close()
    assert status == 1


BAD_NAMES = [b"bad\xff\xfename.md", "line\nbreak.md".encode(), "emoji-\U0001F600.md".encode(), b"sp ace%.md"]


@pytest.mark.parametrize("format_", ["text", "json", "sarif", "github"])
def test_output_is_valid_whatever_the_file_names(format_: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, {})
    agents = root / ".claude" / "agents"
    agents.mkdir(parents=True)
    for name in BAD_NAMES:
        try:
            with open(os.path.join(os.fsencode(agents), name), "wb") as handle:
                handle.write(ERROR_AGENT.replace("my:helper", f"my:h{len(name)}").encode())
        except OSError:
            pytest.skip("the file system refuses such names")
    output = Output(monkeypatch, encoding="ascii" if format_ in ("text", "github") else "utf-8")
    status = run("--format", format_, ".")
    data = output.bytes
    text = data.decode("utf-8")  # valid UTF-8 whatever the names (ASCII for the text formats here)
    assert status == 1
    if format_ == "json":
        paths = sorted({item["path"] for item in json.loads(text)})
        assert len(paths) == 4 and all("\n" not in p for p in paths)
        assert any(p.endswith("bad\\xff\\xfename.md") for p in paths)
    elif format_ == "sarif":
        uris = sorted({result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                       for result in json.loads(text)["runs"][0]["results"]})
        assert [uri.rsplit("/", 1)[1] for uri in uris] == ["bad%FF%FEname.md", "emoji-%F0%9F%98%80.md",
                                                          "line%0Abreak.md", "sp%20ace%25.md"]
    else:
        lines = text.splitlines()
        assert sum("AG003" in line for line in lines) == 4  # one line per finding: no raw newline in a name
        assert any("line\\nbreak.md" in line for line in lines)


@pytest.mark.parametrize("argv", [["rules", "--markdown"], ["rule", "FM004"], ["rules"]])
def test_reference_output_on_a_console_that_cannot_encode_it(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    output = Output(monkeypatch, encoding="ascii")  # the rules' documentation holds em dashes and arrows
    assert cli.main(argv) == 0
    assert output.bytes.decode("ascii").strip()


def test_the_workspace_scan_survives_folders_the_system_cannot_name(tmp_path: Path) -> None:
    """What the server scans with a bad `claudeConfigDir` or `extraSkillDirectories`: nothing, no exception."""
    root = project(tmp_path, {".claude/agents/good.md": GOOD_AGENT})
    result = files.scan([root], Path("d" * 300), [Path("e" * 300), Path("nul\0byte")])
    assert [path.name for path, _dialect in result.files] == ["good.md"]
