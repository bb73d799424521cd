"""Go to definition, find references and workspace symbols end to end."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pygls.uris import to_fs_path

pytestmark = pytest.mark.asyncio(loop_scope="session")


def path_of(location: types.Location) -> str:
    return to_fs_path(location.uri)


def where(root, relative: str) -> str:
    return str(root / relative)


async def test_definition_of_a_skill_name(client, unique):
    name = unique("nav-skill")
    uri = client.open(f".claude/agents/{name}.md",
                      f"---\nname: {name}\ndescription: d\nskills: db-migrations, api-design\n---\nB\n")
    found = await client.definition(uri, client.position(uri, "api-design", 4))
    assert [path_of(loc) for loc in found] == [where(client.root, ".claude/skills/api-design/SKILL.md")]
    assert found[0].uri == (client.root / ".claude/skills/api-design/SKILL.md").as_uri()

    # The YAML list form, and a user skill outside the workspace.
    client.replace(uri, f"---\nname: {name}\ndescription: d\nskills:\n  - user-notes\n---\nB\n")
    found = await client.definition(uri, client.position(uri, "user-notes", 2))
    assert len(found) == 1 and path_of(found[0]).endswith("skills/user-notes/SKILL.md")


async def test_definition_of_an_agent_in_agent_parentheses(client, unique):
    name = unique("nav-agent")
    uri = client.open(f".claude/agents/{name}.md",
                      f"---\nname: {name}\ndescription: d\ntools: Read, Agent(reviewer, worker)\n---\nB\n")
    found = await client.definition(uri, client.position(uri, "worker", 2))
    assert [path_of(loc) for loc in found] == [where(client.root, ".claude/agents/worker.md")]
    # At the name in worker.md's frontmatter (`name: worker`, line 1).
    assert found[0].range == types.Range(start=types.Position(line=1, character=6),
                                         end=types.Position(line=1, character=12))

    assert await client.definition(uri, client.position(uri, "Read", 1)) == []


async def test_references_of_a_skill_across_the_workspace(client, unique):
    name = unique("nav-refs")
    uri = client.open(f".claude/agents/{name}.md", f"---\nname: {name}\ndescription: d\nskills: api-design\n---\nB\n")
    position = client.position(uri, "api-design", 1)

    found = await client.references(uri, position, declaration=False)
    paths = sorted(path_of(loc) for loc in found)
    assert paths == sorted([where(client.root, ".claude/agents/reviewer.md"),
                            where(client.root, ".claude/agents/planner.md"),
                            where(client.root, f".claude/agents/{name}.md")])
    planner = next(loc for loc in found if path_of(loc).endswith("planner.md"))
    assert planner.range == types.Range(start=types.Position(line=4, character=4),
                                        end=types.Position(line=4, character=14))
    mine = next(loc for loc in found if loc.uri == uri)
    assert client.text_of(uri, mine.range) == "api-design"

    with_declaration = await client.references(uri, position, declaration=True)
    assert where(client.root, ".claude/skills/api-design/SKILL.md") in {path_of(loc) for loc in with_declaration}
    assert len(with_declaration) == len(found) + 1


async def test_workspace_symbols(client):
    found = await client.workspace_symbols("")
    table = {(s.name, s.container_name): s for s in found}
    for agent in ("reviewer", "worker", "planner"):
        assert table[(agent, "agent")].kind == types.SymbolKind.Class
    for skill in ("api-design", "db-migrations", "user-notes"):
        assert table[(skill, "skill")].kind == types.SymbolKind.Module
    assert table[("deploy", "command")].kind == types.SymbolKind.Function

    reviewer = table[("reviewer", "agent")]
    assert path_of(reviewer.location) == where(client.root, ".claude/agents/reviewer.md")
    assert reviewer.location.range.start == types.Position(line=1, character=6)

    narrowed = await client.workspace_symbols("REVIEW")
    assert [(s.name, s.container_name) for s in narrowed] == [("reviewer", "agent")]
