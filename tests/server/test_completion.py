"""Completion end to end: keys, enumerated values, workspace names, snippets by client capability."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.server.conftest import capabilities_without_snippets
from tests.server.support import item, labels

pytestmark = pytest.mark.asyncio(loop_scope="session")


def agent(name: str, extra: str) -> str:
    return f"---\nname: {name}\ndescription: Completes things\n{extra}\n---\nBody\n"


async def complete_at(client, unique, extra: str, needle: str, delta: int | None = None):
    """Open an agent whose frontmatter holds `extra`, complete at the end of `needle` (or +delta)."""
    name = unique("complete")
    uri = client.open(f".claude/agents/{name}.md", agent(name, extra))
    text = client.texts[uri]
    position = client.position(uri, needle, len(needle) if delta is None else delta, text.count(needle) - 1)
    return uri, await client.completion(uri, position)


def assert_replaces(client, uri, completion: types.CompletionItem, expected: str) -> None:
    """The item's text edit replaces exactly `expected` (the typed prefix) in the document."""
    assert isinstance(completion.text_edit, types.TextEdit), completion
    assert client.text_of(uri, completion.text_edit.range) == expected


async def test_keys_not_yet_present(client, unique):
    name = unique("keys")
    uri = client.open(f".claude/agents/{name}.md", f"---\nname: {name}\ndescription: d\n\n---\nBody\n")
    items = await client.completion(uri, types.Position(line=3, character=0))
    found = labels(items)
    assert {"model", "color", "tools", "skills", "permissionMode"} <= set(found)
    assert "name" not in found and "description" not in found
    model = item(items, "model")
    assert model.kind == types.CompletionItemKind.Property
    assert model.insert_text_format == types.InsertTextFormat.Snippet  # both profiles support snippets
    assert model.text_edit.new_text == "model: ${1|inherit,sonnet,opus,haiku|}"
    assert model.text_edit.range == types.Range(start=types.Position(line=3, character=0),
                                                end=types.Position(line=3, character=0))
    assert isinstance(model.documentation, types.MarkupContent) and model.documentation.value

    # A typed prefix is replaced by the key.
    client.edit(uri, client.texts[uri].index("\n\n---") + 1, client.texts[uri].index("\n\n---") + 1, "mod")
    items = await client.completion(uri, types.Position(line=3, character=3))
    assert_replaces(client, uri, item(items, "model"), "mod")


async def test_plain_insert_text_without_snippet_support(start_session, workspace_root):
    profile = "visual_studio_code"
    session = await start_session(profile, workspace_root, capabilities=capabilities_without_snippets(profile))
    uri = session.open(".claude/agents/plain.md", "---\nname: plain\ndescription: d\n\n---\nBody\n")
    items = await session.completion(uri, types.Position(line=3, character=0))
    # pytest-lsp also fails the test if any item is a snippet for this client.
    assert all(i.insert_text_format != types.InsertTextFormat.Snippet for i in items)
    assert item(items, "model").text_edit.new_text == "model: "
    session.replace(uri, "---\nname: plain\ndescription: d\ntools: \n---\nBody\n")
    items = await session.completion(uri, session.end_of(uri, "tools: "))
    assert item(items, "Agent(").text_edit.new_text == "Agent("


async def test_model_values(client, unique):
    uri, items = await complete_at(client, unique, "model: ", "model: ")
    found = labels(items)
    assert {"inherit", "sonnet", "opus", "haiku"} <= set(found)
    assert any(label.startswith("claude-") for label in found)
    assert item(items, "sonnet").text_edit.new_text == "sonnet"
    assert_replaces(client, uri, item(items, "opus"), "")

    uri, items = await complete_at(client, unique, "model: so", "model: so")
    assert_replaces(client, uri, item(items, "sonnet"), "so")


async def test_colour_values(client, unique):
    _, items = await complete_at(client, unique, "color: ", "color: ")
    assert sorted(labels(items)) == sorted(["red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan"])
    assert {i.kind for i in items} == {types.CompletionItemKind.Color}
    assert item(items, "blue").documentation == "#3b82f6"


@pytest.mark.parametrize(("key", "expected"), [
    ("permissionMode", {"default", "acceptEdits", "auto", "dontAsk", "bypassPermissions", "plan"}),
    ("memory", {"user", "project", "local"}),
    ("effort", {"low", "medium", "high", "xhigh", "max"}),
    ("isolation", {"worktree"}),
    ("background", {"true", "false"}),
])
async def test_enumerated_values(client, unique, key, expected):
    _, items = await complete_at(client, unique, f"{key}: ", f"{key}: ")
    assert expected <= set(labels(items))
    assert "sonnet" not in labels(items)


async def test_skills_in_the_comma_string_form(client, unique):
    uri, items = await complete_at(client, unique, "skills: api-design, ", "skills: api-design, ")
    found = labels(items)
    assert {"db-migrations", "user-notes", "deploy"} <= set(found)
    migrations = item(items, "db-migrations")
    assert migrations.kind == types.CompletionItemKind.Module
    assert "Writes safe database migrations" in migrations.documentation.value
    assert "Keeps personal notes" in item(items, "user-notes").documentation.value
    assert_replaces(client, uri, migrations, "")

    uri, items = await complete_at(client, unique, "skills: api-design, db", "skills: api-design, db")
    assert_replaces(client, uri, item(items, "db-migrations"), "db")


async def test_skills_in_the_yaml_list_form(client, unique):
    uri, items = await complete_at(client, unique, "skills:\n  - ", "  - ")
    assert {"api-design", "db-migrations", "user-notes"} <= set(labels(items))
    assert "Designs HTTP APIs" in item(items, "api-design").documentation.value
    uri, items = await complete_at(client, unique, "skills:\n  - api-design\n  - us", "  - us")
    assert_replaces(client, uri, item(items, "user-notes"), "us")


async def test_tools(client, unique):
    uri, items = await complete_at(client, unique, "tools: Read, ", "tools: Read, ")
    found = set(labels(items))
    assert {"Read", "Grep", "Bash", "Edit", "WebFetch", "Agent"} <= found
    assert "mcp__github__*" in found
    agent_item = item(items, "Agent(")
    assert agent_item.insert_text_format == types.InsertTextFormat.Snippet
    assert agent_item.text_edit.new_text == "Agent($1)"
    assert item(items, "Bash").kind == types.CompletionItemKind.Function
    task = item(items, "Task")
    assert list(task.tags) == [types.CompletionItemTag.Deprecated]

    uri, items = await complete_at(client, unique, "tools: Read, Gr", "tools: Read, Gr")
    assert_replaces(client, uri, item(items, "Grep"), "Gr")


async def test_agent_names_inside_agent_parentheses(client, unique):
    uri, items = await complete_at(client, unique, "tools: Read, Agent(", "Agent(")
    found = set(labels(items))
    assert {"reviewer", "worker", "planner"} <= found
    assert "Read" not in found
    assert item(items, "worker").kind == types.CompletionItemKind.Class
    assert "Implements small tasks" in item(items, "worker").documentation.value

    uri, items = await complete_at(client, unique, "tools: Agent(reviewer, wo)", "Agent(reviewer, wo")
    assert_replaces(client, uri, item(items, "worker"), "wo")


async def test_no_completion_in_the_body_or_outside_agent_files(client, unique):
    name = unique("body")
    uri = client.open(f".claude/agents/{name}.md", f"---\nname: {name}\ndescription: d\n---\nmodel: \n")
    assert await client.completion(uri, client.end_of(uri, "model: ")) == []
    readme = client.open("README.md", "---\nmodel: \n---\n")
    assert await client.completion(readme, client.end_of(readme, "model: ")) == []
