"""Document links and missing link targets (LK001) end to end, in both client profiles."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.server.conftest import PROFILES, write_workspace
from tests.server.support import by_code, codes

pytestmark = pytest.mark.asyncio(loop_scope="session")

# An emoji before each link on its line (two UTF-16 units, four UTF-8 bytes) and CRLF line breaks: the
# ranges must count in the client's units.
SKILL = ("---\r\nname: pdf-forms\r\ndescription: Fills PDF forms\r\n---\r\n"
         "📄 Read [the reference](reference.md#fields) and 📄 [the old one](refrence-old.md).\r\n"
         "\r\n```bash\r\npython scripts/fill_fields.py  # 📄 [not a link](in-code.md)\r\n```\r\n"
         "📄 See docs/guide.md, docs/missing.md and https://example.com/forms.\r\n")
COMMAND = "---\ndescription: Reviews a file\n---\n📄 Review @src/app.ts and @src/ap.ts.\n"
PLUGIN_COMMAND = "---\ndescription: Formats\n---\nRun `${CLAUDE_PLUGIN_ROOT}/scripts/format.sh`.\n"


def _workspace(tmp_path):
    root = write_workspace(tmp_path, {
        ".claude/skills/pdf-forms/reference.md": "# Reference\n",
        ".claude/skills/pdf-forms/refrence.md": "# Old\n",
        ".claude/skills/pdf-forms/scripts/fill_fields.py": "print('fill')\n",
        "docs/guide.md": "# Guide\n",
        "src/app.ts": "export {}\n",
        "tools-plugin/.claude-plugin/plugin.json": '{"name": "tools-plugin"}\n',
        "tools-plugin/scripts/format.sh": "#!/bin/sh\n",
    })
    return root


async def _links(session, uri: str) -> list[types.DocumentLink]:
    return list(await session.client.text_document_document_link_async(
        types.DocumentLinkParams(text_document=session.doc(uri))) or [])


@pytest.mark.parametrize("profile", PROFILES)
async def test_links_of_a_skill(start_session, tmp_path, profile):
    root = _workspace(tmp_path)
    session = await start_session(profile, root)
    assert session.result.capabilities.document_link_provider is not None
    uri = session.open(".claude/skills/pdf-forms/SKILL.md", SKILL)
    links = {session.text_of(uri, link.range): link.target for link in await _links(session, uri)}
    skill = root / ".claude/skills/pdf-forms"
    assert links == {
        "reference.md": (skill / "reference.md").as_uri(),
        "refrence-old.md": (skill / "refrence-old.md").as_uri(),  # missing: still a link (LK001 says so)
        "scripts/fill_fields.py": (skill / "scripts/fill_fields.py").as_uri(),
        "docs/guide.md": (root / "docs/guide.md").as_uri(),  # a guessed path that exists
        "https://example.com/forms": "https://example.com/forms",
    }
    diagnostics = await session.diagnostics(uri, until=lambda d: "LK001" in codes(d))
    missing = by_code(diagnostics, "LK001")
    assert session.text_of(uri, missing.range) == "refrence-old.md"
    assert "did you mean `refrence.md`?" in missing.message


@pytest.mark.parametrize("profile", PROFILES)
async def test_command_file_references_and_plugin_paths(start_session, tmp_path, profile):
    root = _workspace(tmp_path)
    session = await start_session(profile, root)
    uri = session.open(".claude/commands/review.md", COMMAND)
    links = {session.text_of(uri, link.range): link.target for link in await _links(session, uri)}
    assert links == {"src/app.ts": (root / "src/app.ts").as_uri(), "src/ap.ts": (root / "src/ap.ts").as_uri()}
    # A missing `@path` is BD005's (never LK001 too: one finding per text).
    diagnostics = await session.diagnostics(uri, until=lambda d: "BD005" in codes(d))
    missing = by_code(diagnostics, "BD005")
    assert "LK001" not in codes(diagnostics)
    assert session.text_of(uri, missing.range) == "@src/ap.ts"
    [fix] = [action for action in await session.code_actions(uri, missing.range, [missing])
             if action.title == "Change to `app.ts` (unsafe)"]
    assert fix.edit is not None

    plugin = session.open("tools-plugin/commands/format.md", PLUGIN_COMMAND)
    [link] = await _links(session, plugin)
    assert session.text_of(plugin, link.range) == "scripts/format.sh"
    assert link.target == (root / "tools-plugin/scripts/format.sh").as_uri()


@pytest.mark.parametrize("profile", PROFILES)
async def test_a_created_target_clears_the_warning(start_session, tmp_path, profile):
    root = _workspace(tmp_path)
    session = await start_session(profile, root)
    uri = session.open(".claude/commands/review.md", COMMAND)
    await session.diagnostics(uri, until=lambda d: "BD005" in codes(d))
    created = root / "src/ap.ts"
    created.write_text("export {}\n", encoding="utf-8")
    mark = len(session.publishes)
    session.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=created.as_uri(), type=types.FileChangeType.Created)]))
    await session.diagnostics(uri, after=mark, until=lambda d: "BD005" not in codes(d))
    if profile == "visual_studio_code":
        watchers = [w for r in session.client.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
                    for w in r.register_options["watchers"]]
        assert {"globPattern": "**/*", "kind": 5} in watchers  # created and deleted files, not every edit
