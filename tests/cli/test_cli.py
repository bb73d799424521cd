"""`python -m agent_lsp` as a user runs it: output formats, exit codes, fixes, walking, configuration, pipes."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from agent_lsp import cli
from agent_lsp.core.rules import REGISTRY
from tests.helpers import REPO_ROOT

TEXT_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|information|hint) "
                       r"(?P<code>[A-Z]{2}\d{3}) (?P<message>.+)$")
SUMMARY = re.compile(r"^\d+ files? checked: \d+ error\(s\), \d+ warning\(s\), \d+ note\(s\)$")

GOOD_AGENT = "---\nname: helper\ndescription: Helps with chores\ntools: Read, Grep\n---\nYou help.\n"
ERROR_AGENT = "---\nname: my:helper\ndescription: Colon in the name\n---\nBody\n"  # AG003 at 2:7
WARNING_AGENT = "---\nname: painter\ndescription: Paints\ncolor: violet\n---\nBody\n"  # KY002 at 4:8
INFO_AGENT = "---\nname: Info_Agent\ndescription: Style only\n---\nBody\n"  # AG004 at 2:7
COMMAND = "---\ndescription: Deploy the site\nallowed-tools: Bash(npm run deploy:*)\n---\nDeploy.\n"
SKILL = "---\nname: pdf\ndescription: Reads PDF files\n---\nUse pdftotext.\n"


@pytest.fixture
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment where the user's real ~/.claude is never read."""
    home = tmp_path_factory.mktemp("home")
    claude = home / "claude-config"
    claude.mkdir()
    environment = {key: value for key, value in os.environ.items() if not key.startswith("AGENT_LSP")}
    environment.update(PYTHONPATH=str(REPO_ROOT) + os.pathsep + environment.get("PYTHONPATH", ""),
                       CLAUDE_CONFIG_DIR=str(claude), HOME=str(home), PYTHONIOENCODING="utf-8")
    return environment


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


def project(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A project root (marked by `.git`) holding `files`."""
    (tmp_path / ".git").mkdir(parents=True, exist_ok=True)
    return write(tmp_path, files)


def agent_lsp(env: dict[str, str], *args: str, cwd: Path, stdin: str | None = None,
              process: bool = False) -> subprocess.CompletedProcess:
    """Run `agent-lsp ARGS`: in this process through `cli.main` (fast), or as a real process where that matters."""
    if process:
        return subprocess.run([sys.executable, "-m", "agent_lsp", *args], cwd=cwd, env=env, input=stdin,
                              capture_output=True, text=True, encoding="utf-8", timeout=120)
    return run_in_process(env, list(args), cwd, stdin)


def run_in_process(env: dict[str, str], argv: list[str], cwd: Path, stdin: str | None) -> subprocess.CompletedProcess:
    """`cli.main(argv)` with this environment, folder and standard streams; the process's own are restored."""
    saved = (dict(os.environ), os.getcwd(), sys.stdin, sys.stdout, sys.stderr)
    out, err = io.BytesIO(), io.StringIO()
    try:
        os.environ.clear()
        os.environ.update(env)
        os.chdir(cwd)
        sys.stdin = io.StringIO(stdin or "")
        sys.stdout = io.TextIOWrapper(out, encoding="utf-8", newline="")
        sys.stderr = err
        status = cli.main(argv)
        sys.stdout.flush()
        text = out.getvalue().decode("utf-8")
    finally:
        os.environ.clear()
        os.environ.update(saved[0])
        os.chdir(saved[1])
        sys.stdin, sys.stdout, sys.stderr = saved[2:]
    return subprocess.CompletedProcess(argv, status, text, err.getvalue())


def agent_lsp_many(env: dict[str, str], cwd: Path, *argvs: tuple[str, ...]) -> list[subprocess.CompletedProcess]:
    """Run independent invocations one after the other, in this process."""
    return [run_in_process(env, list(argv), cwd, None) for argv in argvs]


def check(env: dict[str, str], cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return agent_lsp(env, "check", "--no-user-dir", *args, cwd=cwd, stdin=stdin)


def parse_text(stdout: str) -> list[dict[str, str]]:
    lines = stdout.splitlines()
    assert lines and SUMMARY.match(lines[-1]), stdout
    parsed = []
    for line in lines[:-1]:
        match = TEXT_LINE.match(line)
        assert match, f"not `file:line:col: severity code message`: {line!r}"
        parsed.append(match.groupdict())
    return parsed


# ------------------------------------------------------------------------------------------ output


def test_text_format(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {".claude/agents/bad.md": ERROR_AGENT, ".claude/agents/good.md": GOOD_AGENT,
                       ".claude/agents/paint.md": WARNING_AGENT})
    result = check(env, tmp_path, ".")
    assert result.returncode == 1, result.stderr
    rows = parse_text(result.stdout)
    assert [(r["path"], r["line"], r["col"], r["severity"], r["code"]) for r in rows] == [
        (os.path.join(".claude", "agents", "bad.md"), "2", "7", "error", "AG003"),
        (os.path.join(".claude", "agents", "paint.md"), "4", "8", "warning", "KY002"),
    ]
    assert rows[0]["message"].startswith("Claude Code refuses to load this agent")
    assert result.stdout.splitlines()[-1] == "3 files checked: 1 error(s), 1 warning(s), 0 note(s)"
    assert result.stderr == ""


def test_json_format(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {".claude/agents/bad.md": ERROR_AGENT, ".claude/agents/paint.md": WARNING_AGENT})
    result = check(env, tmp_path, "--format", "json", ".")
    items = json.loads(result.stdout)
    assert [(Path(i["path"]).name, i["code"], i["severity"]) for i in items] == [
        ("bad.md", "AG003", "error"), ("paint.md", "KY002", "warning")]
    first = items[0]
    assert (first["line"], first["column"], first["end_line"], first["end_column"]) == (2, 7, 2, 16)
    assert set(first) == {"path", "code", "severity", "message", "line", "column", "end_line", "end_column", "fixes"}
    assert first["fixes"][0]["applicability"] == "unsafe"
    edit = first["fixes"][0]["edits"][0]
    assert edit["new_text"] == "my-helper" and edit["end_offset"] > edit["start_offset"]


def test_sarif_format(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {".claude/agents/bad.md": ERROR_AGENT, ".claude/agents/info.md": INFO_AGENT})
    result = check(env, tmp_path, "--format", "sarif", ".")
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0" and "sarif" in sarif["$schema"]
    run = sarif["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "agent-lsp"
    assert sorted(rule["id"] for rule in driver["rules"]) == sorted(REGISTRY)
    assert run["columnKind"] == "unicodeCodePoints"
    results = {Path(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]).name: r for r in run["results"]}
    assert results["bad.md"]["ruleId"] == "AG003" and results["bad.md"]["level"] == "error"
    assert results["info.md"]["ruleId"] == "AG004" and results["info.md"]["level"] == "note"
    region = results["bad.md"]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 2, "startColumn": 7, "endLine": 2, "endColumn": 16}
    assert "\\" not in results["bad.md"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]


def test_github_format(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {".claude/agents/bad.md": ERROR_AGENT, ".claude/agents/paint.md": WARNING_AGENT,
                       ".claude/agents/info.md": INFO_AGENT})
    result = check(env, tmp_path, "--format", "github", ".")
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    pattern = re.compile(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,"
                         r"title=[A-Z]{2}\d{3}::.+$")
    assert all(pattern.match(line) for line in lines), lines
    by_level = {line.split(" ", 1)[0]: line for line in lines}
    assert "line=2,col=7,endLine=2,endColumn=16,title=AG003" in by_level["::error"]
    assert "title=KY002" in by_level["::warning"] and "title=AG004" in by_level["::notice"]


# ------------------------------------------------------------------------------------------ exit codes


def test_exit_codes(tmp_path: Path, env: dict[str, str]) -> None:
    warnings_only = project(tmp_path / "warn", {".claude/agents/paint.md": WARNING_AGENT,
                                                ".claude/agents/info.md": INFO_AGENT})
    errors = project(tmp_path / "err", {".claude/agents/bad.md": ERROR_AGENT})
    clean = project(tmp_path / "clean", {".claude/agents/good.md": GOOD_AGENT})
    cases = [(warnings_only, (), 0), (warnings_only, ("--exit-on", "warning"), 1),
             (warnings_only, ("--exit-on", "information"), 1), (errors, (), 1), (errors, ("--exit-on", "never"), 0),
             (clean, ("--exit-on", "hint"), 0)]
    statuses = [check(env, cwd, *args, ".").returncode for cwd, args, _expected in cases]
    assert statuses == [expected for _cwd, _args, expected in cases]


def test_missing_path_is_a_usage_error(tmp_path: Path, env: dict[str, str]) -> None:
    """A typo'd path must not pass CI as "0 files checked"."""
    project(tmp_path, {".claude/agents/bad.md": ERROR_AGENT})
    result = check(env, tmp_path, "nowhere", ".claude")
    assert result.stderr == "agent-lsp: nowhere: no such file or directory\n"
    assert result.stdout == "" and result.returncode == 2


# ------------------------------------------------------------------------------------------ fixes


FIXABLE = ("---\nname: 1234\ndescription: Uses legacy names\ntools: Task, Read\ncolor: purpel\n---\nBody\n")
SAFE_FIXABLE = FIXABLE.replace("color: purpel\n", "")
SAFE_FIXED = ('---\nname: "1234"\ndescription: Uses legacy names\ntools: Agent, Read\n---\nBody\n')
ALL_FIXED = ('---\nname: "1234"\ndescription: Uses legacy names\ntools: Agent, Read\ncolor: purple\n---\nBody\n')


def test_fix_applies_only_safe_fixes(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {".claude/agents/legacy.md": SAFE_FIXABLE, ".claude/agents/painted.md": FIXABLE,
                       ".claude/commands/late.md": "\n\n" + COMMAND})
    result = check(env, tmp_path, "--fix", ".")
    assert (tmp_path / ".claude/agents/legacy.md").read_text(encoding="utf-8") == SAFE_FIXED
    assert (tmp_path / ".claude/commands/late.md").read_text(encoding="utf-8") == COMMAND  # FM002 is safe
    # Quoting this name would make Claude Code load the agent and reveal its bad colour (a new warning):
    # not a safe fix, so the file is left alone.
    assert (tmp_path / ".claude/agents/painted.md").read_text(encoding="utf-8") == FIXABLE
    assert [row["code"] for row in parse_text(result.stdout)] == ["AG002"]  # what is left after fixing
    assert result.returncode == 1  # AG002 is an error: the agent still does not load


def test_fix_with_unsafe_fixes(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {".claude/agents/legacy.md": FIXABLE, ".claude/agents/bad.md": ERROR_AGENT})
    result = check(env, tmp_path, "--fix", "--unsafe-fixes", ".")
    assert (tmp_path / ".claude/agents/legacy.md").read_text(encoding="utf-8") == ALL_FIXED
    assert (tmp_path / ".claude/agents/bad.md").read_text(encoding="utf-8") == ERROR_AGENT.replace("my:helper",
                                                                                                   "my-helper")
    assert parse_text(result.stdout) == []
    assert result.returncode == 0


def test_fix_keeps_crlf_and_never_touches_clean_files(tmp_path: Path, env: dict[str, str]) -> None:
    crlf = "---\r\nname: win\r\ndescription: Windows file\r\ntools: Task\r\n---\r\nBody\r\n"
    project(tmp_path, {".claude/agents/win.md": crlf, ".claude/agents/good.md": GOOD_AGENT})
    good = tmp_path / ".claude/agents/good.md"
    before = good.stat().st_mtime_ns
    check(env, tmp_path, "--fix", ".")
    fixed = (tmp_path / ".claude/agents/win.md").read_bytes().decode()
    assert fixed == crlf.replace("Task", "Agent").replace("\r\n", "\n")  # FM008's safe fix converts to LF
    assert good.stat().st_mtime_ns == before


def test_fix_from_stdin_prints_the_fixed_text(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {})
    result = check(env, tmp_path, "--fix", "--stdin-filename", ".claude/agents/legacy.md", stdin=SAFE_FIXABLE)
    assert result.stdout == SAFE_FIXED
    assert not (tmp_path / ".claude/agents/legacy.md").exists()


def test_stdin_is_checked_as_the_named_file(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {})
    result = check(env, tmp_path, "--stdin-filename", ".claude/agents/x.md", stdin=ERROR_AGENT)
    rows = parse_text(result.stdout)
    assert [(row["path"], row["code"]) for row in rows] == [(os.path.join(".claude", "agents", "x.md"), "AG003")]
    assert result.returncode == 1


# ------------------------------------------------------------------------------------------ robustness


def test_binary_file_does_not_stop_the_run(tmp_path: Path, env: dict[str, str]) -> None:
    garbage = bytes(range(256)) * 20
    project(tmp_path, {".claude/agents/a-binary.md": garbage, ".claude/agents/b-bad.md": ERROR_AGENT,
                       ".claude/agents/c-latin1.md": b"---\nname: latin\ndescription: caf\xe9\n---\n"})
    result = check(env, tmp_path, ".")
    assert "Traceback" not in result.stderr
    rows = parse_text(result.stdout)
    assert {Path(row["path"]).name for row in rows} == {"a-binary.md", "b-bad.md", "c-latin1.md"}
    latin = [row for row in rows if row["path"].endswith("c-latin1.md")]
    assert [(row["code"], row["line"], row["col"]) for row in latin] == [("FM017", "3", "17")]
    assert "byte 32" in latin[0]["message"]
    assert result.returncode == 1


def test_binary_file_is_never_rewritten_by_fix(tmp_path: Path, env: dict[str, str]) -> None:
    data = b"\n---\nname: latin\ndescription: caf\xe9\n---\n"  # FM002 has a safe fix, but the bytes are invalid
    project(tmp_path, {".claude/agents/latin.md": data})
    check(env, tmp_path, "--fix", ".")
    assert (tmp_path / ".claude/agents/latin.md").read_bytes() == data


def test_unreadable_file_does_not_stop_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    project(tmp_path, {".claude/agents/a-locked.md": GOOD_AGENT, ".claude/agents/b-bad.md": ERROR_AGENT})
    import agent_lsp.files as files

    real = files.read_document

    def read_document(path, dialect=None):
        if Path(path).name == "a-locked.md":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, dialect)

    monkeypatch.setattr(files, "read_document", read_document)
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(tmp_path / "no-claude"))
    status = cli.main(["check", "--no-user-dir", "--exit-on", "never", str(tmp_path)])
    out, err = capsys.readouterr()
    rows = parse_text(out)
    assert [(Path(row["path"]).name, row["code"], row["severity"]) for row in rows] == [
        ("a-locked.md", "IO001", "error"), ("b-bad.md", "AG003", "error")]
    assert "Permission denied" in rows[0]["message"] and err == ""
    assert status == 0  # --exit-on never; the default status is tested with the other unreadable files


def test_internal_error_on_one_file_does_not_stop_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    project(tmp_path, {".claude/agents/a-crash.md": GOOD_AGENT, ".claude/agents/b-bad.md": ERROR_AGENT})
    real = cli.analyse

    def analyse(document, context=None):
        if document.path.endswith("a-crash.md"):
            raise RuntimeError("boom")
        return real(document, context)

    monkeypatch.setattr(cli, "analyse", analyse)
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(tmp_path / "no-claude"))
    status = cli.main(["check", "--no-user-dir", str(tmp_path)])
    out, err = capsys.readouterr()
    assert "internal error on" in err and "RuntimeError: boom" in err
    assert "AG003" in out
    assert status == 2


# ------------------------------------------------------------------------------------------ walking


def test_walking_picks_agent_command_and_skill_files_by_path(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {
        ".claude/agents/good.md": INFO_AGENT,
        ".claude/agents/team/nested.md": INFO_AGENT.replace("Info_Agent", "Nested_Agent"),
        ".claude/commands/deploy.md": COMMAND.replace("Deploy the site", "Deploy\\nnow"),
        ".claude/skills/pdf/SKILL.md": SKILL.replace("name: pdf", "name: PDF"),
        # never picked:
        "README.md": "# Project\n",
        ".claude/README.md": "# Claude folder\n",
        ".claude/skills/pdf/reference.md": "---\nname: Not_A_Skill\n---\n",
        "docs/agents.md": INFO_AGENT,
        "docs/agent.txt": INFO_AGENT,
        "node_modules/pkg/.claude/agents/vendored.md": INFO_AGENT,
        ".claude/agents/notes.txt": INFO_AGENT,
    })
    result = check(env, tmp_path, ".")
    paths = {Path(row["path"]).as_posix() for row in parse_text(result.stdout)}
    assert paths == {".claude/agents/good.md", ".claude/agents/team/nested.md", ".claude/commands/deploy.md",
                     ".claude/skills/pdf/SKILL.md"}
    assert result.stdout.splitlines()[-1].startswith("4 files checked")


def test_readme_in_an_agents_folder_is_checked_quietly(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {".claude/agents/README.md": "# About these agents\n"})
    result = check(env, tmp_path, ".")
    rows = parse_text(result.stdout)
    assert [(row["code"], row["severity"]) for row in rows] == [("FM001", "information")]
    assert result.returncode == 0


def test_dialect_option_forces_the_dialect(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {"drafts/agent.md": ERROR_AGENT})
    by_path, forced = agent_lsp_many(env, tmp_path, ("check", "--no-user-dir", "drafts/agent.md"),
                                     ("check", "--no-user-dir", "--dialect", "agent", "drafts/agent.md"))
    assert parse_text(by_path.stdout) == []  # not agent markdown by its path
    assert [row["code"] for row in parse_text(forced.stdout)] == ["AG003"]


def test_plugin_agents_are_detected_from_the_manifest(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {"kit/.claude-plugin/plugin.json": '{"name": "kit"}',
                       "kit/agents/bare.md": "# Bare agent\nNo frontmatter.\n"})
    rows = parse_text(check(env, tmp_path, ".").stdout)
    assert [(Path(row["path"]).as_posix(), row["code"]) for row in rows] == [("kit/agents/bare.md", "AG006")]


def test_cross_file_checks_and_no_workspace(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {
        ".claude/agents/one.md": "---\nname: twin\ndescription: First\nskills: pdf, pfd\n---\n",
        ".claude/agents/sub/two.md": "---\nname: twin\ndescription: Second\n---\n",
        ".claude/skills/pdf/SKILL.md": SKILL,
    })
    workspace, alone = agent_lsp_many(env, tmp_path, ("check", "--no-user-dir", "."),
                                      ("check", "--no-user-dir", "--no-workspace", "."))
    rows = parse_text(workspace.stdout)
    assert sorted((Path(row["path"]).name, row["code"]) for row in rows) == [
        ("one.md", "WS001"), ("one.md", "WS002"), ("two.md", "WS002")]
    assert parse_text(alone.stdout) == []


def test_user_skills_come_from_claude_config_dir(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {".claude/agents/one.md": "---\nname: one\ndescription: First\nskills: personal\n---\n"})
    write(Path(env["CLAUDE_CONFIG_DIR"]), {"skills/personal/SKILL.md": SKILL.replace("pdf", "personal")})
    with_user, without_user = agent_lsp_many(env, tmp_path, ("check", "."), ("check", "--no-user-dir", "."))
    assert parse_text(with_user.stdout) == []
    assert [row["code"] for row in parse_text(without_user.stdout)] == ["WS001"]


# ------------------------------------------------------------------------------------------ reference


def test_rule_prints_its_documentation(tmp_path: Path, env: dict[str, str]) -> None:
    result, lower, missing = agent_lsp_many(env, tmp_path, ("rule", "AG003"), ("rule", "ag003", "--json"),
                                            ("rule", "XX999"))
    assert result.returncode == 0
    assert result.stdout == REGISTRY["AG003"].markdown()
    assert result.stdout.startswith("# AG003 name-rejected")
    assert json.loads(lower.stdout)["code"] == "AG003"
    assert missing.returncode == 2 and "no rule 'XX999'" in missing.stderr


def test_rules_lists_every_code(tmp_path: Path, env: dict[str, str]) -> None:
    result, as_json, markdown = agent_lsp_many(env, tmp_path, ("rules",), ("rules", "--json"),
                                               ("rules", "--markdown"))
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == sorted(REGISTRY)
    for line in result.stdout.splitlines():
        code, severity = line.split()[:2]
        assert severity == REGISTRY[code].severity.label
    assert [item["code"] for item in json.loads(as_json.stdout)] == sorted(REGISTRY)
    assert markdown.stdout == (REPO_ROOT / "docs" / "rules.md").read_text(encoding="utf-8")


def test_schema_is_json(tmp_path: Path, env: dict[str, str]) -> None:
    result, bad = agent_lsp_many(env, tmp_path, ("schema", "agent"), ("schema", "nonsense"))
    schema = json.loads(result.stdout)
    assert schema["type"] == "object" and "color" in schema["properties"]
    assert bad.returncode == 2


def test_version(tmp_path: Path, env: dict[str, str]) -> None:
    result = agent_lsp(env, "--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("agent-lsp ")


# ------------------------------------------------------------------------------------------ configuration


CONFIGURED = {".claude/agents/styled.md": "---\nname: Styled_Agent\ndescription: d\nmode: subagent\n---\n"}


def test_without_configuration(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, CONFIGURED)
    rows = parse_text(check(env, tmp_path, ".").stdout)
    assert [(row["code"], row["severity"]) for row in rows] == [("AG004", "information"), ("KY001", "warning")]


def test_agent_lsp_toml(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {**CONFIGURED, ".agent-lsp.toml": 'disable = ["KY001"]\n[severity]\nAG004 = "error"\n'})
    result = check(env, tmp_path, ".")
    rows = parse_text(result.stdout)
    assert [(row["code"], row["severity"]) for row in rows] == [("AG004", "error")]
    assert result.returncode == 1
    assert result.stderr == ""


def test_pyproject_tool_section(tmp_path: Path, env: dict[str, str]) -> None:
    pyproject = '[project]\nname = "demo"\n\n[tool.agent-lsp]\ndisabled-rules = ["AG004"]\nseverity = { KY001 = "off" }\n'
    project(tmp_path, {**CONFIGURED, "pyproject.toml": pyproject})
    result = check(env, tmp_path, ".")
    assert parse_text(result.stdout) == []


def test_configuration_found_from_a_subfolder(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {**CONFIGURED, ".agent-lsp.toml": 'disable = ["KY001", "AG004"]\n'})
    result = check(env, tmp_path / ".claude" / "agents", ".")
    assert parse_text(result.stdout) == []


def test_explicit_config_and_disable_option(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {**CONFIGURED, "other.toml": '[severity]\nKY001 = "error"\n'})
    explicit, disabled = agent_lsp_many(env, tmp_path, ("check", "--no-user-dir", "--config", "other.toml", "."),
                                        ("check", "--no-user-dir", "--disable", "AG004", "--disable", "KY001", "."))
    rows = parse_text(explicit.stdout)
    assert [(row["code"], row["severity"]) for row in rows] == [("AG004", "information"), ("KY001", "error")]
    assert parse_text(disabled.stdout) == []


def test_bad_configuration_is_a_usage_error(tmp_path: Path, env: dict[str, str]) -> None:
    """CI must not run with settings nobody asked for: each problem on one line, exit 2, nothing checked."""
    project(tmp_path, {**CONFIGURED, ".agent-lsp.toml": 'disable = ["XX123"]\n[severity]\nKY001 = "loud"\n'})
    broken = project(tmp_path / "broken", {**CONFIGURED, ".agent-lsp.toml": "disable = [\n"})
    result, broken_result = agent_lsp_many(env, tmp_path, ("check", "--no-user-dir", "."),
                                           ("check", "--no-user-dir", str(broken)))
    assert sorted(result.stderr.splitlines()) == ["agent-lsp: KY001: unknown severity 'loud' (use error, "
                                                  "warning, information, hint or off); keeping the default "
                                                  "severity", "agent-lsp: cannot disable unknown rule 'XX123'"]
    assert result.stdout == "" and result.returncode == 2
    assert len(broken_result.stderr.splitlines()) == 1 and "invalid TOML" in broken_result.stderr
    assert broken_result.stdout == "" and broken_result.returncode == 2


def test_inline_suppression_comments(tmp_path: Path, env: dict[str, str]) -> None:
    project(tmp_path, {
        ".claude/agents/file-wide.md": "---\nname: quiet\n# agent-lsp: disable=KY001\ndescription: d\nmode: a\n"
                                       "temperature: 1\n---\n",
        ".claude/agents/next-line.md": "---\nname: quiet2\ndescription: d\n# agent-lsp: disable-next-line=KY002\n"
                                       "color: violet\nmemory: global\n---\n",
    })
    rows = parse_text(check(env, tmp_path, ".").stdout)
    assert [(Path(row["path"]).name, row["code"], row["line"]) for row in rows] == [("next-line.md", "KY002", "6")]


# ------------------------------------------------------------------------------------------ pipes


def _many(root: Path, count: int) -> Path:
    files = {f".claude/agents/agent{n:04}.md": f"---\nname: agent-{n}\ndescription: Agent number {n} of many\n"
                                               f"color: violet\nmode: subagent\n---\nBody {n}\n" for n in range(count)}
    return project(root, files)


def test_output_is_complete_on_a_pipe(tmp_path: Path, env: dict[str, str]) -> None:
    _many(tmp_path, 300)
    result = agent_lsp(env, "check", "--no-user-dir", ".", cwd=tmp_path, process=True)  # stdout is a pipe
    rows = parse_text(result.stdout)
    assert len(rows) == 600
    assert {row["code"] for row in rows} == {"KY001", "KY002"}
    assert result.stdout.splitlines()[-1] == "300 files checked: 0 error(s), 600 warning(s), 0 note(s)"
    assert Path(rows[-1]["path"]).name == "agent0299.md"


def test_closing_the_reader_early_is_quiet(tmp_path: Path, env: dict[str, str]) -> None:
    _many(tmp_path, 300)
    (tmp_path / ".claude/agents/agent0000.md").write_text(ERROR_AGENT, encoding="utf-8")  # exit status 1 too
    command = [sys.executable, "-m", "agent_lsp", "check", "--no-user-dir", "--format", "sarif", "."]
    producer = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    head = shutil.which("head")
    if head:
        consumer = subprocess.Popen([head, "-1"], stdin=producer.stdout, stdout=subprocess.PIPE)
        producer.stdout.close()  # only `head` holds the read end now
        first, _ = consumer.communicate(timeout=120)
    else:  # pragma: no cover - every POSIX system has head
        first = producer.stdout.readline()
        producer.stdout.close()
    stderr = producer.stderr.read().decode("utf-8", "replace")
    producer.stderr.close()
    status = producer.wait(timeout=120)
    assert first.strip() == b"{"
    assert "Traceback" not in stderr and "Exception" not in stderr, stderr
    assert status == 1  # the reader left, the error in agent0000.md still counts (`set -o pipefail`)


# ------------------------------------------------------------------------------------------ examples


def test_bundled_examples(env: dict[str, str]) -> None:
    """The README's quick start: examples hold valid files and typical mistakes; exactly one is refused."""
    result = check(env, REPO_ROOT, "examples")
    assert result.returncode == 1, result.stdout + result.stderr
    rows = parse_text(result.stdout)
    refused = {Path(row["path"]).name for row in rows if row["severity"] == "error"}
    assert len(refused) == 1, rows
    examples = REPO_ROOT / "examples"
    checked = {Path(row["path"]).resolve() for row in rows}
    candidates = [path for path in examples.rglob("*.md") if "agents" in path.parts or "commands" in path.parts
                  or path.name == "SKILL.md"]
    clean = [path for path in candidates if path.resolve() not in checked]
    assert clean, "the examples should include at least one valid file"
    assert len(checked) >= 3, "the examples should include several files with typical mistakes"
