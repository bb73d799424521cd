"""Settings: which rules run at which severity, and where to look for skills and the user's ~/.claude.

One pydantic model (`Options`, every field optional) reads what users write: the project file
(`.agent-lsp.toml`, or `[tool.agent-lsp]` in pyproject.toml, kebab-case keys) and the editor
(`initializationOptions` / `workspace/configuration`, camelCase keys). `resolve()` merges layers into a
`Config` and reports, rather than raises, any bad value: the bad field falls back to its default.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from agent_lsp.core.dialects import Tool
from agent_lsp.core.findings import Severity
from agent_lsp.core.project_tools import parse_tools
from agent_lsp.core.rules import REGISTRY

SETTINGS_SECTION = "agentLsp"
"""The editors' settings section (`workspace/configuration`, VS Code's `agentLsp.*`)."""

if TYPE_CHECKING:
    from agent_lsp.core.options import Options


def __getattr__(name: str) -> Any:
    # pydantic costs ~12 MB and ~0.1 s to import: load the Options model only when settings are read.
    if name == "Options":
        from agent_lsp.core.options import Options

        return Options
    raise AttributeError(name)


_KEBAB_ALIASES = {
    "severity": "severityOverrides", "severity-overrides": "severityOverrides",
    "disable": "disabledRules", "disabled-rules": "disabledRules", "ignore": "disabledRules",
    "claude-config-dir": "claudeConfigDir", "extra-skill-directories": "extraSkillDirectories",
    "extra-skill-dirs": "extraSkillDirectories", "log-level": "logLevel",
}


@dataclass(frozen=True)
class Config:
    """Resolved settings, defaults filled in."""

    severity_overrides: Mapping[str, Severity | None] = field(default_factory=dict)
    disabled: frozenset[str] = frozenset()
    claude_config_dir: str | None = None
    extra_skill_directories: tuple[str, ...] = ()
    log_level: str = "info"
    tools: frozenset[Tool] | None = None
    """The tools the project uses, as set in the settings; None: detect them from the project's folders."""


def options_from_mapping(raw: Mapping[str, Any] | None, source: str) -> tuple[Options, list[str]]:
    """Validate one layer of raw settings; return the options and one message per bad field."""
    from pydantic import ValidationError

    from agent_lsp.core.options import Options

    if raw is None or raw == []:
        return Options(), []  # Neovim encodes an empty Lua table as [], meaning "no settings"
    if not isinstance(raw, Mapping):
        return Options(), [f"{source}: settings must be an object, got {type(raw).__name__}; using defaults"]
    normalised = {_KEBAB_ALIASES.get(key, key): value for key, value in raw.items()}
    problems: list[str] = []
    try:
        return Options.model_validate(normalised), problems
    except ValidationError as error:
        bad_fields = set()
        for issue in error.errors():
            location = ".".join(str(part) for part in issue["loc"])
            bad_fields.add(str(issue["loc"][0]))
            problems.append(f"{source}: setting {location!r}: {issue['msg']}; using its default")
        kept = {key: value for key, value in normalised.items() if key not in bad_fields}
        try:
            return Options.model_validate(kept), problems
        except ValidationError:
            return Options(), problems


def options_from_toml(text: str, source: str, pyproject: bool) -> tuple[Options, list[str]]:
    """Read `.agent-lsp.toml` (top-level keys) or pyproject.toml (`[tool.agent-lsp]`)."""
    from agent_lsp.core.options import Options

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Options(), [f"{source}: invalid TOML ({error}); ignoring the file"]
    if pyproject:
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            return Options(), [f"{source}: `tool` must be a table, got {_toml_type(tool)}; ignoring the file"]
        data = tool.get("agent-lsp", {})
        if not isinstance(data, dict):
            return Options(), [f"{source}: `tool.agent-lsp` must be a table, got {_toml_type(data)}; "
                               "ignoring it"]
    return options_from_mapping(data, source)


def pyproject_has_section(text: str) -> bool:
    """Whether a pyproject.toml holds a `tool.agent-lsp` entry, however it is spelled (`[tool."agent-lsp"]`,
    `[tool] agent-lsp = {...}`, a dotted key...); True when the file is not valid TOML or its `tool` is not a
    table, so that the problem is reported rather than the file silently skipped."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return True
    tool = data.get("tool", {})
    return not isinstance(tool, dict) or "agent-lsp" in tool


def _toml_type(value: Any) -> str:
    return {str: "a string", bool: "a boolean", int: "an integer", float: "a float", list: "an array"}.get(
        type(value), type(value).__name__)


def _bad_path(path: str) -> str | None:
    """Why a configured path can never name a folder (checked without touching the file system), or None."""
    if "\0" in path:
        return "it contains a NUL character"
    return None


def resolve(*layers: Options) -> tuple[Config, list[str]]:
    """Merge option layers into a Config; report bad values.

    Later layers win: severity overrides per rule, paths per field. `disabledRules` add up: every layer's list
    is added to the earlier ones (an editor that sends `[]` keeps the project's list). A later layer turns a
    disabled rule back on by giving it a severity in `severityOverrides`. `tools`: the last layer naming a
    known tool wins.
    """
    problems: list[str] = []
    overrides: dict[str, Severity | None] = {}
    disabled: set[str] = set()
    claude_dir = None
    extra: list[str] = []
    log_level = "info"
    tools: frozenset[Tool] | None = None
    for layer in layers:
        if layer.severity_overrides is not None:
            for code, name in layer.severity_overrides.items():
                code = code.upper()
                if code not in REGISTRY:
                    problems.append(f"severity override for unknown rule {code!r} ignored")
                    continue
                try:
                    overrides[code] = Severity.parse(name)
                except ValueError as error:
                    problems.append(f"{code}: {error}; keeping the default severity")
                    continue
                if overrides[code] is not None:
                    disabled.discard(code)  # an explicit severity re-enables a rule an earlier layer disabled
        if layer.disabled_rules is not None:
            for code in layer.disabled_rules:
                if code.upper() not in REGISTRY:
                    problems.append(f"cannot disable unknown rule {code!r}")
                disabled.add(code.upper())
        if layer.claude_config_dir:
            if _bad_path(layer.claude_config_dir):
                problems.append(f"claudeConfigDir {layer.claude_config_dir!r} is not a usable path "
                                f"({_bad_path(layer.claude_config_dir)}); using the default")
            else:
                claude_dir = layer.claude_config_dir
        if layer.extra_skill_directories is not None:
            for folder in layer.extra_skill_directories:
                if _bad_path(folder):
                    problems.append(f"extraSkillDirectories entry {folder!r} is not a usable path "
                                    f"({_bad_path(folder)}); ignoring it")
                else:
                    extra.append(folder)
        if layer.log_level:
            if layer.log_level.lower() in ("error", "warning", "info", "debug"):
                log_level = layer.log_level.lower()
            else:
                problems.append(f"unknown logLevel {layer.log_level!r}; using 'info'")
        if layer.tools:  # an empty list (an editor's default) leaves the choice to earlier layers or detection
            named, bad = parse_tools(layer.tools)
            problems.extend(f"tools: {problem}; ignoring it" for problem in bad)
            if named:
                tools = named
    return Config(overrides, frozenset(disabled), claude_dir, tuple(extra), log_level, tools), problems
