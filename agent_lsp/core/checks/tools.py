"""Checks on tool lists: `tools`, `disallowedTools` (agents) and `allowed-tools`, `disallowed-tools`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING


from agent_lsp.core.catalogue import BUILTIN_AGENTS, BUILTIN_TOOLS, LEGACY_TOOLS, LEGACY_TOOLS_KEPT, Kind, catalogue_for
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.findings import Edit, Fix
from agent_lsp.core.fixes import SAFE, UNSAFE, delete_entry_fix, replace_fix
from agent_lsp.core.model import FileModel, ToolItem, split_tool_string, tool_items
from agent_lsp.core.yaml_frontmatter import Entry
from agent_lsp.core.suggestions import closest, did_you_mean, suggestion_fixes

if TYPE_CHECKING:
    from agent_lsp.core.reporting import Context, Reporter

# GitHub Copilot's tool aliases (AGENT_FORMATS.md §8), mapped to the Claude Code tool they stand for.
_COPILOT_ALIASES = {"execute": "Bash", "shell": "Bash", "read": "Read", "edit": "Edit", "search": "Grep",
                    "web": "WebFetch", "todo": "TodoWrite", "agent": "Agent", "custom-agent": "Agent",
                    "grep": "Grep", "glob": "Glob", "write": "Write", "bash": "Bash", "webfetch": "WebFetch",
                    "websearch": "WebSearch", "multiedit": "MultiEdit", "task": "Agent"}


def check(model: FileModel, reporter: Reporter, context: Context) -> None:
    catalogue = catalogue_for(model.dialect)
    for entry in model.entries:
        spec = catalogue.get(entry.key)
        if spec is None or spec.kind is not Kind.TOOL_LIST:
            continue
        if model.dialect is Dialect.PLUGIN_AGENT and entry is not model.entry(entry.key):
            continue
        _check_list(model, reporter, context, entry)


def _check_list(model: FileModel, reporter: Reporter, context: Context, entry: Entry) -> None:
    value = entry.value
    grants = entry.key == "tools" and model.dialect.is_agent
    if grants and (value is None or value == "" or isinstance(value, (bool, dict)) or value == []):
        shape = {type(None): "empty", bool: f"`{value}`".lower(), dict: "a map", list: "an empty list",
                 str: "empty"}[type(value)]
        fix = delete_entry_fix(model, entry, "Remove `tools` (the agent gets all tools)", UNSAFE)
        reporter.report("TL001", f"`tools` is {shape}, so Claude Code gives this agent zero tools (its roster still "
                        "says \"All tools\"). Omit `tools` to allow every tool, or list tool names.",
                        entry.key_start, max(entry.value_end, entry.key_end), fixes=[fix])
        return
    if not isinstance(value, (str, list)):
        if value is not None:
            reporter.report("KY003", f"`{entry.key}` must be a list or a comma-separated string of tool names; "
                            "Claude Code ignores this value.", entry.value_start, entry.value_end)
        return
    items = tool_items(model, entry)
    resolved = 0
    renames: list[Edit] = []
    for item in items:
        if not item.is_string:
            reporter.report("TL006", f"`{entry.key}` items must be strings; Claude Code drops "
                            f"`{model.text[item.start:item.end].strip() or item.text}`.",
                            item.start, item.end)
            continue
        if _check_tool(model, reporter, context, entry, item):
            resolved += 1
        else:
            base = item.text.strip().partition("(")[0]
            suggestion = _suggest(base)
            if suggestion and model.text.startswith(base, item.start):
                renames.append(Edit(item.start, item.start + len(base), suggestion))
    strings = [item for item in items if item.is_string]
    if grants and model.dialect is Dialect.AGENT and strings and resolved == 0:
        fixes = [Fix("Change to the closest Claude Code tool names", tuple(renames), UNSAFE)] if renames else []
        reporter.report("TL003", "No entry of `tools` is a known tool, so Claude Code refuses to spawn this agent "
                        "(\"would be spawned with zero tools\").", entry.value_start, entry.value_end, fixes=fixes)


def _check_tool(model: FileModel, reporter: Reporter, context: Context, entry: Entry, item: ToolItem) -> bool:
    """Check one entry; return True when Claude Code would resolve it to a tool."""
    text = item.text.strip()
    if text.startswith("mcp__"):
        _mcp_tool(model, reporter, context, item, text)
        return True
    if text == "*":
        return True
    base, paren, specifier = text.partition("(")
    if base in BUILTIN_TOOLS or base in LEGACY_TOOLS or base in LEGACY_TOOLS_KEPT:
        if base in LEGACY_TOOLS:
            new = LEGACY_TOOLS[base]
            # Rename only where the name is written exactly at the span, or the edit lands on other text.
            exact = model.text.startswith(base, item.start)
            reporter.report("TL004", f"`{base}` is the old name of `{new}`; Claude Code still accepts it.",
                            item.start, item.start + len(base), deprecated=True,
                            fixes=[replace_fix(f"Rename to `{new}`", item.start, item.start + len(base), new, SAFE)]
                            if exact else [])
        if paren and entry.key in ("tools", "disallowedTools") and model.dialect.is_agent:
            if base in ("Agent", "Task"):
                _agent_refs(model, reporter, context, item, specifier.rstrip(")"))
            elif entry.key == "tools":
                reporter.report("TL005", f"`{text}`: permission specifiers are not enforced in agent `tools`; this "
                                f"grants unrestricted `{base}`.", item.start, item.end)
        return True
    suggestion = _suggest(base)
    fixes = suggestion_fixes(suggestion, item.start, item.start + len(base)) if model.text.startswith(base, item.start) else []
    hint = did_you_mean(suggestion, otherwise=". Tool names are case-sensitive.")
    consequence = ("Claude Code drops it when spawning the agent" if model.dialect.is_agent
                   else "Claude Code ignores it")
    reporter.report("TL002", f"`{base}` is not a Claude Code tool; {consequence}{hint}",
                    item.start, item.start + len(base), fixes=fixes)
    return False


_UNCHECKED_MCP_PREFIXES = ("plugin_", "claude_ai_")
"""Servers Claude Code names after plugins and claude.ai connectors: not visible in the workspace."""


def mcp_server_key(name: str) -> str:
    """A server name as it appears in `mcp__<server>__<tool>` (Claude Code replaces other characters by `_`)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


def _mcp_tool(model: FileModel, reporter: Reporter, context: Context, item: ToolItem, text: str) -> None:
    server, separator, tool = text[len("mcp__"):].partition("__")
    server_start = item.start + len("mcp__")
    if separator and not tool.strip():
        reporter.report("TL007", f"`{text}` has no tool name after `mcp__{server}__`; it matches no tool and Claude "
                        f"Code drops it. Write `mcp__{server}__<tool>`, or `mcp__{server}__*` for every tool.",
                        item.start, item.end)
        return
    if context.workspace is None or not server or server.startswith(_UNCHECKED_MCP_PREFIXES) or "*" in server:
        return
    known = {mcp_server_key(name) for name in context.workspace.mcp_servers}
    own = model.mapping.get("mcpServers") if model.dialect.is_agent else None
    for declared in own if isinstance(own, list) else [own]:
        if isinstance(declared, str):
            known.add(mcp_server_key(declared))
        elif isinstance(declared, dict):
            known.update(mcp_server_key(str(name)) for name in declared)
    if server in known:
        return
    suggestion = closest(server, sorted(known), cutoff=0.7) if known else None
    fixes = suggestion_fixes(suggestion, server_start, server_start + len(server))
    hint = did_you_mean(suggestion)
    reporter.report("TL007", f"No MCP server named `{server}` in the workspace's `.mcp.json`, the user's Claude Code "
                    f"config or this file's `mcpServers`: Claude Code drops `{text}`{hint}",
                    server_start, server_start + len(server), fixes=fixes)


def _suggest(base: str) -> str | None:
    """Return the Claude Code tool an unknown name most likely means (Copilot aliases first)."""
    suggestion = _COPILOT_ALIASES.get(base.lower())
    if suggestion is None:
        suggestion = closest(base, list(BUILTIN_TOOLS), cutoff=0.75)
    return suggestion


def _agent_refs(model: FileModel, reporter: Reporter, context: Context, item: ToolItem, inner: str) -> None:
    if context.workspace is None:
        return
    open_at = item.text.find("(") + 1
    for name, start, end in split_tool_string(inner):
        if ":" in name or name in BUILTIN_AGENTS or context.workspace.agent(name) or name.startswith("model:"):
            continue
        suggestion = closest(name, context.workspace.all_agent_names(), cutoff=0.7)
        fixes = suggestion_fixes(suggestion, item.start + open_at + start, item.start + open_at + end)
        hint = did_you_mean(suggestion)
        reporter.report("WS003", f"No agent named `{name}` in the workspace, the user's agents or the built-ins{hint}",
                        item.start + open_at + start, item.start + open_at + end, fixes=fixes)
