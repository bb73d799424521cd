"""Gemini CLI 0.61's loaders: subagents (`.gemini/agents/*.md`) and skills (SKILL.md).

Emulated from the released bundle (`packages/core/src/agents/agentLoader.ts`, `skills/skillLoader.ts`) and
checked against the real `gemini skills list` (benchmarks/oracles/gemini_oracle.py):

- agents: the frontmatter regex below, js-yaml 4 `load`, then zod: the local schema (`.strict()`) or one of
  the two remote ones (`.strict()` too). Any failure skips the agent with
  `Agent loading error: Failed to load agent from <path>: <why>`; the other agents still load. Messages here
  are `<why>`, one per issue and on one line (`Validation failed: Agent Definition: <issue>`; for YAML, the
  first line of js-yaml's message). Files whose name starts with `_` are never read.
- skills: the same regex, js-yaml `load` keeping `name` and `description` when both are strings, else a
  line-by-line fallback parser; a missing name or description skips the skill without a word; `: \\ / < > *
  ? " |` in the name become `-`.

zod 3's union decides what is printed: the first branch that fails only with "soft" issues (unknown keys,
a non-slug name, an invalid tool name, an empty description) is reported alone, unprefixed; when every
branch fails hard (a wrong type, a missing key), each branch's issues are printed with `(Local Agent)` /
`(Remote Agent)`, leaving out the kind the keys show the author did not mean.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlparse

from agent_lsp.core.catalogue_model import Field
from agent_lsp.core.catalogues.gemini import (
    GEMINI_BUILTIN_AGENTS, GEMINI_DISCOVERED_TOOL_PREFIX, GEMINI_LOCAL_AGENT_FIELDS, GEMINI_MCP_SLUG, GEMINI_MCP_TOOL_PREFIX,
    GEMINI_REMOTE_AGENT_FIELDS, GEMINI_SKILL_NAME_REPLACED, GEMINI_TOOL_FOR_CLAUDE_TOOL,
)
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.findings import Applicability, Edit, Fix
from agent_lsp.core.loaders.js_yaml import JsDate, js_value, js_yaml_load
from agent_lsp.core.model import Document
from agent_lsp.core.verdicts import LoaderMessage, Outcome, Verdict
from agent_lsp.core.yaml_frontmatter import Entry

FRONTMATTER = re.compile(r"---\r?\n([\s\S]*?)\r?\n---(?:\r?\n([\s\S]*))?")
"""Gemini CLI's FRONTMATTER_REGEX (`^---\\r?\\n([\\s\\S]*?)\\r?\\n---(?:\\r?\\n([\\s\\S]*))?`), used with `match`."""

_MISSING_FRONTMATTER = ('Invalid agent definition: Missing mandatory YAML frontmatter. Agent Markdown files MUST '
                        'start with YAML frontmatter enclosed in triple-dashes "---" (e.g., ---\\nname: my-agent\\n---).')
"""Gemini CLI's words (its line breaks shown as `\\n`: a diagnostic is one line)."""
_LOCAL, _REMOTE = "Local Agent", "Remote Agent"
_LOCAL_ONLY_KEYS = ("tools", "mcp_servers", "model", "temperature", "max_turns", "timeout_mins")
_REMOTE_ONLY_KEYS = ("agent_card_url", "auth", "agent_card_json")
"""guessIntendedKind: the keys that show which kind of agent the author meant."""


@dataclass(frozen=True, slots=True)
class _Issue:
    path: tuple[str | int, ...]
    message: str
    fatal: bool
    """zod aborts the object on it (a wrong type, a missing key); soft issues only make it "dirty"."""

    def text(self, label: str | None) -> str:
        prefix = f"({label}) " if label else ""
        where = ".".join(str(part) for part in self.path)
        return f"{prefix}{where + ': ' if where else ''}{self.message}"


def _js_type(value: Any) -> str:
    """zod's name for the parsed type of a js-yaml value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, JsDate):
        return "date"
    if isinstance(value, str):
        return "string"
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "array"
    return "object"


_MISSING = object()


def _type_issue(path: tuple[str | int, ...], value: Any, expected: str) -> _Issue:
    if value is _MISSING:
        return _Issue(path, "Required", True)
    return _Issue(path, f"Expected {expected}, received {_js_type(value)}", True)


def _string(path: tuple[str | int, ...], value: Any, issues: list[_Issue]) -> bool:
    if isinstance(value, str) and not isinstance(value, JsDate):
        return True
    issues.append(_type_issue(path, value, "string"))
    return False


def _valid_tool_name(name: str, allowed: tuple[str, ...]) -> bool:
    """isValidToolName(name, {allowWildcards: true}) of Gemini CLI 0.61."""
    if name in allowed or name.startswith(GEMINI_DISCOVERED_TOOL_PREFIX):
        return True
    if not name.startswith(GEMINI_MCP_TOOL_PREFIX):
        return False
    if name.startswith(GEMINI_MCP_TOOL_PREFIX + "_"):
        return False
    match = re.match(r"([^_]+)_(.+)\Z", name[len(GEMINI_MCP_TOOL_PREFIX):], re.S)
    if not match:
        return False
    server, tool = match.groups()
    if not re.match(GEMINI_MCP_SLUG, server, re.I):
        return False
    if tool == "*":
        return True
    return not re.fullmatch("_*", tool) and bool(re.match(GEMINI_MCP_SLUG, tool, re.I))


def _string_list(path: tuple[str | int, ...], value: Any, issues: list[_Issue],
                 check: Callable[[str], bool] | None = None) -> None:
    if not isinstance(value, list):
        issues.append(_type_issue(path, value, "array"))
        return
    for index, item in enumerate(value):
        if _string(path + (index,), item, issues) and check is not None and not check(item):
            issues.append(_Issue(path + (index,), "Invalid tool name", False))


def _positive_int(path: tuple[str | int, ...], value: Any, issues: list[_Issue]) -> None:
    if _js_type(value) != "number":
        issues.append(_type_issue(path, value, "number"))
        return
    if isinstance(value, float) and not value.is_integer():
        issues.append(_Issue(path, "Expected integer, received float", False))
    if value <= 0:
        issues.append(_Issue(path, "Number must be greater than 0", False))


_MCP_STRING_KEYS = ("command", "cwd", "url", "http_url", "tcp", "description")
_MCP_LIST_KEYS = ("args", "include_tools", "exclude_tools")
_MCP_RECORD_KEYS = ("env", "headers")
_MCP_TYPES = ("sse", "http")


def _mcp_servers(value: Any, issues: list[_Issue]) -> None:
    """mcpServerSchema records (not strict: unknown keys are stripped); `auth` is not checked in depth."""
    path: tuple[str | int, ...] = ("mcp_servers",)
    if not isinstance(value, dict):
        issues.append(_type_issue(path, value, "object"))
        return
    for server, config in value.items():
        where = path + (server,)
        if not isinstance(config, dict):
            issues.append(_type_issue(where, config, "object"))
            continue
        for key, item in config.items():
            if key in _MCP_STRING_KEYS:
                _string(where + (key,), item, issues)
            elif key in _MCP_LIST_KEYS:
                _string_list(where + (key,), item, issues)
            elif key in _MCP_RECORD_KEYS:
                if not isinstance(item, dict):
                    issues.append(_type_issue(where + (key,), item, "object"))
                else:
                    for name, text in item.items():
                        _string(where + (key, name), text, issues)
            elif key == "type" and item not in _MCP_TYPES:
                issues.append(_Issue(where + (key,), "Invalid enum value. Expected 'sse' | 'http', received "
                                     f"'{item}'" if isinstance(item, str) else
                                     f"Expected 'sse' | 'http', received {_js_type(item)}", True))
            elif key == "timeout" and _js_type(item) != "number":
                issues.append(_type_issue(where + (key,), item, "number"))
            elif key == "trust" and not isinstance(item, bool):
                issues.append(_type_issue(where + (key,), item, "boolean"))


def _object_keys(data: dict[str, Any]) -> list[str]:
    """A JavaScript object's key order: integer-like keys first, ascending, then the others as inserted."""
    integers = sorted((key for key in data if re.fullmatch(r"0|[1-9][0-9]{0,8}", key)), key=int)
    return integers + [key for key in data if key not in integers]


def _unknown_keys(data: dict[str, Any], fields: tuple[Field, ...], issues: list[_Issue]) -> None:
    known = {spec.key for spec in fields}
    unknown = [key for key in _object_keys(data) if key not in known]
    if unknown:
        issues.append(_Issue((), "Unrecognized key(s) in object: " + ", ".join(f"'{key}'" for key in unknown), False))


def _kind(data: dict[str, Any], literal: str, issues: list[_Issue]) -> None:
    value = data.get("kind", _MISSING)
    if value is not _MISSING and value != literal:
        issues.append(_Issue(("kind",), f'Invalid literal value, expected "{literal}"', True))


def _name(data: dict[str, Any], pattern: str, issues: list[_Issue]) -> None:
    value = data.get("name", _MISSING)
    if _string(("name",), value, issues) and not re.match(pattern, value):
        issues.append(_Issue(("name",), "Name must be a valid slug", False))


def _optional_string(data: dict[str, Any], key: str, issues: list[_Issue]) -> None:
    if key in data:
        _string((key,), data[key], issues)


def _field(fields: tuple[Field, ...], key: str) -> Field:
    return next(spec for spec in fields if spec.key == key)


def _local_issues(data: dict[str, Any]) -> list[_Issue]:
    fields = GEMINI_LOCAL_AGENT_FIELDS
    issues: list[_Issue] = []
    _kind(data, "local", issues)
    _name(data, _field(fields, "name").pattern or "", issues)
    description = data.get("description", _MISSING)
    if _string(("description",), description, issues) and not description:
        issues.append(_Issue(("description",), "String must contain at least 1 character(s)", False))
    _optional_string(data, "display_name", issues)
    if "tools" in data:
        allowed = _field(fields, "tools").allowed()
        _string_list(("tools",), data["tools"], issues, lambda name: _valid_tool_name(name, allowed))
    if "mcp_servers" in data:
        _mcp_servers(data["mcp_servers"], issues)
    _optional_string(data, "model", issues)
    if "temperature" in data and _js_type(data["temperature"]) != "number":
        issues.append(_type_issue(("temperature",), data["temperature"], "number"))
    for key in ("max_turns", "timeout_mins"):
        if key in data:
            _positive_int((key,), data[key], issues)
    _unknown_keys(data, fields, issues)
    return issues


_AUTH_TYPES = ("apiKey", "http", "google-credentials", "oauth")


def _remote_issues(data: dict[str, Any], by_json: bool) -> list[_Issue]:
    fields = GEMINI_REMOTE_AGENT_FIELDS
    issues: list[_Issue] = []
    _kind(data, "remote", issues)
    _name(data, _field(fields, "name").pattern or "", issues)
    _optional_string(data, "description", issues)
    _optional_string(data, "display_name", issues)
    if "auth" in data:
        auth = data["auth"]
        if not isinstance(auth, dict):
            issues.append(_type_issue(("auth",), auth, "object"))
        elif auth.get("type") not in _AUTH_TYPES:
            issues.append(_Issue(("auth", "type"), "Invalid discriminator value. Expected 'apiKey' | 'http' | "
                                 "'google-credentials' | 'oauth'", True))
    url, card = data.get("agent_card_url", _MISSING), data.get("agent_card_json", _MISSING)
    if by_json:
        if url is not _MISSING:
            issues.append(_type_issue(("agent_card_url",), url, "undefined"))
        if _string(("agent_card_json",), card, issues):
            try:
                json.loads(card)
            except ValueError:
                issues.append(_Issue(("agent_card_json",), "agent_card_json must be valid JSON", False))
    else:
        if _string(("agent_card_url",), url, issues):
            parts = urlparse(url)
            if not parts.scheme or not (parts.netloc or parts.path):
                issues.append(_Issue(("agent_card_url",), "Invalid url", False))
        if card is not _MISSING:
            issues.append(_type_issue(("agent_card_json",), card, "undefined"))
    _unknown_keys(data, fields, issues)
    return issues


def _intended_kind(data: Any) -> str | None:
    """guessIntendedKind of agentLoader.ts."""
    if not isinstance(data, dict):
        return None
    if data.get("kind") == "local":
        return _LOCAL
    if data.get("kind") == "remote":
        return _REMOTE
    local = any(key in data for key in _LOCAL_ONLY_KEYS)
    remote = any(key in data for key in _REMOTE_ONLY_KEYS)
    if local and not remote:
        return _LOCAL
    if remote and not local:
        return _REMOTE
    return None


def validate_agent(data: Any) -> list[str] | None:
    """zod's verdict on the parsed frontmatter: None when valid, else the formatted issue lines."""
    if isinstance(data, dict):
        branches = [(_LOCAL, _local_issues(data)), (_REMOTE, _remote_issues(data, False)),
                    (_REMOTE, _remote_issues(data, True))]
    else:
        issue = _type_issue((), data, "object")
        branches = [(_LOCAL, [issue]), (_REMOTE, [issue]), (_REMOTE, [issue])]
    if any(not issues for _label, issues in branches):
        return None
    for _label, issues in branches:
        if not any(issue.fatal for issue in issues):
            return list(dict.fromkeys(issue.text(None) for issue in issues))
    intended = _intended_kind(data)
    lines = [issue.text(label) for label, issues in branches
             if not (intended is not None and label != intended) for issue in issues]
    return list(dict.fromkeys(lines))


def _where(path: tuple[str | int, ...], entries: dict[str, Entry]) -> tuple[int, int, str] | None:
    """The span (in the frontmatter text) of an issue's cause: the value, or list item, of its key; else None."""
    entry = entries.get(str(path[0])) if path else None
    if entry is None:
        return None
    node = entry.node
    if len(path) > 1 and isinstance(path[1], int) and isinstance(getattr(node, "value", None), list) \
            and path[1] < len(node.value):
        item = node.value[path[1]]
        return item.start_mark.index, item.end_mark.index, entry.key
    if entry.value_end > entry.value_start:
        return entry.value_start, entry.value_end, entry.key
    return entry.key_start, entry.key_end, entry.key


def read_agent(document: Document, dialect: Dialect) -> Verdict:
    """What Gemini CLI 0.61 does with an agent file in `.gemini/agents/` (observed with gemini-cli 0.61.0)."""
    text = document.text
    name = PurePosixPath((document.path or "agent.md").replace("\\", "/")).name
    fence_end = text.find("\n") if "\n" in text else len(text)
    if name.startswith("_"):
        return Verdict(Tool.GEMINI_CLI, dialect, (LoaderMessage(
            Outcome.DROPS, "it never reads agent files whose name starts with `_`", False, 0, fence_end),))
    match = FRONTMATTER.match(text)
    if match is None:
        return Verdict(Tool.GEMINI_CLI, dialect, (LoaderMessage(
            Outcome.DROPS, _MISSING_FRONTMATTER, True, 0, fence_end),))
    base = match.start(1)
    yaml_text = match.group(1)
    loaded = js_yaml_load(yaml_text)
    if loaded.error is not None:
        error = loaded.error
        at = base + error.offset
        return Verdict(Tool.GEMINI_CLI, dialect, (LoaderMessage(
            Outcome.DROPS, f"YAML frontmatter parsing failed: {error.message(yaml_text)}", error.exact,
            at, min(len(text), max(at + 1, base + _line_end(yaml_text, error.offset)))),))
    parsed = loaded.parsed
    data: Any
    if parsed.root_kind == "mapping":
        data = {entry.key: js_value(entry) for entry in parsed.entries}
    elif parsed.root_kind == "sequence":
        return _remote_list(dialect, yaml_text, fence_end)
    else:
        data = _scalar_root(yaml_text, parsed.root_kind)
    lines = validate_agent(data)
    entries = {entry.key: entry for entry in parsed.entries}
    if lines is None:
        name = data.get("name") if isinstance(data, dict) else None
        if name in {agent.value for agent in GEMINI_BUILTIN_AGENTS} and "name" in entries:
            entry = entries["name"]
            return Verdict(Tool.GEMINI_CLI, dialect, (LoaderMessage(
                Outcome.DROPS, f"Duplicate agent name '{name}' detected. The later definition will be ignored. "
                "Rename one of the agents to avoid this conflict.", True, base + entry.value_start,
                base + entry.value_end, "name"),))
        return Verdict(Tool.GEMINI_CLI, dialect, (), name)
    head = "Validation failed: Agent Definition:"
    messages = []
    for line in lines:
        issue_path = _issue_path(line)
        where = _where(issue_path, entries)
        start, end, key = (base + where[0], base + where[1], where[2]) if where else (0, fence_end, None)
        unknown = line.partition("Unrecognized key(s) in object: ")[2]
        if unknown:
            for key in re.findall(r"'([^']*)'", unknown):
                if key in entries:
                    messages.append(LoaderMessage(Outcome.DROPS, f"{head} {line}", True,
                                                  base + entries[key].key_start, base + entries[key].key_end, key,
                                                  (_remove_fix(text, base, entries[key]),)))
            continue
        fixes = ()
        if issue_path == ("tools",) and key == "tools" and isinstance(entries["tools"].value, str):
            fixes = (_tools_list_fix(text, base, entries["tools"]),)
        messages.append(LoaderMessage(Outcome.DROPS, f"{head} {line}", True, start, end, key, fixes))
    return Verdict(Tool.GEMINI_CLI, dialect, tuple(messages))


def _entry_lines(text: str, base: int, entry: Entry) -> tuple[int, int]:
    """The lines of a top-level entry: from its key's line start to the end of its value's last line."""
    start = text.rfind("\n", 0, base + entry.key_start) + 1
    last = base + max(entry.value_end, entry.key_end)
    while last > base + entry.key_end and text[last - 1] in " \t\r\n":  # a block's end mark is the next line
        last -= 1
    end = text.find("\n", last)
    return start, len(text) if end < 0 else end + 1


def _remove_fix(text: str, base: int, entry: Entry) -> Fix:
    start, end = _entry_lines(text, base, entry)
    return Fix(f"Remove `{entry.key}` (not a Gemini CLI key)", (Edit(start, end, ""),), Applicability.SAFE)


def _tools_list_fix(text: str, base: int, entry: Entry) -> Fix:
    """`tools: Read, Grep` -> a YAML list of the closest Gemini CLI tools (a guess: unsafe)."""
    names = [name.strip() for name in str(entry.value).split(",") if name.strip()]
    mapped = list(dict.fromkeys(GEMINI_TOOL_FOR_CLAUDE_TOOL.get(name, name) for name in names))
    newline = "\r\n" if "\r\n" in text else "\n"
    start, end = base + entry.key_end, base + entry.value_end
    items = "".join(f"{newline}  - {name}" for name in mapped)
    return Fix("Write `tools` as a YAML list of Gemini CLI tools", (Edit(start, end, ":" + items),),
               Applicability.UNSAFE)


def _remote_list(dialect: Dialect, yaml_text: str, fence_end: int) -> Verdict:
    """A frontmatter that is a YAML list: remote agents (remoteAgentsListSchema), each a remote union."""
    loaded = js_yaml_load("x:\n" + "\n".join("  " + line for line in yaml_text.split("\n")))
    items = loaded.entries[0].value if loaded.entries and isinstance(loaded.entries[0].value, list) else []
    for index, item in enumerate(items):
        branches = ([_remote_issues(item, False), _remote_issues(item, True)] if isinstance(item, dict)
                    else [[_type_issue((), item, "object")]])
        if not any(not issues for issues in branches):
            first = branches[0][0].text(None)
            return Verdict(Tool.GEMINI_CLI, dialect, (LoaderMessage(
                Outcome.DROPS, f"Validation failed: Remote Agents List: item {index}: {first} (it reads a YAML "
                "list as a list of remote agents)", False, 0, fence_end),))
    return Verdict(Tool.GEMINI_CLI, dialect)


def _issue_path(line: str) -> tuple[str | int, ...]:
    body = re.sub(r"^\((?:Local|Remote) Agent\) ", "", line)
    match = re.match(r"([A-Za-z0-9_.-]+): ", body)
    if not match or body.startswith(("Unrecognized", "Expected")):
        return ()
    return tuple(int(part) if part.isdigit() else part for part in match.group(1).split("."))


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _scalar_root(yaml_text: str, root_kind: str) -> Any:
    """The value js-yaml gives a frontmatter that is not a mapping: undefined for nothing, else the scalar."""
    if root_kind == "empty":
        return _MISSING
    loaded = js_yaml_load("x: " + yaml_text.strip()) if "\n" not in yaml_text.strip() else None
    if loaded is not None and loaded.error is None and loaded.entries:
        return js_value(loaded.entries[0])
    return yaml_text


def read_skill(document: Document, dialect: Dialect) -> Verdict:
    """What Gemini CLI 0.61 does with a SKILL.md (observed with gemini-cli 0.61.0): it says nothing either way."""
    text = document.text
    fence_end = text.find("\n") if "\n" in text else len(text)
    match = FRONTMATTER.match(text)
    if match is None:
        return Verdict(Tool.GEMINI_CLI, dialect, (LoaderMessage(
            Outcome.DROPS, "the file does not start with a `---` frontmatter block, and it says nothing", False, 0, fence_end),))
    yaml_text = match.group(1)
    loaded = js_yaml_load(yaml_text)
    name = description = None
    if loaded.error is None and loaded.parsed.root_kind == "mapping":
        values = {entry.key: js_value(entry) for entry in loaded.entries}
        candidate_name, candidate_description = values.get("name"), values.get("description")
        if _is_js_string(candidate_name) and _is_js_string(candidate_description):
            name, description = candidate_name, candidate_description
    messages: list[LoaderMessage] = []
    if name is None:
        name, description = _simple_frontmatter(yaml_text)
        if name is None or description is None:
            missing = " and ".join(key for key, value in (("name", name), ("description", description))
                                   if value is None)
            return Verdict(Tool.GEMINI_CLI, dialect, (LoaderMessage(
                Outcome.DROPS, f"no {missing}, and it says nothing (neither js-yaml nor its line-by-line "
                "fallback finds one)", False, 0, fence_end),))
        if loaded.error is not None:
            at = match.start(1) + loaded.error.offset
            why = (f"js-yaml cannot parse the frontmatter ({loaded.error.message(yaml_text)}), so it reads `name:` "
                   "and `description:` line by line")
            literal = [(key, value) for key, value in (("name", name), ("description", description))
                       if value[:1] in ("|", ">", '"', "'")]
            if literal:
                key, value = literal[0]
                line = re.search(rf"(?m)^\s*{key}:\s*", yaml_text)
                start = match.start(1) + (line.end() if line else 0)
                messages.append(LoaderMessage(
                    Outcome.DAMAGED, f"{why}, as written: the {key} is `{value}`", False, start,
                    start + len(value.split(" ", 1)[0]), key))
            else:
                messages.append(LoaderMessage(Outcome.LOADS, why, False, at, min(len(text), at + 1)))
    sanitised = re.sub("[" + re.escape(GEMINI_SKILL_NAME_REPLACED) + "]", "-", name)
    return Verdict(Tool.GEMINI_CLI, dialect, tuple(messages), sanitised)


def _is_js_string(value: Any) -> bool:
    return isinstance(value, str) and not isinstance(value, JsDate)


def _simple_frontmatter(text: str) -> tuple[str | None, str | None]:
    """parseSimpleFrontmatter of skillLoader.ts: `name:` and `description:` lines, with indented continuations."""
    lines = re.split(r"\r?\n", text)
    name = description = None
    index = 0
    while index < len(lines):
        line = lines[index]
        name_match = re.match(r"\s*name:\s*(.*)\Z", line)
        if name_match:
            name = name_match.group(1).strip()
            index += 1
            continue
        description_match = re.match(r"\s*description:\s*(.*)\Z", line)
        if description_match:
            parts = [description_match.group(1).strip()]
            while index + 1 < len(lines) and re.match(r"[ \t]+\S", lines[index + 1]):
                parts.append(lines[index + 1].strip())
                index += 1
            description = " ".join(part for part in parts if part)
        index += 1
    return name, description
