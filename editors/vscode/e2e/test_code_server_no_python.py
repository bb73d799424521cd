"""End-to-end: no Python 3.11+ on the login shell's PATH gives one message saying what to install.

In a separate module from test_code_server.py: Playwright's sync API runs one instance per thread, and that
module keeps its browser open for all its tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from . import harness
from .conftest import ARTIFACTS


def test_no_suitable_python_gives_one_message_saying_what_to_install(
        prerequisites: None, workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A login shell whose PATH has no Python 3.11+: only an old one, if this machine has one."""
    vsix = harness.default_vsix()
    assert vsix is not None
    home = tmp_path_factory.mktemp("home-no-python")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    bin_dir = home / "bin"
    bin_dir.mkdir()
    old = next((p for p in sorted(Path("/root/.pyenv/versions").glob("3.10*/bin/python3")) if p.exists()), None) \
        if Path("/root/.pyenv/versions").is_dir() else None
    if old is not None:
        (bin_dir / "python3").symlink_to(old)
    with harness.code_server(vsix, home, login_path=str(bin_dir)) as server, harness.browser_page(home) as page:
        harness.open_workspace(page, server, workspace)
        toast = page.wait_for_selector(".notifications-toasts .notification-list-item", timeout=90_000)
        page.wait_for_function(
            "() => [...document.querySelectorAll('.notifications-toasts .notification-list-item')]"
            ".some(n => n.textContent.includes('Agent LSP needs Python'))", timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "vscode-e2e-no-python.png"))
        assert toast is not None
        log = server.extension_log()
    assert "Agent LSP needs Python 3.11, 3.12 or 3.13 to run its bundled server and found none" in log, log
    assert "python3.13: not found" in log, log
    if old is not None:
        assert re.search(r"python3: Python 3\.10\.\d+", log), log
    assert "Install it: your distribution's python3 package" in log, log
    assert "Server command" not in log, log
