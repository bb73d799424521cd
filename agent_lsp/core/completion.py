"""Completion candidates for frontmatter keys and values, as plain data.

The cursor's context comes from a line scan of the frontmatter, not from the YAML parse, so completion
works while the YAML is half-typed and never re-runs the analysis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from agent_lsp.core.catalogue import (
    BUILTIN_AGENTS, BUILTIN_TOOLS, BUNDLED_SKILLS, CLAUDE_CODE_VERSION, COLOURS, COMMON_MODEL_ALIASES, LEGACY_TOOLS,
    MODEL_ID_PREFIX, Field, Kind, Value, all_model_values, catalogue_for,
)
from agent_lsp.core.dialects import Dialect, FileKind, Tool
from agent_lsp.core.frontmatter import split_frontmatter
from agent_lsp.core.workspace import WorkspaceIndex

_COMMON_MODELS = ",".join(value.value for value in COMMON_MODEL_ALIASES)

_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)
_LIST_KINDS = (Kind.TOOL_LIST, Kind.NAME_LIST, Kind.STRING_LIST)


@dataclass(frozen=True, slots=True)
class Candidate:
    label: str
    kind: str
    """`key`, `value`, `enum`, `model`, `colour`, `tool`, `skill`, `agent`, `mcp`, `snippet`."""
    detail: str
    documentation: str
    insert_text: str
    replace_start: int
    replace_end: int
    snippet: bool = False
    plain_insert_text: str | None = None
    """What to insert for clients without snippet support (when `snippet`)."""
    sort_text: str | None = None
    colour: str | None = None
    deprecated: bool = False


@dataclass(frozen=True, slots=True)
class CursorContext:
    """Where the cursor is in the frontmatter."""

    kind: str
    """`key` (typing a key), `value` (after `key:`), `item` (a list item of `key`), or `none`."""
    key: str | None
    prefix: str
    replace_start: int
    inside_agent_parens: bool = False


def frontmatter_region(text: str) -> tuple[int, int] | None:
    r"""Where keys are typed: the frontmatter's lines, including the states a new file starts in.

    `---\n\n---\n`: Claude Code's opening `---\s*\n` swallows the blank line, but that line is where the first
    key goes. `---\nname: a\n` (not closed yet): everything after the opening line.
    """
    split = split_frontmatter(text)
    opening_end = text.find("\n", 1 if split.bom else 0) + 1
    if split.frontmatter is not None:
        return min(split.frontmatter.yaml_start, opening_end), split.frontmatter.yaml_end
    if split.unclosed and opening_end > 0:
        return opening_end, len(text)
    return None


def cursor_context(text: str, offset: int) -> CursorContext:
    region = frontmatter_region(text)
    if region is None or not region[0] <= offset <= region[1]:
        return CursorContext("none", None, "", offset)
    yaml_start = region[0]
    line_start = max(text.rfind("\n", 0, offset) + 1, yaml_start)
    before = text[line_start:offset]
    if before[:1] in (" ", "\t"):
        stripped = before.lstrip(" \t")
        if stripped.startswith("- ") or stripped == "-":
            key = _owning_key(text, yaml_start, line_start)
            prefix = stripped[1:].lstrip()
            return _value_context(key, prefix, offset, "item")
        return CursorContext("none", None, "", offset)
    match = re.match(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*", before)
    if match is None:
        if re.fullmatch(r"[A-Za-z_][\w-]*|", before):
            return CursorContext("key", None, before, line_start)
        return CursorContext("none", None, "", offset)
    return _value_context(match.group(1), before[match.end():], offset, "value")


def _value_context(key: str | None, value: str, offset: int, kind: str) -> CursorContext:
    in_flow = value.startswith("[")
    inside_parens = False
    depth = 0
    item_start = 1 if in_flow else 0
    for index, char in enumerate(value):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char in ",[ " and depth == 0 and index >= (1 if in_flow else 0):
            item_start = index + 1
    prefix = value[item_start:]
    if depth > 0:
        open_at = value.rfind("(")
        inner = value[open_at + 1 :]
        last = max(inner.rfind(","), inner.rfind(" "))
        prefix = inner[last + 1 :]
        inside_parens = True
    prefix = prefix.lstrip("\"'")
    return CursorContext(kind, key, prefix, offset - len(prefix), inside_parens)


def _owning_key(text: str, yaml_start: int, line_start: int) -> str | None:
    keys = [m for m in _KEY.finditer(text, yaml_start, line_start)]
    return keys[-1].group(1) if keys else None


def present_keys(text: str) -> set[str]:
    region = frontmatter_region(text)
    if region is None:
        return set()
    return {m.group(1) for m in _KEY.finditer(text[region[0] : region[1]])}


def complete(text: str, offset: int, dialect: Dialect, workspace: WorkspaceIndex | None,
             snippets: bool = True, path: str | None = None) -> list[Candidate]:
    """Return completion candidates at `offset` (code points) of `text` (of the file at `path`, if known)."""
    if not text.strip(" \t\r\n\ufeff"):
        return [_scaffold(dialect, path, len(text))]
    context = cursor_context(text, offset)
    catalogue = catalogue_for(dialect)
    if context.kind == "key":
        present = present_keys(text)
        return [_key_candidate(spec, context, offset, dialect) for spec in catalogue.fields
                if spec.key not in present and (spec.documented or dialect.is_agent)]
    if context.kind in ("value", "item") and context.key is not None:
        spec = catalogue.get(context.key)
        if spec is None:
            return []
        if context.kind == "item" and spec.kind not in _LIST_KINDS:
            return []
        return _value_candidates(spec, context, offset, dialect, workspace)
    return []


def _scaffold(dialect: Dialect, path: str | None, end: int) -> Candidate:
    """A snippet that writes a new file's frontmatter: the keys the dialect needs, on the first line."""
    pure = PurePosixPath((path or "").replace("\\", "/"))
    if dialect.tool is Tool.CLAUDE_CODE:
        stem = pure.parent.name if dialect is Dialect.SKILL else pure.stem
    else:  # `x.agent.md`, `x.prompt.md`, `x.mdc`: the name is what comes before the first dot
        stem = pure.parent.name if dialect.kind is FileKind.SKILL else pure.name.split(".", 1)[0]
    name = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "my-agent"
    if dialect.tool is not Tool.CLAUDE_CODE:
        return _tool_scaffold(dialect, name, end)
    if dialect is Dialect.COMMAND:
        keys = ["description: ${1:What this command does}", "argument-hint: ${2:[arguments]}"]
        plain = ["description: ", "argument-hint: "]
        what = "command"
    elif dialect is Dialect.SKILL:
        keys = [f"name: ${{1:{name}}}", "description: ${2:What this skill does and when to use it}"]
        plain = [f"name: {name}", "description: "]
        what = "skill"
    else:
        keys = [f"name: ${{1:{name}}}", "description: ${2:Use this agent when...}", "tools: ${3:Read, Grep, Glob}",
                "model: ${4|" + _COMMON_MODELS + "|}"]
        plain = [f"name: {name}", "description: ", "tools: Read, Grep, Glob", "model: inherit"]
        what = "agent"
    snippet = "---\n" + "\n".join(keys) + "\n---\n\n$0"
    return Candidate(f"frontmatter ({what})", "snippet", f"new {what} file",
                     f"Start the file with the frontmatter a Claude Code {what} needs.", snippet, 0, end,
                     snippet=True, plain_insert_text="---\n" + "\n".join(plain) + "\n---\n\n", sort_text="0")


def _tool_scaffold(dialect: Dialect, name: str, end: int) -> Candidate:
    """The scaffold of another tool's file: its catalogue's `name` and `description`, then its required keys."""
    catalogue = catalogue_for(dialect)
    chosen = [spec for spec in catalogue.fields if spec.key in ("name", "description")]
    chosen += [spec for spec in catalogue.fields if spec.required and spec not in chosen]
    keys, plain = [], []
    for number, spec in enumerate(chosen, start=1):
        default = name if spec.key == "name" else ""
        keys.append(f"{spec.key}: ${{{number}:{default}}}" if default else f"{spec.key}: ${number}")
        plain.append(f"{spec.key}: {default}")
    snippet = "---\n" + "".join(key + "\n" for key in keys) + "---\n\n$0"
    what = catalogue.title
    return Candidate(f"frontmatter ({dialect.kind.value})", "snippet", f"new {what} file",
                     f"Start the file with the frontmatter a {what} needs.", snippet, 0, end, snippet=True,
                     plain_insert_text="---\n" + "".join(line + "\n" for line in plain) + "---\n\n", sort_text="0")


def _key_candidate(spec: Field, context: CursorContext, offset: int, dialect: Dialect) -> Candidate:
    claude = dialect.tool is Tool.CLAUDE_CODE
    note = "" if spec.documented else (f" (undocumented, Claude Code {CLAUDE_CODE_VERSION})" if claude
                                       else " (undocumented)")
    doc = spec.doc + (f"\n\nDefault: {spec.default}." if spec.default else "") + (
        f"\n\nSince {dialect.tool.title} {spec.since}." if spec.since else "")
    if spec.snippet is not None:
        body = spec.snippet
    elif spec.values and spec.kind in (Kind.ENUM, Kind.BOOL, Kind.EFFORT) or spec.values and not claude:
        body = "${1|" + ",".join(v.value for v in spec.values) + "|}"
    elif spec.kind is Kind.MODEL and claude:
        body = "${1|" + _COMMON_MODELS + "|}"
    else:
        body = "$1"
    separator = "" if body.startswith("\n") else " "
    return Candidate(spec.key, "key", f"{spec.kind.value}{note}", doc, f"{spec.key}:{separator}{body}",
                     context.replace_start, offset, snippet=True, plain_insert_text=f"{spec.key}: ",
                     sort_text=("0" if spec.required else "1" if spec.documented else "2") + spec.key)


def _value_candidates(spec: Field, context: CursorContext, offset: int, dialect: Dialect,
                      workspace: WorkspaceIndex | None) -> list[Candidate]:
    start = context.replace_start
    if dialect.tool is not Tool.CLAUDE_CODE:
        return _tool_value_candidates(spec, start, offset, workspace)
    if spec.kind is Kind.MODEL:
        return [_value(v, "model", start, offset, detail="model alias" if not v.value.startswith(MODEL_ID_PREFIX)
                       else "model id", rank=rank) for rank, v in enumerate(all_model_values())]
    if spec.is_colour:
        return [_value(v, "colour", start, offset, colour=v.colour, rank=rank) for rank, v in enumerate(COLOURS)]
    if spec.kind in (Kind.ENUM, Kind.BOOL, Kind.EFFORT):
        return [_value(v, "enum", start, offset, rank=rank) for rank, v in enumerate(spec.values)]
    if spec.kind is Kind.TOOL_LIST:
        if context.inside_agent_parens:
            return _agent_candidates(workspace, start, offset)
        return _tool_candidates(workspace, start, offset, dialect)
    if spec.kind is Kind.NAME_LIST and spec.key == "skills":
        return _skill_candidates(workspace, start, offset)
    if spec.key == "agent":
        return _agent_candidates(workspace, start, offset)
    return []


def _tool_value_candidates(spec: Field, start: int, end: int, workspace: WorkspaceIndex | None) -> list[Candidate]:
    """Another tool's values: its catalogue's, and for a skill list the workspace's skills (never Claude Code's
    models, tools, colours or bundled skills)."""
    kind = "model" if spec.kind is Kind.MODEL else "colour" if spec.is_colour else "enum"
    items = [_value(v, kind, start, end, colour=v.colour, rank=rank) for rank, v in enumerate(spec.values)]
    if not items and spec.kind is Kind.NAME_LIST and spec.key == "skills" and workspace is not None:
        items = [Candidate(name, "skill", f"{infos[0].source} skill", infos[0].description or "(no description)",
                           name, start, end, sort_text="0" + name) for name, infos in sorted(workspace.skills.items())]
    return items


def _value(value: Value, kind: str, start: int, end: int, detail: str = "", colour: str | None = None,
           rank: int = 0) -> Candidate:
    # Keep the catalogue's order (inherit, sonnet, opus, haiku... then full ids), not the alphabet's.
    return Candidate(value.value, kind, detail or kind, value.doc, value.value, start, end, colour=colour,
                     sort_text=f"{rank:03d}")


def _tool_candidates(workspace: WorkspaceIndex | None, start: int, end: int, dialect: Dialect) -> list[Candidate]:
    items = [Candidate(name, "tool", "Claude Code tool", doc, name, start, end, sort_text="0" + name)
             for name, doc in BUILTIN_TOOLS.items()]
    items.append(Candidate("Agent(", "tool", "restrict spawnable agents",
                           "Limit which agent types this agent may spawn when it runs as the main thread: "
                           "`Agent(worker, researcher)`.", "Agent($1)", start, end, snippet=True,
                           plain_insert_text="Agent(", sort_text="0Agent("))
    for old, new in LEGACY_TOOLS.items():
        items.append(Candidate(old, "tool", f"old name of {new}", f"`{old}` still works; prefer `{new}`.", old,
                               start, end, sort_text="9" + old, deprecated=True))
    if workspace is not None:
        for server, path in sorted(workspace.mcp_servers.items()):
            label = f"mcp__{server}__*"
            items.append(Candidate(label, "mcp", "all tools of an MCP server", f"Every tool of MCP server "
                                   f"`{server}` (defined in `{path}`).", label, start, end, sort_text="1" + label))
    return items


def _skill_candidates(workspace: WorkspaceIndex | None, start: int, end: int) -> list[Candidate]:
    items: list[Candidate] = []
    seen: set[str] = set()
    if workspace is not None:
        for name, infos in sorted(workspace.skills.items()):
            info = infos[0]
            seen.add(name)
            doc = (info.description or "(no description)") + (f"\n\n`{info.path}`" if info.path else "")
            items.append(Candidate(name, "skill", f"{info.source} skill", doc, name, start, end,
                                   sort_text="0" + name))
    for name, doc in BUNDLED_SKILLS.items():
        if name not in seen:
            items.append(Candidate(name, "skill", "bundled skill", doc, name, start, end, sort_text="1" + name))
    return items


def _agent_candidates(workspace: WorkspaceIndex | None, start: int, end: int) -> list[Candidate]:
    items: list[Candidate] = []
    seen: set[str] = set()
    if workspace is not None:
        for name, infos in sorted(workspace.agents.items()):
            seen.add(name)
            items.append(Candidate(name, "agent", "agent", infos[0].description or "(no description)", name,
                                   start, end, sort_text="0" + name))
    for name, doc in BUILTIN_AGENTS.items():
        if name not in seen:
            items.append(Candidate(name, "agent", "built-in agent", doc, name, start, end, sort_text="1" + name))
    return items
