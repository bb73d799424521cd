"""Checks on the frontmatter block and its YAML: presence, `---`, parse failures, YAML traps."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import yaml

from agent_lsp.core.catalogue import catalogue_for
from agent_lsp.core.checks.agents import agent_intent, keys_after_opening
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.findings import Edit, Fix
from agent_lsp.core.fixes import (SAFE, UNSAFE, block_scalar_fix, delete_entry_fix, line_bounds, quote, raw_value,
                                  replace_fix)
from agent_lsp.core.model import Document, FileModel, build_model, nested_nodes, node_span
from agent_lsp.core.yaml_frontmatter import (MAX_CHARS, MAX_DEPTH, MAX_NODES, LoadedBy, parse_frontmatter_yaml,
                                              show_yaml)

if TYPE_CHECKING:
    from agent_lsp.core.reporting import Reporter

_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*):", re.MULTILINE)
_LIST_KEY = re.compile(r"^-[ \t]+([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)
_COMMENT_AFTER = re.compile(r"[ \t]+#")
_DESCRIPTIVE_KEYS = frozenset({"description", "when_to_use", "when-to-use", "argument-hint", "initialPrompt",
                               "observerMessage", "name"})
_CORE_TAG_PREFIX = "!!"
_WRITTEN_TAG = re.compile(r"(?:&[^\s,\[\]{}]+[ \t]+)?(![^\s,\[\]{}]*)")


def check(model: FileModel, reporter: Reporter) -> bool:
    """Check the frontmatter block; return True when Claude Code reads metadata worth checking further."""
    split = model.split
    dialect = model.dialect
    if split.frontmatter is None:
        _missing_frontmatter(model, reporter)
        return False
    frontmatter = split.frontmatter
    parsed = model.parsed
    assert parsed is not None
    if frontmatter.closes_mid_line:
        _mid_line_dashes(model, reporter)
    crlf = "\r\n" in frontmatter.yaml_text(model.text)
    if parsed.too_deep or parsed.too_large:
        first_line_end = model.lines.line_end(model.lines.position(frontmatter.yaml_start).line)
        what = (f"is nested more than {MAX_DEPTH} levels deep" if parsed.too_deep else
                f"holds more than {MAX_NODES:,} values or {MAX_CHARS:,} characters")
        reporter.report("FM016", f"Frontmatter {what}; agent-lsp does not analyse it.",
                        frontmatter.yaml_start, max(first_line_end, frontmatter.yaml_start + 1))
        return False
    if parsed.loaded_by is LoadedBy.NOTHING:
        _unparseable(model, reporter, crlf)
        # Keep checking the fields that could be recovered, so one broken value does not hide the rest.
        return bool(model.entries)
    if crlf:
        start = model.opening_span().start_offset
        reporter.report("FM008", "CRLF line endings: if a value ever needs Claude Code's lenient retry, the whole "
                        "frontmatter will fail to parse.", start, start + 3, fixes=[_to_lf_fix(model)])
    if parsed.loaded_by is LoadedBy.RETRY:
        _retry_only(model, reporter)
    if parsed.root_kind in ("sequence", "scalar"):
        what = "a list" if parsed.root_kind == "sequence" else "a single value"
        listed = _LIST_KEY.findall(frontmatter.yaml_text(model.text))
        if dialect is Dialect.AGENT and parsed.root_kind == "sequence" and agent_intent(listed):
            reporter.report("AG008", "Claude Code will not load this agent, and says nothing: its frontmatter is a "
                            "list (`- key: value`), not `key: value` pairs. Remove the `- ` before each key.",
                            frontmatter.yaml_start, frontmatter.yaml_end)
            return False
        consequence = ("so Claude Code ignores this agent" if dialect is Dialect.AGENT
                       else "so Claude Code ignores it")
        reporter.report("FM009", f"Frontmatter is {what}, not `key: value` pairs, {consequence}.",
                        frontmatter.yaml_start, frontmatter.yaml_end)
        return False
    return True


def _missing_frontmatter(model: FileModel, reporter: Reporter) -> None:
    split = model.split
    text = model.text
    if split.starts_after_blank:
        start = 1 if split.bom else 0
        dashes = text.index("---", start)
        fix = replace_fix("Delete the blank lines before `---`", start, dashes, "", SAFE)
        if model.dialect is Dialect.AGENT and agent_intent(keys_after_opening(text, text.find("\n", dashes) + 1)):
            # The fix is kept only where it removes this finding (`analysis._prove_safe_fixes`): with no name
            # the agent would still not load.
            reporter.report("AG008", "Claude Code will not load this agent, and says nothing: the file starts with a "
                            "blank line, so it sees no frontmatter.", start, dashes + 3, fixes=[fix])
            return
        reporter.report("FM002", "The file starts with a blank line, so Claude Code sees no frontmatter: "
                        + _ignored_consequence(model.dialect), start, dashes + 3, fixes=[fix])
        return
    if split.unclosed:
        start = model.opening_span().start_offset
        if model.dialect is Dialect.AGENT and agent_intent(keys_after_opening(text, text.find("\n", start) + 1)):
            reporter.report("AG008", "Claude Code will not load this agent, and says nothing: the frontmatter is never "
                            "closed with `---`, so it sees no frontmatter.", start, start + 3)
            return
        reporter.report("FM003", "Frontmatter is never closed with `---`, so Claude Code sees no frontmatter: "
                        + _ignored_consequence(model.dialect), start, start + 3)
        return
    if model.dialect is Dialect.AGENT:
        if not text.strip():
            span = (0, 0)
        else:
            span = (model.lines.offset(0, 0), model.lines.line_end(0))
        reporter.report("FM001", "Claude Code ignores this file as an agent: it has no frontmatter "
                        "(fine for notes kept here; an agent needs `name` and `description`).", *span)
    elif model.dialect is Dialect.PLUGIN_AGENT:
        name = model.document.path and model.document.path.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".md")
        end = model.lines.line_end(0)
        reporter.report("AG006", f"No frontmatter: the plugin loads this agent as `{name}` with the placeholder "
                        "description \"Agent from <plugin> plugin\", so Claude never knows when to use it.", 0, end)


def _ignored_consequence(dialect: Dialect) -> str:
    if dialect is Dialect.AGENT:
        return "the agent is silently ignored."
    if dialect is Dialect.PLUGIN_AGENT:
        return "the agent loads under its file name with a placeholder description."
    return "its settings are ignored."


def _mid_line_dashes(model: FileModel, reporter: Reporter) -> None:
    frontmatter = model.split.frontmatter
    assert frontmatter is not None
    at = frontmatter.yaml_end
    lost_keys: list[str] = []
    if frontmatter.intended_yaml_end is not None:
        lost_keys = _KEY_LINE.findall(model.text, at, frontmatter.intended_yaml_end)
    lost = f" and the keys after it ({', '.join(lost_keys)})" if lost_keys else ""
    message = (f"`---` ends the frontmatter here, mid-line: Claude Code cuts the value at this point, and the rest "
               f"of the line{lost} becomes body text.")
    line_start, line_end = line_bounds(model, at)
    if at == line_start and model.text[at:line_end].strip("-") == "":
        # A rule of dashes closing the frontmatter: another `---` follows any replaced one; keep the closing line.
        fix = replace_fix("Shorten the line to `---`", at, line_end, "---", UNSAFE)
    else:
        # Every mid-line `---` before the intended closing line: each would close the frontmatter in turn.
        end = frontmatter.intended_yaml_end if frontmatter.intended_yaml_end is not None else at + 3
        edits, position = [], at
        while 0 <= position < end:
            if position == at or position != line_bounds(model, position)[0]:
                edits.append(Edit(position, position + 3, "—"))
            position = model.text.find("---", position + 3, end)
        fix = Fix("Replace `---` with an em dash (—)", tuple(edits), UNSAFE)
    reporter.report("FM004", message, at, at + 3, fixes=[fix])


def _unparseable(model: FileModel, reporter: Reporter, crlf: bool) -> None:
    parsed = model.parsed
    assert parsed is not None and model.split.frontmatter is not None
    base = model.split.frontmatter.yaml_start
    problem = parsed.retry_problem or parsed.strict_problem
    assert problem is not None
    start, end = base + problem.offset, base + max(problem.end_offset, problem.offset)
    if problem.context_offset is not None:
        # The parser names what it was reading (`while scanning a quoted scalar`): underline where that
        # began (the unclosed quote, the `[` never closed) to the end of its line, not where it gave up.
        start = base + problem.context_offset
        end = line_bounds(model, start)[1]
    if end <= start:
        end = line_bounds(model, start)[1]
    if end <= start:
        end = min(start + 1, model.split.frontmatter.yaml_end)
    fixes: list[Fix] = []
    lf_loads = False
    if crlf:
        lf_text = model.split.frontmatter.yaml_text(model.text).replace("\r\n", "\n")
        lf_loads = parse_frontmatter_yaml(lf_text).loaded_by is not LoadedBy.NOTHING
        if lf_loads:
            fixes.append(_to_lf_fix(model))
    block_fix = _block_fix_for_error(model, start)
    if block_fix is not None:
        fixes.append(block_fix)
    reason = problem.message
    if lf_loads:
        reason = ("Claude Code's lenient retry cannot quote values in a file with CRLF line endings "
                  f"(YAML: {problem.message})")
    if model.dialect is Dialect.AGENT:
        reporter.report("FM005", f"Claude Code cannot parse this frontmatter, even with its lenient retry, and does "
                        f"not load the agent: {reason}.", start, end, fixes=fixes)
    else:
        consequence = {
            Dialect.PLUGIN_AGENT: "the plugin agent loads under its file name with a placeholder description",
            Dialect.SKILL: "the skill loads without its metadata (description taken from the body)",
            Dialect.COMMAND: "the command loads without its metadata (description taken from the body)",
        }[model.dialect]
        reporter.report("FM006", f"Claude Code cannot parse this frontmatter, even with its lenient retry; "
                        f"{consequence}: {reason}.", start, end, fixes=fixes)


def _catalogue_key_lines(model: FileModel, yaml_text: str, start: int = 0) -> list[re.Match]:
    """Top-level lines starting with one of this dialect's keys.

    Lines such as `Context:` or `user:` inside an unindented `<example>` block look like keys but belong
    to the broken value; only real keys end it.
    """
    known = {spec.key for spec in catalogue_for(model.dialect).fields}
    return [m for m in _KEY_LINE.finditer(yaml_text, start) if m.group(1) in known]


def _block_fix_for_error(model: FileModel, error_offset: int) -> Fix | None:
    """Offer to rewrite the top-level value around a parse error as a `|-` block scalar (unsafe)."""
    frontmatter = model.split.frontmatter
    assert frontmatter is not None
    yaml_text = frontmatter.yaml_text(model.text)
    relative = error_offset - frontmatter.yaml_start
    key_starts = [m for m in _catalogue_key_lines(model, yaml_text) if m.start() <= relative]
    if not key_starts:
        return None
    key_match = key_starts[-1]
    following = [m.start() for m in _catalogue_key_lines(model, yaml_text, key_match.end())]
    block_end = following[0] if following else len(yaml_text)
    block = yaml_text[key_match.end() : block_end]
    lines = block.replace("\r\n", "\n").split("\n")
    first = lines[0].strip()
    rest = [line for line in lines[1:]]
    while rest and not rest[-1].strip():
        rest.pop()
    if first in ("|", ">", "|-", ">-") or first.startswith(("'", '"')) and len(rest) == 0:
        return None
    indents = [len(line) - len(line.lstrip(" ")) for line in rest if line.strip()]
    common = min(indents) if indents else 0
    value_lines = [first] + [line[common:] if line.strip() else "" for line in rest]
    if any("\t" in line[:1] for line in value_lines):
        return None
    newline = "\r\n" if "\r\n" in yaml_text else "\n"
    new_text = " |-" + newline + newline.join(("  " + line) if line else "" for line in value_lines) + newline
    start = frontmatter.yaml_start + key_match.end()
    end = frontmatter.yaml_start + block_end
    title = f"Rewrite `{key_match.group(1)}` as a `|-` block scalar (keeps line breaks)"
    candidate = yaml_text[: key_match.end()] + new_text + yaml_text[block_end:]
    if parse_frontmatter_yaml(candidate).loaded_by is not LoadedBy.STRICT:
        return None
    return Fix(title, (Edit(start, end, new_text),), UNSAFE)


def _to_lf_fix(model: FileModel) -> Fix:
    text = model.text
    edits = []
    position = text.find("\r\n")
    while position >= 0:
        # Replace the whole `\r\n`: an edit ending between `\r` and `\n` has no LSP position (editors clamp it
        # to the end of the line, which makes the edit empty).
        edits.append(Edit(position, position + 2, "\n"))
        position = text.find("\r\n", position + 2)
    return Fix("Convert the file to LF line endings", tuple(edits), SAFE)


_CHECKED_RETRY_FIXES = 32


def _retry_only(model: FileModel, reporter: Reporter) -> None:
    for message, start, end, fixes in _retry_findings(model):
        reporter.report("FM007", message, start, end, fixes=fixes)


def strict_yaml_fixes(document: Document, dialect: Dialect = Dialect.AGENT) -> list[Fix]:
    """The fixes FM007 offers for `document` read by Claude Code as `dialect`: they make strict YAML parsers
    (Copilot CLI's serde_yaml) read each value as Claude Code's lenient retry does. [] when none is needed."""
    model = build_model(document, dialect)
    if model.parsed is None or model.parsed.loaded_by is not LoadedBy.RETRY:
        return []
    return [fix for _message, _start, _end, fixes in _retry_findings(model) for fix in fixes]


def _retry_findings(model: FileModel) -> Iterator[tuple[str, int, int, list[Fix]]]:
    parsed = model.parsed
    assert parsed is not None and model.split.frontmatter is not None
    base = model.split.frontmatter.yaml_start
    problem = parsed.strict_problem
    reason = f" (strict YAML: {problem.message})" if problem else ""
    # Each safe fix is checked with a parse of the frontmatter: beyond a few dozen lines needing the retry,
    # the fixes are offered unchecked, as unsafe (a file of thousands would cost seconds).
    checked = sum(1 for entry in model.entries if entry.rewritten_by_retry) <= _CHECKED_RETRY_FIXES
    for entry in model.entries:
        if not entry.rewritten_by_retry or _valid_on_its_own(model, entry):
            continue
        start, end, written = raw_value(model, entry)
        fix = block_scalar_fix(model, entry, written, SAFE if checked else UNSAFE)
        yield (f"Strict YAML parsers (Copilot CLI, OpenCode, PyYAML) reject this value; Claude Code "
               f"loads it only through its lenient retry{reason}.", start, end, [fix] if fix else [])
    yaml_lines = model.split.frontmatter.yaml_text(model.text).split("\n") if parsed.tab_lines else []
    line_starts = list(itertools.accumulate((len(x) + 1 for x in yaml_lines), initial=base))
    for line in parsed.tab_lines:
        offset = line_starts[line]
        tabs = len(yaml_lines[line]) - len(yaml_lines[line].lstrip("\t"))
        fix = replace_fix("Indent with spaces instead of tabs", offset, offset + tabs, "  " * tabs, SAFE)
        yield ("Tab indentation: strict YAML parsers reject it; Claude Code converts tabs to spaces "
               "in its lenient retry.", offset, offset + tabs, [fix])


def _valid_on_its_own(model: FileModel, entry) -> bool:
    """True when strict YAML reads the entry's line as written to the value the retry gave.

    The retry quotes every line holding `*`, `#`, `@`... once any line fails, so `tools: Read, Bash(git:*)`
    is rewritten too, although strict parsers accept it: only the lines that need the retry are reported.
    """
    line_start, line_end = line_bounds(model, entry.key_start)
    line = model.text[line_start:line_end].rstrip("\r")
    parsed = parse_frontmatter_yaml(line)
    return (parsed.loaded_by is LoadedBy.STRICT and parsed.root_kind == "mapping"
            and parsed.mapping.get(entry.key, _NOTHING) == entry.value)


_NOTHING = object()


def check_values(model: FileModel, reporter: Reporter) -> None:
    """Report YAML traps in values Claude Code reads: ` #` cuts, swallowed anchors/tags, duplicates, bombs."""
    parsed = model.parsed
    assert parsed is not None
    seen: dict[str, int] = {}
    last = {entry.key: entry for entry in model.entries}
    for index, entry in enumerate(model.entries):
        if entry.key in seen:
            earlier = model.entries[seen[entry.key]]
            fix = delete_entry_fix(model, earlier, f"Delete the earlier `{entry.key}` (Claude Code ignores it)", UNSAFE)
            earlier_line = model.lines.position(earlier.key_start).line + 1
            winner = last[entry.key]
            if winner is entry:
                verdict = f"Claude Code silently uses this value and ignores the one on line {earlier_line}"
            else:
                verdict = (f"Claude Code ignores this value and the one on line {earlier_line}: the last one, on "
                           f"line {model.lines.position(winner.key_start).line + 1}, wins")
            reporter.report("FM013", f"`{entry.key}` is set more than once; {verdict}. Strict YAML parsers reject "
                            "duplicate keys.", entry.key_start, entry.key_end, fixes=[fix])
        seen[entry.key] = index
        if isinstance(entry.node, (yaml.MappingNode, yaml.SequenceNode)) and not model.recovered:
            _nested_duplicates(model, entry, reporter)
        _comment_cut(model, entry, reporter)
        _swallowed_prefix(model, entry, reporter)
    for key in parsed.alias_bombs:
        entry = model.entry(key)
        if entry is not None:
            reporter.report("FM015", f"The value of `{key}` expands through YAML aliases to more than 100,000 "
                            "nodes (an alias bomb); agent-lsp does not expand or check it.",
                            entry.value_start, entry.value_end)
    for tag, start, end in parsed.unsafe_tags:
        if model.recovered:
            break
        start, end = model.yaml_start + start, model.yaml_start + end
        written = _WRITTEN_TAG.match(model.text, start, end)  # underline the tag as written, not its value
        reporter.report("FM014", f"YAML tag `{tag.replace('tag:yaml.org,2002:', '!!')}` asks some loaders to run "
                        "code; agent-lsp never constructs it and Claude Code ignores the tag.",
                        *(written.span(1) if written else (start, end)))


def _nested_duplicates(model: FileModel, entry, reporter: Reporter) -> None:
    """Report keys written twice inside nested maps (`matcher` twice in one hooks entry): the last one wins."""
    for path, node in nested_nodes(entry.node, entry.key, scalar_keys_only=True):
        if not isinstance(node, yaml.MappingNode):
            continue
        keys = [(key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)]
        lines: dict[str, list[yaml.Node]] = {}
        for key, _value in keys:
            lines.setdefault(key.value, []).append(key)
        for name, copies in lines.items():
            for position, key in enumerate(copies[1:], start=1):
                first_line = model.lines.position(node_span(model, entry, copies[0])[0]).line + 1
                winner_line = model.lines.position(node_span(model, entry, copies[-1])[0]).line + 1
                if key is copies[-1]:
                    verdict = f"Claude Code silently uses this value and ignores the one on line {first_line}"
                else:
                    verdict = (f"Claude Code ignores this value and the one on line {first_line}: the last one, "
                               f"on line {winner_line}, wins")
                reporter.report("FM013", f"`{name}` is set more than once in `{path}`; {verdict}. Strict YAML "
                                "parsers reject duplicate keys.", *node_span(model, entry, key))


def _comment_cut(model: FileModel, entry, reporter: Reporter) -> None:
    if entry.style is not None or not isinstance(entry.value, str) or entry.rewritten_by_retry or not entry.value:
        return
    _line_start, line_end = line_bounds(model, entry.value_end)
    tail = model.text[entry.value_end : line_end]
    match = _COMMENT_AFTER.match(tail)
    if not match:
        return
    comment = tail[match.end() :]
    deliberate = comment[:1] in (" ", "#", "") and entry.key not in _DESCRIPTIVE_KEYS
    if deliberate or comment.strip().lower().startswith("agent-lsp:"):
        return
    _value_start, _value_end, written = raw_value(model, entry)
    if model.lines.position(entry.value_start).line != model.lines.position(entry.value_end).line:
        return
    fix = replace_fix("Quote the whole value", _value_start, line_end, quote(written.rstrip()), UNSAFE)
    hash_at = entry.value_end + match.end() - 1
    reporter.report("FM010", f"` #` starts a YAML comment: Claude Code reads `{entry.key}` as "
                    f"\"{_clip(entry.value)}\" and silently drops \"{_clip(tail[match.end() - 1:].strip())}\".",
                    hash_at, line_end, fixes=[fix])


def _swallowed_prefix(model: FileModel, entry, reporter: Reporter) -> None:
    if not isinstance(entry.node, yaml.ScalarNode) or entry.rewritten_by_retry or model.recovered:
        return
    start, end, written = raw_value(model, entry)
    if entry.anchor and ("*" + entry.anchor[1:]) not in model.text:
        fix = replace_fix("Quote the value so `&` is kept", start, end, quote(written.rstrip()), UNSAFE)
        reporter.report("FM011", f"`{entry.anchor}` is a YAML anchor: Claude Code drops it and reads `{entry.key}` "
                        f"as \"{_clip(entry.value if isinstance(entry.value, str) else show_yaml(entry.value))}\".", start, start + len(entry.anchor), fixes=[fix])
    if entry.tag and not entry.tag.startswith(_CORE_TAG_PREFIX) and entry.tag != "!":
        tag_at = model.text.find(entry.tag, start, end)
        tag_at = tag_at if tag_at >= 0 else start
        fix = replace_fix("Quote the value so `!` is kept", start, end, quote(written.rstrip()), UNSAFE)
        reporter.report("FM012", f"`{entry.tag}` is a YAML tag: Claude Code drops it and reads `{entry.key}` as "
                        f"\"{_clip(entry.value if isinstance(entry.value, str) else show_yaml(entry.value))}\".", tag_at, tag_at + len(entry.tag), fixes=[fix])


def _clip(text: str, limit: int = 60) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"

