"""Which tools read a path, as which dialect, and which of them the folder is written for.

Decided from the path alone, as each tool decides (../shared/spec/DIALECTS.md, "Files" of each tool). The
file's own dialect (the one completion, hover and the outline use) is its first owner's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from agent_lsp.core.dialects import Dialect, Tool

__all__ = ["Reader", "detect_dialect", "readers_of"]


@dataclass(frozen=True, slots=True)
class Reader:
    """One tool reading one file."""

    tool: Tool
    dialect: Dialect
    owner: bool
    """The file's folder is written for this tool: what it does with the file decides errors and warnings."""


def _reader(dialect: Dialect, owner: bool = True) -> Reader:
    return Reader(dialect.tool, dialect, owner)


# Folders that hold agents, commands or skills, as (config folder, kind folder): `.claude/agents`, and the
# user-level `~/.config/opencode/agent`. The config folder is matched by name, at any depth.
_OPENCODE_HOMES = (".opencode", "opencode")
"""`.opencode/` in a project, `~/.config/opencode/` for the user."""

_SKILL_ROOTS: dict[tuple[str, str], tuple[Reader, ...]] = {
    (".claude", "skills"): (_reader(Dialect.SKILL), _reader(Dialect.COPILOT_SKILL, False),
                            _reader(Dialect.OPENCODE_SKILL, False)),
    (".github", "skills"): (_reader(Dialect.COPILOT_SKILL),),
    (".copilot", "skills"): (_reader(Dialect.COPILOT_SKILL),),
    (".agents", "skills"): (_reader(Dialect.COPILOT_SKILL), _reader(Dialect.CODEX_SKILL),
                            _reader(Dialect.OPENCODE_SKILL), _reader(Dialect.GEMINI_SKILL)),
    (".gemini", "skills"): (_reader(Dialect.GEMINI_SKILL),),
    (".codex", "skills"): (_reader(Dialect.CODEX_SKILL),),
    (".cursor", "skills"): (_reader(Dialect.CURSOR_SKILL),),
    **{(home, kind): (_reader(Dialect.OPENCODE_SKILL),) for home in _OPENCODE_HOMES for kind in ("skill", "skills")},
}
"""Skill roots: `<root>/<name>/SKILL.md`. Anywhere else a SKILL.md is Claude Code's (plugins, `--add-dir`)."""


def readers_of(path: str | PurePath, plugin_roots: frozenset[str] = frozenset()) -> tuple[Reader, ...]:
    """Every tool that reads `path`, owners first; empty when no tool reads it as agent markdown.

    `plugin_roots` are the folders known to be Claude Code plugin roots (see `detect_dialect`).
    """
    pure = PurePath(path)
    if not pure.parts or not pure.name:
        return ()
    folders = pure.parts[:-1]
    if pure.name == "SKILL.md":
        return _skill_readers(folders)
    if pure.suffix == ".mdc":
        return (_reader(Dialect.CURSOR_RULE),) if _below(folders, ".cursor", "rules") is not None else ()
    if pure.suffix.lower() != ".md":
        return ()
    return tuple(_markdown_readers(pure, folders, plugin_roots))


def detect_dialect(path: str | PurePath, plugin_roots: frozenset[str] = frozenset()) -> Dialect | None:
    """Return the dialect of `path` (its first owner's), or None when the file is not agent markdown.

    `plugin_roots` holds the folders known to be plugin roots (they contain `.claude-plugin/plugin.json`);
    finding them needs the file system, so the caller supplies them. A path below `<root>/agents/` or
    `<root>/commands/` of such a folder is a plugin agent or command.
    """
    owners = [reader for reader in readers_of(path, plugin_roots) if reader.owner]
    return owners[0].dialect if owners else None


def _skill_readers(folders: tuple[str, ...]) -> tuple[Reader, ...]:
    for depth in (3, 2):  # <root>/<name>/SKILL.md, and Gemini CLI's <root>/SKILL.md
        if len(folders) >= depth:
            root = (folders[-depth], folders[-depth + 1])
            readers = _SKILL_ROOTS.get(root)
            if readers is not None and (depth == 3 or readers[0].dialect is Dialect.GEMINI_SKILL):
                return readers
    return (_reader(Dialect.SKILL),)


def _below(folders: tuple[str, ...], home: str, kind: str) -> int | None:
    """The number of folders between `home/kind/` (innermost) and the file, or None when not below it."""
    for index in range(len(folders) - 1, 0, -1):
        if folders[index - 1] == home and folders[index] == kind:
            return len(folders) - 1 - index
    return None


def _markdown_readers(pure: PurePath, folders: tuple[str, ...], plugin_roots: frozenset[str]) -> Iterator[Reader]:
    name = pure.name
    if _below(folders, ".claude", "agents") is not None:
        yield _reader(Dialect.AGENT)
        yield _reader(Dialect.COPILOT_AGENT, False)  # Copilot CLI reads .claude/agents with its strict parser
        yield _reader(Dialect.CURSOR_AGENT, False)
        return
    if _below(folders, ".claude", "commands") is not None:
        yield _reader(Dialect.COMMAND)
        return
    for index in range(len(folders) - 1, -1, -1):
        if folders[index] in ("agents", "commands") and str(PurePath(*folders[:index])) in plugin_roots:
            yield _reader(Dialect.PLUGIN_AGENT if folders[index] == "agents" else Dialect.COMMAND)
            return
    for home in (".github", ".copilot"):
        depth = _below(folders, home, "agents")
        if depth is not None and name.endswith(".md"):  # Copilot CLI: `*.md` at any depth, case-sensitive
            yield _reader(Dialect.COPILOT_AGENT)
            vscode = name.endswith((".agent.md", ".chatmode.md")) or (depth == 0 and name != "README.md")
            if home == ".github" and vscode:
                yield _reader(Dialect.VSCODE_AGENT)
            return
    if _below(folders, ".github", "prompts") == 0 and name.endswith(".prompt.md"):
        yield _reader(Dialect.COPILOT_PROMPT)
        return
    if _below(folders, ".github", "instructions") is not None and name.endswith(".instructions.md"):
        yield _reader(Dialect.COPILOT_INSTRUCTIONS)
        return
    for home in _OPENCODE_HOMES:
        for kind, dialect, flat in (("agent", Dialect.OPENCODE_AGENT, False), ("agents", Dialect.OPENCODE_AGENT, False),
                                    ("mode", Dialect.OPENCODE_AGENT, True), ("modes", Dialect.OPENCODE_AGENT, True),
                                    ("command", Dialect.OPENCODE_COMMAND, False),
                                    ("commands", Dialect.OPENCODE_COMMAND, False)):
            depth = _below(folders, home, kind)
            if depth is not None and (depth == 0 or not flat):
                yield _reader(dialect)
                return
    if _below(folders, ".gemini", "agents") == 0 and not name.startswith("_"):  # flat; `_x.md` is skipped
        yield _reader(Dialect.GEMINI_AGENT)
        return
    if _below(folders, ".codex", "prompts") == 0:  # top-level files only
        yield _reader(Dialect.CODEX_PROMPT)
        return
    if _below(folders, ".cursor", "agents") == 0:
        yield _reader(Dialect.CURSOR_AGENT)
