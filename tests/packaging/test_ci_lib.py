"""`.ci/lib.sh`: CI's one check that `agent-lsp check examples` exits with status 1 (one example is refused
on purpose), used by `.ci/run` and `.ci/steps/wheel.sh` instead of a copy each."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT

CI = REPO_ROOT / ".ci"


def expect(status: int, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = (f'set -euo pipefail; . "{CI / "lib.sh"}"\n'
              f'examples() {{ cd /; false; echo "3 files checked: 1 error(s)"; return {status}; }}\n'
              f'expect_examples_refused "{tmp_path / "out.txt"}" examples; echo "went on in $(pwd)"')
    return subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=30)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_status_1_goes_on_and_anything_else_stops_ci(tmp_path: Path) -> None:
    refused = expect(1, tmp_path)
    assert refused.returncode == 0, refused.stderr
    # The summary is shown; the command ran in a subshell (its `cd` stays there) and to its end.
    assert refused.stdout.splitlines() == ["3 files checked: 1 error(s)", f"went on in {tmp_path}"]
    for status in (0, 2):
        stopped = expect(status, tmp_path)
        assert stopped.returncode == 1
        assert stopped.stdout.splitlines() == [
            "3 files checked: 1 error(s)",
            f"expected exit status 1 from the examples (one is refused by Claude Code on purpose), got {status}"]


def test_the_check_is_written_once() -> None:
    scripts = [CI / "run", *sorted((CI / "steps").glob("*.sh"))]
    users = [path.name for path in scripts if "expect_examples_refused " in path.read_text(encoding="utf-8")]
    assert users == ["run", "wheel.sh"]
    for path in scripts:
        assert "expected exit status 1" not in path.read_text(encoding="utf-8"), f"{path} checks the status itself"
