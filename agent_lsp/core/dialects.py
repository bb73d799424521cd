"""Which kind of agent markdown a path holds, decided from the path alone, as Claude Code decides it."""

from __future__ import annotations

import enum
from pathlib import PurePath


class Dialect(enum.Enum):
    """The kinds of file agent-lsp understands."""

    AGENT = "agent"
    """A Claude Code subagent in `.claude/agents/` (project, user or managed scope)."""
    PLUGIN_AGENT = "plugin-agent"
    """A subagent shipped in a plugin's `agents/` folder: looser loading, fewer fields."""
    COMMAND = "command"
    """A slash command in `.claude/commands/` or a plugin's `commands/`."""
    SKILL = "skill"
    """An Agent Skill: a `SKILL.md` file."""

    @property
    def is_agent(self) -> bool:
        return self in (Dialect.AGENT, Dialect.PLUGIN_AGENT)

    @classmethod
    def from_name(cls, name: str) -> Dialect:
        for dialect in cls:
            if dialect.value == name or dialect.name.lower() == name.lower().replace("-", "_"):
                return dialect
        raise ValueError(f"unknown dialect {name!r}; expected one of {', '.join(d.value for d in cls)}")


def detect_dialect(path: str | PurePath, plugin_roots: frozenset[str] = frozenset()) -> Dialect | None:
    """Return the dialect of `path`, or None when the file is not agent markdown.

    `plugin_roots` holds the folders known to be plugin roots (they contain `.claude-plugin/plugin.json`);
    finding them needs the file system, so the caller supplies them. A path below `<root>/agents/` or
    `<root>/commands/` of such a folder is a plugin agent or command.
    """
    pure = PurePath(path)
    parts = pure.parts
    if not parts or not pure.name:
        return None
    if pure.name == "SKILL.md":
        return Dialect.SKILL
    if pure.suffix.lower() != ".md":
        return None
    folders = parts[:-1]
    for index in range(len(folders) - 1, 0, -1):
        if folders[index - 1] == ".claude":
            if folders[index] == "agents":
                return Dialect.AGENT
            if folders[index] == "commands":
                return Dialect.COMMAND
    for index in range(len(folders) - 1, -1, -1):
        if folders[index] in ("agents", "commands") and str(PurePath(*folders[:index])) in plugin_roots:
            return Dialect.PLUGIN_AGENT if folders[index] == "agents" else Dialect.COMMAND
    return None
