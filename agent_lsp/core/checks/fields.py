"""Catalogue-driven checks: unknown and ignored keys, and each value's type and allowed values."""

from __future__ import annotations

import colorsys
import re
from typing import TYPE_CHECKING, Any

import yaml

from agent_lsp.core.catalogue import (
    BOOL_VALUES, COLOUR_NAMES_HEX, COLOURS, COMMAND_IGNORED, GUARD_HOOK_EVENTS, HOOK_EVENTS, MODEL_ALIASES, TRUE_WORDS, FALSE_WORDS, PLUGIN_AGENT_IGNORED, Field, Kind,
    catalogue_for, is_known_model,
)
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.fixes import UNSAFE, quote, raw_value, replace_fix
from agent_lsp.core.model import FileModel, node_span
from agent_lsp.core.suggestions import closest, did_you_mean, suggestion_fixes
from agent_lsp.core.yaml_frontmatter import Entry, show_yaml, yaml_type

if TYPE_CHECKING:
    from agent_lsp.core.reporting import Context, Reporter

# Claude Code's own "did you mean" hints for agent keys (AGENT_FORMATS.md §2.2), then our additions.
_AGENT_HINTS = {
    "allowed-tools": "tools", "allowedTools": "tools", "allowed_tools": "tools", "tool": "tools",
    "when_to_use": "description", "whenToUse": "description", "when-to-use": "description",
    "disallowed-tools": "disallowedTools", "disallowed_tools": "disallowedTools",
    "permission-mode": "permissionMode", "permission_mode": "permissionMode",
    "max-turns": "maxTurns", "max_turns": "maxTurns", "colour": "color", "skill": "skills",
    "mcp-servers": "mcpServers", "mcp_servers": "mcpServers", "initial-prompt": "initialPrompt",
}
_SKILL_HINTS = {
    "allowed_tools": "allowed-tools", "allowedTools": "allowed-tools", "tools": "allowed-tools",
    "disallowedTools": "disallowed-tools", "whenToUse": "when_to_use", "when-to-use": "when_to_use",
    "argument_hint": "argument-hint", "argumentHint": "argument-hint",
    "disable_model_invocation": "disable-model-invocation", "user_invocable": "user-invocable",
}
_SKILL_BOOL_WORDS = frozenset(TRUE_WORDS + FALSE_WORDS)
_BOOL_TEXT = tuple(value.value for value in BOOL_VALUES)
"""`true` and `false` written as text (quoted) are accepted in every dialect."""
_FOREIGN_KEYS = {
    "mode": "an OpenCode agent key", "temperature": "an OpenCode agent key", "top_p": "an OpenCode agent key",
    "steps": "an OpenCode agent key", "permission": "an OpenCode agent key", "disabled": "not a Claude Code key",
    "forkContext": "a Claude Code 2.0 key that no longer exists", "target": "a GitHub Copilot agent key",
    "handoffs": "a VS Code Copilot agent key", "infer": "a retired GitHub Copilot key",
    "globs": "a Cursor rule key", "alwaysApply": "a Cursor rule key",
}


def check(model: FileModel, reporter: Reporter, context: Context) -> None:
    catalogue = catalogue_for(model.dialect)
    for entry in model.entries:
        spec = catalogue.get(entry.key)
        if model.dialect is Dialect.PLUGIN_AGENT and entry.key in PLUGIN_AGENT_IGNORED:
            reporter.report("KY005", f"Plugin agents ignore `{entry.key}` (Claude Code logs a warning and drops it).",
                            entry.key_start, entry.key_end, unnecessary=True)
            continue
        if model.dialect is Dialect.COMMAND and entry.key in COMMAND_IGNORED:
            why = ("the command is named after its file" if entry.key == "name" else
                   "only skills activate on matching paths; a command runs when it is typed")
            reporter.report("KY005", f"Commands ignore `{entry.key}`: {why}.",
                            entry.key_start, entry.key_end, unnecessary=True)
            continue
        if spec is None:
            if not model.recovered:  # recovered "keys" may be continuation lines of the broken value
                _unknown_key(model, reporter, entry)
            continue
        check_value(model, reporter, entry, spec)


def _unknown_key(model: FileModel, reporter: Reporter, entry: Entry) -> None:
    key = entry.key
    if model.dialect is Dialect.AGENT and key in GUARD_HOOK_EVENTS:
        reporter.report("HK003", f"Claude Code refuses to load this agent: `{key}` is declared at the top level, "
                        "outside `hooks:`. Move it under `hooks:`.", entry.key_start, entry.key_end)
        return
    catalogue = catalogue_for(model.dialect)
    hints = _AGENT_HINTS if model.dialect.is_agent else _SKILL_HINTS
    suggestion = hints.get(key)
    if suggestion is not None and catalogue.get(suggestion) is None:
        suggestion = None
    if suggestion is None and key not in _FOREIGN_KEYS:  # `mode` is OpenCode's key, not a typo of `model`
        suggestion = closest(key, [f.key for f in catalogue.fields])
    if key in HOOK_EVENTS:
        detail = " It is a hook event: put it under `hooks:`."
    elif key in _FOREIGN_KEYS:
        detail = f" (`{key}` is {_FOREIGN_KEYS[key]}.)"
    else:
        detail = ""
    mean = did_you_mean(suggestion)
    what = {Dialect.AGENT: "agents", Dialect.PLUGIN_AGENT: "plugin agents", Dialect.SKILL: "skills",
            Dialect.COMMAND: "commands"}[model.dialect]
    fixes = suggestion_fixes(suggestion, entry.key_start, entry.key_end, verb="Rename to")
    reporter.report("KY001", f"Claude Code does not recognise `{key}` in {what} and ignores it{mean}{detail}",
                    entry.key_start, entry.key_end, fixes=fixes, unnecessary=True)


def check_value(model: FileModel, reporter: Reporter, entry: Entry, spec: Field) -> None:
    """Check one value against its catalogue entry (tools, skills and hooks have their own modules)."""
    value = entry.value
    kind = spec.kind
    if kind in (Kind.TOOL_LIST, Kind.HOOKS, Kind.NAME_LIST):
        return
    if spec.key in ("name", "description") and model.dialect.is_agent:
        return  # decided in agents.py: they decide whether the agent loads
    if kind is Kind.STRING:
        if spec.key == "argument-hint" and isinstance(value, list):
            _hint_read_as_list(model, reporter, entry)
            return
        if spec.non_empty and isinstance(value, str) and not value.strip():
            reporter.report("KY002", f"`{spec.key}` is empty; Claude Code ignores it.",
                            entry.key_start, max(entry.value_end, entry.key_end))
            return
        if value is not None and not isinstance(value, str):
            if model.dialect in (Dialect.SKILL, Dialect.COMMAND) and isinstance(value, (int, float)) and not isinstance(value, bool):
                return  # skills coerce numeric name/description to strings (2.1.47)
            _wrong_type(reporter, entry, "text")
        return
    if kind is Kind.MODEL:
        _model(model, reporter, entry)
        return
    if kind is Kind.BOOL:
        _bool(model, reporter, entry, spec)
        return
    if kind is Kind.POSITIVE_INT:
        _positive_int(model, reporter, entry, spec)
        return
    if kind is Kind.EFFORT:
        if isinstance(value, int) and not isinstance(value, bool):
            return
        _enum(model, reporter, entry, spec)
        return
    if kind is Kind.ENUM:
        _enum(model, reporter, entry, spec)
        return
    if kind in (Kind.STRING_LIST,):
        if value is not None and not isinstance(value, (str, list)):
            _wrong_type(reporter, entry, "a list or a comma-separated string")
        elif isinstance(value, list):
            nodes = entry.node.value if isinstance(entry.node, yaml.SequenceNode) else [None] * len(value)
            for item, node in zip(value, nodes):
                if not isinstance(item, str):
                    span = node_span(model, entry, node) if node is not None else (entry.value_start, entry.value_end)
                    reporter.report("TL006", f"`{entry.key}` items must be strings; Claude Code drops "
                                    f"`{written(model, *span, item)}`.", *span)
                    break
        return
    if kind is Kind.MAP:
        if value is not None and not isinstance(value, dict):
            _wrong_type(reporter, entry, "a map")
        return
    if kind is Kind.MCP_SERVERS:
        _mcp_servers(reporter, entry)


def _hint_read_as_list(model: FileModel, reporter: Reporter, entry: Entry) -> None:
    """`argument-hint: [env]` is a YAML list: Claude Code 2.1.330 joins its items with commas (`[env, region]`
    shows `env,region`, as JavaScript prints an array)."""
    if not all(isinstance(item, str) or type(item) is int for item in entry.value):
        return
    shown = ",".join(str(item) for item in entry.value)
    start, end, text = raw_value(model, entry)
    text = text.rstrip()
    fixes = [replace_fix(f"Quote the hint: {quote(text)}", start, start + len(text), quote(text), UNSAFE)] if (
        model.lines.position(entry.value_start).line == model.lines.position(entry.value_end).line) else []
    reporter.report("KY007", f"YAML reads `{text}` as a list, so Claude Code shows the hint as `{shown}`, without "
                    "the brackets. Quote it to show it as written.", entry.value_start, entry.value_end, fixes=fixes)


def written(model: FileModel, start: int, end: int, value: Any) -> str:
    """A value as the author wrote it (one line, clipped), or rendered as YAML when the span is not exact."""
    text = model.text[start:end].strip()
    if not text or "\n" in text or len(text) > 80:
        return show_yaml(value)
    return text


def _wrong_type(reporter: Reporter, entry: Entry, expected: str) -> None:
    reporter.report("KY003", f"`{entry.key}` must be {expected}; Claude Code ignores this "
                    f"{yaml_type(entry.value, null='empty value').removeprefix('a ')}.",
                    entry.value_start, max(entry.value_end, entry.value_start))


def _enum(model: FileModel, reporter: Reporter, entry: Entry, spec: Field) -> None:
    value = entry.value
    allowed = spec.allowed()
    if value is None:
        return
    if isinstance(value, str) and (value in allowed or (spec.case_insensitive and value.lower() in
                                                        {a.lower() for a in allowed})):
        if model.dialect is Dialect.PLUGIN_AGENT and spec.key == "isolation" and value != "worktree":
            reporter.report("KY002", "Plugin agents only accept `isolation: worktree`; Claude Code ignores "
                            f"`{value}`.", entry.value_start, entry.value_end)
        return
    text = value if isinstance(value, str) else written(model, entry.value_start, entry.value_end, value)
    suggestion = closest(text, list(allowed), cutoff=0.6) if isinstance(value, str) else None
    if suggestion is None and spec.is_colour and isinstance(value, str):
        suggestion = nearest_colour(value)
    fixes = suggestion_fixes(suggestion, *raw_value(model, entry)[:2]) if suggestion else []
    consequence = "silently drops it" if spec.is_colour else "ignores it"
    hint = did_you_mean(suggestion)
    reporter.report("KY002", f"`{text}` is not a valid `{spec.key}` ({', '.join(allowed)}); Claude Code "
                    f"{consequence}{hint}", entry.value_start, entry.value_end, fixes=fixes)


def nearest_colour(written: str) -> str | None:
    """The Claude Code colour nearest to a colour name (`magenta`) or hex code (`#ff00ff`); None for greys."""
    key = written.strip().lower().replace(" ", "").replace("-", "").replace("_", "")
    hex_code = COLOUR_NAMES_HEX.get(key) or (key if _HEX.fullmatch(key) else None)
    if hex_code is None:
        return None
    rgb = _rgb(hex_code)
    if max(rgb) - min(rgb) < 40:
        return None  # white, black and greys are no colour's neighbour
    hue = _hue(rgb)

    def distance(candidate) -> float:  # names are told apart by hue: teal is nearer cyan than green
        gap = abs(hue - _hue(_rgb(candidate.colour))) % 360
        return min(gap, 360 - gap)

    return min(COLOURS, key=distance).value


def _hue(rgb: tuple[int, int, int]) -> float:
    return colorsys.rgb_to_hsv(*(channel / 255 for channel in rgb))[0] * 360


_HEX = re.compile(r"#?(?:[0-9a-f]{6}|[0-9a-f]{3})")


def _rgb(hex_code: str) -> tuple[int, int, int]:
    digits = hex_code.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _bool(model: FileModel, reporter: Reporter, entry: Entry, spec: Field) -> None:
    value = entry.value
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, str):
        lowered = value.lower()
        if model.dialect in (Dialect.SKILL, Dialect.COMMAND) and lowered in _SKILL_BOOL_WORDS:
            return
        if value in _BOOL_TEXT:
            return
    reporter.report("KY002", f"`{spec.key}` must be `true` or `false`; Claude Code ignores "
                    f"`{written(model, entry.value_start, entry.value_end, value)}`.",
                    entry.value_start, entry.value_end)


def _positive_int(model: FileModel, reporter: Reporter, entry: Entry, spec: Field) -> None:
    value = entry.value
    if value is None:
        return
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        try:
            number = int(value.strip())
        except ValueError:  # digits `int` does not read (`²`), or more than Python converts
            number = None
    minimum = spec.minimum
    if number is None or number < minimum:
        need = f"an integer of at least {minimum}" if minimum > 1 else "a positive integer"
        reporter.report("KY002", f"`{spec.key}` must be {need}; Claude Code ignores "
                        f"`{written(model, entry.value_start, entry.value_end, value)}`.",
                        entry.value_start, entry.value_end)


def _model(model: FileModel, reporter: Reporter, entry: Entry) -> None:
    value = entry.value
    if value is None or value == "":
        return
    if not isinstance(value, str):
        _wrong_type(reporter, entry, "a model alias or id")
        return
    if is_known_model(value):
        return
    suggestion = closest(value, [v.value for v in MODEL_ALIASES], cutoff=0.7)
    fixes = suggestion_fixes(suggestion, *raw_value(model, entry)[:2]) if suggestion else []
    hint = f" Did you mean `{suggestion}`? Aliases are case-sensitive." if suggestion else ""
    failure = {Dialect.SKILL: "using the skill fails", Dialect.COMMAND: "running the command fails"}.get(
        model.dialect, "spawning the agent fails")
    reporter.report("KY006", f"`{value}` is not a Claude model alias or id; Claude Code sends it to the API as it is, "
                    f"and {failure}.{hint}", entry.value_start, entry.value_end, fixes=fixes)


def _mcp_servers(reporter: Reporter, entry: Entry) -> None:
    value = entry.value
    if value is None:
        return
    if not isinstance(value, list):
        if isinstance(value, str):
            return  # a single server name
        _wrong_type(reporter, entry, "a list of server names or `{name: config}` maps")
        return
    for item in value:
        if isinstance(item, str) or (isinstance(item, dict) and len(item) == 1
                                     and isinstance(next(iter(item.values())), dict)):
            continue
        reporter.report("KY002", f"Invalid `mcpServers` item `{show_yaml(item)}`: each item is a server name or a single-key "
                        "map `{name: {command: ...}}`; Claude Code drops it.", entry.value_start, entry.value_end)
