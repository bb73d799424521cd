"""Where a skill or agent name is defined and used across the workspace index."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from agent_lsp.core.text import Position
from agent_lsp.core.workspace import FileSummary, WorkspaceIndex

_ORIGIN = Position(0, 0)


@dataclass(frozen=True, slots=True)
class Place:
    """A range in another file; `line_text` (when known) converts its columns to an editor's units."""

    path: str
    start: Position
    end: Position
    line_text: str | None = None


def definitions(index: WorkspaceIndex, kind: str, name: str) -> list[Place]:
    """The files defining skill or agent `name` (a `plugin:skill` name falls back to the bare skill)."""
    if kind == "skill":
        infos = index.skill(name) or (index.skill(name.split(":", 1)[1]) if ":" in name else ())
        return [Place(info.path, _ORIGIN, _ORIGIN) for info in infos if info.path]
    return [Place(info.path, info.name_position or _ORIGIN, info.name_end or info.name_position or _ORIGIN,
                  info.name_line) for info in index.agent(name)]


def references(summaries: Iterable[FileSummary], index: WorkspaceIndex, kind: str, name: str,
               include_declaration: bool) -> list[Place]:
    """Every mention of the name; an agent's own `name:` and a skill's file count only as declarations."""
    found = uses(summaries, kind, name, include_declaration)
    if include_declaration and kind == "skill":
        found.extend(definitions(index, kind, name))
    return found


def uses(summaries: Iterable[FileSummary], kind: str, name: str, include_declaration: bool) -> list[Place]:
    """The mentions of the name in these files (callers may pass them in chunks); an agent's own `name:` only
    with `include_declaration`."""
    found: list[Place] = []
    for summary in summaries:
        for ref_kind, ref_name, start, end, line_text in summary.references:
            if ref_kind != kind or ref_name != name:
                continue
            if (kind == "agent" and not include_declaration and summary.agent is not None
                    and summary.agent.name == name and start == summary.agent.name_position):
                continue
            found.append(Place(summary.path, start, end, line_text))
    return found


def workspace_symbols(summaries: Iterable[FileSummary], query: str) -> list[tuple[str, str, Place]]:
    """(name, container: `agent`, `skill` or `command`, place) of every agent and skill whose name holds `query`."""
    query = query.lower()
    found: list[tuple[str, str, Place]] = []
    for summary in summaries:
        agent = summary.agent
        if agent is not None and query in agent.name.lower():
            position = agent.name_position or _ORIGIN
            found.append((agent.name, "agent", Place(summary.path, position, agent.name_end or position,
                                                     agent.name_line)))
        if summary.skill is not None and query in summary.skill.name.lower():
            container = "command" if summary.skill.source == "command" else "skill"
            found.append((summary.skill.name, container, Place(summary.path, _ORIGIN, _ORIGIN)))
    return found
