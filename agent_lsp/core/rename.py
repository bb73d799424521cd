"""Renaming an agent, a skill or a command across the workspace, as plain data: text changes and file moves.

Everything the workspace index knows names the thing: an agent's `name:`, `Agent(...)`/`Task(...)` in tool
lists, `skills:` entries, `Skill(...)`. A skill's invoked name is its folder and a command's is its file
name, so renaming them moves the folder or the file (the caller checks that the client can, and that the
target is free on disk). Nothing here raises on bad input: a refusal is a message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from agent_lsp.core.catalogue import BUILTIN_AGENTS, BUNDLED_SKILLS, NAME_MAX_CHARS
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.model import FileModel
from agent_lsp.core.navigation import reference_at
from agent_lsp.core.text import Position
from agent_lsp.core.workspace import FileSummary, WorkspaceIndex
from agent_lsp.core.yaml_frontmatter import resolve_plain

_WRITABLE = re.compile(r"[\w.-]+\Z")
"""A name that reads the same as a YAML plain scalar, a tool-list item, `Agent(...)` and a folder name."""
_QUOTES = ("'", '"')


@dataclass(frozen=True, slots=True)
class Target:
    """What a rename at a cursor renames: `agent` or `skill` (commands are skills), its name and its span."""

    kind: str
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TextChange:
    """Replace start..end of `path` (code-point positions; `line_text` converts them) with `new_text`."""

    path: str
    start: Position
    end: Position
    new_text: str
    line_text: str | None = None


@dataclass(frozen=True, slots=True)
class FileMove:
    """Rename a file or a folder."""

    old: str
    new: str


@dataclass(frozen=True, slots=True)
class RenamePlan:
    changes: tuple[TextChange, ...] = ()
    moves: tuple[FileMove, ...] = ()
    refusal: str | None = None
    """Why the rename cannot be done (then nothing else is set)."""
    skipped: int = 0
    """Uses whose written text did not match the name (left alone rather than guessed at)."""


def rename_target(model: FileModel, offset: int) -> Target | None:
    """The agent, skill or command named at `offset`: a use, an agent's or skill's `name:`, or, in a skill or a
    command, its opening `---` (a command has no name in its text; its file name is its name)."""
    found = reference_at(model, offset)
    if found is not None and found[0] != "tool":
        return Target(*found)
    opening = model.opening_span()
    path = PurePath((model.document.path or "").replace("\\", "/"))
    if not model.document.path or not opening.start_offset <= offset <= opening.end_offset:
        return None
    if model.dialect is Dialect.SKILL:
        return Target("skill", path.parent.name, opening.start_offset, opening.end_offset)
    if model.dialect is Dialect.COMMAND:
        return Target("skill", path.stem, opening.start_offset, opening.end_offset)
    return None


def target_problem(index: WorkspaceIndex, kind: str, name: str) -> str | None:
    """Why `name` cannot be renamed (built in, unknown, or in a plugin), or None."""
    if kind == "agent":
        if not index.agent(name):
            return (f"`{name}` is a built-in agent of Claude Code; it cannot be renamed." if name in BUILTIN_AGENTS
                    else f"No agent named `{name}` in the workspace.")
        return None
    infos = index.skill(name)
    if not infos:
        return f"No skill or command named `{name}` in the workspace."
    if any(info.path is None for info in infos):
        return f"`{name}` is a skill bundled with Claude Code; it cannot be renamed."
    if any(info.source == "plugin" for info in infos):
        return f"`{name}` comes from a plugin, whose skills are named `plugin:skill`; rename its folder in the plugin."
    return None


def moves_files(index: WorkspaceIndex, kind: str, name: str) -> bool:
    """Whether renaming `name` renames a file or folder (a skill's folder, a command's or plugin agent's file)."""
    if kind == "skill":
        return bool(index.skill(name))
    return any(info.name_position is None for info in index.agent(name))


def name_problem(index: WorkspaceIndex, kind: str, old: str, new: str) -> str | None:
    """Why `new` cannot replace `old`: the dialect's name rules, or a name already taken. None when it can."""
    what = "An agent name" if kind == "agent" else "A skill or command name"
    if not new:
        return f"{what} cannot be empty."
    if new.startswith("-"):
        return f"{what} must not start with `-` (Claude Code refuses it)."
    if ":" in unicodedata.normalize("NFKC", new):
        return f"{what} must not contain `:` (reserved for plugin namespaces)."
    if len(new) > NAME_MAX_CHARS:
        return f"{what} must be at most {NAME_MAX_CHARS} characters (`{new[:20]}...` has {len(new)})."
    if not _WRITABLE.match(new) or new.startswith("."):
        return (f"`{new}` cannot be written as it stands in frontmatter lists, `Agent(...)` and folder names: use "
                "letters, digits, `-`, `_` and `.` (not first).")
    if not isinstance(resolve_plain(new), str):
        return f"YAML reads `{new}` as a {type(resolve_plain(new)).__name__}, not a name; choose another name."
    if new == old:
        return None
    if kind == "agent" and (index.agent(new) or new in BUILTIN_AGENTS):
        return f"There is already an agent named `{new}`" + (" (built in)." if new in BUILTIN_AGENTS else ".")
    if kind == "skill" and (index.skills.get(new) or new in BUNDLED_SKILLS):
        return f"There is already a skill or command named `{new}`."
    return None


def reference_changes(summaries: Iterable[FileSummary], kind: str, old: str, new: str) -> tuple[list[TextChange], int]:
    """The changes to every indexed use of `old` in these files (callers may pass them in chunks), and how many
    uses were skipped because their written text is not the name (written over several lines, escaped)."""
    changes: list[TextChange] = []
    skipped = 0
    for summary in summaries:
        for ref_kind, ref_name, start, end, line_text in summary.references:
            if ref_kind == kind and ref_name == old:
                change = _change(summary.path, start, end, line_text, old, new)
                skipped += change is None
                changes += [change] if change is not None else []
        if kind == "skill" and summary.name_span is not None and summary.skill is not None \
                and summary.skill.name == old and summary.name_span[0] == old:
            _value, start, end, line_text = summary.name_span
            change = _change(summary.path, start, end, line_text, old, new)
            skipped += change is None
            changes += [change] if change is not None else []
    return changes, skipped


def _change(path: str, start: Position, end: Position, line_text: str, old: str, new: str) -> TextChange | None:
    """Replace exactly the written name (inside its quotes, if quoted), or nothing when the text differs."""
    if start.line != end.line:
        return None
    written = line_text[start.column : end.column]
    if written == old:
        return TextChange(path, start, end, new, line_text)
    if len(written) == len(old) + 2 and written[0] in _QUOTES and written[-1] == written[0] and written[1:-1] == old:
        return TextChange(path, Position(start.line, start.column + 1), Position(end.line, end.column - 1), new,
                          line_text)
    return None


def plan_rename(index: WorkspaceIndex, kind: str, old: str, new: str,
                changes: Iterable[TextChange] = (), skipped: int = 0) -> RenamePlan:
    """The whole rename of `old` to `new`: the use `changes` (from `reference_changes`) and the moves of the
    skill folders, command files and file-named plugin agents that carry the name."""
    problem = target_problem(index, kind, old) or name_problem(index, kind, old, new)
    if problem is not None:
        return RenamePlan(refusal=problem)
    if new == old:
        return RenamePlan()
    moves: list[FileMove] = []
    if kind == "skill":
        for info in index.skill(old):
            path = PurePath(info.path or "")
            if info.source == "command":
                moves.append(FileMove(str(path), str(path.with_name(new + path.suffix))))
            else:
                moves.append(FileMove(str(path.parent), str(path.parent.with_name(new))))
    else:
        for info in index.agent(old):
            path = PurePath(info.path)
            if info.name_position is None and path.stem == old:  # a plugin agent named by its file
                moves.append(FileMove(str(path), str(path.with_name(new + path.suffix))))
    return RenamePlan(tuple(changes), tuple(dict.fromkeys(moves)), skipped=skipped)


def file_rename_target(index: WorkspaceIndex, old_path: str, new_path: str) -> tuple[str, str, str] | None:
    """What moving `old_path` to `new_path` in the editor renames: (kind, old name, new name), or None.

    A skill folder renames the skill; a command file the command; an agent file the agent when its name is its
    file name (a plugin agent without `name:`, or an agent whose `name:` equals the file name: the convention
    is kept). Moves to another folder, or that keep the name, rename nothing.
    """
    old, new = PurePath(old_path), PurePath(new_path)
    if old.parent != new.parent or old.name == new.name:
        return None
    for infos in index.skills.values():
        for info in infos:
            if info.path is None or info.source == "plugin":
                continue
            if info.source != "command" and str(PurePath(info.path).parent) == str(old):
                return "skill", info.name, new.name
            if info.source == "command" and info.path == str(old) and old.suffix == new.suffix:
                return "skill", info.name, new.stem
    if old.suffix != new.suffix:
        return None
    for infos in index.agents.values():
        for info in infos:
            if info.path == str(old) and info.name == old.stem:
                return "agent", info.name, new.stem
    return None


def plan_file_rename(index: WorkspaceIndex, kind: str, old: str, new: str,
                     changes: Iterable[TextChange] = (), skipped: int = 0) -> RenamePlan:
    """The text changes that keep uses right when the editor moves the file or folder itself (no moves)."""
    plan = plan_rename(index, kind, old, new, changes, skipped)
    return RenamePlan(plan.changes, (), plan.refusal, plan.skipped)
