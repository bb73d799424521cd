"""Which tools a project uses: detected from the folders it has, unless the settings name them.

The answer fills `Context.tools`: notes about another tool that would reject or damage a file (PT001,
PT002) are given only for the tools the project uses. The detection is pure: the caller says which of
the marker paths exist (`files.detect_project_tools` asks the file system).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from agent_lsp.core.dialects import Tool

_COPILOT = (Tool.COPILOT_CLI, Tool.VSCODE)

TOOL_MARKERS: tuple[tuple[str, tuple[Tool, ...]], ...] = (
    (".claude", (Tool.CLAUDE_CODE,)),
    (".github/agents", _COPILOT),
    (".github/skills", _COPILOT),
    (".github/prompts", _COPILOT),
    (".github/instructions", _COPILOT),
    (".github/copilot-instructions.md", _COPILOT),
    (".opencode", (Tool.OPENCODE,)),
    ("opencode.json", (Tool.OPENCODE,)),
    ("opencode.jsonc", (Tool.OPENCODE,)),
    (".gemini", (Tool.GEMINI_CLI,)),
    (".codex", (Tool.CODEX,)),
    (".agents/skills", (Tool.CODEX,)),
    (".cursor", (Tool.CURSOR,)),
    (".cursorrules", (Tool.CURSOR,)),
)
"""A path relative to the project root, and the tools its presence says the project uses.

`.agents/skills` is read by Copilot CLI, VS Code, Codex, OpenCode and Gemini CLI, but it is Codex's own
project skills root (with `.codex/skills`), and Codex has no other project folder of agent markdown; each
of the other tools has a folder of its own that names it. So `.agents/skills` alone says Codex.
"""

ROOT_MARKERS: tuple[str, ...] = tuple(dict.fromkeys(path.split("/", 1)[0] for path, _ in TOOL_MARKERS))
"""The names whose presence in a folder makes it a project root (with `.git`), first path parts of the markers."""


def detect_tools(exists: Callable[[str], bool]) -> frozenset[Tool]:
    """The tools whose marker paths exist; `exists(relative_path)` answers for the project root."""
    return frozenset(tool for path, tools in TOOL_MARKERS if exists(path) for tool in tools)


def parse_tools(names: Iterable[str]) -> tuple[frozenset[Tool], list[str]]:
    """Read tool names as users write them (`claude-code`, `copilot-cli`...); one message per unknown name."""
    found: set[Tool] = set()
    problems: list[str] = []
    for name in names:
        try:
            found.add(Tool.from_name(str(name).strip()))
        except ValueError as error:
            problems.append(str(error))
    return frozenset(found), problems


def tools_in_use(configured: frozenset[Tool] | None, detected: frozenset[Tool]) -> frozenset[Tool]:
    """The settings' list when there is one, else what the folders say."""
    return configured if configured is not None else detected


def tools_label(tools: Iterable[Tool]) -> str:
    """`claude-code, copilot-cli` in the order of `Tool`, for messages and logs."""
    chosen = set(tools)
    return ", ".join(tool.value for tool in Tool if tool in chosen) or "none"
