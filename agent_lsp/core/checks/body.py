"""Checks on the body and how it agrees with the frontmatter and the workspace (issue 16).

An agent's body is its system prompt; a command's or skill's body is the prompt Claude Code sends, after
running its `` !`cmd` `` lines, substituting `$ARGUMENTS`/`$N` and attaching `@path` files; a skill's body
points at its resource files. What Claude Code does with each was observed with Claude Code 2.1.330:

- `` !`cmd` `` (at the start of a line or after a blank): the command runs before the prompt is sent; when
  `allowed-tools` does not allow it and Claude Code does not judge it read-only, the whole invocation stops
  with "Shell command permission check failed for pattern ..." and no prompt is sent at all;
- `$ARGUMENTS` is the whole argument string, `$N` and `$ARGUMENTS[N]` the N-th argument counting from 0,
  named `$name` come from `arguments:`; a body using none of them gets `ARGUMENTS: <args>` appended;
- `@path` attaches the file (or a folder's listing) relative to the project root; a missing one is left
  as text, attaching nothing.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from agent_lsp.core.catalogue import (
    BUILTIN_TOOLS, CLAUDE_CODE_VERSION, LEGACY_TOOLS, LEGACY_TOOLS_KEPT, MEMORY_TOOLS, READ_ONLY_SHELL_COMMANDS, SKILL_BODY_RECOMMENDED_LINES,
    SUBAGENT_REMOVED_TOOLS, TOOLS_NOT_OFFERED,
)
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.findings import Edit, Fix
from agent_lsp.core.fixes import UNSAFE, append_item_fix, replace_fix
from agent_lsp.core.links import Link, LinkKind, find_links, is_skill_resource, project_of
from agent_lsp.core.model import FileModel, tool_items
from agent_lsp.core.suggestions import closest, did_you_mean, suggestion_fixes

if TYPE_CHECKING:
    from agent_lsp.core.reporting import Context, Reporter


def check(model: FileModel, reporter: Reporter, context: Context) -> None:
    """An agent's prompt against its frontmatter (run once Claude Code reads the frontmatter)."""
    if model.dialect.is_agent:
        _tool_mentions(model, reporter)


def check_prompt(model: FileModel, reporter: Reporter, context: Context) -> None:
    """A command's or skill's prompt: Claude Code runs it with or without frontmatter (fields it cannot read
    count as absent)."""
    if model.dialect not in (Dialect.COMMAND, Dialect.SKILL):
        return
    _shell_lines(model, reporter)
    _arguments(model, reporter)
    _positional(model, reporter)
    if model.dialect is Dialect.COMMAND:
        _file_references(model, reporter, context)
    else:
        _skill_resources(model, reporter, context)
        _skill_size(model, reporter)


# ------------------------------------------------------------------------------------------ prose outside code

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")


def prose_lines(model: FileModel) -> tuple[tuple[int, str], ...]:
    """(offset, text) of each body line outside fenced code blocks."""
    return _prose_lines(model.text, model.body_start)


@lru_cache(maxsize=8)
def _prose_lines(text: str, offset: int) -> tuple[tuple[int, str], ...]:
    """Cached by text (a string's hash is computed once): a command's checks each read the same lines."""
    body = text[offset:]
    fenced = _fenced_lines(body, offset)
    lines: list[tuple[int, str]] = []
    for line in body.splitlines(keepends=True):
        if offset not in fenced:
            lines.append((offset, line.rstrip("\r\n")))
        offset += len(line)
    return tuple(lines)


_FENCE_LINE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})([^\r\n]*)", re.MULTILINE)


def _fenced_lines(body: str, offset: int) -> set[int]:
    """The offsets of the lines of fenced code blocks, fences included (a block left open runs to the end)."""
    fenced: set[int] = set()
    opened: tuple[int, str] | None = None
    for match in _FENCE_LINE.finditer(body):
        if opened is None:
            opened = (match.start(), match.group(1)[0] * len(match.group(1)))
        elif match.group(1).startswith(opened[1]) and not match.group(2).strip():
            fenced.update(_line_starts(body, opened[0], match.start(), offset))
            opened = None
    if opened is not None:
        fenced.update(_line_starts(body, opened[0], len(body), offset))
    return fenced


def _line_starts(body: str, start: int, last: int, offset: int) -> list[int]:
    """Offsets (plus `offset`) of the lines from the one at `start` to the one at `last`."""
    starts = [start]
    at = body.find("\n", start, last)
    while at >= 0:
        starts.append(at + 1)
        at = body.find("\n", at + 1, last)
    return [offset + position for position in starts]


# ------------------------------------------------------------------------------------------ BD001 tools asked for

_ALL_TOOLS = sorted({*BUILTIN_TOOLS, *LEGACY_TOOLS, *LEGACY_TOOLS_KEPT}, key=len, reverse=True)
_NAME = "|".join(_ALL_TOOLS)
_TOOL_PHRASE = re.compile(rf"(?<![\w`/.-])(?=[A-Z])((?:{_NAME})(?:\s*(?:,|/|&|\band\b|\bor\b)\s*(?:{_NAME}))*)\s+tools?\b")
"""`the Write tool`, `Read and Write tools`, `Read/Grep/Glob tools`."""
_BACKTICKED = re.compile(rf"`({_NAME})(?:\([^`\n)]*\))?`")
"""`` `WebFetch` ``, `` `Bash(git status:*)` ``."""
_DISTINCT = ("WebFetch", "WebSearch", "TodoWrite", "NotebookEdit", "MultiEdit", "ToolSearch", "TaskCreate",
             "TaskUpdate", "TaskList", "TaskGet", "TaskStop", "BashOutput", "KillShell", "ListMcpResourcesTool",
             "ReadMcpResourceTool")
_DISTINCT_NAME = re.compile(rf"(?<![\w`/.-])(?=[A-Z])({'|'.join(_DISTINCT)})(?![\w-])")
"""Tool names no English sentence uses for anything else."""
_MCP = re.compile(r"(?<![\w-])mcp__([A-Za-z0-9_-]+?)__(\*|[A-Za-z0-9_-]+)")
_AMBIGUOUS_BACKTICKED = frozenset({"Agent", "Task", "Skill", "LSP", "Monitor", "Artifact", "Workflow"})
"""Names that, alone in backticks, are as often a class or a concept as the tool."""
_NEGATION = re.compile(r"\b(?:not?|never|don'?t|doesn'?t|cannot|can'?t|won'?t|without|avoid|instead|rather|unable|"
                       r"lacks?|unavailable|disabled|forbidden|prohibited|except|only if|if available|"
                       r"when available|may not|must not|isn'?t|aren'?t)\b", re.IGNORECASE)
_ANY_TOOL = re.compile(rf"(?=[A-Zm])(?:(?:{_NAME})\b|mcp__)")
"""Whether a line names any tool at all (most lines do not: the other patterns run only on those that do)."""
_USE = re.compile(rf"\b[Uu]s(?:e|ing) (?:the )?({_NAME})(?= (?:to|for)\b)")
"""`Use Grep to find...`, `using Write for...`: a tool name right after "use", followed by its purpose."""
_TOOLS_HEADING = re.compile(r"^\s{0,3}#{1,6}\s.*\btools?\b", re.IGNORECASE)
_LIST_ITEM_TOOLS = re.compile(rf"^\s*(?:[-*+]|\d+[.)])\s+(?:\*\*|`)?((?:{_NAME})(?:\s*(?:/|,|&|\band\b)\s*(?:{_NAME}))*)"
                              rf"(?:\*\*|`)?(?=\s*(?:$|[:(\u2013\u2014]|-\s))")
"""A list item naming tools under a heading about tools (`## Tool Priority` / `1. Grep/Glob - search`)."""
_PASSIVE = re.compile(r"\b(?:invoked|called|spawned|launched|started|used|dispatched)\s+(?:via|by|through|from|with)\b",
                      re.IGNORECASE)
"""`(invoked via the Task tool)`: how the agent itself is reached, not a tool it is asked to use."""
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)")


def _tool_mentions(model: FileModel, reporter: Reporter) -> None:
    granted, removed = _granted(model)
    if granted is None and not removed:
        return
    text = model.text
    candidates = {text.rfind("\n", 0, match.start()) + 1 for match in _ANY_TOOL.finditer(text, model.body_start)}
    if not candidates:
        return
    tools_entry = model.entry("tools")
    seen: set[str] = set()
    under_tools_heading = False
    for offset, line in prose_lines(model):
        if line.lstrip().startswith("#"):
            under_tools_heading = bool(_TOOLS_HEADING.match(line))
        if offset not in candidates:
            continue
        mentions = _mentions_in(line)
        item = _LIST_ITEM_TOOLS.match(line) if under_tools_heading else None
        if item is not None:
            mentions += [(name.group(0), item.start(1) + name.start(), item.start(1) + name.end())
                         for name in re.finditer(_NAME, item.group(1))]
        for name, start, end in mentions:
            tool = LEGACY_TOOLS.get(name, name)
            if tool in SUBAGENT_REMOVED_TOOLS or tool in TOOLS_NOT_OFFERED or tool in seen or _negated(line, start, end):
                continue
            if granted is not None:
                if _has(granted, tool):
                    continue
                fix = append_item_fix(model, tools_entry, tool, f"Add `{tool}` to `tools`", UNSAFE) \
                    if tools_entry is not None else None
                fixes, why = ([fix] if fix is not None else []), "`tools` does not grant it"
            elif _has(removed, tool):
                fixes, why = [], "`disallowedTools` removes it"
            else:
                continue
            seen.add(tool)
            reporter.report("BD001", f"The prompt asks for `{name}`, but {why}: the agent cannot call it.",
                            offset + start, offset + end, fixes=fixes)


def _mentions_in(line: str) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    for match in _TOOL_PHRASE.finditer(line):
        chain = match.group(1)
        for name in re.finditer(_NAME, chain):
            if name.group(0) in ("Read", "Write", "Edit") and chain == name.group(0) and match.start() > 0 \
                    and line[match.start() - 1:match.start()] == "-":
                continue
            found.append((name.group(0), match.start(1) + name.start(), match.start(1) + name.end()))
    for match in _BACKTICKED.finditer(line):
        if match.group(1) not in _AMBIGUOUS_BACKTICKED or "(" in match.group(0):
            found.append((match.group(1), match.start(1), match.end(1)))
    for match in _DISTINCT_NAME.finditer(line):
        found.append((match.group(1), match.start(1), match.end(1)))
    for match in _USE.finditer(line):
        found.append((match.group(1), match.start(1), match.end(1)))
    for match in _MCP.finditer(line):
        found.append((match.group(0), match.start(), match.end()))
    return sorted(set(found), key=lambda item: item[1])


def _negated(line: str, start: int, end: int) -> bool:
    """Whether the sentence holding the mention says not to use it (or that it is not there)."""
    begin = 0
    for match in _SENTENCE_END.finditer(line, 0, start):
        begin = match.end()
    stop = _SENTENCE_END.search(line, end)
    sentence = line[begin : stop.start() if stop else len(line)]
    return bool(_NEGATION.search(sentence) or _PASSIVE.search(sentence))


def _granted(model: FileModel) -> tuple[set[str] | None, set[str]]:
    """(what `tools` grants, what `disallowedTools` removes): the grant is None when the agent gets every tool
    (no `tools`, `*`) or when `tools` is no list (TL001 says so); removals count only without `tools` (with
    both, the documentation and the binary disagree on which wins)."""
    entry = model.entry("tools")
    if entry is None:
        removed = model.entry("disallowedTools")
        if removed is None:
            return None, set()
        return None, {LEGACY_TOOLS.get(name, name) for name in _names(model, removed)}
    if not isinstance(entry.value, (str, list)) or not entry.value:
        return None, set()
    names = _names(model, entry)
    if "*" in names:
        return None, set()
    granted = {LEGACY_TOOLS.get(name, name) for name in names}
    if model.mapping.get("memory") not in (None, "", False):
        granted.update(MEMORY_TOOLS)
    return granted, set()


def _names(model: FileModel, entry) -> set[str]:
    return {item.text.strip().partition("(")[0] for item in tool_items(model, entry) if item.is_string}


def _has(tools: set[str], tool: str) -> bool:
    """Whether the list `tools` names `tool` (MCP tools also by server: `mcp__github`, `mcp__github__*`)."""
    if not tool.startswith("mcp__"):
        return tool in tools
    server = tool.split("__")[1]
    return bool({tool, f"mcp__{server}", f"mcp__{server}__*", "mcp__*"} & tools)


# ------------------------------------------------------------------------------------------ BD002 !`cmd`

_INLINE_SHELL = re.compile(r"(?:^|(?<=\s))!`([^`\n]+)`", re.MULTILINE)
"""`` !`cmd` `` at the start of a line or after a blank (Claude Code leaves `x!`cmd``, `(!`cmd`)` as text)."""
_BLOCK_SHELL = re.compile(r"^```!\s*\n([\s\S]*?)\n?```", re.MULTILINE)
"""A ```` ```! ```` block: its lines run as one command."""


def _shell_lines(model: FileModel, reporter: Reporter) -> None:
    body = model.body
    if "!`" not in body and "```!" not in body:
        return
    rules = _bash_rules(model)
    if rules is None:
        return
    found = [(m.group(1), m.start(), m.end()) for m in _INLINE_SHELL.finditer(body)]
    found += [(m.group(1), m.start(), m.start() + 4) for m in _BLOCK_SHELL.finditer(body)]
    for command, start, end in sorted(found, key=lambda item: item[1]):
        command = command.strip()
        refused = _refused_part(command, rules) if command else None
        if refused is None:
            continue
        rule = f"Bash({_program(refused)}:*)"
        where = "`allowed-tools` has no rule for it" if "allowed-tools" in model.mapping \
            else "there is no `allowed-tools`"
        shown = command if len(command) <= 80 else command[:77] + "..."
        reporter.report("BD002", f"`{shown}` needs permission and {where}: Claude Code stops the command with "
                        "\"Shell command permission check failed\" and sends no prompt. Allow it in `allowed-tools`, "
                        f"e.g. `{rule}`.", model.body_start + start, model.body_start + end,
                        fixes=_allow_fix(model, rule))


def _allow_fix(model: FileModel, rule: str) -> list:
    """Add the rule to `allowed-tools`, or add `allowed-tools` with it before the closing `---`."""
    title = f"Allow `{rule}` in `allowed-tools`"
    entry = model.entry("allowed-tools")
    if entry is not None and "allowed-tools" in model.mapping:
        fix = append_item_fix(model, entry, rule, title, UNSAFE)
        return [fix] if fix is not None else []
    frontmatter = model.split.frontmatter
    if frontmatter is None:
        if model.text.lstrip("\ufeff").startswith(("-", "\n", "\r")):
            return []  # a new block there would not be the file's first line, or would merge with a `---`
        start = 1 if model.text.startswith("\ufeff") else 0
        newline = model.newline
        return [replace_fix(title, start, start, f"---{newline}allowed-tools: {rule}{newline}---{newline}", UNSAFE)]
    if frontmatter.closes_mid_line or model.recovered or not model.loads_metadata or entry is not None:
        return []
    end = frontmatter.yaml_end
    newline = model.newline
    prefix = "" if end == frontmatter.yaml_start or model.text[end - 1] in "\r\n" else newline
    return [replace_fix(title, end, end, f"{prefix}allowed-tools: {rule}{newline}", UNSAFE)]


def _bash_rules(model: FileModel) -> list[str] | None:
    """The `Bash` rules of `allowed-tools` (`""` for bare `Bash`); None when a rule allows every command."""
    entry = model.entry("allowed-tools")
    if entry is None or "allowed-tools" not in model.mapping or not isinstance(entry.value, (str, list)):
        return []  # none, or in frontmatter Claude Code cannot read
    rules = []
    for item in tool_items(model, entry):
        text = item.text.strip()
        base, paren, inner = text.partition("(")
        if base != "Bash":
            continue
        inner = inner[:-1] if inner.endswith(")") else inner
        if not paren or inner.strip() in ("", "*", ":*"):
            return None
        rules.append(inner.strip())
    return rules


def _refused_part(command: str, rules: list[str]) -> str | None:
    """The first part of a (compound) command that is neither read-only nor matched by a rule; None when
    Claude Code runs it all. Rules match as Claude Code's do: `prefix:*` and `prefix *` match the prefix and
    anything after a blank, other `*` are wildcards, anything else the exact command."""
    for part in split_shell(command):
        part = " ".join(part.split())
        if not part or (_read_only(part) and not _writes_a_file(part)):
            continue
        if "$(" in part or "`" in part:
            return None  # substitutions: not judged here
        if not any(_matches(rule, part) for rule in rules):
            return part
    return None


def split_shell(command: str) -> list[str]:
    """Split a command on `&&`, `||`, `|`, `;` and line breaks outside quotes (as Claude Code judges each part)."""
    parts: list[str] = []
    current: list[str] = []
    quote = None
    index = 0
    while index < len(command):
        char = command[index]
        if quote is not None:
            if char == quote:
                quote = None
            elif char == "\\" and quote == '"' and index + 1 < len(command):
                current.append(char)
                index += 1
                char = command[index]
            current.append(char)
        elif char in "'\"":
            quote = char
            current.append(char)
        elif char == "\\" and index + 1 < len(command):
            current.append(command[index : index + 2])
            index += 1
        elif command.startswith(("&&", "||"), index) or char in "|;\n":
            parts.append("".join(current))
            current = []
            if command.startswith(("&&", "||"), index):
                index += 1
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


_REDIRECT_TO_FILE = re.compile(r"(?<![0-9&])>{1,2}\s*(?!&|/dev/null\b)\S|[0-9]>{1,2}\s*(?!&|/dev/null\b)\S")


def _writes_a_file(part: str) -> bool:
    """Whether a part redirects output to a file (Claude Code asks before that, read-only command or not)."""
    unquoted = re.sub(r"'[^']*'|\"(?:[^\"\\]|\\.)*\"", "''", part)
    return _REDIRECT_TO_FILE.search(unquoted) is not None


def _read_only(part: str) -> bool:
    words = part.split()
    return words[0] in READ_ONLY_SHELL_COMMANDS or " ".join(words[:2]) in READ_ONLY_SHELL_COMMANDS


def _matches(rule: str, command: str) -> bool:
    if rule.endswith(":*"):
        prefix = " ".join(rule[:-2].split())
        return command == prefix or command.startswith(prefix + " ")
    if rule.endswith(" *"):
        prefix = " ".join(rule[:-2].split())
        return command == prefix or command.startswith(prefix + " ")
    if "*" in rule:
        return re.fullmatch(".*".join(re.escape(piece) for piece in rule.split("*")), command) is not None
    return " ".join(rule.split()) == command


def _program(command: str) -> str:
    words = command.split()
    return " ".join(words[:2]) if len(words) > 1 and words[0] in ("git", "npm", "gh", "pnpm", "yarn", "cargo",
                                                                    "docker", "kubectl", "uv", "go") else words[0]


# ------------------------------------------------------------------------------------------ BD003/BD004 arguments

_ARGUMENT = re.compile(r"(?<![\w$])\$(?:ARGUMENTS(?:\[\d+\])?|\d)(?![\w])(?![.,]\d|\s*(?:per|million|billion|thousand)\b|[kKmMbB]\b)")
"""`$ARGUMENTS`, `$ARGUMENTS[N]`, `$N`; not amounts of money (`$5 per month`, `$1,000`, `$2M`)."""
_POSITIONAL = re.compile(r"(?<![\w$])\$([1-9])(?![\w])(?![.,]\d|\s*(?:per|million|billion|thousand)\b|[kKmMbB]\b)")
_FIRST = re.compile(r"\$(?:0|ARGUMENTS\[0\])(?![\w])")
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_MONEY_LINE = re.compile(r"\$\d{2,}|\$\d+[.,]\d")
"""A line with an amount of money (`$125-200`, `$1.50`): its `$9` is a price too."""


_NO_ARGUMENTS = ("", "none", "no arguments", "n/a", "-")
"""Hints that say there are no arguments."""


def _arguments(model: FileModel, reporter: Reporter) -> None:
    hint = model.entry("argument-hint") if "argument-hint" in model.mapping else None
    body = model.body
    uses = list(_ARGUMENT.finditer(body)) if "$" in body else []
    named = model.mapping.get("arguments")
    if named and "$" in body:
        names = named.split() if isinstance(named, str) else [str(n) for n in named] if isinstance(named, list) else []
        uses += [m for n in names for m in re.finditer(rf"\${re.escape(n)}(?![\w])", body)]
    if uses and (hint is None or hint.value in (None, "")):
        # Only uses in prose: `$1` in a fenced shell snippet is usually the script's own parameter.
        prose = [(offset + match.start(), offset + match.end(), match.group(0)) for offset, line in prose_lines(model)
                 if "$" in line and not _MONEY_LINE.search(line) for match in _ARGUMENT.finditer(line)]
        if prose:
            start, end, text = prose[0]
            reporter.report("BD003", f"The body uses `{text}` but there is no `argument-hint`: the `/` menu "
                            "shows no hint of the arguments to type.", start, end)
    elif not uses and hint is not None and isinstance(hint.value, str) \
            and hint.value.strip().strip("()[]<>").lower() not in _NO_ARGUMENTS:
        reporter.report("BD004", "`argument-hint` asks for arguments but the body uses none of `$ARGUMENTS`, `$0`... "
                        "or a named argument: Claude Code only appends them at the end as `ARGUMENTS: ...`.",
                        hint.value_start, hint.value_end)


def _positional(model: FileModel, reporter: Reporter) -> None:
    """`$1` written for the first argument: Claude Code 2.1.330 counts from `$0` (`$1` is the second)."""
    if "$" not in model.body or _FIRST.search(model.body):
        return
    uses = []
    for offset, line in prose_lines(model):
        if "$" not in line or _MONEY_LINE.search(line):
            continue
        code = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(line)]
        uses += [(offset + m.start(), offset + m.end(), m.group(1)) for m in _POSITIONAL.finditer(line)
                 if not any(start <= m.start() < end for start, end in code)]
    if not uses:
        return
    edits = tuple(Edit(start, end, f"${int(digit) - 1}") for start, end, digit in uses)
    start, end, digit = uses[0]
    reporter.report("BD008", f"`${digit}` is argument {int(digit) + 1} in Claude Code {CLAUDE_CODE_VERSION}: positional "
                    f"arguments count from `$0`, and the body never uses `$0`, so `${digit}` is probably meant as "
                    f"argument {digit} and gets the next one (a missing one stays the literal text).", start, end,
                    fixes=[Fix("Renumber the positional arguments from `$0`", edits, UNSAFE)])


# ------------------------------------------------------------------------------------------ BD005/BD006 paths
# The paths come from `core/links.py` (the one finder of links: document links and LK001 read the same ones),
# checked against the files the caller scanned (`Context.files`).

_RESOURCE_NAME = re.compile(r"(?:\./)?(?:[A-Z][A-Z_-]*|reference|forms|examples)\.md")
"""A Markdown file beside SKILL.md that a body points to (`reference.md`, `FORMS.md`); other bare names
(`notes.md`) may as well be the project's, and are links only when they exist."""
_NOT_RESOURCES = frozenset({"SKILL.md", "README.md", "CLAUDE.md", "AGENTS.md", "CHANGELOG.md"})


def _file_references(model: FileModel, reporter: Reporter, context: Context) -> None:
    known, path = context.files, model.document.path
    project = project_of(path) if path else None
    if known is None or project is None or not known.is_folder(project):
        return  # the project was not scanned (the user's own commands, a file checked alone)
    for link in find_links(model, context.plugin_roots):
        if link.kind is not LinkKind.FILE_REFERENCE or link.path is None:
            continue
        if known.exists(link.path) or known.unknowable(link.path) or not _below(link.path, project):
            continue  # there, or somewhere the scan did not look (a skipped folder, outside the project)
        parent = os.path.dirname(link.path)
        suggestion = closest(os.path.basename(link.path), list(known.names_in(parent))) if known.is_folder(parent) else None
        written = model.text[link.start:link.end]
        reporter.report("BD005", f"`@{written}` names no file of the project: Claude Code attaches nothing "
                        f"and the model sees only the text{did_you_mean(suggestion)}", link.start - 1, link.end,
                        fixes=_name_fixes(link, written, suggestion))


def _below(path: str, folder: str) -> bool:
    return not folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _skill_resources(model: FileModel, reporter: Reporter, context: Context) -> None:
    known, path = context.files, model.document.path
    if known is None or not path or not known.is_folder(os.path.dirname(os.path.normpath(path))):
        return  # the skill's folder was not scanned (the user's own skills, a file checked alone)
    folder = os.path.dirname(os.path.normpath(path))
    project = project_of(path)  # a skill about the project may name the project's own `scripts/...`
    reported: set[str] = set()
    for link in find_links(model, context.plugin_roots):
        if not is_skill_resource(model.text, link) or link.path is None or link.target in reported:
            continue
        if not link.checked and (link.target.removeprefix("./") in _NOT_RESOURCES
                                 or not _RESOURCE_NAME.fullmatch(link.target)):
            continue
        if known.exists(link.path) or (project is not None and known.exists(
                os.path.normpath(os.path.join(project, link.target)))):
            continue
        reported.add(link.target)
        parent = os.path.dirname(link.path)
        suggestion = closest(os.path.basename(link.path), list(known.names_in(parent))) if known.is_folder(parent) else None
        reporter.report("BD006", f"The skill points to `{link.target}`, which is not in its folder "
                        f"(`{os.path.basename(folder)}/`): the model is told to open a file that is not there"
                        f"{did_you_mean(suggestion)}", link.start, link.end,
                        fixes=_name_fixes(link, model.text[link.start:link.end], suggestion))


def _name_fixes(link: Link, written: str, suggestion: str | None) -> list[Fix]:
    """Write the close name found in the same folder (a guess at intent: unsafe)."""
    name = os.path.basename(link.target.rstrip("/"))
    if not suggestion or not written.endswith(name):
        return []
    return suggestion_fixes(suggestion, link.end - len(name), link.end)


def _skill_size(model: FileModel, reporter: Reporter) -> None:
    body = model.body
    lines = body.count("\n") + (0 if body.endswith("\n") or not body else 1)
    if lines > SKILL_BODY_RECOMMENDED_LINES:
        start = model.body_start
        reporter.report("BD007", f"The SKILL.md body has {lines:,} lines; the Agent Skills specification recommends "
                        f"under {SKILL_BODY_RECOMMENDED_LINES} (Claude Code loads the whole body when the skill runs). "
                        "Move details to files the body points to.", start, model.lines.line_end(
                            model.lines.position(start).line))
