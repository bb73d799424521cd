"""The fields of OpenCode 1.18: ../shared/spec/DIALECTS.md section 2, checked against `opencode-ai` 1.18.33.

Agents are validated by OpenCode's Effect schema `ConfigAgentV1` (a struct with a rest record: unknown keys
are kept and copied into `options`), commands by `ConfigCommandV1` (unknown keys dropped), skills by a
small check (`name` must be text, `description` text or absent). A value of the wrong shape in an agent or
a command makes OpenCode refuse to start ("Configuration is invalid at <file>"); in a skill, the skill is
left out. Every type, value list and pattern below was read from the bundled schema and observed with the
released binary (`opencode debug config`, `opencode debug skill`).
"""

from __future__ import annotations

from agent_lsp.core.catalogue_model import DialectCatalogue, Field, Kind, Value, make_catalogue
from agent_lsp.core.dialects import Dialect

OPENCODE_VERSION = "1.18.33"
"""The OpenCode release whose loader these facts were checked against."""

REFUSES = "OpenCode refuses to start"
"""`Field.invalid` of agent and command keys: a value of the wrong shape stops the whole program."""
SKIPS_SKILL = "the skill is left out"
"""`Field.invalid` of skill keys: a value of the wrong shape makes OpenCode skip the skill silently."""
KEPT = "any value is kept"

AGENT_NAME_KEY = "name"
"""The agent's name: the file's path below `agent/` without `.md`, unless the frontmatter sets `name`."""
AGENT_BODY_KEY = "prompt"
"""OpenCode sets the agent's `prompt` to the body (trimmed), over any frontmatter `prompt`."""
AGENT_MODE_KEY = "mode"
LEGACY_MODE = "primary"
"""A legacy `mode/` file is always a primary agent, whatever its `mode` says."""
AGENT_OPTIONS_KEY = "options"
"""Unknown agent keys are copied into this map, which OpenCode passes to the model provider."""
COMMAND_NAME_KEY = "name"
COMMAND_BODY_KEY = "template"
"""OpenCode sets the command's `template` to the body (trimmed), over any frontmatter `template`."""

PERMISSION_ACTIONS: tuple[Value, ...] = (
    Value("ask", "Ask the user before each use."),
    Value("allow", "Allow without asking."),
    Value("deny", "Never allow."),
)
PERMISSION_ACTION_NAME = "PermissionActionConfig"
"""The name OpenCode's messages give the action type (`Expected PermissionActionConfig, got ...`)."""
PERMISSION_RULE_NAME = "PermissionRuleConfig"
"""... and a tool's rule: an action or a `{pattern: action}` map."""
PERMISSION_TOOLS: tuple[tuple[str, bool], ...] = (
    ("read", True), ("edit", True), ("glob", True), ("grep", True), ("list", True), ("bash", True),
    ("task", True), ("external_directory", True), ("todowrite", False), ("question", False),
    ("webfetch", False), ("websearch", False), ("lsp", True), ("doom_loop", False), ("skill", True),
)
"""The tools `permission` names, in OpenCode's order, and whether each takes `{pattern: action}` rules
(True) or only one action (False). Other keys are accepted too and take either form."""

THEME_COLOURS: tuple[Value, ...] = (
    Value("primary", "The theme's primary colour."),
    Value("secondary", "The theme's secondary colour."),
    Value("accent", "The theme's accent colour."),
    Value("success", "The theme's success colour (green in most themes)."),
    Value("warning", "The theme's warning colour (yellow or orange in most themes)."),
    Value("error", "The theme's error colour (red in most themes)."),
    Value("info", "The theme's info colour (blue or cyan in most themes)."),
)
HEX_COLOUR = r"^#[0-9a-fA-F]{6}$"

MODES: tuple[Value, ...] = (
    Value("subagent", "Only called by other agents (the `task` tool) or with `@name`."),
    Value("primary", "A main agent the user switches to with Tab."),
    Value("all", "Both: a primary agent that can also be called as a subagent (the default)."),
)

OPENCODE_AGENT_FIELDS: tuple[Field, ...] = (
    Field(AGENT_NAME_KEY, Kind.ANY, "The agent's name. Without it, the name is the file's path below "
          "`agent/` (or `agents/`) without `.md`; with it, this value wins (any value: `12` names the agent "
          "`12`).", invalid=KEPT),
    Field("description", Kind.STRING, "When to use the agent: shown in the agent list and read by other "
          "agents to decide when to call it. Optional for OpenCode, but a subagent without it is rarely "
          "chosen.", invalid=REFUSES),
    Field("mode", Kind.ENUM, "How the agent is used.", values=MODES, default="all", invalid=REFUSES),
    Field("model", Kind.STRING, "The model as `provider/model` (`anthropic/claude-sonnet-4-5`, "
          "`openai/gpt-5`); default: the model of the calling agent or the configured one. A Claude Code "
          "alias such as `sonnet` is not a model OpenCode knows.", invalid=REFUSES, snippet="${1:provider}/${2:model}"),
    Field("variant", Kind.STRING, "Default model variant for this agent (applies only when using the agent's "
          "configured model).", invalid=REFUSES),
    Field("temperature", Kind.NUMBER, "Sampling temperature (a number, usually 0-1; text such as `\"0.5\"` "
          "is refused).", invalid=REFUSES, snippet="${1:0.1}"),
    Field("top_p", Kind.NUMBER, "Nucleus sampling (a number, usually 0-1).", invalid=REFUSES),
    Field(AGENT_BODY_KEY, Kind.STRING, "The system prompt. In a markdown agent the body is the prompt: a "
          "frontmatter `prompt` is replaced by it.", invalid=REFUSES),
    Field("tools", Kind.BOOL_MAP, "Which tools the agent may use, as a map of booleans (`write: false`); "
          "`write`, `edit` and `patch` all set the `edit` permission. A list or a comma-separated string "
          "(Claude Code's form) is refused.", invalid=REFUSES, deprecated="use `permission`",
          snippet="\n  ${1:write}: ${2|false,true|}"),
    Field("disable", Kind.BOOL, "`true` removes the agent.", invalid=REFUSES, values=(
        Value("true", "Remove the agent."), Value("false", "Keep it (the default)."))),
    Field("hidden", Kind.BOOL, "Hide this subagent from the @ autocomplete menu (default: false, only "
          "applies to mode: subagent). `yes`/`no` are text, not booleans, and are refused.", invalid=REFUSES,
          values=(Value("true", "Hide it from @ autocomplete."), Value("false", "Show it (the default)."))),
    Field(AGENT_OPTIONS_KEY, Kind.MAP, "Extra options passed to the model provider (`reasoningEffort`...). "
          "Unknown frontmatter keys are copied here too.", invalid=REFUSES),
    Field("color", Kind.ENUM, "Hex color code (e.g., #FF5733) or theme color (e.g., primary). Quote a hex "
          "colour: `#` starts a YAML comment, so `color: #FF5733` is empty and refused. Claude Code's colour "
          "names (`blue`, `red`...) are refused.", values=THEME_COLOURS, pattern=HEX_COLOUR, invalid=REFUSES,
          snippet='"#${1:FF5733}"'),
    Field("steps", Kind.POSITIVE_INT, "Maximum number of agentic iterations before forcing text-only "
          "response (a whole number above 0).", invalid=REFUSES),
    Field("maxSteps", Kind.POSITIVE_INT, "The old name of `steps` (read when `steps` is absent).",
          invalid=REFUSES, deprecated="use `steps`"),
    Field("permission", Kind.PERMISSION, "What the agent may do without asking: one action for everything "
          "(`ask`, `allow`, `deny`), or a map of tool to action (`edit: deny`) or to `{pattern: action}` "
          "rules (`bash: {\"git *\": allow, \"*\": ask}`). `todowrite`, `question`, `webfetch`, `websearch` "
          "and `doom_loop` take one action only.", values=PERMISSION_ACTIONS, invalid=REFUSES,
          snippet="\n  ${1:edit}: ${2|ask,allow,deny|}"),
)

OPENCODE_COMMAND_FIELDS: tuple[Field, ...] = (
    Field(COMMAND_NAME_KEY, Kind.ANY, "The command's name (`/name`). Without it, the name is the file's path "
          "below `command/` (or `commands/`) without `.md`; with it, this value wins.", invalid=KEPT),
    Field("description", Kind.STRING, "Shown next to the command in the `/` menu.", invalid=REFUSES),
    Field("agent", Kind.STRING, "The agent that runs the command (`build`, `plan`, or one of yours).",
          invalid=REFUSES),
    Field("model", Kind.STRING, "The model as `provider/model`, for this command only.", invalid=REFUSES,
          snippet="${1:provider}/${2:model}"),
    Field("variant", Kind.STRING, "The model variant for this command.", invalid=REFUSES),
    Field("subtask", Kind.BOOL, "`true` runs the command as a subtask (a subagent call) so it does not fill "
          "the main context. `yes`/`no` are text and are refused.", invalid=REFUSES, values=(
              Value("true", "Run as a subtask."), Value("false", "Run in the session (the default)."))),
    Field(COMMAND_BODY_KEY, Kind.STRING, "The prompt template. In a markdown command the body is the "
          "template (`$ARGUMENTS`, `$1`, `!`cmd``, `@file`): a frontmatter `template` is replaced by it.",
          invalid=REFUSES),
)

OPENCODE_SKILL_FIELDS: tuple[Field, ...] = (
    Field("name", Kind.STRING, "The skill's name. Required by OpenCode: a SKILL.md without a text `name` "
          "is left out. Not checked against the folder name or the Agent Skills name rules.", required=True,
          invalid=SKIPS_SKILL),
    Field("description", Kind.STRING, "What the skill does and when to use it. A skill without one is "
          "loaded but not listed to the model, so it is never used on its own.", invalid=SKIPS_SKILL),
)

CATALOGUES: dict[Dialect, DialectCatalogue] = {
    Dialect.OPENCODE_AGENT: make_catalogue(Dialect.OPENCODE_AGENT, "OpenCode agent", OPENCODE_AGENT_FIELDS,
                                           open=True),
    Dialect.OPENCODE_COMMAND: make_catalogue(Dialect.OPENCODE_COMMAND, "OpenCode command",
                                             OPENCODE_COMMAND_FIELDS, open=True),
    Dialect.OPENCODE_SKILL: make_catalogue(Dialect.OPENCODE_SKILL, "OpenCode skill (SKILL.md)",
                                           OPENCODE_SKILL_FIELDS, open=True),
}
