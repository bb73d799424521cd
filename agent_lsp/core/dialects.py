"""The tools that read agent markdown, the dialects they read, and which dialect a path holds.

A dialect is one tool's reading of one kind of file (Claude Code's subagents, Copilot CLI's custom agents,
OpenCode's commands...): its catalogue of fields lives in `catalogue.py` (Claude Code) or
`catalogues/<tool>.py`, its loader emulation in `loaders/<tool>.py`.
"""

from __future__ import annotations

import enum


class Tool(enum.Enum):
    """A program that reads agent markdown. The value is the name users write in `tools = [...]`."""

    CLAUDE_CODE = "claude-code"
    COPILOT_CLI = "copilot-cli"
    VSCODE = "vscode"
    OPENCODE = "opencode"
    GEMINI_CLI = "gemini-cli"
    CODEX = "codex"
    CURSOR = "cursor"

    @property
    def title(self) -> str:
        """The tool's name as its users write it, for messages ("Copilot CLI drops this agent: ...")."""
        return _TOOL_TITLES[self]

    @classmethod
    def from_name(cls, name: str) -> Tool:
        for tool in cls:
            if tool.value == name.lower() or tool.name.lower() == name.lower().replace("-", "_"):
                return tool
        raise ValueError(f"unknown tool {name!r}; expected one of {', '.join(t.value for t in cls)}")


_TOOL_TITLES = {
    Tool.CLAUDE_CODE: "Claude Code", Tool.COPILOT_CLI: "Copilot CLI", Tool.VSCODE: "VS Code",
    Tool.OPENCODE: "OpenCode", Tool.GEMINI_CLI: "Gemini CLI", Tool.CODEX: "Codex", Tool.CURSOR: "Cursor",
}


class FileKind(enum.Enum):
    """What a file is for, whichever tool reads it."""

    AGENT = "agent"
    COMMAND = "command"
    """A prompt the user invokes by name: a slash command, a prompt file, a custom prompt."""
    SKILL = "skill"
    INSTRUCTIONS = "instructions"
    """Text added to the context by path or always: Copilot instructions, Cursor rules."""


class Dialect(enum.Enum):
    """One tool's reading of one kind of file. The value is the name used by `--dialect` and `schema`."""

    AGENT = "agent"
    """A Claude Code subagent in `.claude/agents/` (project, user or managed scope)."""
    PLUGIN_AGENT = "plugin-agent"
    """A subagent shipped in a plugin's `agents/` folder: looser loading, fewer fields."""
    COMMAND = "command"
    """A slash command in `.claude/commands/` or a plugin's `commands/`."""
    SKILL = "skill"
    """An Agent Skill: a `SKILL.md` file, as Claude Code reads it."""

    COPILOT_AGENT = "copilot-agent"
    """A GitHub Copilot custom agent as Copilot CLI reads it (`.github/agents/`, and `.claude/agents/`)."""
    COPILOT_SKILL = "copilot-skill"
    """A SKILL.md as Copilot CLI reads it."""
    VSCODE_AGENT = "vscode-agent"
    """A custom agent as VS Code's chat reads it (`.github/agents/*.agent.md`, legacy `.chatmode.md`)."""
    COPILOT_PROMPT = "copilot-prompt"
    """A VS Code prompt file (`.github/prompts/*.prompt.md`)."""
    COPILOT_INSTRUCTIONS = "copilot-instructions"
    """Copilot instructions (`.github/instructions/*.instructions.md`), read by VS Code and Copilot CLI."""
    OPENCODE_AGENT = "opencode-agent"
    """An OpenCode agent (`.opencode/{agent,agents}/**/*.md`)."""
    OPENCODE_COMMAND = "opencode-command"
    """An OpenCode command (`.opencode/{command,commands}/**/*.md`)."""
    OPENCODE_SKILL = "opencode-skill"
    """A SKILL.md as OpenCode reads it."""
    GEMINI_AGENT = "gemini-agent"
    """A Gemini CLI subagent (`.gemini/agents/*.md`)."""
    GEMINI_SKILL = "gemini-skill"
    """A SKILL.md as Gemini CLI reads it."""
    CODEX_PROMPT = "codex-prompt"
    """A Codex custom prompt (`.codex/prompts/*.md`, `$CODEX_HOME/prompts/*.md`)."""
    CODEX_SKILL = "codex-skill"
    """A SKILL.md as Codex reads it."""
    CURSOR_RULE = "cursor-rule"
    """A Cursor rule (`.cursor/rules/**/*.mdc`); Cursor is closed, so evidence is secondary."""
    CURSOR_AGENT = "cursor-agent"
    """A Cursor subagent (`.cursor/agents/*.md`)."""
    CURSOR_SKILL = "cursor-skill"
    """A SKILL.md as Cursor reads it (`.cursor/skills/<name>/SKILL.md`)."""

    @property
    def tool(self) -> Tool:
        """The tool whose reading this dialect describes."""
        return _DIALECT_TOOL_KIND[self][0]

    @property
    def kind(self) -> FileKind:
        return _DIALECT_TOOL_KIND[self][1]

    @property
    def is_agent(self) -> bool:
        return self in (Dialect.AGENT, Dialect.PLUGIN_AGENT)

    @classmethod
    def from_name(cls, name: str) -> Dialect:
        for dialect in cls:
            if dialect.value == name or dialect.name.lower() == name.lower().replace("-", "_"):
                return dialect
        raise ValueError(f"unknown dialect {name!r}; expected one of {', '.join(d.value for d in cls)}")


_DIALECT_TOOL_KIND: dict[Dialect, tuple[Tool, FileKind]] = {
    Dialect.AGENT: (Tool.CLAUDE_CODE, FileKind.AGENT),
    Dialect.PLUGIN_AGENT: (Tool.CLAUDE_CODE, FileKind.AGENT),
    Dialect.COMMAND: (Tool.CLAUDE_CODE, FileKind.COMMAND),
    Dialect.SKILL: (Tool.CLAUDE_CODE, FileKind.SKILL),
    Dialect.COPILOT_AGENT: (Tool.COPILOT_CLI, FileKind.AGENT),
    Dialect.COPILOT_SKILL: (Tool.COPILOT_CLI, FileKind.SKILL),
    Dialect.VSCODE_AGENT: (Tool.VSCODE, FileKind.AGENT),
    Dialect.COPILOT_PROMPT: (Tool.VSCODE, FileKind.COMMAND),
    Dialect.COPILOT_INSTRUCTIONS: (Tool.VSCODE, FileKind.INSTRUCTIONS),
    Dialect.OPENCODE_AGENT: (Tool.OPENCODE, FileKind.AGENT),
    Dialect.OPENCODE_COMMAND: (Tool.OPENCODE, FileKind.COMMAND),
    Dialect.OPENCODE_SKILL: (Tool.OPENCODE, FileKind.SKILL),
    Dialect.GEMINI_AGENT: (Tool.GEMINI_CLI, FileKind.AGENT),
    Dialect.GEMINI_SKILL: (Tool.GEMINI_CLI, FileKind.SKILL),
    Dialect.CODEX_PROMPT: (Tool.CODEX, FileKind.COMMAND),
    Dialect.CODEX_SKILL: (Tool.CODEX, FileKind.SKILL),
    Dialect.CURSOR_RULE: (Tool.CURSOR, FileKind.INSTRUCTIONS),
    Dialect.CURSOR_AGENT: (Tool.CURSOR, FileKind.AGENT),
    Dialect.CURSOR_SKILL: (Tool.CURSOR, FileKind.SKILL),
}
