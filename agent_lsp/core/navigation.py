"""What names a cursor is on (a tool, a skill, an agent), and where those names are defined and used."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from agent_lsp.core.dialects import Dialect
from agent_lsp.core.model import FileModel, skill_items, split_tool_string, tool_list_items


@dataclass(frozen=True, slots=True)
class Reference:
    kind: str
    """`skill` or `agent`."""
    name: str
    start: int
    end: int


_MENTION = re.compile(r"(?<![\w@/.-])@agent-([\w.-]+)(:[\w.-]+)?")
"""`@agent-<name>` in a body (Claude Code's mention of a subagent); `@agent-<plugin>:<name>` is a plugin's."""


def body_mentions(model: FileModel) -> list[Reference]:
    """The `@agent-<name>` mentions in the body (a sentence's final `.` is not part of the name)."""
    found: list[Reference] = []
    base = model.body_start
    body = model.body
    if "@agent-" not in body:
        return found
    for match in _MENTION.finditer(body):
        name = match.group(1).rstrip(".")
        if name and match.group(2) is None:
            found.append(Reference("agent", name, base + match.start(1), base + match.start(1) + len(name)))
    return found


def references_in(model: FileModel, body: bool = True) -> list[Reference]:
    """Return every skill and agent name this file mentions (skills:, Agent(...), its own name and, with
    `body`, `@agent-<name>` mentions in the body)."""
    found: list[Reference] = body_mentions(model) if body else []
    if model.dialect is Dialect.SKILL:
        # A skill's own `name:` stands for the skill, which `skills:` entries name by its folder.
        name_entry = model.entry("name")
        if name_entry is not None and isinstance(name_entry.value, str) and name_entry.value:
            folder = PurePath(model.document.path.replace("\\", "/")).parent.name if model.document.path else ""
            found.append(Reference("skill", folder or name_entry.value, name_entry.value_start, name_entry.value_end))
    if model.dialect.is_agent:
        found.extend(Reference("skill", name, start, end) for name, start, end in skill_items(model))
        name_entry = model.entry("name")
        if name_entry is not None and isinstance(name_entry.value, str):
            found.append(Reference("agent", name_entry.value, name_entry.value_start, name_entry.value_end))
    for _entry, item in tool_list_items(model):
        base, paren, inner = item.text.partition("(")
        if base in ("Agent", "Task") and paren:
            open_at = item.start + len(base) + 1
            for name, start, end in split_tool_string(inner.rstrip(")")):
                found.append(Reference("agent", name, open_at + start, open_at + end))
        elif base == "Skill" and paren:
            open_at = item.start + len(base) + 1
            name = inner.rstrip(")").split(" ", 1)[0].split(":", 1)[0]
            found.append(Reference("skill", name, open_at, open_at + len(name)))
    return found


def reference_at(model: FileModel, offset: int) -> tuple[str, str, int, int] | None:
    """Return (kind, name, start, end) of the tool, skill or agent name under `offset`."""
    for reference in references_in(model, body=offset >= model.body_start):
        if reference.start <= offset <= reference.end:
            return reference.kind, reference.name, reference.start, reference.end
    for _entry, item in tool_list_items(model):
        if item.start <= offset <= item.end:
            return "tool", item.text, item.start, item.end
    return None
