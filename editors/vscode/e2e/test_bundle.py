"""The server bundled in the built linux .vsix runs with every CPython the bundle supports that this
machine has (python3.11, python3.12, python3.13 on PATH or under pyenv), isolated from any installed
agent_lsp: it probes ok and lints a broken agent, settings file included (pydantic, PyYAML's C loader).

Needs only the .vsix (see harness.default_vsix); skipped without it unless AGENT_LSP_E2E_REQUIRED=1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from . import harness
from .conftest import BROKEN_AGENT


def interpreters() -> dict[str, str]:
    """Supported version -> a Python of that version that runs, for the versions this machine has."""
    found: dict[str, str] = {}
    for version in ("3.11", "3.12", "3.13"):
        candidates = [shutil.which(f"python{version}") or ""]
        candidates += sorted(str(p) for p in Path.home().glob(f".pyenv/versions/{version}.*/bin/python{version}"))
        for candidate in filter(None, candidates):
            probe = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                                   capture_output=True, text=True)
            if probe.returncode == 0 and probe.stdout.strip() == version:
                found[version] = candidate
                break
    return found


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    vsix = harness.default_vsix()
    if vsix is None or not vsix.is_file():
        message = f"no {harness.vsce_target()} .vsix (run: bash editors/vscode/build.sh)"
        if os.environ.get("AGENT_LSP_E2E_REQUIRED") == "1":
            pytest.fail(message)
        pytest.skip(message)
    root = tmp_path_factory.mktemp("vsix")
    with zipfile.ZipFile(vsix) as archive:
        archive.extractall(root)
    return root / "extension" / "bundled"


def test_the_bundle_supports_3_11_to_3_13_with_compiled_libraries_per_version(bundled: Path) -> None:
    manifest = json.loads((bundled / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pythonVersions"] == ["3.11", "3.12", "3.13"]
    assert manifest["target"] == harness.vsce_target()
    for tag in ("cp311", "cp312", "cp313"):
        libs = bundled / "libs" / tag
        assert list(libs.glob(f"yaml/_yaml.cpython-{tag[2:]}-*.so")), f"no libyaml module for {tag}"
        assert list(libs.glob(f"pydantic_core/_pydantic_core.cpython-{tag[2:]}-*.so")), f"no pydantic-core for {tag}"
    assert (bundled / "libs" / "common" / "agent_lsp" / "server").is_dir()


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13"])
def test_each_python_runs_the_bundled_server(bundled: Path, version: str, tmp_path: Path) -> None:
    python = interpreters().get(version)
    if python is None:
        pytest.skip(f"no Python {version} on this machine")
    probe = subprocess.run([python, "-I", str(bundled / "run_server.py"), "--probe"], capture_output=True, text=True,
                           cwd=tmp_path)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.splitlines()[1].startswith(version + ".")

    agent = tmp_path / ".claude" / "agents" / "reviewer.md"
    agent.parent.mkdir(parents=True)
    agent.write_text(BROKEN_AGENT, encoding="utf-8")
    # A settings file, so that pydantic validates it: KY002 raised to an error.
    (tmp_path / ".agent-lsp.toml").write_text('[severity]\nKY002 = "error"\n', encoding="utf-8")
    check = subprocess.run([python, "-I", str(bundled / "run_server.py"), "check", "--no-user-dir", "."],
                           capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": "/nonexistent"})
    assert check.returncode == 1, check.stdout + check.stderr
    assert "KY006" in check.stdout
    assert "error KY002" in check.stdout, check.stdout
