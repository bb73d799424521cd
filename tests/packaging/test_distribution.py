"""The package as users install it: a wheel with every file of the package, one version everywhere, and
proof of which copy of the package the suite is testing.

`.ci/steps/wheel.sh` runs this suite against the installed wheel (not the checkout): it sets
AGENT_LSP_WHEEL to the wheel it installed and AGENT_LSP_CHECKOUT to the git checkout it came from, and
runs the tests from a copy of the repository without `agent_lsp/`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from email.parser import HeaderParser
from importlib import metadata
from pathlib import Path

import pytest

import agent_lsp
from tests.helpers import REPO_ROOT

DISTRIBUTION = "agent-markdown-lsp"
WHEEL = os.environ.get("AGENT_LSP_WHEEL")
CHECKOUT = Path(os.environ.get("AGENT_LSP_CHECKOUT") or REPO_ROOT)
PACKAGE = Path(agent_lsp.__file__).resolve().parent


def _git_files(under: str) -> list[str]:
    if shutil.which("git") is None or not (CHECKOUT / ".git").exists():
        pytest.skip("not a git checkout (an sdist?): no list of the package's files to compare with")
    listed = subprocess.run(["git", "ls-files", "-z", "--", under], cwd=CHECKOUT, capture_output=True,
                            check=True).stdout.decode()
    return sorted(name for name in listed.split("\0") if name)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel under test: the one CI installed, or one built here from the files git tracks."""
    if WHEEL:
        return Path(WHEEL)
    source = tmp_path_factory.mktemp("source")
    for name in _git_files("."):
        target = source / name
        if (CHECKOUT / name).is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(CHECKOUT / name, target)
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr
    (built,) = out.glob("*.whl")
    return built


def test_the_wheel_holds_exactly_the_package_files_in_git(wheel: Path) -> None:
    in_git = _git_files("agent_lsp")
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = sorted(name for name in archive.namelist() if name.startswith("agent_lsp/"))
    assert in_wheel == in_git, (f"missing from the wheel: {sorted(set(in_git) - set(in_wheel))}; "
                                f"not in git: {sorted(set(in_wheel) - set(in_git))} (see package-data in pyproject.toml)")


def test_the_wheel_metadata_names_this_project(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        info = next(name for name in archive.namelist() if name.endswith(".dist-info/METADATA"))
        fields = HeaderParser().parsestr(archive.read(info).decode())
        entry_points = archive.read(info.replace("METADATA", "entry_points.txt")).decode()
    assert fields["Name"] == DISTRIBUTION
    assert fields["Version"] == agent_lsp.__version__
    assert "agent-lsp = agent_lsp.__main__:main" in entry_points
    urls = dict(value.split(", ", 1) for value in fields.get_all("Project-URL"))
    assert {"Homepage", "Issues", "Changelog"} <= set(urls)
    assert fields["Requires-Python"] == ">=3.11"
    assert fields["License-Expression"] == "MIT"
    with zipfile.ZipFile(wheel) as archive:
        licences = [name for name in archive.namelist() if ".dist-info/" in name and name.endswith("/LICENSE")]
        assert len(licences) == 1
        assert archive.read(licences[0]) == (REPO_ROOT / "LICENSE").read_bytes()


def test_the_suite_tests_the_package_it_was_asked_to() -> None:
    """With AGENT_LSP_WHEEL: the installed wheel, file for file, here and in child processes (which get
    the repository on PYTHONPATH); without: the checkout."""
    probe = subprocess.run([sys.executable, "-c", "import agent_lsp; print(agent_lsp.__file__)"],
                           capture_output=True, text=True, cwd=REPO_ROOT, timeout=60,
                           env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    child = Path(probe.stdout.strip()).resolve().parent
    if not WHEEL:
        assert PACKAGE == REPO_ROOT / "agent_lsp"
        assert child == PACKAGE
        return
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert PACKAGE == site / "agent_lsp", f"testing {PACKAGE}, not the installed wheel"
    assert child == PACKAGE
    with zipfile.ZipFile(WHEEL) as archive:
        in_wheel = {name: archive.read(name) for name in archive.namelist() if name.startswith("agent_lsp/")}
    installed = {path.relative_to(site).as_posix() for path in PACKAGE.rglob("*")
                 if path.is_file() and "__pycache__" not in path.parts}
    assert installed == set(in_wheel)
    for name, data in in_wheel.items():
        assert (site / name).read_bytes() == data, f"{site / name} is not the wheel's"


def test_one_version_everywhere() -> None:
    version = agent_lsp.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert metadata.version(DISTRIBUTION) == version, "installed metadata is stale: reinstall the package"
    shown = subprocess.run([sys.executable, "-m", "agent_lsp", "--version"], capture_output=True, text=True,
                           timeout=60)
    assert shown.returncode == 0
    assert shown.stdout.split()[:2] == ["agent-lsp", version] and DISTRIBUTION in shown.stdout
    package_json = REPO_ROOT / "editors" / "vscode" / "package.json"
    assert json.loads(package_json.read_text(encoding="utf-8"))["version"] == version
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.findall(r"^## \[?(\d+\.\d+\.\d+)\]?", changelog, flags=re.MULTILINE)
    assert released and released[0] == version, "CHANGELOG.md's newest entry is not the package version"


def test_the_minimum_constraints_are_the_lower_bounds() -> None:
    """.ci/constraints-minimum.txt pins every direct requirement (runtime, test extra, build backend) to
    its lower bound in pyproject.toml, so .ci/steps/minimums.sh tests the oldest releases allowed."""
    from packaging.requirements import Requirement
    from packaging.version import Version

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    requirements = [*project["project"]["dependencies"], *project["project"]["optional-dependencies"]["test"],
                    *project["build-system"]["requires"]]
    pins = {}
    for line in (REPO_ROOT / ".ci" / "constraints-minimum.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name.strip().lower()] = Version(version)
    for text in requirements:
        requirement = Requirement(text)
        (lower,) = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        pinned = pins.get(requirement.name.lower())
        assert pinned is not None, f"{requirement.name} has no line in .ci/constraints-minimum.txt"
        assert pinned in requirement.specifier, f"{requirement.name}=={pinned} is outside {requirement.specifier}"
        assert pinned.release[:len(Version(lower).release)] == Version(lower).release, (
            f"{requirement.name}: pinned {pinned}, lower bound {lower}")
