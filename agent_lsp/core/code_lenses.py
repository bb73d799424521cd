"""The code lenses beside "who loads this file" (who_loads.py), as plain data.

- On a Claude Code skill or command: which agents (and commands, skills) use it, by everything the workspace
  index records as a use of its name (`skills:` entries, `Skill(...)` in tool lists), with their places.
- On a Claude Code agent: what it adds to Claude Code's agent roster (its description as Claude Code reads it, in
  characters and estimated tokens) and how many tools it really gets (AGENT_FORMATS.md §2.2, §2.3).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from agent_lsp.core.catalogue import BUILTIN_TOOLS, LEGACY_TOOLS, LEGACY_TOOLS_KEPT, MEMORY_TOOLS, SUBAGENT_REMOVED_TOOLS
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.hover import description_as_read
from agent_lsp.core.model import FileModel, tool_items
from agent_lsp.core.outline import estimated_tokens
from agent_lsp.core.references import Place, uses
from agent_lsp.core.workspace import FileSummary, WorkspaceIndex

_USER_KINDS = ("agent", "command", "skill")


@dataclass(frozen=True, slots=True)
class Lens:
    """A lens over start..end (code points) titled `title`; `places` are what clicking it shows (none: it only
    informs)."""

    start: int
    end: int
    title: str
    places: tuple[Place, ...] = ()


@dataclass(frozen=True, slots=True)
class SkillUsers:
    """The files that use a skill (one count per file, whatever the number of uses in it) and every use."""

    agents: int = 0
    commands: int = 0
    skills: int = 0
    places: tuple[Place, ...] = ()

    def __add__(self, other: SkillUsers) -> SkillUsers:
        return SkillUsers(self.agents + other.agents, self.commands + other.commands, self.skills + other.skills,
                          self.places + other.places)


@dataclass(frozen=True, slots=True)
class ToolGrant:
    """The tools a Claude Code agent really gets: every tool (less `removed`), or exactly `tools` plus every tool
    of the MCP `servers` it names as a whole (`mcp__srv`, `mcp__srv__*`)."""

    every: bool
    tools: frozenset[str] = frozenset()
    servers: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()


# ---------------------------------------------------------------------- skills: who uses them

def skill_names(model: FileModel, index: WorkspaceIndex) -> frozenset[str]:
    """The names a Claude Code skill or command file is used by: its folder's (a command's file name) and every
    name the index gives the file (a plugin's skill is also `plugin:skill`). Empty for any other file."""
    path = model.document.path
    if not path or model.dialect not in (Dialect.SKILL, Dialect.COMMAND):
        return frozenset()
    pure = PurePath(path.replace("\\", "/"))
    own = pure.parent.name if model.dialect is Dialect.SKILL else pure.stem
    indexed = {info.name for infos in index.skills.values() for info in infos if info.path == path}
    return frozenset({own, *indexed})


def skill_users(summaries: Iterable[FileSummary], names: frozenset[str], path: str) -> SkillUsers:
    """Who uses a skill known by `names` among these files (callers may pass them in chunks; add the results):
    the uses `references` finds, the skill's own file left out."""
    counts = dict.fromkeys(_USER_KINDS, 0)
    places: list[Place] = []
    for summary in summaries:
        if summary.path == path:
            continue
        found = sorted((place for name in names for place in uses((summary,), "skill", name, False)),
                       key=lambda place: place.start)
        if found:
            counts[_user_kind(summary.dialect)] += 1
            places += found
    return SkillUsers(*counts.values(), tuple(places))


def skill_lens(model: FileModel, users: SkillUsers) -> Lens:
    """The lens on a skill's or command's opening `---`: "used by 3 agents, 1 command", or "used by no agent"."""
    opening = model.opening_span()
    return Lens(opening.start_offset, opening.end_offset, users_title(users), users.places)


def users_title(users: SkillUsers) -> str:
    counts = [(users.agents, "agent"), (users.commands, "command"), (users.skills, "skill")]
    parts = [_count(number, noun) for number, noun in counts if number]
    return f"used by {', '.join(parts)}" if parts else "used by no agent"


def _user_kind(dialect: Dialect) -> str:
    if dialect.is_agent:
        return "agent"
    return "command" if dialect is Dialect.COMMAND else "skill"


# ---------------------------------------------------------------------- agents: roster entry and tools

def agent_lens(model: FileModel) -> Lens | None:
    """The lens on a Claude Code agent's `description:`: its size in the roster and its tool count. None for other
    files, and for an agent Claude Code reads no description from (it does not load it: AG005)."""
    description = description_as_read(model) if model.dialect in (Dialect.AGENT, Dialect.PLUGIN_AGENT) else None
    entry = model.entry("description")
    if description is None or entry is None:
        return None
    size = f"{_count(len(description), 'char')}, ~{_count(estimated_tokens(description), 'token')}"
    return Lens(entry.key_start, entry.key_end, f"description: {size} · {grant_title(tool_grant(model))}")


def tool_grant(model: FileModel) -> ToolGrant:
    """What Claude Code gives the agent (AGENT_FORMATS.md §2.2-2.3): no `tools` (or a value it ignores) or `*`:
    every tool, less what `disallowedTools` removes; `tools` empty, a boolean or a map: none; a list: its entries
    that name a tool (unknown ones are dropped at spawn; `Bash(...)` is `Bash`, `Task` is `Agent`), less the
    tools removed from every subagent, plus Read, Write and Edit with `memory:`. With both `tools` and
    `disallowedTools`, the binary's own field description says the latter is ignored (the docs disagree)."""
    entry = model.entry("tools")
    value = entry.value if entry is not None else None
    if entry is None or not isinstance(value, (str, list, dict, bool, type(None))):
        removed = model.entry("disallowedTools")
        removed_tools = _resolved(model, removed)[0] if removed is not None else frozenset()
        return ToolGrant(True, removed=removed_tools - SUBAGENT_REMOVED_TOOLS)
    if isinstance(value, (dict, bool)) or not value:
        return ToolGrant(False)
    if any(item.is_string and item.text.strip() == "*" for item in tool_items(model, entry)):
        return ToolGrant(True)
    tools, servers = _resolved(model, entry)
    plan = model.dialect is Dialect.AGENT and model.mapping.get("permissionMode") == "plan"
    tools = frozenset(tool for tool in tools if tool not in SUBAGENT_REMOVED_TOOLS or (plan and tool == "ExitPlanMode"))
    if model.mapping.get("memory") not in (None, "", False):
        tools |= frozenset(MEMORY_TOOLS)
    return ToolGrant(False, tools, servers)


def grant_title(grant: ToolGrant) -> str:
    if grant.every:
        return f"all tools but {len(grant.removed)}" if grant.removed else "all tools"
    servers = f" + {_count(len(grant.servers), 'MCP server')}" if grant.servers else ""
    return _count(len(grant.tools), "tool") + servers


def _resolved(model: FileModel, entry) -> tuple[frozenset[str], frozenset[str]]:
    """(tools, whole MCP servers) a tool list's entries name, as Claude Code resolves them; unknown names and
    non-string items are dropped. In `disallowedTools` a whole server counts as one removal."""
    tools: set[str] = set()
    servers: set[str] = set()
    for item in tool_items(model, entry):
        text = item.text.strip()
        if not item.is_string or not text:
            continue
        if text.startswith("mcp__"):
            server, separator, tool = text[len("mcp__"):].partition("__")
            if not separator or tool == "*":
                (servers if entry.key == "tools" else tools).add(f"mcp__{server}")
            elif tool.strip():
                tools.add(text)
            continue
        base = text.partition("(")[0]
        if base in BUILTIN_TOOLS or base in LEGACY_TOOLS or base in LEGACY_TOOLS_KEPT:
            tools.add(LEGACY_TOOLS.get(base, base))
    return frozenset(tools), frozenset(servers)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
