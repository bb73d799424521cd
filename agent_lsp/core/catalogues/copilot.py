"""The fields of GitHub Copilot (Copilot CLI 1.0.102 and VS Code chat): ../shared/spec/DIALECTS.md section 1.

Copilot CLI facts were observed with `@github/copilot` 1.0.102 through its SDK (../shared/tools/copilot_oracle.mjs):
the order of the fields below is the order in which the CLI reports their errors. VS Code facts come from
microsoft/vscode `promptFileAttributes.ts` and `promptValidator.ts`.
"""

from __future__ import annotations

from agent_lsp.core.catalogue_model import DialectCatalogue, Field, Kind, Value, make_catalogue
from agent_lsp.core.dialects import Dialect

COPILOT_CLI_VERSION = "1.0.102"
"""The Copilot CLI release whose loader these facts were checked against."""

SKILL_DESCRIPTION_MAX = 1024
"""Copilot CLI refuses a skill whose description is longer (counted in UTF-16 code units, as JavaScript does)."""
SKILL_NAME_MAX = 64
"""Copilot CLI refuses a skill whose name is longer."""
SKILL_NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.: -]*"
"""The characters Copilot CLI allows in a skill name (its message: "must start with an ASCII letter or number
and contain only ASCII letters (a-z, A-Z), numbers, hyphens, underscores, dots, colons, and spaces")."""

BOOL = (Value("true", "Yes."), Value("false", "No."))
"""Copilot CLI reads only YAML 1.2 booleans (`true`, `True`, `TRUE`, `false`...); `yes`, `"false"` are strings."""

HOOK_EVENTS: tuple[Value, ...] = (
    Value("sessionStart", "When a session starts or resumes."),
    Value("sessionEnd", "When a session ends."),
    Value("userPromptSubmitted", "When the user submits a prompt."),
    Value("userPromptTransformed", "After a prompt is turned into its model-facing form."),
    Value("preToolUse", "Before a tool call; may approve or deny it."),
    Value("preMcpToolCall", "Before an MCP tool request is sent."),
    Value("postToolUse", "After a successful tool call."),
    Value("postToolUseFailure", "After a tool call fails."),
    Value("errorOccurred", "When a model call fails."),
    Value("agentStop", "When the agent stops at the end of a turn."),
    Value("subagentStop", "When a subagent completes."),
    Value("subagentStart", "When a subagent is spawned."),
    Value("preCompact", "Before context compaction."),
    Value("permissionRequest", "Before the permission rules decide a tool call."),
    Value("notification", "On system notifications (never blocks)."),
)
"""The hook events Copilot CLI runs (its settings schema, `hooks.<event>`)."""
HOOK_EVENT_ALIASES: dict[str, str] = {
    "SessionStart": "sessionStart", "SessionEnd": "sessionEnd", "UserPromptSubmit": "userPromptSubmitted",
    "PreToolUse": "preToolUse", "PostToolUse": "postToolUse", "PostToolUseFailure": "postToolUseFailure",
    "ErrorOccurred": "errorOccurred", "Stop": "agentStop", "SubagentStop": "subagentStop",
    "SubagentStart": "subagentStart", "PreCompact": "preCompact", "PermissionRequest": "permissionRequest",
    "Notification": "notification",
}
"""Claude Code event names Copilot CLI accepts, and the event each becomes (observed: `Stop` -> `agentStop`).
Other names (`Setup`, `TeammateIdle`, `userPromptSubmit`...) make it drop the agent."""
HOOK_TYPES = ("command", "http")
"""Hook action types Copilot CLI runs (`prompt`, `agent`, `mcp_tool`: "Invalid hook type")."""
HOOK_SHELL_KEYS = ("bash", "powershell", "command")
"""A command hook gives exactly one of `exec` or these."""
HOOK_AUTH_EVENTS = ("preToolUse", "preMcpToolCall", "permissionRequest")
"""Events whose HTTP hooks must use https://."""
MCP_LOCAL_TYPES = ("local", "stdio")
MCP_REMOTE_TYPES = ("http", "sse")

REASONING_EFFORTS = (Value("low", "Less reasoning."), Value("medium", "Balanced."), Value("high", "More reasoning."),
                     Value("xhigh", "Extra-high reasoning."))

_CLI_TOOLS_DOC = (
    "The tools the agent may use: a YAML list, or a comma-separated string (`read, edit, search`) that Copilot "
    "CLI splits on commas. Omitted: every tool (`[\"*\"]`); `[]`: none."
)

COPILOT_AGENT_FIELDS: tuple[Field, ...] = (
    Field("name", Kind.STRING, "The name shown for the agent. Without it, the id is the file name minus "
          "`.agent.md`/`.md`. Any text is accepted.", invalid="not a string: Copilot CLI drops the agent"),
    Field("description", Kind.STRING, "What the agent does and when to use it. Required; may be empty.",
          required=True, invalid="missing or not a string: Copilot CLI drops the agent (`description: Required`)"),
    Field("tools", Kind.TOOL_LIST, _CLI_TOOLS_DOC, default="all tools", snippet="${1:read, edit, search}",
          invalid="not a list or string (a map, a number): Copilot CLI drops the agent"),
    Field("mcp-servers", Kind.MCP_SERVER_MAP, "MCP servers for this agent, by name: local servers need `command`, "
          "`args` and `tools`; `type: http` or `sse` servers need `url` and `tools`.",
          invalid="a missing `command`, `args`, `url` or `tools`: Copilot CLI drops the agent"),
    Field("infer", Kind.BOOL, "Legacy: `false` stops the model from choosing this agent by itself (as "
          "`disable-model-invocation: true`).", values=BOOL, invalid="not a boolean: the agent is dropped"),
    Field("disable-model-invocation", Kind.BOOL, "`true` stops the model from invoking the agent by itself.",
          values=BOOL, default="false", invalid="not a boolean: the agent is dropped"),
    Field("user-invocable", Kind.BOOL, "`false` hides the agent from the user's agent picker.", values=BOOL,
          default="true", invalid="not a boolean (`no`, `\"false\"`): the agent is dropped"),
    Field("model", Kind.MODEL, "The model the agent runs on, or a non-empty list of models (the first "
          "available one is used).", invalid="not a string or a non-empty list of strings: the agent is dropped"),
    Field("reasoning-effort", Kind.STRING, "Reasoning effort for the agent's model (the value is not checked).",
          values=REASONING_EFFORTS, invalid="not a string: the agent is dropped"),
    Field("github", Kind.MAP, "GitHub-specific settings (such as `toolsets` and token permissions).",
          invalid="not a map: the agent is dropped"),
    Field("skills", Kind.STRING_LIST, "Skills the agent loads: a YAML list of skill names (a comma string is "
          "not accepted).", snippet="[${1:skill-name}]", invalid="not a list (`skills: a, b`): the agent is dropped"),
    Field("deferred-tool-loading", Kind.BOOL, "Load the agent's tools only when needed.", values=BOOL,
          invalid="not a boolean: the agent is dropped"),
    Field("strict-tools-list", Kind.BOOL, "Give the agent exactly the tools listed.", values=BOOL,
          invalid="not a boolean: the agent is dropped"),
    Field("include-custom-instructions", Kind.BOOL, "Add the repository's custom instructions to the agent's "
          "context.", values=BOOL, invalid="not a boolean: the agent is dropped"),
    Field("hooks", Kind.HOOKS, "Hooks scoped to this agent: `{event: [{type: command, command: ...}]}`. Copilot "
          "CLI's events (`preToolUse`, `agentStop`...) and most Claude Code names (`PreToolUse`, `Stop`) are "
          "accepted, flat or in Claude Code's `{matcher, hooks: [...]}` shape.",
          invalid="an unknown event, a `prompt` hook or a hook without a command: the agent is dropped"),
)

COPILOT_SKILL_FIELDS: tuple[Field, ...] = (
    Field("name", Kind.STRING, f"The skill's name (at most {SKILL_NAME_MAX} characters: ASCII letters, digits, "
          "`-`, `_`, `.`, `:` and spaces; spaces become `-`). Without it, the folder's name is used. It need not "
          "match the folder.", invalid="not a string, empty or invalid: Copilot CLI drops the skill"),
    Field("description", Kind.STRING, f"What the skill does and when to use it, at most {SKILL_DESCRIPTION_MAX} "
          "characters. Without it, Copilot CLI uses the body's first lines.",
          invalid=f"not a string or longer than {SKILL_DESCRIPTION_MAX} characters: the skill is dropped"),
    Field("allowed-tools", Kind.TOOL_LIST, "Tools the skill may use: a string or a list of strings.",
          invalid="anything else: the skill is dropped"),
    Field("user-invocable", Kind.BOOL, "`false` hides the skill from the `/` menu.", values=BOOL, default="true",
          invalid="not a boolean: the skill is dropped"),
    Field("disable-model-invocation", Kind.BOOL, "`true` stops the model from loading the skill by itself.",
          values=BOOL, default="false", invalid="not a boolean: the skill is dropped"),
    Field("argument-hint", Kind.STRING, "Hint shown while typing the command, e.g. `[issue-number]`.",
          invalid="not a string: the skill is dropped"),
    Field("license", Kind.STRING, "The skill's license (not checked)."),
    Field("compatibility", Kind.STRING, "Environments the skill needs (not checked)."),
    Field("metadata", Kind.MAP, "Free-form metadata (not checked)."),
)

# VS Code: promptFileAttributes.ts. Every value is read as text; `true`/`false` are the booleans.
VSCODE_BOOL = BOOL
_VS_TOOLS_DOC = "The tools the agent may use: a list, or a comma-separated string."
_VS_MODEL_DOC = "The model to use, or a list of models: the first available one is used."

VSCODE_AGENT_FIELDS: tuple[Field, ...] = (
    Field("name", Kind.STRING, "The name of the agent as shown in the UI (default: the file name)."),
    Field("description", Kind.STRING, "What the agent does and when to use it."),
    Field("argument-hint", Kind.STRING, "What inputs the agent expects, shown in the chat input."),
    Field("model", Kind.MODEL, _VS_MODEL_DOC),
    Field("reasoningEffort", Kind.ENUM, "The reasoning effort of the agent's model.",
          values=(*REASONING_EFFORTS, Value("max", "The most reasoning."))),
    Field("tools", Kind.TOOL_LIST, _VS_TOOLS_DOC, snippet="[${1:search}, ${2:edit}]"),
    Field("handoffs", Kind.MAP_LIST, "Handoff buttons shown when the agent is done: a list of "
          "`{label, agent, prompt, send?, showContinueOn?, model?}` (entries missing `label`, `agent` or "
          "`prompt` are dropped)."),
    Field("target", Kind.ENUM, "Where the header's attributes apply.", values=(
        Value("vscode", "VS Code chat."), Value("github-copilot", "GitHub Copilot's cloud agent and CLI: only "
                                                "name, description, tools, target, mcp-servers, github, infer."))),
    Field("infer", Kind.BOOL, "Whether the model may pick the agent by itself (not recommended: use "
          "`disable-model-invocation`).", values=VSCODE_BOOL, recommended=False),
    Field("agents", Kind.STRING_LIST, "Agents this agent may use as subagents (`*`: all)."),
    Field("user-invocable", Kind.BOOL, "Whether users can pick the agent in the UI.", values=VSCODE_BOOL),
    Field("disable-model-invocation", Kind.BOOL, "`true` stops the agent from being used as a subagent.",
          values=VSCODE_BOOL),
    Field("advancedOptions", Kind.MAP, "Advanced options for the agent.", recommended=False),
    Field("github", Kind.MAP, "GitHub-specific settings such as token permissions."),
    Field("hooks", Kind.HOOKS, "Lifecycle hooks that run only while this agent is active."),
)
VSCODE_HANDOFF_KEYS = ("agent", "label", "prompt")
"""A `handoffs` entry VS Code keeps is a map with these as text (`promptFileParser.ts`); it drops others silently."""
VSCODE_GITHUB_ONLY_KEYS = ("name", "description", "tools", "target", "mcp-servers", "github", "infer")
"""`githubCopilotAgentAttributeNames`: keys VS Code knows belong to GitHub's agent; those it does not read itself
are "ignored when running locally in VS Code" (an Info marker), not unknown."""

COPILOT_PROMPT_FIELDS: tuple[Field, ...] = (
    Field("name", Kind.STRING, "The prompt's name: also the slash command that runs it."),
    Field("description", Kind.STRING, "What the prompt does and when to use it."),
    Field("argument-hint", Kind.STRING, "What inputs the prompt expects."),
    Field("model", Kind.MODEL, _VS_MODEL_DOC),
    Field("tools", Kind.TOOL_LIST, "The tools to use in this prompt.", snippet="[${1:search}, ${2:edit}]"),
    Field("agent", Kind.STRING, "The agent that runs this prompt (`ask`, `edit`, `agent` or a custom agent)."),
    Field("mode", Kind.STRING, "Deprecated spelling of `agent`.", recommended=False),
)

COPILOT_INSTRUCTIONS_FIELDS: tuple[Field, ...] = (
    Field("name", Kind.STRING, "The name shown in the UI (default: the file name)."),
    Field("description", Kind.STRING, "What the instructions are about; sent to the model with them."),
    Field("applyTo", Kind.STRING, "Comma-separated globs of the files these instructions apply to (`**`: "
          "always). In VS Code `*` is an ordinary character; Copilot CLI reads this file leniently too.",
          snippet="\"${1:**/*.ts}\""),
    Field("excludeAgent", Kind.STRING_LIST, "Agents that must not use these instructions.", recommended=False),
)

CATALOGUES: dict[Dialect, DialectCatalogue] = {
    Dialect.COPILOT_AGENT: make_catalogue(Dialect.COPILOT_AGENT, "Copilot CLI custom agent", COPILOT_AGENT_FIELDS),
    Dialect.COPILOT_SKILL: make_catalogue(Dialect.COPILOT_SKILL, "Copilot CLI skill (SKILL.md)", COPILOT_SKILL_FIELDS),
    Dialect.VSCODE_AGENT: make_catalogue(Dialect.VSCODE_AGENT, "VS Code custom agent", VSCODE_AGENT_FIELDS),
    Dialect.COPILOT_PROMPT: make_catalogue(Dialect.COPILOT_PROMPT, "VS Code prompt file", COPILOT_PROMPT_FIELDS),
    Dialect.COPILOT_INSTRUCTIONS: make_catalogue(Dialect.COPILOT_INSTRUCTIONS, "Copilot instructions", COPILOT_INSTRUCTIONS_FIELDS),
}
