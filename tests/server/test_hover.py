"""Hover end to end: keys, values, tools, skills, headings, the description preview."""

from __future__ import annotations

import pytest

from tests.server.support import markdown

pytestmark = pytest.mark.asyncio(loop_scope="session")

FRONTMATTER = """\
---
name: {name}
description: First line\\nSecond line
model: sonnet
color: blue
permissionMode: plan
tools: Read, Grep, mcp__github__create_issue
skills: api-design
---
# Role

You are a careful agent.

## Workflow

Step one.
Step two.
"""


@pytest.fixture
def hovered(client, unique):
    """Open the sample agent; return (session, uri) for hovering."""
    name = unique("hover")
    uri = client.open(f".claude/agents/{name}.md", FRONTMATTER.format(name=name))
    return client, uri


async def hover_on(session, uri, needle: str, delta: int = 1, occurrence: int = 0):
    hover = await session.hover(uri, session.position(uri, needle, delta, occurrence))
    return markdown(hover), session.text_of(uri, hover.range)


async def test_hover_on_keys(hovered):
    session, uri = hovered
    text, span = await hover_on(session, uri, "model:")
    assert span == "model"
    assert "**`model`**" in text
    assert "Default: inherit." in text
    assert "`sonnet`" in text and "`opus`" in text and "`haiku`" in text

    text, span = await hover_on(session, uri, "permissionMode:")
    assert span == "permissionMode"
    assert "Allowed values:" in text
    assert "- `acceptEdits`:" in text and "- `plan`:" in text


async def test_hover_on_values(hovered):
    session, uri = hovered
    text, span = await hover_on(session, uri, "sonnet")
    assert span == "sonnet"
    assert text.startswith("**model `sonnet`**:")

    text, span = await hover_on(session, uri, "blue")
    assert span == "blue"
    assert text.startswith("**colour `blue`** (#3b82f6):")

    text, span = await hover_on(session, uri, "plan\n")
    assert span == "plan"
    assert text.startswith("**permissionMode `plan`**:")


async def test_hover_on_tools(hovered):
    session, uri = hovered
    text, span = await hover_on(session, uri, "Grep")
    assert span == "Grep"
    assert text.startswith("**tool `Grep`**:")

    text, span = await hover_on(session, uri, "mcp__github__create_issue", 5)
    assert span == "mcp__github__create_issue"
    assert "from server `github`" in text
    assert ".mcp.json" in text


async def test_hover_on_a_skill_name(hovered, workspace_root):
    session, uri = hovered
    text, span = await hover_on(session, uri, "api-design", 3)
    assert span == "api-design"
    assert text.startswith("**skill `api-design`** (project)")
    assert "Designs HTTP APIs and reviews endpoint shapes" in text
    assert str(workspace_root / ".claude" / "skills" / "api-design" / "SKILL.md") in text


async def test_hover_on_a_heading(hovered):
    session, uri = hovered
    text, span = await hover_on(session, uri, "## Workflow", 4)
    assert span == "Workflow"
    assert text.startswith("**## Workflow**")
    assert "Outline: Role › Workflow" in text
    assert "Size: 4 lines, 6 words, about 8 tokens" in text
    assert "The order of steps the agent takes." in text

    text, span = await hover_on(session, uri, "# Role", 3)
    assert span == "Role"
    assert "Subsections: Workflow" in text


async def test_description_preview_turns_backslash_n_into_newlines_for_agents(hovered, client, unique):
    session, uri = hovered
    text, span = await hover_on(session, uri, "First line")
    assert span == "First line\\nSecond line"
    assert "```text\nFirst line\nSecond line\n```" in text
    assert "every `\\n` becomes a newline" in text

    # Skills keep the two characters.
    name = unique("preview")
    skill = client.open(f".claude/skills/{name}/SKILL.md", f"---\nname: {name}\ndescription: One\\nTwo\n---\nBody\n")
    text, _ = await hover_on(client, skill, "One")
    assert "```text\nOne\\nTwo\n```" in text


async def test_hover_on_a_finding_explains_the_rule(client, unique):
    name = unique("finding")
    uri = client.open(f".claude/agents/{name}.md", f"---\nname: {name}\ndescription: d\ncolor: mauve\n---\nB\n")
    await client.diagnostics(uri)
    text, span = await hover_on(client, uri, "mauve")
    assert span == "mauve"
    assert "not one of Claude Code's eight colours" in text
    assert "**KY002 invalid-value**" in text


async def test_no_hover_on_plain_body_text(hovered):
    session, uri = hovered
    assert await session.hover(uri, session.position(uri, "careful")) is None
