"""Agent-only checks: `name` and `description`, the two fields that decide whether the agent loads."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath
from typing import TYPE_CHECKING

from agent_lsp.core.catalogue import BUILTIN_AGENTS, NAME_MAX_CHARS, catalogue_for
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.findings import Edit, Fix
from agent_lsp.core.fixes import SAFE, UNSAFE, newline_of, quote, raw_value, replace_fix
from agent_lsp.core.model import FileModel
from agent_lsp.core.yaml_frontmatter import yaml_type

if TYPE_CHECKING:
    from agent_lsp.core.reporting import Context, Reporter

_STYLE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_KEY_LIKE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_INTENT_SCAN_LINES = 200


def agent_intent(keys) -> bool:
    """True when frontmatter keys show a file meant to be an agent: agent keys, at least as many as others.

    Notes kept beside agents (plans, READMEs) often carry `title`, `status`, `tags`... and perhaps a
    `description`; an agent that Claude Code skips mostly carries `description`, `tools`, `model`...
    """
    known = {spec.key for spec in catalogue_for(Dialect.AGENT).fields}
    keys = list(keys)
    ours = sum(1 for key in keys if key in known)
    return ours > 0 and ours >= len(keys) - ours


def keys_after_opening(text: str, start: int) -> list[str]:
    """The top-level `key:` lines of a frontmatter-like block starting at `start` (no YAML parse).

    Used where Claude Code sees no frontmatter at all (a blank line first, no closing `---`): the scan
    stops at the first `---`, heading or paragraph line, so the body's text is not mistaken for keys.
    """
    keys = []
    for line in text[start:].splitlines()[:_INTENT_SCAN_LINES]:
        if line.startswith("---"):
            break
        if not line.strip() or line[0] in " \t#-":
            if line.startswith("#") and not line.startswith("#!"):
                if line.lstrip("#")[:1] in (" ", ""):  # a Markdown heading: the body has begun
                    break
            continue
        match = _KEY_LIKE.match(line)
        if match is None:
            break
        keys.append(match.group(1))
    return keys


def check_name(model: FileModel, reporter: Reporter) -> bool:
    """Check a project/user agent's `name`; return False when Claude Code ignores the file because of it."""
    entry = model.entry("name")
    value = entry.value if entry is not None else None
    if model.recovered and entry is None:
        return True  # the name may sit in the part Claude Code cannot parse; FM005 already says so
    if entry is None or value is None or value == "":
        fm = model.split.frontmatter
        assert fm is not None
        stem = PurePath(model.document.path).stem if model.document.path else ""
        fixes = []
        suggested = _name_from_stem(stem)
        if suggested and entry is None:
            newline = newline_of(model)
            fixes.append(Fix(f"Add `name: {suggested}`", (Edit(fm.yaml_start, fm.yaml_start, f"name: {suggested}{newline}"),),
                             UNSAFE))
        elif suggested and entry is not None:
            start, end, _ = raw_value(model, entry)
            space = " " if model.text[start - 1 : start] == ":" else ""  # `name:` needs a space before the value
            fixes.append(replace_fix(f"Set `name: {suggested}`", start, end, space + suggested, UNSAFE))
        span = (entry.key_start, entry.value_end) if entry is not None else (
            model.opening_span().start_offset, model.opening_span().end_offset)
        if agent_intent(e.key for e in model.entries):
            what = "has no `name`" if entry is None else "has an empty `name`"
            reporter.report("AG008", f"Claude Code will not load this agent, and says nothing: its frontmatter {what}. "
                            "An agent needs a `name` (and a `description`).", *span, fixes=fixes)
            return False
        reporter.report("AG001", "Claude Code ignores this file as an agent: its frontmatter has no `name` "
                        "(fine for notes kept here; an agent needs `name` and `description`).", *span, fixes=fixes)
        return False
    if not isinstance(value, str):
        start, end, written = raw_value(model, entry)
        kind = yaml_type(value, null="null").removeprefix("a ").removeprefix("an ")
        # Claude Code then loads an agent it ignores today: `analyse` offers this as unsafe when the agent's
        # other fields have errors or warnings that would then count.
        fixes = [replace_fix("Quote the name", start, end, quote(written.strip()), SAFE)] if "\n" not in written else []
        reporter.report("AG002", f"Claude Code will not load this agent, and says nothing: YAML reads this name as a "
                        f"{kind}, not text, so the name counts as missing.", entry.value_start, entry.value_end,
                        fixes=fixes)
        return False
    return True


def _name_from_stem(stem: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return name


def check(model: FileModel, reporter: Reporter, context: Context) -> None:
    if not model.dialect.is_agent:
        return
    entry = model.entry("name")
    name = entry.value if entry is not None else None
    if isinstance(name, str) and entry is not None:
        _name_rules(model, reporter, entry, name)
    description = model.entry("description")
    if model.dialect is Dialect.AGENT and not (model.recovered and description is None):
        value = description.value if description is not None else None
        if not isinstance(value, str) or value == "":
            if description is None:
                start, end = (entry.key_start, entry.value_end) if entry is not None else (0, 0)
                what = "has no `description`"
            else:
                start, end = description.key_start, max(description.value_end, description.key_end)
                what = ("has an empty `description`" if value in ("", None)
                        else f"has a `description` YAML reads as {yaml_type(value, null='null')}, not text")
            reporter.report("AG005", f"Claude Code refuses to load this agent: it {what}. The description is how "
                            "Claude decides when to delegate to it.", start, end)
    elif model.dialect is Dialect.PLUGIN_AGENT:
        usable = any(isinstance(model.mapping.get(key), str) and model.mapping.get(key)
                     for key in ("description", "when_to_use", "when-to-use"))
        if not usable and model.loads_metadata and not model.recovered:
            span = (description.key_start, description.value_end) if description else (
                model.opening_span().start_offset, model.opening_span().end_offset)
            reporter.report("AG006", "No usable description: the plugin loads this agent with the placeholder "
                            "\"Agent from <plugin> plugin\", so Claude never knows when to use it.", *span)


def _name_rules(model: FileModel, reporter: Reporter, entry, name: str) -> None:
    start, end = entry.value_start, entry.value_end
    normalised = unicodedata.normalize("NFKC", name)
    refused = None
    if name.startswith("-"):
        refused = "names must not start with `-`"
    elif ":" in normalised:
        refused = ("names must not contain `:` (reserved for plugin namespaces)" if ":" in name else
                   "after Unicode normalisation the name contains `:` (reserved for plugin namespaces)")
    elif len(name) > NAME_MAX_CHARS:
        refused = f"names must be at most {NAME_MAX_CHARS} characters (this one has {len(name)})"
    if refused and model.dialect is Dialect.AGENT:
        suggestion = re.sub(r"[^a-z0-9]+", "-", normalised.lower()).strip("-")[:64]
        fixes = [replace_fix(f"Rename to `{suggestion}`", *raw_value(model, entry)[:2], suggestion, UNSAFE)] if suggestion else []
        reporter.report("AG003", f"Claude Code refuses to load this agent: {refused}.", start, end, fixes=fixes)
        return
    if not _STYLE.match(name):
        suggestion = re.sub(r"[^a-z0-9]+", "-", normalised.lower()).strip("-")
        fixes = [replace_fix(f"Rename to `{suggestion}`", *raw_value(model, entry)[:2], suggestion, UNSAFE)] if suggestion else []
        reporter.report("AG004", "Agent names should be lowercase letters, digits and hyphens (Claude Code accepts "
                        f"this one, but `@agent-{name}` mentions and permission rules are easier with "
                        f"`{suggestion}`).", start, end, fixes=fixes)
    if name in BUILTIN_AGENTS:
        reporter.report("AG007", f"`{name}` is the name of a built-in agent; this agent replaces it.", start, end)
