"""Glob patterns of the files some tool reads as agent markdown, for editors and file watchers.

`readers.readers_of` decides, file by file, who reads a path; editors need globs up front (VS Code's document
selector and activation events, the server's file watchers, Neovim's buffer choice). These globs are a
superset of what `readers_of` accepts, kept in step with it by tests: every path it accepts matches one of
them (`tests/core/test_file_patterns.py`), and the VS Code extension's lists are checked against them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agent_lsp.core.project_tools import TOOL_MARKERS

AGENT_FILE_GLOBS: tuple[str, ...] = (
    "**/.claude/agents/**/*.md",  # Claude Code (and Copilot CLI, Cursor) subagents
    "**/.claude/commands/**/*.md",  # Claude Code slash commands
    "**/SKILL.md",  # every skills root: .claude, .github, .agents, .opencode, .gemini, .codex, plugins
    "**/agents/**/*.md",  # plugin agents; .github/agents, .copilot/agents, .opencode/agents, .gemini, .cursor
    "**/commands/**/*.md",  # plugin commands; .opencode/commands
    "**/.github/prompts/*.prompt.md",  # VS Code prompt files
    "**/.github/instructions/**/*.instructions.md",  # Copilot instructions
    "**/.opencode/**/*.md",  # OpenCode agent/, command/, mode/ (singular folders too)
    "**/opencode/**/*.md",  # the user's ~/.config/opencode
    "**/.codex/prompts/*.md",  # Codex custom prompts
    "**/.cursor/rules/**/*.mdc",  # Cursor rules
)
"""Files that may be agent markdown (the server decides from the whole path)."""

WORKSPACE_GLOBS: tuple[str, ...] = (
    "**/.claude/agents/**/*.md",
    "**/.claude/commands/**/*.md",
    "**/SKILL.md",
    "**/agents/*.md",
    "**/.github/prompts/*.prompt.md",
    "**/.github/instructions/*.instructions.md",
    "**/.opencode/**/*.md",
    "**/.codex/prompts/*.md",
    "**/.cursor/rules/**/*.mdc",
)
"""A workspace holding one of these is an agent-markdown project (VS Code's `workspaceContains:` activation)."""

AGENT_FILE_SUFFIXES: tuple[str, ...] = tuple(dict.fromkeys(glob.rsplit(".", 1)[1] for glob in AGENT_FILE_GLOBS))
"""The file name endings of agent markdown, without the dot: `md`, `mdc`."""


def watched_globs() -> tuple[str, ...]:
    """What the server asks the editor to watch: every agent-markdown file, and the paths that tell which tools
    the project uses (`.opencode`, `opencode.json`, `.cursorrules`...)."""
    files = tuple(f"**/*.{suffix}" for suffix in AGENT_FILE_SUFFIXES)
    return files + tuple(dict.fromkeys(f"**/{path}" for path, _tools in TOOL_MARKERS))


def is_agent_file_name(name: str) -> bool:
    """Whether a file of this name can be agent markdown (by its ending only)."""
    return name.rsplit(".", 1)[-1] in AGENT_FILE_SUFFIXES and "." in name


@lru_cache(maxsize=None)
def _compiled(glob: str) -> re.Pattern[str]:
    pattern = ""
    index = 0
    while index < len(glob):
        if glob.startswith("**/", index):
            pattern += "(?:.*/)?"
            index += 3
        elif glob[index] == "*":
            pattern += "[^/]*"
            index += 1
        else:
            pattern += re.escape(glob[index])
            index += 1
    return re.compile(pattern)


def glob_matches(glob: str, path: str) -> bool:
    """Whether a '/'-separated path matches a glob of `**/`, `*` and literal text (as editors match them)."""
    return _compiled(glob).fullmatch(path.replace("\\", "/")) is not None


def matches_agent_file_glob(path: str) -> bool:
    return any(glob_matches(glob, path) for glob in AGENT_FILE_GLOBS)
