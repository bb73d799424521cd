"""The CI users' integrations: the GitHub Action (`action.yml`) and the pre-commit hook (`.pre-commit-hooks.yaml`).

The action's shell steps run here for real (tests/packaging/action_runner.py plays the runner); only the
install step is replaced by the package under test, and `.ci/steps/action.sh` runs it too. The hook is
run by `pre-commit try-repo` in `.ci/steps/precommit.sh`; here its entry runs on the files it would get.
"""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.helpers import REPO_ROOT
from tests.packaging.action_runner import load_action, run_action

REFUSED = "---\nname: fix:it\ndescription: Fixes things\n---\nFix it.\n"  # AG003: `:` in a name
LOADED = "---\nname: reviewer\ndescription: Reviews code\n---\nReview the change.\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    (root / ".claude" / "agents").mkdir(parents=True)
    (root / ".claude" / "agents" / "refused.md").write_text(REFUSED, encoding="utf-8")
    (root / ".claude" / "agents" / "reviewer.md").write_text(LOADED, encoding="utf-8")
    (root / "README.md").write_text("# A project\n", encoding="utf-8")
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(tmp_path / "empty-claude-config"))
    return root


@pytest.fixture
def runner_temp(tmp_path: Path) -> Path:
    """RUNNER_TEMP with the install step's result in place: the package under test, not a new install."""
    temp = tmp_path / "runner-temp"
    shim = temp / "agent-lsp-venv" / "bin" / "agent-lsp"
    shim.parent.mkdir(parents=True)
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m agent_lsp "$@"\n', encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    return temp


def test_the_action_annotates_and_fails_on_a_file_claude_code_refuses(project: Path, runner_temp: Path) -> None:
    run = run_action(project, {}, temp=runner_temp, skip=frozenset({"install"}))
    check = run.step("check")
    assert check.ran and check.status == 1 and run.status == 1
    assert check.stdout.startswith("::error file=.claude/agents/refused.md,line=2,col=7,")
    assert "title=AG003::" in check.stdout and "reviewer.md" not in check.stdout
    assert not run.step("sarif").ran
    assert [step.uses for step in run.steps if step.uses and step.with_] == []  # no SARIF upload
    assert run.outputs == {"sarif-file": ""}


def test_the_action_writes_sarif_and_hands_it_to_the_upload(project: Path, runner_temp: Path) -> None:
    run = run_action(project, {"sarif": "true", "exit-on": "never"}, temp=runner_temp,
                     skip=frozenset({"install"}))
    assert run.status == 0 and run.step("check").stdout.startswith("::error ")
    sarif = json.loads((project / "agent-lsp.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert [result["ruleId"] for result in results] == ["AG003"]
    location = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert location.endswith(".claude/agents/refused.md") and not location.startswith("/")
    (upload,) = [step for step in run.steps if step.uses and step.uses.startswith("github/codeql-action/upload-sarif")]
    assert upload.with_ == {"sarif_file": "agent-lsp.sarif", "category": "agent-lsp"}
    assert run.outputs == {"sarif-file": "agent-lsp.sarif"}


def test_the_action_passes_inputs_through(project: Path, runner_temp: Path) -> None:
    run = run_action(project, {"paths": ".claude/agents/reviewer.md", "exit-on": "information",
                               "args": "--no-workspace"}, temp=runner_temp, skip=frozenset({"install"}))
    assert run.status == 0 and run.step("check").stdout == ""
    run = run_action(project, {"args": "--disable AG003"}, temp=runner_temp, skip=frozenset({"install"}))
    assert run.status == 0 and "AG003" not in run.step("check").stdout
    with pytest.raises(ValueError, match="not inputs"):
        run_action(project, {"path": "."}, temp=runner_temp)


def test_the_action_asks_for_python_only_when_the_runner_lacks_3_11(project: Path, runner_temp: Path,
                                                                   tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def setup_python(run):
        (setup,) = [step for step in run.steps if step.uses and step.uses.startswith("actions/setup-python")]
        return setup

    run = run_action(project, {}, temp=runner_temp, skip=frozenset({"install"}))
    assert setup_python(run).with_ == {}  # this machine's python3 is new enough: not asked for
    old = tmp_path / "old-python"
    old.mkdir()
    (old / "python3").write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")  # what a 3.10 answers the probe
    (old / "python3").chmod(0o755)
    monkeypatch.setenv("PATH", f"{old}{os.pathsep}{os.environ['PATH']}")
    run = run_action(project, {}, temp=runner_temp, skip=frozenset({"install"}))
    assert setup_python(run).with_ == {"python-version": "3.12"}


def test_the_action_installs_this_project() -> None:
    """The install step installs the action's own checkout, or the named release of agent-markdown-lsp
    (the PyPI project `agent-lsp` is another program)."""
    (install,) = [step for step in load_action()["runs"]["steps"] if step.get("id") == "install"]
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert '"agent-markdown-lsp==$VERSION"' in install["run"]
    assert '"$ACTION_PATH"' in install["run"]


def test_the_pre_commit_hook_runs_the_installed_command(project: Path, runner_temp: Path) -> None:
    (hook,) = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    scripts = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    command, *arguments = shlex.split(hook["entry"])
    assert hook["language"] == "python" and command in scripts  # pre-commit pip-installs the repository
    assert hook["types"] == ["markdown"]
    shim = str(runner_temp / "agent-lsp-venv" / "bin" / "agent-lsp")
    markdown = sorted(str(path.relative_to(project)) for path in project.rglob("*.md"))  # what `types` selects
    refused = subprocess.run([shim, *arguments, *markdown], cwd=project, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and "AG003" in refused.stdout
    others = [name for name in markdown if "refused" not in name]
    loaded = subprocess.run([shim, *arguments, *others], cwd=project, capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stdout
