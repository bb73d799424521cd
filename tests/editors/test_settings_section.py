"""The editors ask for the settings section the server reads: `agent_lsp.core.config.SETTINGS_SECTION`.

The server asks the client for that section (`workspace/configuration`) and reads it from
`didChangeConfiguration`; the VS Code extension answers with the section named by its `SECTION`, its
settings are contributed as `<SECTION>.<key>` in package.json, and vscode-languageclient reads
`<client id>.trace.server`; the Neovim configuration's default `settings` table is keyed by it. A
rename on either side would silently leave the server without the user's settings.
"""

from __future__ import annotations

import json
import re

from agent_lsp.core.config import SETTINGS_SECTION
from tests.helpers import REPO_ROOT

VSCODE = REPO_ROOT / "editors" / "vscode"


def _constant(source: str, name: str) -> str:
    match = re.search(rf"^export const {name} = (.+?);", source, flags=re.MULTILINE)
    assert match, f"no `export const {name}` found"
    return match.group(1).strip()


def test_the_vscode_extension_section_is_the_servers() -> None:
    settings_ts = (VSCODE / "src" / "settings.ts").read_text(encoding="utf-8")
    assert _constant(settings_ts, "SECTION") == repr(SETTINGS_SECTION)  # a single-quoted TypeScript string


def test_the_vscode_settings_are_contributed_under_the_section() -> None:
    manifest = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    configuration = manifest["contributes"]["configuration"]
    blocks = configuration if isinstance(configuration, list) else [configuration]
    properties = [key for block in blocks for key in block["properties"]]
    assert properties
    assert [key for key in properties if not key.startswith(f"{SETTINGS_SECTION}.")] == []
    # vscode-languageclient reads `<client id>.trace.server`: the client id is the section.
    assert f"{SETTINGS_SECTION}.trace.server" in properties
    assert _constant((VSCODE / "src" / "server.ts").read_text(encoding="utf-8"), "CLIENT_ID") == "SECTION"


def test_the_neovim_configuration_keys_its_settings_by_the_section() -> None:
    config = (REPO_ROOT / "editors" / "neovim" / "lsp" / "agent_lsp.lua").read_text(encoding="utf-8")
    match = re.search(r"^  settings = \{\s*(\w+) = \{\},\s*\},", config, flags=re.MULTILINE)
    assert match, "no default `settings = { <section> = {} }` in editors/neovim/lsp/agent_lsp.lua"
    assert match.group(1) == SETTINGS_SECTION
