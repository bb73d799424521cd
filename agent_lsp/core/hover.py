"""Hover text for keys, values, Markdown sections and findings, as Markdown strings."""

from __future__ import annotations

from dataclasses import dataclass

from agent_lsp.core.catalogue import (
    BUILTIN_AGENTS, BUILTIN_TOOLS, CLAUDE_CODE_VERSION, COLOURS, LEGACY_TOOLS, MODEL_ID_PREFIX, SKILL_LISTING_CHARS, Field,
    Kind, all_model_values, catalogue_for,
)
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.findings import Finding
from agent_lsp.core.model import FileModel
from agent_lsp.core.navigation import reference_at
from agent_lsp.core.outline import WELL_KNOWN_SECTIONS, estimated_tokens, flat_sections, section_stats
from agent_lsp.core.rules import REGISTRY
from agent_lsp.core.workspace import WorkspaceIndex

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
"""Small counts as words in prose (the number of colours comes from the catalogue)."""


@dataclass(frozen=True, slots=True)
class HoverInfo:
    markdown: str
    start: int
    end: int


def hover(model: FileModel, offset: int, workspace: WorkspaceIndex | None,
          findings: list[Finding] | tuple[Finding, ...] = ()) -> HoverInfo | None:
    return with_findings(_frontmatter_hover(model, offset, workspace) or _section_hover(model, offset), offset,
                         findings)


def with_findings(info: HoverInfo | None, offset: int,
                  findings: list[Finding] | tuple[Finding, ...]) -> HoverInfo | None:
    """`info` followed by the findings under `offset` (at most three), or those findings alone."""
    notes = [f for f in findings if f.span.start_offset <= offset <= f.span.end_offset]
    if not notes:
        return info
    extra = "\n\n---\n\n".join(_finding_markdown(f) for f in notes[:3])
    if info is None:
        first = notes[0]
        return HoverInfo(extra, first.span.start_offset, first.span.end_offset)
    return HoverInfo(info.markdown + "\n\n---\n\n" + extra, info.start, info.end)


def _finding_markdown(finding: Finding) -> str:
    rule = REGISTRY[finding.code]
    return (f"**{finding.code} {rule.name}** ({finding.severity.label}): {finding.message}\n\n"
            f"{rule.summary}\n\n{rule.why}")


def key_markdown(dialect: Dialect, spec: Field) -> str:
    """Render the documentation of one key (shared by hover and completion)."""
    claude = dialect.tool is Tool.CLAUDE_CODE
    lines = [f"**`{spec.key}`** · {catalogue_for(dialect).title} · {spec.kind.value}"
             + (" · **required**" if spec.required else ""), "", spec.doc]
    if spec.values and (spec.kind is not Kind.MODEL or not claude):
        heading = "Allowed values:" if spec.kind is not Kind.MODEL else "Known values:"
        lines += ["", heading, ""] + [f"- `{v.value}`: {v.doc}" for v in spec.values]
    elif spec.kind is Kind.MODEL and claude:
        lines += ["", "Aliases: " + ", ".join(f"`{v.value}`" for v in spec.values) + ", or a full model id."]
    facts = []
    if spec.default:
        facts.append(f"Default: {spec.default}.")
    facts.append(f"Since {dialect.tool.title} {spec.since}." if spec.since else "")
    if not spec.documented:
        facts.append(f"Undocumented: seen in Claude Code {CLAUDE_CODE_VERSION} only; may change." if claude
                     else "Undocumented; may change.")
    if spec.invalid and spec.invalid != "ignored":
        facts.append(f"If invalid: {spec.invalid}.")
    elif claude and spec.kind in (Kind.ENUM, Kind.BOOL, Kind.POSITIVE_INT, Kind.EFFORT):
        facts.append("If invalid: Claude Code ignores the field.")
    if spec.source:
        facts.append(f"Source: {spec.source}.")
    facts = [fact for fact in facts if fact]
    if facts:
        lines += ["", " ".join(facts)]
    return "\n".join(lines)


def _frontmatter_hover(model: FileModel, offset: int, workspace: WorkspaceIndex | None) -> HoverInfo | None:
    frontmatter = model.split.frontmatter
    if frontmatter is None or not frontmatter.yaml_start <= offset <= frontmatter.yaml_end:
        return None
    catalogue = catalogue_for(model.dialect)
    for entry in model.entries:
        if entry.key_start <= offset <= entry.key_end:
            spec = catalogue.get(entry.key)
            if spec is None:
                ignored = ": Claude Code ignores it" if model.dialect.tool is Tool.CLAUDE_CODE else ""
                article = "an" if catalogue.title[:1].lower() in "aeiou" else "a"
                return HoverInfo(f"**`{entry.key}`** is not {article} {catalogue.title} key{ignored}.",
                                 entry.key_start, entry.key_end)
            return HoverInfo(key_markdown(model.dialect, spec), entry.key_start, entry.key_end)
    # Tool, skill and agent names are Claude Code's vocabulary; other tools' values are hovered from their catalogue.
    reference = reference_at(model, offset) if model.dialect.tool is Tool.CLAUDE_CODE else None
    if reference is not None:
        kind, name, start, end = reference
        return HoverInfo(_reference_markdown(kind, name, workspace), start, end)
    for entry in model.entries:
        if not entry.value_start <= offset <= max(entry.value_end, entry.value_start):
            continue
        spec = catalogue.get(entry.key)
        if spec is None:
            return None
        text = _value_markdown(model, entry, spec)
        return HoverInfo(text, entry.value_start, entry.value_end) if text else None
    return None


def _value_markdown(model: FileModel, entry, spec: Field) -> str | None:
    value = entry.value
    if model.dialect.tool is not Tool.CLAUDE_CODE:
        found = spec.value_doc(value) if isinstance(value, str) else None
        return f"**{spec.key} `{value}`**: {found.doc}" if found else None
    if spec.key == "description":
        return description_preview(model, entry)
    if not isinstance(value, str):
        return None
    if spec.kind is Kind.MODEL:
        for candidate in all_model_values():
            if candidate.value == value or (candidate.value == "inherit" and value.lower() == "inherit"):
                return f"**model `{value}`**: {candidate.doc}"
        if value.startswith(MODEL_ID_PREFIX):
            return f"**model `{value}`**: a full model id, sent to the API as it is."
        return f"**model `{value}`**: not a known alias or Claude model id; Claude Code sends it to the API verbatim."
    if spec.is_colour:
        for colour in COLOURS:
            if colour.value == value:
                return f"**colour `{value}`** ({colour.colour}): {colour.doc}"
        return (f"**colour `{value}`**: not one of Claude Code's {_WORDS[len(COLOURS)]} colours; it is "
                "silently dropped.")
    found = spec.value_doc(value)
    if found is not None:
        return f"**{spec.key} `{value}`**: {found.doc}"
    return None


def description_as_read(model: FileModel) -> str | None:
    """The description Claude Code reads (an agent's every literal `\\n` becomes a newline), or None when it reads
    none (no string `description`, or frontmatter it cannot parse)."""
    value = model.mapping.get("description") if not model.recovered else None
    if not isinstance(value, str):
        return None
    return value.replace("\\n", "\n") if model.dialect.is_agent else value


def description_preview(model: FileModel, entry) -> str:
    """Show the description exactly as Claude Code will see it."""
    seen = description_as_read(model)
    if seen is None:
        return "**description**: Claude Code does not read a usable description from this file."
    notes = []
    if model.dialect.is_agent and "\\n" in model.mapping["description"]:
        notes.append("every `\\n` becomes a newline (agents only)")
    if entry.rewritten_by_retry:
        notes.append("read through Claude Code's lenient retry (strict YAML tools reject this line)")
    tail = model.text[entry.value_end : model.lines.line_end(model.lines.position(entry.value_end).line)]
    if entry.style is None and tail.lstrip().startswith("#"):
        notes.append(f"cut at ` #`: `{tail.strip()}` is dropped")
    if model.dialect is not Dialect.AGENT and len(seen) > SKILL_LISTING_CHARS:
        notes.append(f"cut at {SKILL_LISTING_CHARS:,} characters in the skill listing")
    fence = "````" if "```" in seen else "```"
    header = f"**description as Claude Code sees it** ({len(seen)} characters"
    header += f"; {'; '.join(notes)})" if notes else ")"
    return f"{header}\n\n{fence}text\n{seen}\n{fence}"


def _reference_markdown(kind: str, name: str, workspace: WorkspaceIndex | None) -> str:
    if kind == "tool":
        base = name.split("(", 1)[0]
        if base in BUILTIN_TOOLS:
            return f"**tool `{base}`**: {BUILTIN_TOOLS[base]}"
        if base in LEGACY_TOOLS:
            return f"**tool `{base}`**: old name of `{LEGACY_TOOLS[base]}`; still accepted."
        if base.startswith("mcp__"):
            parts = base.split("__")
            server = parts[1] if len(parts) > 1 else "?"
            where = workspace.mcp_servers.get(server) if workspace else None
            located = f" (server defined in `{where}`)" if where else ""
            return f"**MCP tool `{base}`** from server `{server}`{located}."
        return f"**`{base}`** is not a Claude Code tool."
    if kind == "skill":
        infos = workspace.skill(name) if workspace else ()
        if not infos:
            return f"**skill `{name}`**: not found in the workspace, user or bundled skills."
        info = infos[0]
        where = f"\n\n`{info.path}`" if info.path else ""
        return f"**skill `{name}`** ({info.source})\n\n{info.description or '(no description)'}{where}"
    if kind == "agent":
        infos = workspace.agent(name) if workspace else ()
        if infos:
            return f"**agent `{name}`**\n\n{infos[0].description or '(no description)'}\n\n`{infos[0].path}`"
        if name in BUILTIN_AGENTS:
            return f"**built-in agent `{name}`**: {BUILTIN_AGENTS[name]}"
        return f"**agent `{name}`**: not found in the workspace, user or built-in agents."
    return f"`{name}`"


def _section_hover(model: FileModel, offset: int) -> HoverInfo | None:
    if offset < model.body_start:
        return None
    line = model.lines.position(offset).line
    all_sections = flat_sections(model)
    for section in all_sections:
        heading = section.heading
        if heading.line != line:
            continue
        lines, words, tokens = section_stats(model, section)
        place = " › ".join((*section.parents, heading.title))
        purpose = WELL_KNOWN_SECTIONS.get(heading.title.strip().strip(":").lower())
        total_tokens = estimated_tokens(model.body)
        share = f"{100 * tokens / total_tokens:.0f}%" if total_tokens else "0%"
        parts = [f"**{'#' * heading.level} {heading.title}**", "", f"Outline: {place}",
                 f"Size: {lines} lines, {words} words, about {tokens} tokens ({share} of the body)."]
        if purpose:
            parts += ["", purpose]
        if section.children:
            parts += ["", "Subsections: " + ", ".join(child.heading.title for child in section.children)]
        return HoverInfo("\n".join(parts), heading.title_start, heading.title_end)
    return None
