"""Checks on `hooks`, following Claude Code 2.1.330's validation (observed with its loader).

A broken PreToolUse/PermissionRequest entry refuses the whole agent (such hooks may guard permissions); a
broken entry of any other event, or an unknown event, is dropped with a warning. `hooks` that is not a map
refuses the agent too. Extra keys inside a handler are accepted.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

from agent_lsp.core.catalogue import BUILTIN_TOOLS, GUARD_HOOK_EVENTS, HOOK_EVENTS, HOOK_TYPES
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.fixes import UNSAFE, replace_fix
from agent_lsp.core.model import FileModel, nested_nodes, node_span
from agent_lsp.core.yaml_frontmatter import show_yaml, yaml_type

if TYPE_CHECKING:
    from agent_lsp.core.reporting import Reporter


def check(model: FileModel, reporter: Reporter) -> None:
    if model.dialect is Dialect.AGENT:
        for entry in model.entries:
            if entry.key != "hooks" and entry.key not in GUARD_HOOK_EVENTS and entry.node is not None:
                _stray_declarations(model, reporter, entry.key, entry.node, entry)
    entry = model.entry("hooks")
    if entry is None or model.dialect is Dialect.PLUGIN_AGENT:
        return
    value = entry.value
    if value is None:
        return
    refuses = model.dialect is Dialect.AGENT
    if not isinstance(value, dict):
        kind = "a list" if isinstance(value, list) else "text" if isinstance(value, str) else type(value).__name__
        code = "HK001" if refuses else "HK002"
        consequence = "Claude Code refuses to load this agent" if refuses else "Claude Code ignores them"
        reporter.report(code, f"`hooks` must be a map of events to matcher lists, not {kind}; {consequence}.",
                        entry.value_start, entry.value_end)
        return
    event_nodes = _children(entry.node)
    for event, matchers in value.items():
        key_node, value_node = event_nodes.get(str(event), (None, None))
        key_span = node_span(model, entry, key_node) if key_node is not None else (entry.key_start, entry.key_end)
        value_span = node_span(model, entry, value_node) if value_node is not None else key_span
        if event not in HOOK_EVENTS:
            reporter.report("HK002", f"`{event}` is not a hook event; Claude Code ignores this entry.", *key_span)
            continue
        found = _matchers_problem(matchers)
        if found is None:
            _permission_rule_matchers(model, reporter, entry, event, matchers, value_node)
            continue
        problem, path = found
        bad_node = _node_at(value_node, path)
        if bad_node is not None:
            value_span = node_span(model, entry, bad_node)
        if refuses and event in GUARD_HOOK_EVENTS:
            reporter.report("HK001", f"Claude Code refuses to load this agent: hooks.{event}{problem}. A broken "
                            f"{event} hook may be what guards the agent's permissions.", *value_span)
        else:
            reporter.report("HK002", f"Claude Code ignores this hook entry: hooks.{event}{problem}.", *value_span)


def _stray_declarations(model: FileModel, reporter: Reporter, key: str, root: yaml.Node, entry) -> None:
    """Report guard-event keys and `hooks: [...]` lists nested anywhere outside the top-level `hooks`."""
    for path, node in nested_nodes(root, key):
        if isinstance(node, yaml.MappingNode):
            for child_key, child_value in node.value:
                name = str(child_key.value) if isinstance(child_key, yaml.ScalarNode) else ""
                where = f"{path}.{name}"
                span = node_span(model, entry, child_key)
                if name in GUARD_HOOK_EVENTS:
                    reporter.report("HK003", f"Claude Code refuses to load this agent: `{where}` declares a {name} "
                                    "hook outside the top-level `hooks:` map.", *span)
                elif name == "hooks" and isinstance(child_value, yaml.SequenceNode) and child_value.value:
                    reporter.report("HK003", f"Claude Code refuses to load this agent: `{where}` is a list, which it "
                                    "reads as a hook matcher declared outside the top-level `hooks:` map. Rename the "
                                    "key, or move real hooks under `hooks:`.", *span)


def _children(node: yaml.Node | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): (key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _matchers_problem(matchers: Any) -> tuple[str, tuple] | None:
    """Return what is wrong with one event's matcher list (as Claude Code words it) and the path (keys and
    indices) of the value at fault, or None."""
    if not isinstance(matchers, list):
        return f": must be a list of matchers, not {yaml_type(matchers)}", ()
    for index, matcher in enumerate(matchers):
        if not isinstance(matcher, dict):
            return f".{index}: a matcher must be a map with `hooks:`, not {yaml_type(matcher)}", (index,)
        if "matcher" in matcher and not isinstance(matcher["matcher"], str):
            return f".{index}: `matcher` must be a string, not {yaml_type(matcher['matcher'])}", (index, "matcher")
        handlers = matcher.get("hooks")
        if not isinstance(handlers, list):
            path = (index, "hooks") if "hooks" in matcher else (index,)
            return f".{index}: `hooks` must be a list of hook handlers, not {yaml_type(handlers)}", path
        for number, handler in enumerate(handlers):
            where = f".{index}.hooks.{number}"
            at = (index, "hooks", number)
            if not isinstance(handler, dict):
                return f"{where}: a handler must be a map, not {yaml_type(handler)}", at
            kind = handler.get("type")
            if kind not in HOOK_TYPES:
                shown = "nothing" if kind is None else f"`{show_yaml(kind)}`"
                return (f"{where}: unknown hook type {shown} (use {', '.join(HOOK_TYPES)})",
                        at + ("type",) if "type" in handler else at)
            for required in HOOK_TYPES[kind]:
                if not isinstance(handler.get(required), str):
                    return (f"{where}: a {kind} hook needs `{required}` (text)",
                            at + (required,) if required in handler else at)
            timeout = handler.get("timeout")
            if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))):
                return f"{where}: `timeout` must be a number of seconds", at + ("timeout",)
    return None


_PERMISSION_RULE = re.compile(r"([A-Za-z][A-Za-z0-9_]*)\((.*)\)\Z", re.DOTALL)


def _permission_rule_matchers(model: FileModel, reporter: Reporter, entry, event: str, matchers: list,
                              value_node: yaml.Node | None) -> None:
    """`matcher: Bash(git:*)` is a permission rule, not a tool-name pattern: it matches no tool."""
    for index, matcher in enumerate(matchers):
        pattern = matcher.get("matcher") if isinstance(matcher, dict) else None
        found = _PERMISSION_RULE.match(pattern) if isinstance(pattern, str) else None
        if found is None or found.group(1) not in BUILTIN_TOOLS or _matches_tool(pattern, found.group(1)):
            continue
        node = _node_at(value_node, (index, "matcher"))
        start, end = node_span(model, entry, node) if node is not None else (entry.value_start, entry.value_end)
        tool = found.group(1)
        written = model.text[start:end]
        fixes = []
        if written == pattern:
            fixes.append(replace_fix(f"Match `{tool}` (then filter the command with the handler's `if`)",
                                     start, end, tool, UNSAFE))
        reporter.report("HK004", f"`{pattern}` is a permission rule, but hook matchers match tool names (`{tool}`, "
                        f"`Edit|Write`): it matches no tool, so this {event} hook never runs. Match `{tool}` and "
                        f"put `{pattern}` in the handler's `if:`.", start, end, fixes=fixes)


def _matches_tool(pattern: str, tool: str) -> bool:
    """Whether the matcher, read as the regular expression it is, still matches the tool (`Edit(.*)` does)."""
    try:
        return re.search(pattern, tool) is not None
    except (re.error, RecursionError, OverflowError):
        return False


def _node_at(node: yaml.Node | None, path: tuple) -> yaml.Node | None:
    """Follow keys and indices from `node`; a mapping key's value node (the last one of duplicate keys)."""
    for step in path:
        if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        elif isinstance(node, yaml.MappingNode):
            matches = [value for key, value in node.value if isinstance(key, yaml.ScalarNode) and key.value == step]
            if not matches:
                return None
            node = matches[-1]
        else:
            return None
    return node

