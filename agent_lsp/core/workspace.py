"""What the rest of the workspace holds: skills, agents, commands and MCP servers, as plain data.

The index is built from file texts the caller reads (the CLI walks directories, the server watches them);
this module does no I/O. Cross-file checks (unknown skills, duplicate agent names, `Agent(name)`) and
completion read it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from types import MappingProxyType

from agent_lsp.core.catalogue import BUILTIN_AGENTS, BUNDLED_SKILLS, TRUE_WORDS
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.model import Document, FileModel, build_model
from agent_lsp.core.navigation import Reference, references_in
from agent_lsp.core.text import Position


@dataclass(frozen=True, slots=True)
class SkillInfo:
    """A skill (or legacy command) that `skills:` and `Skill(...)` may name."""

    name: str
    path: str | None
    description: str
    source: str
    """`project`, `user`, `plugin`, `command`, `extra` or `bundled`."""
    disable_model_invocation: bool = False


@dataclass(frozen=True, slots=True)
class AgentInfo:
    name: str
    path: str
    root: str
    """The agents folder the file belongs to: duplicate names clash only within one root."""
    description: str
    name_position: Position | None
    name_end: Position | None
    loads: bool
    """False when Claude Code would not load the file (its name was recovered from broken YAML)."""
    name_line: str = ""
    """The text of the line holding the name (to convert positions to an editor's units)."""


@dataclass(frozen=True)
class WorkspaceIndex:
    skills: Mapping[str, tuple[SkillInfo, ...]] = field(default_factory=dict)
    agents: Mapping[str, tuple[AgentInfo, ...]] = field(default_factory=dict)
    mcp_servers: Mapping[str, str] = field(default_factory=dict)
    """Server name -> the `.mcp.json` path that defines it."""

    def skill(self, name: str) -> tuple[SkillInfo, ...]:
        found = self.skills.get(name, ())
        if not found and name in BUNDLED_SKILLS:
            return (SkillInfo(name, None, BUNDLED_SKILLS[name], "bundled"),)
        return found

    def agent(self, name: str) -> tuple[AgentInfo, ...]:
        return self.agents.get(name, ())

    def all_skill_names(self) -> list[str]:
        return sorted(set(self.skills) | set(BUNDLED_SKILLS))

    def all_agent_names(self) -> list[str]:
        return sorted(set(self.agents) | set(BUILTIN_AGENTS))


@dataclass(frozen=True, slots=True)
class FileSummary:
    """What one file contributes to the index."""

    path: str
    dialect: Dialect
    skill: SkillInfo | None = None
    extra_skills: tuple[SkillInfo, ...] = ()
    agent: AgentInfo | None = None
    references: tuple[tuple[str, str, Position, Position, str], ...] = ()
    """(kind, name, start, end, line text up to the name's end) of every skill/agent name the file mentions."""
    name_span: tuple[str, Position, Position, str] | None = None
    """A skill's own `name:` value: (value, start, end, line text up to its end), for renaming the skill."""


def agents_root(path: str) -> str:
    """Return the agents folder that contains `path` (the nearest `agents` folder above it)."""
    parts = PurePath(path).parts
    for index in range(len(parts) - 2, -1, -1):
        if parts[index] == "agents":
            return str(PurePath(*parts[: index + 1]))
    return str(PurePath(path).parent)


def summarise(path: str, text: str, dialect: Dialect, source: str = "project",
              plugin_name: str | None = None) -> FileSummary:
    """Extract what the index needs from one file; never raises."""
    return summarise_model(build_model(Document(text, path, dialect), dialect), source, plugin_name)


def summarise_model(model: FileModel, source: str = "project", plugin_name: str | None = None) -> FileSummary:
    """Extract what the index needs from an already parsed file (the analysis' own model)."""
    path = model.document.path or ""
    dialect = model.dialect
    if dialect.tool is not Tool.CLAUDE_CODE:
        # The index is what Claude Code's agents can name (skills, agents): another tool's file adds nothing
        # (a Copilot agent's name must not collide with a Claude Code agent's, nor offer itself in `Agent(...)`).
        return FileSummary(path, dialect)
    values = model.recovered_mapping
    description = values.get("description")
    description = description if isinstance(description, str) else ""
    pure = PurePath(path)
    if dialect is Dialect.SKILL:
        name = pure.parent.name
        flag = values.get("disable-model-invocation")
        disabled = flag is True or (isinstance(flag, str) and flag.lower() in TRUE_WORDS)
        skill = SkillInfo(f"{plugin_name}:{name}" if plugin_name else name, path, description, source, disabled)
        extra = (SkillInfo(name, path, description, source, disabled),) if plugin_name else ()
        own = model.entry("name")  # the skill's own name: its `name_span`, not a use
        uses = [ref for ref in references_in(model) if own is None or ref.start != own.value_start]
        return FileSummary(path, dialect, skill=skill, extra_skills=extra, name_span=_name_span(model),
                           references=_references(model, uses))
    if dialect is Dialect.COMMAND:
        name = pure.stem
        skill = SkillInfo(f"{plugin_name}:{name}" if plugin_name else name, path, description, "command")
        return FileSummary(path, dialect, skill=skill, references=_references(model, references_in(model)))
    references = _references(model, references_in(model))
    entry = model.entry("name")
    name = entry.value if entry is not None else None
    if dialect is Dialect.PLUGIN_AGENT and not isinstance(name, str):
        name = pure.stem
    if not isinstance(name, str) or not name:
        return FileSummary(path, dialect, references=references)
    start = model.lines.position(entry.value_start) if entry is not None else None
    end = model.lines.position(entry.value_end) if entry is not None else None
    loads = model.loads_metadata and not model.recovered
    if dialect is Dialect.AGENT:  # Claude Code also refuses an agent without a description or with a bad name
        loads = loads and bool(description) and not name.startswith("-") and ":" not in name
    name_line = model.lines.line_text(start.line) if start is not None else ""
    agent = AgentInfo(name, path, agents_root(path), description, start, end, loads, name_line)
    return FileSummary(path, dialect, agent=agent, references=references)


def _references(model: FileModel, found: list[Reference]) -> tuple[tuple[str, str, Position, Position, str], ...]:
    references = []
    for ref in found:
        start, end = model.lines.position(ref.start), model.lines.position(ref.end)
        # Only the line up to the reference converts its columns: a whole line per reference kept a
        # megabyte-long `skills:` line a thousand times (1 GB).
        line_start = ref.start - start.column
        references.append((ref.kind, ref.name, start, end,
                           model.text[line_start : ref.end if end.line == start.line else ref.start]))
    return tuple(references)


def _name_span(model: FileModel) -> tuple[str, Position, Position, str] | None:
    entry = model.entry("name")
    if entry is None or not isinstance(entry.value, str):
        return None
    start, end = model.lines.position(entry.value_start), model.lines.position(entry.value_end)
    line_start = entry.value_start - start.column
    return entry.value, start, end, model.text[line_start : entry.value_end if end.line == start.line else entry.value_start]


def mcp_servers_from_json(path: str, text: str) -> dict[str, str]:
    """Return the server names an `.mcp.json` defines (empty when it does not parse)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return {}
    servers = data.get("mcpServers") if isinstance(data, dict) else None
    if not isinstance(servers, dict):
        return {}
    return {str(name): path for name in servers}


def mcp_servers_from_user_config(path: str, text: str, project_roots: Iterable[str] = ()) -> dict[str, str]:
    """Return the MCP servers the user's Claude Code config (`~/.claude.json`) defines for these projects:
    its user-scope `mcpServers` and the local-scope `projects[<root>].mcpServers` (empty when it does not parse)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    found: dict[str, str] = {}
    sources = [data.get("mcpServers")]
    projects = data.get("projects")
    if isinstance(projects, dict):
        sources.extend(projects[root].get("mcpServers") for root in project_roots
                       if isinstance(projects.get(root), dict))
    for servers in sources:
        if isinstance(servers, dict):
            found.update((str(name), path) for name in servers)
    return found


def build_index(summaries: Iterable[FileSummary], mcp_servers: Mapping[str, str] | None = None) -> WorkspaceIndex:
    skills: dict[str, list[SkillInfo]] = {}
    agents: dict[str, list[AgentInfo]] = {}
    for summary in summaries:
        for skill in ((summary.skill,) if summary.skill else ()) + summary.extra_skills:
            skills.setdefault(skill.name, []).append(skill)
        if summary.agent is not None:
            agents.setdefault(summary.agent.name, []).append(summary.agent)
    return WorkspaceIndex(MappingProxyType({k: tuple(v) for k, v in skills.items()}),
                          MappingProxyType({k: tuple(v) for k, v in agents.items()}),
                          MappingProxyType(dict(mcp_servers or {})))
