"""agent-lsp: the language server and linter for agent markdown (Claude Code agents, commands, skills)."""

__version__ = "0.1.0"
