"""The one catalogue of what each dialect's frontmatter may hold.

Every field's type, allowed values, default, documentation and the Claude Code version that introduced
it live here, and only here: validation, completion, hover and the exported JSON Schema all read this
module. Facts come from ../shared/spec/AGENT_FORMATS.md (Claude Code 2.1.330, observed and documented).
"""

from __future__ import annotations

from agent_lsp.core.catalogue_model import DialectCatalogue, Field, Kind, Value, make_catalogue
from agent_lsp.core.catalogues import TOOL_CATALOGUES
from agent_lsp.core.dialects import Dialect

__all__ = ["DialectCatalogue", "Field", "Kind", "Value"]

CLAUDE_CODE_VERSION = "2.1.330"
"""The Claude Code release whose loader these facts were checked against."""

NAME_MAX_CHARS = 256
"""Claude Code refuses an agent, and ignores a skill `name`, longer than this."""
SKILL_LISTING_CHARS = 1536
"""Claude Code cuts a skill's `description` plus `when_to_use` at this many characters in the skill listing."""
PORTABLE_DESCRIPTION_CHARS = 1024
"""agentskills.io and claude.ai reject a skill description longer than this."""
PORTABLE_SKILL_NAME_CHARS = 64
"""agentskills.io and claude.ai reject a skill name longer than this."""
PORTABLE_COMPATIBILITY_CHARS = 500
"""The Agent Skills standard's limit for `compatibility`."""
TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")
"""The words Claude Code reads as a boolean in skill and command frontmatter (any case)."""


# ----------------------------------------------------------------------------------------------------
# Value vocabularies
# ----------------------------------------------------------------------------------------------------

MODEL_ALIASES: tuple[Value, ...] = (
    Value("inherit", "Use the same model as the conversation that spawns the agent (the default). Case-insensitive."),
    Value("sonnet", "The latest Sonnet model: balanced speed and capability."),
    Value("opus", "The latest Opus model: the most capable, slower and more expensive."),
    Value("haiku", "The latest Haiku model: fastest and cheapest, for simple tasks."),
    Value("fable", "The `fable` alias accepted by Claude Code 2.1.x."),
    Value("best", "The most capable model available to the account (accepted by `--model`)."),
    Value("opusplan", "Opus while planning, Sonnet while executing (accepted by `--model`)."),
    Value("sonnet[1m]", "Sonnet with the 1M-token context window."),
    Value("opus[1m]", "Opus with the 1M-token context window."),
)
MODEL_IDS: tuple[Value, ...] = (
    Value("claude-opus-4-5", "Claude Opus 4.5 (full model id; any full id is accepted since 2.1.74)."),
    Value("claude-sonnet-4-5", "Claude Sonnet 4.5 (full model id)."),
    Value("claude-sonnet-4-5-20250929", "Claude Sonnet 4.5, dated snapshot."),
    Value("claude-haiku-4-5", "Claude Haiku 4.5 (full model id)."),
    Value("claude-opus-4-1", "Claude Opus 4.1 (full model id)."),
    Value("claude-sonnet-4-0", "Claude Sonnet 4 (full model id)."),
)
MODEL_ALIAS_IDS: dict[str, str] = {
    "opus": "claude-opus-5-5", "sonnet": "claude-sonnet-5-5", "haiku": "claude-haiku-5-5", "fable": "claude-fable-5-2",
}
"""The model id each alias stands for in Claude Code 2.1.330 on the Anthropic API: the `aliases` defaults of the
model catalogue built into its binary (`[BIN 2.1.330]`; `opus[1m]` is the same id with the 1M context). Other
providers map them differently (Bedrock and Vertex: `sonnet` is `claude-sonnet-4-5`), and a catalogue served at
run time or `ANTHROPIC_DEFAULT_<ALIAS>_MODEL` may override them."""
MODEL_ALIAS_CONTEXT_SUFFIX = "[1m]"
"""`sonnet[1m]`: the alias's model with the 1M-token context window."""
MODEL_ID_PREFIX = "claude-"
COMMON_MODEL_ALIASES = MODEL_ALIASES[:4]
"""The aliases offered first (`inherit`, `sonnet`, `opus`, `haiku`) in snippets."""

COLOURS: tuple[Value, ...] = (
    Value("red", "Red label in the agent list and transcript.", "#e5484d"),
    Value("blue", "Blue label in the agent list and transcript.", "#3b82f6"),
    Value("green", "Green label in the agent list and transcript.", "#22c55e"),
    Value("yellow", "Yellow label in the agent list and transcript.", "#eab308"),
    Value("purple", "Purple label in the agent list and transcript.", "#a855f7"),
    Value("orange", "Orange label in the agent list and transcript.", "#f97316"),
    Value("pink", "Pink label in the agent list and transcript.", "#ec4899"),
    Value("cyan", "Cyan label in the agent list and transcript.", "#06b6d4"),
)

COLOUR_NAMES_HEX: dict[str, str] = {
    "magenta": "#ff00ff", "fuchsia": "#ff00ff", "violet": "#ee82ee", "indigo": "#4b0082", "lavender": "#b57edc",
    "lilac": "#c8a2c8", "teal": "#008080", "turquoise": "#40e0d0", "aqua": "#00ffff", "lime": "#00ff00",
    "olive": "#808000", "emerald": "#50c878", "mint": "#3eb489", "navy": "#000080", "azure": "#007fff",
    "skyblue": "#87ceeb", "indianred": "#cd5c5c", "gold": "#ffd700", "amber": "#ffbf00", "crimson": "#dc143c",
    "maroon": "#800000", "scarlet": "#ff2400", "brown": "#a52a2a", "coral": "#ff7f50", "salmon": "#fa8072",
    "rose": "#ff007f", "peach": "#ffb07c", "tan": "#d2b48c",
}
"""Common colour names Claude Code does not accept, as CSS hex: `color` suggests the nearest of its eight."""

PERMISSION_MODES: tuple[Value, ...] = (
    Value("default", "Ask before tools that need permission, as in a normal session."),
    Value("acceptEdits", "Accept file edits without asking; other tools still ask."),
    Value("auto", "Let Claude Code's classifier decide which actions need approval."),
    Value("dontAsk", "Never ask: tools that would need approval are denied instead."),
    Value("bypassPermissions", "Skip all permission checks (dangerous; can be disabled by policy)."),
    Value("plan", "Plan mode: read-only exploration, no edits or commands."),
    Value("manual", "Alias of `default` (since 2.1.200)."),
)
MEMORY_SCOPES: tuple[Value, ...] = (
    Value("user", "Persistent memory in `~/.claude/agent-memory/<name>/`, shared across projects."),
    Value("project", "Persistent memory in `.claude/agent-memory/<name>/`, checked in with the project."),
    Value("local", "Persistent memory in `.claude/agent-memory-local/<name>/`, not checked in."),
)
EFFORT_LEVELS: tuple[Value, ...] = (
    Value("low", "Least thinking effort: fastest."),
    Value("medium", "Moderate thinking effort."),
    Value("high", "High thinking effort."),
    Value("xhigh", "Extra-high thinking effort (model-dependent)."),
    Value("max", "Maximum thinking effort (model-dependent)."),
)
ISOLATION_MODES: tuple[Value, ...] = (
    Value("worktree", "Run the agent in a temporary git worktree, an isolated copy of the repository."),
    Value("remote", "Run the agent remotely (accepted by 2.1.330 for non-plugin agents; undocumented)."),
)
BOOL_VALUES: tuple[Value, ...] = (Value("true", "Enable."), Value("false", "Disable."))
SHELLS: tuple[Value, ...] = (
    Value("bash", "Run `!` commands with bash (the default)."),
    Value("powershell", "Run `!` commands with PowerShell."),
)
CONTEXT_MODES: tuple[Value, ...] = (Value("fork", "Run in a forked subagent instead of inline."),)

BUILTIN_TOOLS: dict[str, str] = {
    "Agent": "Spawn a subagent. `Agent(worker, researcher)` limits which types, when the agent runs as the main thread.",
    "Artifact": "Create or update an artifact.",
    "AskUserQuestion": "Ask the user a multiple-choice question (removed from subagents).",
    "Bash": "Run shell commands.",
    "CronCreate": "Schedule a recurring task.",
    "CronDelete": "Delete a scheduled task.",
    "CronList": "List scheduled tasks.",
    "Edit": "Make exact string replacements in a file.",
    "EndConversation": "End the conversation (removed from subagents).",
    "EnterPlanMode": "Switch to plan mode (removed from subagents).",
    "EnterWorktree": "Enter a git worktree.",
    "ExitPlanMode": "Leave plan mode (removed from subagents unless `permissionMode: plan`).",
    "ExitWorktree": "Leave a git worktree.",
    "Glob": "Find files by name pattern.",
    "Grep": "Search file contents with ripgrep.",
    "ListAgents": "List the available agents.",
    "ListMcpResourcesTool": "List resources exposed by MCP servers.",
    "LSP": "Query language servers for code intelligence.",
    "Monitor": "Watch a background process.",
    "NotebookEdit": "Edit Jupyter notebook cells.",
    "PowerShell": "Run PowerShell commands (Windows).",
    "PushNotification": "Send a push notification.",
    "Read": "Read files.",
    "ReadMcpResourceTool": "Read a resource exposed by an MCP server.",
    "RemoteTrigger": "Trigger a remote task.",
    "ReportFindings": "Report review findings.",
    "ScheduleWakeup": "Schedule a wake-up (removed from subagents).",
    "SendMessage": "Send a message to another agent.",
    "SendUserFile": "Send a file to the user.",
    "ShareOnboardingGuide": "Share an onboarding guide.",
    "Skill": "Invoke a skill or slash command.",
    "TaskCreate": "Create a task in the task list.",
    "TaskGet": "Read a task.",
    "TaskList": "List tasks.",
    "TaskOutput": "Read a background task's output (removed from subagents).",
    "TaskStop": "Stop a background task.",
    "TaskUpdate": "Update a task.",
    "TodoWrite": "Maintain a todo list.",
    "ToolSearch": "Search for deferred tools.",
    "WaitForMcpServers": "Wait for MCP servers to connect (removed from subagents).",
    "WebFetch": "Fetch a URL and process its content.",
    "WebSearch": "Search the web.",
    "Workflow": "Run a workflow (removed from subagents).",
    "Write": "Create or overwrite files.",
}
LEGACY_TOOLS: dict[str, str] = {
    "Task": "Agent",
    "KillShell": "TaskStop",
    "KillBash": "TaskStop",
    "BashOutput": "TaskOutput",
    "AgentOutputTool": "TaskOutput",
    "BashOutputTool": "TaskOutput",
    "SlashCommand": "Skill",
}
"""Old tool names Claude Code still maps to their new names."""
LEGACY_TOOLS_KEPT = frozenset({"MultiEdit"})
"""Old tool names still accepted as they are (with no successor to rename to)."""
SUBAGENT_REMOVED_TOOLS = frozenset({"AskUserQuestion", "EndConversation", "EnterPlanMode", "ExitPlanMode",
                                    "ScheduleWakeup", "TaskOutput", "WaitForMcpServers", "Workflow"})
"""Tools Claude Code removes from every subagent even when `tools` lists them (AGENT_FORMATS.md §2.3)."""
TOOLS_NOT_OFFERED = frozenset({"Glob", "Grep", "LS", "MultiEdit", "TodoWrite"})
"""Tool names a subagent may list but does not get from Claude Code 2.1.330's native build, whatever its model
(observed: `tools: Read, Grep, Glob, MultiEdit, TodoWrite, Bash` spawns with only `Bash` and `Read`; search
goes through Bash there). Whether an agent can call them depends on the build, not on its `tools`."""
MEMORY_TOOLS = ("Read", "Write", "Edit")
"""Tools Claude Code adds to an agent's explicit `tools` when `memory:` is set (AGENT_FORMATS.md §2.3)."""
READ_ONLY_SHELL_COMMANDS = frozenset({
    "basename", "cat", "cd", "cut", "date", "df", "diff", "du", "echo", "file", "find", "grep", "head", "hostname", "jq",
    "ls", "pwd", "realpath", "sed", "sort", "stat", "tail", "uname", "wc", "which", "whoami",
    "git branch", "git config", "git diff", "git log", "git ls-files", "git remote", "git rev-parse", "git show",
    "git stash", "git status", "git tag",
})
"""Shell commands Claude Code 2.1.330 runs for a command's or skill's `` !`cmd` `` without any `allowed-tools`
rule (it judges them read-only), as observed with the real binary. Claude Code also inspects their flags
(`find -exec` needs approval), so a command starting with one of these is never reported: the list only
keeps the check quiet, it does not claim the command runs."""
SKILL_BODY_RECOMMENDED_LINES = 500
"""The Agent Skills specification recommends a SKILL.md body under 500 lines (and under 5,000 tokens), with
details moved to files the body points to (agentskills.io/specification, AGENT_FORMATS.md §6.2)."""

HOOK_EVENTS: tuple[str, ...] = (
    "SessionStart", "Setup", "UserPromptSubmit", "UserPromptExpansion", "PreToolUse", "PermissionRequest",
    "PermissionDenied", "PostToolUse", "PostToolUseFailure", "PostToolBatch", "Notification", "MessageDisplay",
    "SubagentStart", "SubagentStop", "TaskCreated", "TaskCompleted", "Stop", "StopFailure", "TeammateIdle",
    "InstructionsLoaded", "ConfigChange", "CwdChanged", "DirectoryAdded", "FileChanged", "WorktreeCreate",
    "WorktreeRemove", "PreCompact", "PostCompact", "Elicitation", "ElicitationResult", "SessionEnd",
)
GUARD_HOOK_EVENTS = frozenset({"PreToolUse", "PermissionRequest"})
"""Events whose broken hooks make Claude Code refuse the whole agent (they may guard permissions)."""
HOOK_TYPES: dict[str, tuple[str, ...]] = {
    "command": ("command",),
    "http": ("url",),
    "mcp_tool": ("server", "tool"),
    "prompt": ("prompt",),
    "agent": ("prompt",),
}
"""Hook handler types and the string fields each requires."""

BUILTIN_AGENTS: dict[str, str] = {
    "general-purpose": "Built-in general-purpose agent for multi-step tasks.",
    "Explore": "Built-in fast, read-only agent for searching a codebase.",
    "Plan": "Built-in agent that researches and plans in plan mode.",
    "claude": "Built-in main agent.",
    "statusline-setup": "Built-in agent that configures the status line.",
    "claude-code-guide": "Built-in agent that answers questions about Claude Code.",
}
BUNDLED_SKILLS: dict[str, str] = {
    "verify": "Bundled skill: verify recent changes.",
    "code-review": "Bundled skill: review code (alias `review`).",
    "review": "Alias of the bundled `code-review` skill.",
}

# ----------------------------------------------------------------------------------------------------
# Fields
# ----------------------------------------------------------------------------------------------------

_TOOLS_DOC = (
    "Tools the agent may use: a YAML list or a comma/space-separated string (`Read, Grep, Glob`). "
    "Omit it to give the agent every tool available to subagents; `*` means all tools. Unknown names are "
    "dropped when the agent is spawned; if none resolve, Claude Code refuses to spawn it. An empty value, "
    "`true`/`false` or a map gives the agent **zero** tools. Permission specifiers such as `Bash(git *)` "
    "are accepted but not enforced here: `Bash(git log:*)` grants unrestricted Bash."
)

AGENT_FIELDS: tuple[Field, ...] = (
    Field("name", Kind.STRING, "The agent's identifier, used to invoke it (`@agent-<name>`, `Agent(<name>)`). "
          f"Must be a YAML string of at most {NAME_MAX_CHARS} characters, must not start with `-` and must not contain `:`. "
          "Docs recommend lowercase letters and hyphens. The file name does not need to match.",
          required=True, invalid="a missing or non-string name makes Claude Code ignore the file silently; "
          f"`-x`, `a:b` or more than {NAME_MAX_CHARS} characters make it refuse the agent"),
    Field("description", Kind.STRING, "When Claude should delegate to this agent. Claude reads it to decide "
          "routing, so say what the agent does and when to use it. In agents, every literal `\\n` becomes a "
          "newline.", required=True, invalid="missing, empty or non-string: the agent is not loaded"),
    Field("tools", Kind.TOOL_LIST, _TOOLS_DOC, default="all tools available to subagents",
          snippet="${1:Read, Grep, Glob}"),
    Field("disallowedTools", Kind.TOOL_LIST, "Tools removed from the agent's tool set (same vocabulary as "
          "`tools`); `mcp__*` removes every MCP tool.", default="none", since="2.1.178",
          snippet="${1:Write, Edit}"),
    Field("model", Kind.MODEL, "The model the agent runs on: an alias (`sonnet`, `opus`, `haiku`, `fable`), "
          "`inherit` to use the spawning conversation's model, or a full model id such as "
          "`claude-sonnet-4-5-20250929`. Not validated when loading: an unknown string is sent to the API "
          "as it is.", values=MODEL_ALIASES, default="inherit", invalid="sent to the API verbatim"),
    Field("permissionMode", Kind.ENUM, "How the agent handles permission prompts. Ignored when the parent "
          "runs in `auto`, `bypassPermissions` or `acceptEdits`, and for plugin agents.",
          values=PERMISSION_MODES, default="the parent's mode"),
    Field("maxTurns", Kind.POSITIVE_INT, "The most agentic turns the agent may take before it stops "
          "(a positive integer, or a numeric string).", default="unlimited", snippet="${1:10}"),
    Field("skills", Kind.NAME_LIST, "Skills the agent loads at start: skill directory names, or "
          "`plugin:skill` for plugin skills. Missing skills are skipped with a debug message when the agent "
          "is spawned.", default="none", snippet="${1:skill-name}"),
    Field("mcpServers", Kind.MCP_SERVERS, "MCP servers for this agent: names of servers already configured, "
          "or single-key maps `{name: <server config>}`. Inline servers in project agents need workspace "
          "trust; ignored for plugin agents.", default="none"),
    Field("hooks", Kind.HOOKS, "Lifecycle hooks scoped to this agent, in the settings `hooks` shape: "
          "`{Event: [{matcher, hooks: [{type: command, command: ...}]}]}`. `Stop` becomes `SubagentStop`. "
          "A broken `PreToolUse` or `PermissionRequest` hook makes Claude Code refuse the whole agent; other "
          "broken entries are dropped with a warning.", default="none",
          invalid="hooks that are not a map, or broken PreToolUse/PermissionRequest entries: agent not loaded",
          snippet="\n  ${1:PreToolUse}:\n    - matcher: \"${2:Bash}\"\n      hooks:\n        - type: command\n          command: \"${3:./check.sh}\""),
    Field("memory", Kind.ENUM, "Give the agent a persistent memory directory. With explicit `tools`, "
          "`Read`, `Write` and `Edit` are added automatically.", values=MEMORY_SCOPES, default="off"),
    Field("background", Kind.BOOL, "Run the agent in the background by default (`true`/`false`, or the "
          "strings \"true\"/\"false\").", values=BOOL_VALUES, default="false"),
    Field("effort", Kind.EFFORT, "Thinking effort for the agent (availability depends on the model). "
          "Claude Code also accepts an integer.", values=EFFORT_LEVELS, default="the session's effort"),
    Field("isolation", Kind.ENUM, "Run the agent in isolation: `worktree` gives it a temporary git worktree.",
          values=ISOLATION_MODES, default="none"),
    Field("color", Kind.ENUM, "The colour of the agent's label in the UI. Any other value is silently "
          "dropped (`magenta`, `white` and capitalised names included).", values=COLOURS, default="none",
          invalid="silently dropped"),
    Field("initialPrompt", Kind.STRING, "A first user turn sent automatically when this agent is the main "
          "session agent (`claude --agent`); not read when it is spawned as a subagent.", since="2.1.83",
          non_empty=True),
    Field("autoCompactWindow", Kind.POSITIVE_INT, "Context size in tokens (at least 100000) at which the "
          "agent's context is compacted.", documented=False, snippet="${1:200000}", minimum=100_000),
    Field("omitClaudeMd", Kind.BOOL, "`true` runs the agent without user, project and local CLAUDE.md files "
          "(managed policy files stay).", values=BOOL_VALUES, default="false", documented=False),
    Field("observer", Kind.STRING, "An agent type (or a comma list of up to 4) spawned as a background "
          "observer of this agent.", documented=False),
    Field("observerMessage", Kind.STRING, "Text appended to each digest sent to the observer.", documented=False),
    Field("observeSubagents", Kind.BOOL, "`false` stops child subagents from inheriting observers.",
          values=BOOL_VALUES, default="true", documented=False),
    Field("observeToolResults", Kind.BOOL, "On an observer's own definition: `false` leaves tool results "
          "out of digests.", values=BOOL_VALUES, default="true", documented=False),
    Field("experimental", Kind.MAP, "Experimental settings; `cacheTtl` (`\"5m\"` or `\"1h\"`) is the one "
          "known key. Unknown keys are ignored.", documented=False),
)

PLUGIN_AGENT_IGNORED = frozenset({"permissionMode", "hooks", "mcpServers", "initialPrompt", "observer",
                                  "observerMessage", "observeSubagents"})
"""Agent keys Claude Code ignores, with a warning, in plugin agents."""

PLUGIN_AGENT_EXTRA_FIELDS: tuple[Field, ...] = (
    Field("when_to_use", Kind.STRING, "Plugin agents only: used as the description when `description` is "
          "missing."),
    Field("when-to-use", Kind.STRING, "Plugin agents only: used as the description when `description` and "
          "`when_to_use` are missing."),
)

_SKILL_COMMAND_SHARED: tuple[Field, ...] = (
    Field("description", Kind.STRING, "What it does and when to use it; Claude uses it to decide when to "
          "load it. If omitted, the first paragraph of the body is used. `description` plus `when_to_use` "
          f"is cut at {SKILL_LISTING_CHARS:,} characters in the skill listing. A literal `\\n` stays as the two characters."),
    Field("when_to_use", Kind.STRING, "More guidance on when to use it, appended to the description."),
    Field("argument-hint", Kind.STRING, "Hint shown while typing the slash command, e.g. `[issue-number]`."),
    Field("arguments", Kind.STRING_LIST, "Named positional arguments, available as `$name` in the body."),
    Field("disable-model-invocation", Kind.BOOL, "`true` stops Claude from invoking it by itself (and from "
          "preloading it into subagents).", values=BOOL_VALUES, default="false"),
    Field("user-invocable", Kind.BOOL, "`false` hides it from the `/` menu.", values=BOOL_VALUES, default="true"),
    Field("allowed-tools", Kind.TOOL_LIST, "Tools pre-approved while it is active, e.g. "
          "`Bash(git add:*), Read` (a list or a space/comma-separated string). It does not restrict other tools.",
          snippet="${1:Read, Grep, Glob}"),
    Field("disallowed-tools", Kind.TOOL_LIST, "Tools removed while it is active.", since="2.1.152"),
    Field("model", Kind.MODEL, "Model to use while it runs: a `/model` value or `inherit`.", values=MODEL_ALIASES,
          default="the conversation's model"),
    Field("effort", Kind.EFFORT, "Thinking effort while it runs.", values=EFFORT_LEVELS),
    Field("context", Kind.ENUM, "`fork` runs it in a forked subagent.", values=CONTEXT_MODES, default="inline"),
    Field("agent", Kind.STRING, "Which subagent type runs it when `context: fork`.", default="general-purpose"),
    Field("background", Kind.BOOL, "With `context: fork`: run in the background.", values=BOOL_VALUES,
          default="true", since="2.1.218"),
    Field("hooks", Kind.HOOKS, "Hooks active while it runs (`once: true` supported).", since="2.1.0"),
    Field("shell", Kind.ENUM, "Shell for `!` commands in the body.", values=SHELLS, default="bash"),
)

SKILL_FIELDS: tuple[Field, ...] = (
    Field("name", Kind.STRING, "Display name; defaults to the directory name. For personal and project "
          "skills the command is always the directory name. agentskills.io requires lowercase letters, digits "
          f"and hyphens, at most {PORTABLE_SKILL_NAME_CHARS} characters, equal to the directory name."),
    *_SKILL_COMMAND_SHARED,
    Field("paths", Kind.STRING_LIST, "Glob patterns: the skill is activated only for matching files."),
    Field("metadata", Kind.MAP, "Free-form map of strings (agentskills.io)."),
    Field("license", Kind.STRING, "License name or bundled license file (accepted, not acted on)."),
    Field("compatibility", Kind.STRING, f"Environment requirements, at most {PORTABLE_COMPATIBILITY_CHARS} characters (accepted, not "
          "acted on)."),
    Field("version", Kind.STRING, "Internal bookkeeping.", documented=False),
)

COMMAND_FIELDS: tuple[Field, ...] = _SKILL_COMMAND_SHARED
COMMAND_IGNORED = frozenset({"name", "paths"})
"""Skill keys a command file may carry but Claude Code ignores there (the file name is the command)."""

PORTABLE_SKILL_KEYS = frozenset({"name", "description", "license", "compatibility", "metadata", "allowed-tools"})
"""The only keys claude.ai uploads, the Skills API and agentskills.io validators accept."""


CATALOGUES: dict[Dialect, DialectCatalogue] = {
    Dialect.AGENT: make_catalogue(Dialect.AGENT, "Claude Code subagent", AGENT_FIELDS),
    Dialect.PLUGIN_AGENT: make_catalogue(Dialect.PLUGIN_AGENT, "Claude Code plugin subagent",
                                     AGENT_FIELDS + PLUGIN_AGENT_EXTRA_FIELDS),
    Dialect.COMMAND: make_catalogue(Dialect.COMMAND, "Claude Code slash command", COMMAND_FIELDS),
    Dialect.SKILL: make_catalogue(Dialect.SKILL, "Agent Skill (SKILL.md)", SKILL_FIELDS),
    **TOOL_CATALOGUES,
}


def catalogue_for(dialect: Dialect) -> DialectCatalogue:
    return CATALOGUES[dialect]


def all_model_values() -> tuple[Value, ...]:
    return MODEL_ALIASES + MODEL_IDS


def is_known_model(model: str) -> bool:
    """Return True for an alias, `inherit` (any case) or a full Claude model id."""
    if model.lower() == "inherit" or model in {value.value for value in MODEL_ALIASES}:
        return True
    return model.startswith(MODEL_ID_PREFIX) and len(model) > len(MODEL_ID_PREFIX)
