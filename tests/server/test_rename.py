"""Rename (prepareRename, rename) and workspace/willRenameFiles end to end, in both client profiles.

The VS Code profile takes `documentChanges` with file renames; the Neovim profile of pytest-lsp takes plain
`changes` only, so a rename that must move a skill folder or a command file is refused there, saying why.
Edits are applied here to the files' texts (the client's job) to check the result, never to the workspace.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.uris import to_fs_path
from pytest_lsp import client_capabilities

from tests.server.conftest import WORKSPACE_FILES, write_workspace
from tests.server.support import apply_text_edits

pytestmark = pytest.mark.asyncio(loop_scope="session")

REQUEST_FAILED = -32803


def applied(root: Path, edit: types.WorkspaceEdit, encoding: str, texts: dict[str, str] | None = None
            ) -> dict[str, str]:
    """The workspace's texts (relative path -> text) after the edit, renames included."""
    files = dict(texts if texts is not None else WORKSPACE_FILES)

    def relative(uri: str) -> str:
        return Path(to_fs_path(uri)).relative_to(root).as_posix()

    if edit.document_changes is None:
        for uri, edits in (edit.changes or {}).items():
            files[relative(uri)] = apply_text_edits(files[relative(uri)], edits, encoding)
        return files
    for operation in edit.document_changes:
        if isinstance(operation, types.TextDocumentEdit):
            name = relative(operation.text_document.uri)
            files[name] = apply_text_edits(files[name], operation.edits, encoding)
        else:
            assert isinstance(operation, types.RenameFile), operation
            old, new = relative(operation.old_uri), relative(operation.new_uri)
            assert not any(path == new or path.startswith(new + "/") for path in files), f"{new} exists"
            for path in [p for p in files if p == old or p.startswith(old + "/")]:
                files[new + path[len(old):]] = files.pop(path)
    return files


async def prepare(client, uri: str, position: types.Position):
    return await client.client.text_document_prepare_rename_async(types.PrepareRenameParams(
        text_document=client.doc(uri), position=position))


async def rename(client, uri: str, position: types.Position, new_name: str) -> types.WorkspaceEdit | None:
    return await client.client.text_document_rename_async(types.RenameParams(
        text_document=client.doc(uri), position=position, new_name=new_name))


async def refused(call) -> str:
    with pytest.raises(JsonRpcException) as caught:
        await call
    assert caught.value.code == REQUEST_FAILED, caught.value
    return caught.value.message


async def test_rename_capabilities_are_advertised(client) -> None:
    caps = client.result.capabilities
    assert caps.rename_provider == types.RenameOptions(prepare_provider=True)
    operations = caps.workspace.file_operations if caps.workspace else None
    if client.profile == "visual_studio_code":  # the only profile offering willRenameFiles
        globs = [f.pattern.glob for f in operations.will_rename.filters]
        assert globs == ["**/skills/*", "**/agents/**/*.md", "**/commands/**/*.md"]
    else:
        assert operations is None or operations.will_rename is None


async def test_rename_an_agent_from_a_use_updates_every_use(client, unique) -> None:
    relative = f".claude/agents/{unique('ren-agent')}.md"
    text = "---\nname: caller\ndescription: d\ntools: Read, Agent(worker, reviewer)\n---\nB\n"
    uri = client.open(relative, text)
    position = client.position(uri, "worker", 3)
    found = await prepare(client, uri, position)
    assert found.placeholder == "worker" and client.text_of(uri, found.range) == "worker"

    edit = await rename(client, uri, position, "builder")
    files = applied(client.root, edit, client.encoding, {**WORKSPACE_FILES, relative: text})
    assert files[".claude/agents/worker.md"].startswith("---\nname: builder\n")
    assert "Agent(builder, reviewer)" in files[relative]
    assert (edit.document_changes is not None) == (client.profile == "visual_studio_code")
    if edit.document_changes is not None:  # versioned: the open document's version, files on disk none
        versions = {op.text_document.uri: op.text_document.version for op in edit.document_changes}
        assert versions[uri] == 1 and versions[client.uri(".claude/agents/worker.md")] is None


async def test_rename_an_agent_from_its_definition_with_non_ascii_before_the_name(client, unique) -> None:
    # `é` and an emoji before the use: UTF-16 and UTF-8 columns differ from code points.
    relative = f".claude/agents/{unique('ren-utf')}.md"
    text = "---\nname: utf\ndescription: d\ntools: Réad🙂, Agent(planner)\n---\nB\n"
    uri = client.open(relative, text)
    edit = await rename(client, uri, client.position(uri, "planner", 1), "strategist")
    files = applied(client.root, edit, client.encoding, {**WORKSPACE_FILES, relative: text})
    assert "tools: Réad🙂, Agent(strategist)\n" in files[relative]
    assert files[".claude/agents/planner.md"].startswith("---\nname: strategist\n")


async def test_rename_a_skill_moves_its_folder_or_is_refused_without_file_renames(client, unique) -> None:
    relative = f".claude/agents/{unique('ren-skill')}.md"
    text = "---\nname: s\ndescription: d\nskills: db-migrations\n---\nB\n"
    uri = client.open(relative, text)
    position = client.position(uri, "db-migrations", 2)
    if client.profile == "neovim":  # no documentChanges: the folder cannot be renamed, so neither the skill
        message = await refused(prepare(client, uri, position))
        assert "documentChanges" in message and "db-migrations" in message
        await refused(rename(client, uri, position, "schema-changes"))
        return
    assert (await prepare(client, uri, position)).placeholder == "db-migrations"
    edit = await rename(client, uri, position, "schema-changes")
    files = applied(client.root, edit, client.encoding, {**WORKSPACE_FILES, relative: text})
    assert files[".claude/skills/schema-changes/SKILL.md"].startswith("---\nname: schema-changes\n")
    assert ".claude/skills/db-migrations/SKILL.md" not in files
    assert "  - schema-changes\n" in files[".claude/agents/planner.md"]
    assert "skills: schema-changes\n" in files[relative]
    # Text edits first (they name the old paths), the folder rename last.
    assert isinstance(edit.document_changes[-1], types.RenameFile)


async def test_rename_a_command_from_its_own_file_renames_the_file(client) -> None:
    uri = client.uri(".claude/commands/deploy.md")
    client.open(".claude/commands/deploy.md", WORKSPACE_FILES[".claude/commands/deploy.md"])
    position = types.Position(line=0, character=1)  # the opening `---`: a command's name is its file name
    if client.profile == "neovim":
        assert "documentChanges" in await refused(prepare(client, uri, position))
        return
    found = await prepare(client, uri, position)
    assert found.placeholder == "deploy"
    edit = await rename(client, uri, position, "ship")
    moves = [(op.old_uri, op.new_uri) for op in edit.document_changes if isinstance(op, types.RenameFile)]
    assert moves == [(client.uri(".claude/commands/deploy.md"), client.uri(".claude/commands/ship.md"))]


@pytest.mark.parametrize(("new_name", "says"), [
    ("reviewer", "already an agent named `reviewer`"),
    ("a:b", "`:`"),
    ("-x", "must not start with `-`"),
    ("two words", "cannot be written"),
])
async def test_rename_refuses_a_bad_or_taken_name(client, unique, new_name: str, says: str) -> None:
    uri = client.open(f".claude/agents/{unique('ren-bad')}.md", "---\nname: x\ndescription: d\ntools: Agent(worker)\n---\n")
    message = await refused(rename(client, uri, client.position(uri, "worker", 1), new_name))
    assert says in message, message


async def test_prepare_rename_refuses_a_built_in_and_ignores_a_tool(client, unique) -> None:
    uri = client.open(f".claude/agents/{unique('ren-builtin')}.md",
                      "---\nname: y\ndescription: d\ntools: Read, Agent(Explore)\n---\n")
    assert "built-in agent" in await refused(prepare(client, uri, client.position(uri, "Explore", 1)))
    assert await prepare(client, uri, client.position(uri, "Read", 1)) is None


async def test_without_document_changes_an_agent_rename_is_plain_changes(start_session, tmp_path) -> None:
    caps = copy.deepcopy(client_capabilities("visual_studio_code"))
    caps.workspace.workspace_edit.document_changes = False
    session = await start_session("visual_studio_code", write_workspace(tmp_path), capabilities=caps)
    uri = session.open(".claude/agents/reviewer.md", WORKSPACE_FILES[".claude/agents/reviewer.md"])
    edit = await rename(session, uri, session.position(uri, "reviewer"), "critic")
    assert edit.document_changes is None and list(edit.changes) == [uri]
    assert "documentChanges" in await refused(rename(session, uri, session.position(uri, "api-design"), "apis"))


async def test_rename_to_a_folder_that_exists_on_disk_is_refused(start_session, tmp_path) -> None:
    root = write_workspace(tmp_path)
    (root / ".claude/skills/taken").mkdir()  # no SKILL.md: not a skill, but the folder is there
    session = await start_session("visual_studio_code", root)
    uri = session.open(".claude/agents/reviewer.md", WORKSPACE_FILES[".claude/agents/reviewer.md"])
    assert "already exists" in await refused(rename(session, uri, session.position(uri, "api-design"), "taken"))


async def will_rename(client, old: str, new: str) -> types.WorkspaceEdit | None:
    return await client.client.workspace_will_rename_files_async(types.RenameFilesParams(
        files=[types.FileRename(old_uri=client.uri(old), new_uri=client.uri(new))]))


async def test_will_rename_a_skill_folder_keeps_uses_and_its_name_right(client) -> None:
    edit = await will_rename(client, ".claude/skills/api-design", ".claude/skills/http-design")
    files = applied(client.root, edit, client.encoding)
    assert files[".claude/skills/api-design/SKILL.md"].startswith("---\nname: http-design\n")
    assert "skills: http-design\n" in files[".claude/agents/reviewer.md"]
    assert "  - http-design\n" in files[".claude/agents/planner.md"]
    assert not any(isinstance(op, types.RenameFile) for op in edit.document_changes or [])


async def test_will_rename_an_agent_file_renames_the_agent_named_after_it(client) -> None:
    edit = await will_rename(client, ".claude/agents/worker.md", ".claude/agents/builder.md")
    assert applied(client.root, edit, client.encoding)[".claude/agents/worker.md"].startswith("---\nname: builder\n")
    # A move to another folder, or an unrelated file, renames nothing.
    assert await will_rename(client, ".claude/agents/worker.md", "elsewhere/worker.md") is None
    assert await will_rename(client, "README.md", "READ.md") is None


async def test_rename_from_a_mention_in_the_body(client, unique) -> None:
    relative = f".claude/agents/{unique('ren-mention')}.md"
    text = "---\nname: m\ndescription: d\n---\nWhen ready, hand over to @agent-reviewer.\n"
    uri = client.open(relative, text)
    position = client.position(uri, "reviewer", 3)
    assert (await prepare(client, uri, position)).placeholder == "reviewer"
    edit = await rename(client, uri, position, "critic")
    files = applied(client.root, edit, client.encoding, {**WORKSPACE_FILES, relative: text})
    assert files[relative].endswith("hand over to @agent-critic.\n")
    assert files[".claude/agents/reviewer.md"].startswith("---\nname: critic\n")
