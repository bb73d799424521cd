"""Building fixes for findings, and applying them to text (CLI `--fix`, `source.fixAll`)."""

from __future__ import annotations

import json
from collections.abc import Iterable

import yaml

from agent_lsp.core.findings import Applicability, Edit, Finding, Fix
from agent_lsp.core.model import FileModel, tool_items
from agent_lsp.core.yaml_frontmatter import Entry, LoadedBy, parse_frontmatter_yaml

SAFE, UNSAFE = Applicability.SAFE, Applicability.UNSAFE


def newline_of(model: FileModel) -> str:
    return model.newline  # cached: one fix per entry must not rescan the text each time


def line_bounds(model: FileModel, offset: int) -> tuple[int, int]:
    """Return (start, end) offsets of the line holding `offset`, end excluding the line break."""
    line = model.lines.position(offset).line
    return model.lines.offset(line, 0), model.lines.line_end(line)


def raw_value(model: FileModel, entry: Entry) -> tuple[int, int, str]:
    """Return the written text of a single-line value: (start, end, text), trailing blanks kept."""
    line_start, line_end = line_bounds(model, entry.key_start)
    colon = model.text.find(":", entry.key_end, line_end)
    start = colon + 1 if colon >= 0 else entry.value_start
    while start < line_end and model.text[start] in " \t":
        start += 1
    return start, line_end, model.text[start:line_end]


def block_scalar_fix(model: FileModel, entry: Entry, value: str, applicability: Applicability,
                     title: str = "Rewrite the value as a `|-` block scalar") -> Fix | None:
    """Replace the value of `entry` (through the end of its last line) with a literal block scalar.

    A block scalar only helps when the fixed frontmatter then parses strictly: while any other line still
    needs Claude Code's retry, the retry quotes `|-` itself (`|` is one of its special characters) and the
    frontmatter no longer loads. So the block scalar is offered only when this is the one line the retry
    rewrites; otherwise a single-line value is double-quoted (what the retry itself does to the line).
    A safe fix is checked with one parse: Claude Code must read every value as before. (Quoting one line
    can make the whole frontmatter strict YAML, and the retry then no longer quotes the other lines:
    `tools: {Read: true}` turns from text into a map.) When that fails, the quoted value is offered as unsafe.
    """
    if not value or value != value.lstrip(" ") or "\t" in value[:1]:
        return None
    start, _end, _text = raw_value(model, entry)
    end = _value_block_end(model, entry)
    newline = newline_of(model)
    indent = "  "
    lines = value.split("\n")
    body = newline.join(indent + line if line else "" for line in lines)
    parsed = model.parsed
    alone = parsed is not None and len(parsed.rewritten_lines) <= 1 and not parsed.tab_lines
    if alone and applicability is SAFE:
        block = Fix(title, (Edit(start, end, "|-" + newline + body),), applicability)
        if _reads_the_same_after(model, block, strict=True):
            return block
    if "\n" in value:
        return None
    quoted = Fix("Quote the value", (Edit(start, end, quote(value)),), applicability)
    if applicability is SAFE and not _reads_the_same_after(model, quoted, strict=False):
        return Fix(quoted.title, quoted.edits, UNSAFE)
    return quoted


def _reads_the_same_after(model: FileModel, fix: Fix, strict: bool) -> bool:
    """Whether Claude Code reads the same keys and values once `fix` is applied (and strict YAML parses it,
    if asked): one parse of the frontmatter."""
    frontmatter = model.split.frontmatter
    if frontmatter is None or model.parsed is None:
        return False
    base = frontmatter.yaml_start
    text = frontmatter.yaml_text(model.text)
    for edit in sorted(fix.edits, key=lambda e: e.start_offset, reverse=True):
        if not base <= edit.start_offset <= edit.end_offset <= frontmatter.yaml_end:
            return False
        text = text[: edit.start_offset - base] + edit.new_text + text[edit.end_offset - base :]
    after = parse_frontmatter_yaml(text)
    if after.loaded_by is LoadedBy.NOTHING or (strict and after.loaded_by is not LoadedBy.STRICT):
        return False
    return [(e.key, e.value) for e in after.entries] == [(e.key, e.value) for e in model.parsed.entries]


def _value_block_end(model: FileModel, entry: Entry) -> int:
    """Return the end of the last line belonging to `entry`'s value (continuation lines included)."""
    _line_start, line_end = line_bounds(model, entry.key_start)
    limit = model.split.frontmatter.yaml_end if model.split.frontmatter else len(model.text)
    end = line_end
    position = line_end
    while position < limit:
        next_start = position + (2 if model.text.startswith("\r\n", position) else 1)
        if next_start >= limit:
            break
        _s, next_end = line_bounds(model, next_start)
        line = model.text[next_start:next_end]
        if line and line[0] not in " \t" and not line.startswith("#"):
            if _looks_like_key(line):
                break
        if not line.strip() and next_end >= limit:
            break
        end = next_end
        position = next_end
    return end


def _looks_like_key(line: str) -> bool:
    head = line.split(":", 1)
    return len(head) == 2 and head[0] != "" and " " not in head[0].strip() and (head[1] == "" or head[1][0] in " \t")


def quote(value: str) -> str:
    """Return `value` as a YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def replace_fix(title: str, start: int, end: int, text: str, applicability: Applicability) -> Fix:
    return Fix(title, (Edit(start, end, text),), applicability)


def delete_entry_fix(model: FileModel, entry: Entry, title: str, applicability: Applicability) -> Fix:
    line_start, _ = line_bounds(model, entry.key_start)
    end = _value_block_end(model, entry)
    if model.text.startswith("\r\n", end):
        end += 2
    elif model.text.startswith("\n", end) or model.text.startswith("\r", end):
        end += 1
    return Fix(title, (Edit(line_start, end, ""),), applicability)


def append_item_fix(model: FileModel, entry: Entry, item: str, title: str, applicability: Applicability) -> Fix | None:
    """Add `item` at the end of a list field (a comma string, a flow list or a block list), written the way
    the field already is; None when the value is no list this can extend."""
    items = tool_items(model, entry)
    if not items:
        return None
    last = items[-1]
    text = model.text
    node = entry.node
    if isinstance(entry.value, list) and isinstance(node, yaml.SequenceNode) and not node.flow_style:
        line_start, line_end = line_bounds(model, last.start)
        dash = text.find("-", line_start, last.start)
        if dash < 0:
            return None
        return Fix(title, (Edit(line_end, line_end, newline_of(model) + text[line_start:dash] + "- " + item),),
                   applicability)
    end = last.end
    if isinstance(entry.value, list) and end < len(text) and text[end] in "'\"" and text[last.start - 1:last.start] == text[end]:
        end += 1  # after a quoted item's closing quote
    return Fix(title, (Edit(end, end, ", " + item),), applicability)


def apply_fixes(text: str, findings: Iterable[Finding], unsafe: bool = False) -> tuple[str, int]:
    """Apply the first applicable fix of each finding; skip fixes overlapping one already taken.

    Returns the new text and how many fixes were applied.
    """
    chosen: list[Fix] = []
    for finding in findings:
        for fix in finding.fixes:
            if fix.applicability is SAFE or unsafe:
                chosen.append(fix)
                break
    # What is taken, by position (comparing each fix with every one taken was quadratic: 10,000 fixes, 7 s):
    covered = bytearray(len(text) + 1)  # 1 inside a taken replacement
    inserted = bytearray(len(text) + 1)  # 1 where a taken edit is an insertion (empty span)
    edits: list[Edit] = []
    applied = 0
    for fix in chosen:
        spans = [(_clamp(edit.start_offset, text), _clamp(edit.end_offset, text)) for edit in fix.edits]
        if any(_overlaps_taken(start, end, covered, inserted) for start, end in spans):
            continue
        for start, end in spans:
            if end > start:
                covered[start:end] = b"\x01" * (end - start)
            else:
                inserted[start] = 1
        edits.extend(fix.edits)
        applied += 1
    for edit in sorted(edits, key=lambda e: (e.start_offset, e.end_offset), reverse=True):
        text = text[: edit.start_offset] + edit.new_text + text[edit.end_offset :]
    return text, applied


def _clamp(offset: int, text: str) -> int:
    return max(0, min(offset, len(text)))


def _overlaps_taken(start: int, end: int, covered: bytearray, inserted: bytearray) -> bool:
    """Whether the span overlaps a taken one: shares a character with a replacement, is an insertion at the
    same place or inside a replacement, or is a replacement holding an insertion (not at its end)."""
    if start == end:
        return covered[start] == 1 or inserted[start] == 1
    return covered.find(1, start, end) >= 0 or inserted.find(1, start, end) >= 0
