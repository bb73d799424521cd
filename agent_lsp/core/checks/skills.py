"""Skill and command checks: Claude Code's rules plus the portable Agent Skills standard (agentskills.io)."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import TYPE_CHECKING

from agent_lsp.core.catalogue import (
    NAME_MAX_CHARS, PORTABLE_COMPATIBILITY_CHARS, PORTABLE_DESCRIPTION_CHARS, PORTABLE_SKILL_KEYS, PORTABLE_SKILL_NAME_CHARS,
    SKILL_LISTING_CHARS, catalogue_for,
)
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.fixes import UNSAFE, raw_value, replace_fix
from agent_lsp.core.model import FileModel

if TYPE_CHECKING:
    from agent_lsp.core.reporting import Reporter

_PORTABLE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


def check(model: FileModel, reporter: Reporter) -> None:
    if model.dialect not in (Dialect.SKILL, Dialect.COMMAND) or model.recovered:
        return
    description = model.entry("description")
    value = description.value if description is not None else None
    if description is None or value in (None, ""):
        span = ((description.key_start, description.key_end) if description is not None
                else (model.opening_span().start_offset, model.opening_span().end_offset))
        reporter.report("SK003", "No `description`: Claude Code uses the first paragraph of the body instead, and "
                        "portable validators reject the file.", *span)
    elif isinstance(value, str):
        _description(model, reporter, description, value)
    if model.dialect is Dialect.SKILL:
        _skill_name(model, reporter)
        _portable_keys(model, reporter)
        compat = model.entry("compatibility")
        if compat is not None and isinstance(compat.value, str) and len(compat.value) > PORTABLE_COMPATIBILITY_CHARS:
            reporter.report("SK006", f"`compatibility` has {len(compat.value)} characters; "
                            f"the standard allows {PORTABLE_COMPATIBILITY_CHARS}.",
                            compat.value_start, compat.value_end)


def _description(model: FileModel, reporter: Reporter, entry, value: str) -> None:
    if "\\n" in value:
        at = model.text.find("\\n", entry.value_start, entry.value_end)
        start, end = (at, at + 2) if at >= 0 else (entry.value_start, entry.value_end)
        what = "skills" if model.dialect is Dialect.SKILL else "commands"
        reporter.report("KY004", f"In {what} Claude Code does not turn `\\n` into a newline: the model sees the two "
                        "characters. Use a `|` block scalar for multi-line text.", start, end)
    when = model.mapping.get("when_to_use")
    total = len(value) + (len(when) if isinstance(when, str) else 0)
    if total > SKILL_LISTING_CHARS:
        reporter.report("SK004", f"`description` and `when_to_use` have {total} characters; Claude Code cuts the skill "
                        f"listing at {SKILL_LISTING_CHARS}, so the end is never seen.", entry.value_start, entry.value_end)
    elif model.dialect is Dialect.SKILL and len(value) > PORTABLE_DESCRIPTION_CHARS:
        reporter.report("SK004", f"`description` has {len(value)} characters; agentskills.io and claude.ai allow "
                        f"{PORTABLE_DESCRIPTION_CHARS}.", entry.value_start, entry.value_end)
    if model.dialect is Dialect.SKILL and re.search(r"<[^>\n]*>", value):
        reporter.report("SK006", "Anthropic's skill validators reject `<` and `>` (XML tags) in a skill description.",
                        entry.value_start, entry.value_end)


def _skill_name(model: FileModel, reporter: Reporter) -> None:
    entry = model.entry("name")
    directory = PurePath(model.document.path).parent.name if model.document.path else None
    if entry is None or not isinstance(entry.value, str):
        return
    name = entry.value
    if len(name) > NAME_MAX_CHARS:
        reporter.report("KY002", f"Claude Code ignores a skill `name` over {NAME_MAX_CHARS} characters (this one has {len(name)}).",
                        entry.value_start, entry.value_end)
        return
    problems = []
    if not _PORTABLE_NAME.match(name):
        problems.append("use lowercase letters, digits and single hyphens")
    if len(name) > PORTABLE_SKILL_NAME_CHARS:
        problems.append(f"at most {PORTABLE_SKILL_NAME_CHARS} characters")
    lowered = name.lower()
    if "anthropic" in lowered or "claude" in lowered:
        problems.append("must not contain \"anthropic\" or \"claude\"")
    if problems:
        reporter.report("SK001", f"Skill name `{name}` is not portable ({'; '.join(problems)}); Claude Code accepts it, "
                        "claude.ai uploads and agentskills.io validators do not.", entry.value_start, entry.value_end)
    if directory and name != directory:
        start, end, _ = raw_value(model, entry)
        fix = replace_fix(f"Change to `{directory}`", start, end, directory, UNSAFE)
        reporter.report("SK002", f"The command for this skill is `/{directory}` (its directory); `name: {name}` only "
                        "changes the display name, and agentskills.io requires the two to match.",
                        entry.value_start, entry.value_end, fixes=[fix])


def _portable_keys(model: FileModel, reporter: Reporter) -> None:
    catalogue = catalogue_for(Dialect.SKILL)
    for entry in model.entries:
        if entry.key in PORTABLE_SKILL_KEYS or catalogue.get(entry.key) is None:
            continue
        reporter.report("SK005", f"`{entry.key}` works in Claude Code, but claude.ai uploads and the Skills API reject "
                        "SKILL.md files with keys outside name, description, license, compatibility, metadata and "
                        "allowed-tools.", entry.key_start, entry.key_end)
