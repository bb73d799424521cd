"""Drive the built extension in a real VS Code: code-server, in Debian's Chromium, through Playwright.

Used by test_code_server.py (the end-to-end test) and benchmarks/vscode_first_diagnostic.py.

Everything runs in a fresh temporary HOME: code-server's user data and extensions, its settings (no
`agentLsp.*` setting at all), Chromium's profile. code-server starts the extension host with the PATH of a
login shell of that HOME (`$SHELL -ilc env`), i.e. the system's default PATH, not the PATH of this process:
exactly the situation a user is in, and the one the bundled server has to cope with.

Prerequisites (see `missing()`): code-server (`$CODE_SERVER`, else on PATH), Chromium (`$CHROMIUM`, else
`chromium` / `chromium-browser` on PATH), the Python package playwright, and the .vsix to test
(`$AGENT_LSP_VSIX`, else the linux-x64 .vsix that build.sh leaves in editors/vscode).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXTENSION_DIR = HERE.parent
EXTENSION_ID = "agent-lsp.agent-lsp"

#: What a login shell sets on Debian without dotfiles (/etc/profile).
LOGIN_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]

# Settings of a user who just installed the extension: nothing about agentLsp.
USER_SETTINGS = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "workbench.welcomePage.walkthroughs.openOnInstall": False,
    "security.workspace.trust.enabled": False,
    "telemetry.telemetryLevel": "off",
    "extensions.autoUpdate": False,
    "extensions.autoCheckUpdates": False,
    "update.mode": "none",
    "editor.hover.delay": 100,
    "editor.quickSuggestions": {"other": False, "comments": False, "strings": False},
    "window.restoreWindows": "none",
    "files.hotExit": "off",
    "chat.disableAIFeatures": True,
}


def vsce_target() -> str:
    machine = platform.machine().lower()
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(machine, machine)
    return f"linux-{arch}"


def default_vsix() -> Path | None:
    if os.environ.get("AGENT_LSP_VSIX"):
        return Path(os.environ["AGENT_LSP_VSIX"])
    found = sorted(EXTENSION_DIR.glob(f"agent-lsp-{vsce_target()}-*.vsix"))
    return found[-1] if found else None


def code_server_path() -> str | None:
    return os.environ.get("CODE_SERVER") or shutil.which("code-server")


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def missing() -> list[str]:
    """The prerequisites this machine lacks, as readable reasons (empty: the test can run)."""
    reasons = []
    if not code_server_path():
        reasons.append("code-server not found ($CODE_SERVER or PATH; install: editors/vscode/e2e/install-code-server.sh)")
    if not chromium_path():
        reasons.append("Chromium not found ($CHROMIUM or chromium on PATH; Debian: apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reasons.append("the Python package playwright is not installed (pip install playwright)")
    if not system_python():
        reasons.append(f"no Python 3.11-3.13 on the login PATH ({LOGIN_PATH}) for the bundled server")
    vsix = default_vsix()
    if vsix is None or not vsix.is_file():
        reasons.append(f"no {vsce_target()} .vsix ($AGENT_LSP_VSIX, or run: bash editors/vscode/build.sh)")
    return reasons


def system_python() -> str | None:
    """The Python the extension will find on the login shell's PATH (see login_env), if one fits."""
    for name in ("python3", "python3.13", "python3.12", "python3.11", "python"):
        found = shutil.which(name, path=LOGIN_PATH)
        if found and subprocess.run([found, "-c", "import sys; assert (3, 11) <= sys.version_info[:2] <= (3, 13)"],
                                    capture_output=True).returncode == 0:
            return found
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class CodeServer:
    """A running code-server with the extension installed, in its own HOME."""

    home: Path
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def user_data(self) -> Path:
        return self.home / "code-server-data"

    def extension_log(self) -> str:
        """The extension's 'Agent LSP' output channel, as code-server writes it to disk."""
        logs = sorted(p for p in self.user_data.rglob("*.log")
                      if EXTENSION_ID in p.parent.name or "Agent LSP" in p.name)
        return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)


def write_settings(user_data: Path) -> None:
    settings = user_data / "User" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps(USER_SETTINGS, indent=2), encoding="utf-8")


def login_env(home: Path) -> dict[str, str]:
    """A minimal environment, as a login would give: no virtualenv, no PATH of ours."""
    env = {
        "HOME": str(home),
        "USER": os.environ.get("USER", "root"),
        "SHELL": "/bin/bash" if Path("/bin/bash").exists() else "/bin/sh",
        "PATH": LOGIN_PATH,
        "LANG": "C.UTF-8",
        "TMPDIR": str(home / "tmp"),
    }
    (home / "tmp").mkdir(exist_ok=True)
    return env


def install_extension(code_server: str, home: Path, vsix: Path) -> None:
    env = login_env(home)
    result = subprocess.run(
        [code_server, "--user-data-dir", str(home / "code-server-data"), "--extensions-dir",
         str(home / "extensions"), "--install-extension", str(vsix)],
        env=env, capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0 or "successfully installed" not in result.stdout.lower():
        raise RuntimeError(f"installing {vsix} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


@contextlib.contextmanager
def code_server(vsix: Path, home: Path | None = None, login_path: str | None = None) -> Iterator[CodeServer]:
    """Install `vsix` into a fresh code-server and run it; stop it (its whole process group) on exit.

    `login_path`: the PATH the user's login shell sets (in ~/.bash_profile), which code-server gives the
    extension host; default: the system's.
    """
    binary = code_server_path()
    assert binary, "code-server not found"
    with contextlib.ExitStack() as stack:
        if home is None:
            home = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="agent-lsp-code-server-")))
        if login_path is not None:
            (home / ".bash_profile").write_text(f'export PATH="{login_path}"\n', encoding="utf-8")
        write_settings(home / "code-server-data")
        install_extension(binary, home, vsix)
        port = free_port()
        log = home / "code-server.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [binary, "--auth", "none", "--bind-addr", f"127.0.0.1:{port}", "--disable-telemetry",
                 "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override",
                 "--ignore-last-opened", "--user-data-dir", str(home / "code-server-data"),
                 "--extensions-dir", str(home / "extensions")],
                env=login_env(home), stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )
        server = CodeServer(home=home, url=f"http://127.0.0.1:{port}", process=process, log=log)
        try:
            wait_http(server)
            yield server
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def wait_http(server: CodeServer, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"code-server exited ({server.process.returncode}):\n{server.log.read_text()}")
        try:
            with urllib.request.urlopen(server.url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"code-server did not answer within {timeout} s:\n{server.log.read_text()}")


@contextlib.contextmanager
def browser_page(home: Path, width: int = 1400, height: int = 900) -> Iterator[object]:
    """A Playwright page in Debian's Chromium (Playwright's own browser download is not used)."""
    from playwright.sync_api import sync_playwright

    profile = home / "chromium-profile"
    profile.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height}, env=login_env(home),
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            yield page
        finally:
            context.close()


def open_workspace(page, server: CodeServer, folder: Path) -> None:  # noqa: ANN001 (playwright Page)
    page.goto(f"{server.url}/?folder={folder}", wait_until="domcontentloaded")
    page.wait_for_selector(".monaco-workbench", timeout=60_000)
    # The explorer shows the folder once the workbench is up.
    page.wait_for_selector(".explorer-folders-view, .explorer-viewlet", timeout=60_000)


def run_command(page, command: str) -> None:  # noqa: ANN001
    """Run a command from the command palette by its title."""
    page.keyboard.press("F1")
    box = page.wait_for_selector(".quick-input-widget input", state="visible")
    box.fill(">" + command)
    page.wait_for_selector(".quick-input-list .monaco-list-row", state="visible")
    page.keyboard.press("Enter")


def quick_open(page, name: str) -> None:  # noqa: ANN001
    """Ctrl+P and the file name, up to the moment Enter would open it (the caller presses Enter)."""
    page.keyboard.press("Control+p")
    box = page.wait_for_selector(".quick-input-widget input", state="visible")
    box.fill(name)
    # The focused (first) row, which Enter opens, must be the file: before the filter has run, the list
    # shows the recently opened files.
    page.wait_for_function(
        "name => document.querySelector('.quick-input-list .monaco-list-row.focused')?.textContent.includes(name)",
        arg=name, timeout=30_000)


def go_to(page, line: int, column: int) -> None:  # noqa: ANN001
    page.keyboard.press("Control+g")
    box = page.wait_for_selector(".quick-input-widget input", state="visible")
    box.fill(f":{line}:{column}")
    page.keyboard.press("Enter")
    page.wait_for_selector(".quick-input-widget", state="hidden")


SQUIGGLES = ".monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info"
