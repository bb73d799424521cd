"""What names a cursor is on (a tool, a skill, an agent), and where those names are defined and used."""

from __future__ import annotations

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


def references_in(model: FileModel) -> list[Reference]:
    """Return every skill and agent name this file mentions (skills:, Agent(...), and its own name)."""
    found: list[Reference] = []
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
    for reference in references_in(model):
        if reference.start <= offset <= reference.end:
            return reference.kind, reference.name, reference.start, reference.end
    for _entry, item in tool_list_items(model):
        if item.start <= offset <= item.end:
            return "tool", item.text, item.start, item.end
    return None
