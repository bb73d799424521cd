"""workspace/didChangeWatchedFiles end to end: skills created, changed and deleted on disk after start-up."""

from __future__ import annotations

import asyncio
import shutil

import pytest
from lsprotocol import types

from tests.server.conftest import PROFILES, write_workspace
from tests.server.support import codes, item, labels

pytestmark = pytest.mark.asyncio(loop_scope="session")

FRESH = "---\nname: fresh-skill\ndescription: Freshly made skill\n---\nBody\n"


def notify(session, *changes: tuple[str, types.FileChangeType]) -> None:
    session.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=uri, type=kind) for uri, kind in changes]))


async def completion_until(session, uri, position, predicate):
    """Completions once they satisfy `predicate`: file events are applied off the event loop, so a request
    right after one may still see the index as it was."""
    found = []

    async def ask():
        found[:] = await session.completion(uri, position)
        return predicate(found)

    for _ in range(500):
        if await ask():
            return found
        await asyncio.sleep(0.01)
    raise AssertionError(f"completions never matched: {labels(found)}")


@pytest.mark.parametrize("profile", PROFILES)
async def test_created_changed_and_deleted_skill(start_session, tmp_path, profile):
    root = write_workspace(tmp_path)
    session = await start_session(profile, root)
    if profile == "visual_studio_code":  # dynamic registration of the watchers
        patterns = [w["globPattern"] for r in session.client.registrations
                    if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES for w in r.register_options["watchers"]]
        assert "**/*.md" in patterns

    uri = session.open(".claude/agents/fresh-user.md",
                       "---\nname: fresh-user\ndescription: d\nskills: fresh-skill\n---\nBody\n")
    assert "WS001" in codes(await session.diagnostics(uri))
    at_skills = session.end_of(uri, "skills: ")
    assert "fresh-skill" not in labels(await session.completion(uri, at_skills))

    skill = root / ".claude/skills/fresh-skill/SKILL.md"
    skill.parent.mkdir(parents=True)
    skill.write_text(FRESH, encoding="utf-8")
    mark = len(session.publishes)
    notify(session, (skill.as_uri(), types.FileChangeType.Created))

    completions = await completion_until(session, uri, at_skills, lambda found: "fresh-skill" in labels(found))
    assert "Freshly made skill" in item(completions, "fresh-skill").documentation.value
    after = await session.diagnostics(uri, after=mark, until=lambda d: "WS001" not in codes(d))
    assert "WS001" not in codes(after)

    skill.write_text(FRESH.replace("Freshly made skill", "Rewritten skill"), encoding="utf-8")
    notify(session, (skill.as_uri(), types.FileChangeType.Changed))
    completions = await completion_until(session, uri, at_skills, lambda found: "Rewritten skill" in (
        item(found, "fresh-skill").documentation.value))
    assert "Rewritten skill" in item(completions, "fresh-skill").documentation.value

    skill.unlink()
    mark = len(session.publishes)
    notify(session, (skill.as_uri(), types.FileChangeType.Deleted))
    back = await session.diagnostics(uri, after=mark, until=lambda d: "WS001" in codes(d))
    assert "WS001" in codes(back)
    assert "fresh-skill" not in labels(await session.completion(uri, at_skills))


async def test_deleting_a_skill_folder(start_session, tmp_path):
    """Some clients report only the deleted folder, not each file in it."""
    root = write_workspace(tmp_path)
    session = await start_session("neovim", root)
    uri = session.open(".claude/agents/user.md", "---\nname: user\ndescription: d\nskills: api-design\n---\nB\n")
    assert "WS001" not in codes(await session.diagnostics(uri))

    folder = root / ".claude/skills/api-design"
    shutil.rmtree(folder)
    notify(session, (folder.as_uri(), types.FileChangeType.Deleted))
    assert "WS001" in codes(await session.diagnostics(uri, until=lambda d: "WS001" in codes(d)))


@pytest.mark.parametrize("profile", PROFILES)
async def test_a_skill_resource_created_on_disk_clears_its_warning(start_session, tmp_path, profile):
    skill_text = "---\nname: pdf\ndescription: Fills PDF forms\n---\nRun scripts/fill_form.py.\n"
    root = write_workspace(tmp_path, {".claude/skills/pdf/SKILL.md": skill_text})
    session = await start_session(profile, root)
    if profile == "visual_studio_code":  # the watchers cover skill folders' resources, not only Markdown
        watchers = [w for r in session.client.registrations
                    if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES for w in r.register_options["watchers"]]
        assert {"globPattern": "**/*", "kind": 5} in watchers  # any file created or deleted (links, BD005, BD006)
    uri = session.open(".claude/skills/pdf/SKILL.md", skill_text)
    assert "BD006" in codes(await session.diagnostics(uri, until=lambda d: "BD006" in codes(d)))
    script = root / ".claude/skills/pdf/scripts/fill_form.py"
    script.parent.mkdir()
    script.write_text("print(1)\n", encoding="utf-8")
    mark = len(session.publishes)
    notify(session, (script.as_uri(), types.FileChangeType.Created))
    after = await session.diagnostics(uri, after=mark, until=lambda d: "BD006" not in codes(d))
    assert "BD006" not in codes(after)
