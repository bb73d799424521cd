"""Code actions end to end: quick fixes and source.fixAll, applied as a client would apply them."""

from __future__ import annotations

import pytest
from lsprotocol import types

from agent_lsp.core.analysis import Context, analyse
from agent_lsp.core.findings import Applicability
from agent_lsp.core.model import Document
from tests.server.support import apply_text_edits, by_code, codes

pytestmark = pytest.mark.asyncio(loop_scope="session")


def edits_of(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None, action
    assert list(action.edit.changes) == [uri]
    return list(action.edit.changes[uri])


async def apply_quick_fix(session, uri: str, code: str, title: str) -> list[types.Diagnostic]:
    """Ask for the quick fixes of `code`'s diagnostic, apply the one titled `title`, return new diagnostics."""
    diagnostic = by_code(await session.diagnostics(uri), code)
    actions = await session.code_actions(uri, diagnostic.range, [diagnostic])
    chosen = [a for a in actions if a.title == title]
    assert chosen, f"no action {title!r} among {[a.title for a in actions]}"
    action = chosen[0]
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.diagnostics is not None and list(action.diagnostics) == [diagnostic]
    fixed = apply_text_edits(session.texts[uri], edits_of(action, uri), session.encoding)
    session.replace(uri, fixed)
    return await session.diagnostics(uri)


async def test_legacy_tool_name_quick_fix_after_an_emoji(client, unique):
    name = unique("fix-task")
    uri = client.open(f".claude/agents/{name}.md",
                      f"---\nname: {name}\ndescription: d\ntools: Bash(echo 😀), Task\n---\nBody\n")
    diagnostic = by_code(await client.diagnostics(uri), "TL004")
    actions = await client.code_actions(uri, diagnostic.range, [diagnostic])
    rename = [a for a in actions if a.title == "Rename to `Agent`"]
    assert len(rename) == 1 and rename[0].is_preferred

    after = await apply_quick_fix(client, uri, "TL004", "Rename to `Agent`")
    assert "tools: Bash(echo 😀), Agent\n" in client.texts[uri]
    assert "TL004" not in codes(after)


async def test_strict_yaml_quick_fix_rewrites_a_block_scalar(client, unique):
    name = unique("fix-colon")
    uri = client.open(f".claude/agents/{name}.md", f"---\nname: {name}\ndescription: Use this: now\n---\nBody\n")
    after = await apply_quick_fix(client, uri, "FM007", "Rewrite the value as a `|-` block scalar")
    assert "description: |-\n  Use this: now\n" in client.texts[uri]
    assert "FM007" not in codes(after)


async def test_quick_fixes_only_for_the_requested_range(client, unique):
    name = unique("fix-range")
    uri = client.open(f".claude/agents/{name}.md", f"---\nname: {name}\ndescription: d\ntools: Task\n---\nBody\n")
    await client.diagnostics(uri)
    body = client.position(uri, "Body")
    assert await client.code_actions(uri, types.Range(start=body, end=body),
                                     only=[types.CodeActionKind.QuickFix]) == []


async def test_fix_all_applies_every_safe_fix(client, unique):
    name = unique("fix-all")
    path = f".claude/agents/{name}.md"
    uri = client.open(path, f"---\nname: {name}\ndescription: Use this: now 😀\ntools: Task, KillShell, Read\n"
                            "color: mauve\n---\nBody\n")
    before = await client.diagnostics(uri)
    assert {"FM007", "TL004", "KY002"} <= set(codes(before))

    whole = types.Range(start=types.Position(line=0, character=0), end=client.end_of(uri, "Body\n"))
    actions = await client.code_actions(uri, whole, before, only=[types.CodeActionKind.SourceFixAll])
    assert [a.kind for a in actions] == [types.CodeActionKind.SourceFixAll]
    fixed = apply_text_edits(client.texts[uri], edits_of(actions[0], uri), client.encoding)
    client.replace(uri, fixed)
    after = await client.diagnostics(uri)

    assert "tools: Agent, TaskStop, Read\n" in fixed
    assert sorted(codes(after)) == ["KY002"]  # no fix for an unknown colour
    # Fixes travel only in code actions, computed from the server's own analysis: no `data` on diagnostics.
    assert all(d.data is None for d in before + after)
    fresh = analyse(Document(fixed, str(client.root / path)), Context())
    assert not [f for f in fresh.findings if any(x.applicability is Applicability.SAFE for x in f.fixes)]

    # Nothing safe left to fix: no fixAll action any more.
    assert await client.code_actions(uri, whole, after, only=[types.CodeActionKind.SourceFixAll]) == []
