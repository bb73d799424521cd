"""The fields of Gemini CLI 0.61: ../shared/spec/DIALECTS.md section 5.

Read from the released bundle of `@google/gemini-cli` 0.61.0 (`bundle/chunk-5FZXKDXH.js`, the sources
`packages/core/src/agents/agentLoader.ts`, `packages/core/src/skills/skillLoader.ts` and
`packages/core/src/tools/tool-names.ts`) and its docs (`bundle/docs/core/subagents.md`), and checked by
running `gemini skills list` offline (benchmarks/oracles/gemini_oracle.py).
"""

from __future__ import annotations

from agent_lsp.core.catalogue_model import DialectCatalogue, Field, Kind, Value, make_catalogue
from agent_lsp.core.dialects import Dialect

GEMINI_CLI_VERSION = "0.61.0"
"""The Gemini CLI release whose loaders these facts were checked against."""

_AGENT_SOURCE = "Gemini CLI 0.61.0 bundle, packages/core/src/agents/agentLoader.ts (localAgentSchema)"
_REMOTE_SOURCE = "Gemini CLI 0.61.0 bundle, packages/core/src/agents/agentLoader.ts (remoteAgentUrlSchema, remoteAgentJsonSchema)"
_SKILL_SOURCE = "Gemini CLI 0.61.0 bundle, packages/core/src/skills/skillLoader.ts"
_TOOLS_SOURCE = "Gemini CLI 0.61.0 bundle, packages/core/src/tools/tool-names.ts (ALL_BUILTIN_TOOL_NAMES, isValidToolName)"

GEMINI_NAME_PATTERN = "^[a-z0-9-_]+$"
"""zod `nameSchema`: an agent's name must match this ("Name must be a valid slug")."""
GEMINI_DEFAULT_MAX_TURNS = "30"
GEMINI_DEFAULT_TIMEOUT_MINS = "10"

GEMINI_TOOLS: tuple[Value, ...] = (
    Value("glob", "Find files by glob pattern (FindFiles)."),
    Value("write_todos", "Keep a to-do list for the task."),
    Value("write_file", "Write a file (WriteFile)."),
    Value("google_web_search", "Search the web with Google Search (GoogleSearch)."),
    Value("web_fetch", "Fetch and read web pages (WebFetch)."),
    Value("replace", "Edit a file by replacing text (Edit)."),
    Value("run_shell_command", "Run a shell command (Shell)."),
    Value("grep_search", "Search file contents (SearchText); `search_file_content` is its legacy name."),
    Value("read_many_files", "Read several files at once (ReadManyFiles)."),
    Value("read_file", "Read one file (ReadFile)."),
    Value("list_directory", "List a folder (ReadFolder)."),
    Value("activate_skill", "Activate an Agent Skill."),
    Value("ask_user", "Ask the user a question."),
    Value("tracker_create_task", "Task tracker: create a task."),
    Value("tracker_update_task", "Task tracker: update a task."),
    Value("tracker_get_task", "Task tracker: read a task."),
    Value("tracker_list_tasks", "Task tracker: list tasks."),
    Value("tracker_add_dependency", "Task tracker: add a dependency between tasks."),
    Value("tracker_visualize", "Task tracker: show the task graph."),
    Value("get_internal_docs", "Read Gemini CLI's own documentation."),
    Value("enter_plan_mode", "Enter plan mode."),
    Value("exit_plan_mode", "Leave plan mode."),
    Value("update_topic", "Update the conversation topic."),
    Value("complete_task", "Mark the task complete."),
    Value("invoke_agent", "Invoke another agent (subagents cannot call subagents)."),
    Value("read_mcp_resource", "Read an MCP resource."),
    Value("list_mcp_resources", "List MCP resources."),
    Value("search_file_content", "Legacy name of `grep_search` (still accepted)."),
    Value("*", "Every built-in and discovered tool (wildcard)."),
    Value("mcp_*", "Every tool of every MCP server (wildcard)."),
)
"""The names `tools:` accepts as written: the built-in tools, the legacy alias and the two bare wildcards."""
GEMINI_TOOL_FOR_CLAUDE_TOOL: dict[str, str] = {
    "Read": "read_file", "Write": "write_file", "Edit": "replace", "MultiEdit": "replace", "Glob": "glob",
    "Grep": "grep_search", "LS": "list_directory", "Bash": "run_shell_command", "WebFetch": "web_fetch",
    "WebSearch": "google_web_search", "TodoWrite": "write_todos", "Skill": "activate_skill",
    "AskUserQuestion": "ask_user",
}
"""The Gemini CLI tool closest to each Claude Code tool (by what the tools do, from their descriptions in both
tools; a guess, so fixes using it are unsafe). Claude Code tools missing here have no Gemini CLI counterpart."""
GEMINI_BUILTIN_AGENTS: tuple[Value, ...] = (
    Value("codebase_investigator", "Gemini CLI's built-in agent that explores a codebase."),
    Value("cli_help", "Gemini CLI's built-in agent that answers questions about Gemini CLI."),
    Value("generalist", "Gemini CLI's built-in general-purpose agent."),
)
"""Built-in agents, registered first: an agent of the same name is ignored ("Duplicate agent name ...").
(`browser_agent` too when the browser agent is enabled in the settings; it is off by default.)"""
GEMINI_DISCOVERED_TOOL_PREFIX = "discovered_tool_"
"""Any name with this prefix is a valid tool name (tools discovered by the project's discovery command)."""
GEMINI_MCP_TOOL_PREFIX = "mcp_"
"""`mcp_<server>_<tool>` names an MCP tool; `<tool>` may be `*` (all of a server's tools)."""
GEMINI_MCP_SLUG = "^[a-z0-9_.:-]+$"
"""Server and tool names inside an MCP tool name must match this (case-insensitive)."""

_TOOLS_DOC = ("The tools this agent may use, as a YAML list of names (a comma-separated string is refused: "
              "`tools: Expected array, received string`). Every name must be a built-in tool, "
              "`discovered_tool_<name>`, `mcp_<server>_<tool>`, or a wildcard (`*`, `mcp_*`, "
              "`mcp_<server>_*`); Claude Code names such as `Read` are refused (`Invalid tool name`). "
              "If omitted, the agent inherits all tools of the parent session.")

_KIND = Field("kind", Kind.ENUM, "`local` (the default: the body is the system prompt) or `remote` (an A2A agent "
              "reached through `agent_card_url` or `agent_card_json`).",
              values=(Value("local", "A local subagent; the Markdown body is its system prompt."),
                      Value("remote", "A remote (A2A) agent, described by its agent card.")),
              default="local", source=_AGENT_SOURCE)
_NAME = Field("name", Kind.STRING, "Unique identifier (slug) of the agent, used as its tool name: only lowercase "
              "letters, digits, `-` and `_`. Anything else is refused (`Name must be a valid slug`).",
              required=True, pattern=GEMINI_NAME_PATTERN, non_empty=True, source=_AGENT_SOURCE,
              invalid="a missing or non-slug name: the agent is not loaded")
_DESCRIPTION = Field("description", Kind.STRING, "What the agent does; the main agent reads it to decide when to "
                     "call this subagent. Required and non-empty for local agents.", required=True, non_empty=True,
                     source=_AGENT_SOURCE, invalid="missing, empty or not a string: the agent is not loaded")
_DISPLAY_NAME = Field("display_name", Kind.STRING, "The name shown to the user.", source=_AGENT_SOURCE)

GEMINI_LOCAL_AGENT_FIELDS: tuple[Field, ...] = (
    _KIND, _NAME, _DESCRIPTION, _DISPLAY_NAME,
    Field("tools", Kind.TOOL_LIST, _TOOLS_DOC, values=GEMINI_TOOLS, default="all tools of the parent session",
          snippet="\n  - ${1:read_file}", source=_TOOLS_SOURCE,
          invalid="a string instead of a list, or an unknown name: the agent is not loaded"),
    Field("mcp_servers", Kind.MAP, "MCP servers isolated to this agent: a map from server name to its config "
          "(`command`, `args`, `env`, `cwd`, `url`, `http_url`, `headers`, `tcp`, `type: sse|http`, `timeout`, "
          "`trust`, `description`, `include_tools`, `exclude_tools`, `auth`). The docs say `mcpServers`, but "
          "the loader accepts only `mcp_servers`.", source=_AGENT_SOURCE),
    Field("model", Kind.MODEL, "The Gemini model this agent uses (e.g. `gemini-3-flash-preview`); `inherit` uses the "
          "main session's model.", values=(Value("inherit", "The main session's model (the default)."),),
          default="inherit", source=_AGENT_SOURCE),
    Field("temperature", Kind.NUMBER, "Model temperature (0.0 - 2.0).", default="1", source=_AGENT_SOURCE),
    Field("max_turns", Kind.POSITIVE_INT, "Maximum conversation turns before the agent must return.",
          default=GEMINI_DEFAULT_MAX_TURNS, source=_AGENT_SOURCE),
    Field("timeout_mins", Kind.POSITIVE_INT, "Maximum execution time in minutes.",
          default=GEMINI_DEFAULT_TIMEOUT_MINS, source=_AGENT_SOURCE),
)
"""The keys of a local agent (zod `localAgentSchema.strict()`: any other key refuses the agent)."""

GEMINI_REMOTE_AGENT_FIELDS: tuple[Field, ...] = (
    _KIND, _NAME,
    Field("description", Kind.STRING, "What the remote agent does (optional for remote agents).",
          source=_REMOTE_SOURCE),
    _DISPLAY_NAME,
    Field("auth", Kind.MAP, "Remote agents only: how to authenticate, `type: apiKey|http|google-credentials|oauth` "
          "and that type's keys.", source=_REMOTE_SOURCE),
    Field("agent_card_url", Kind.STRING, "Remote agents only: the URL of the A2A agent card (or give "
          "`agent_card_json`).", source=_REMOTE_SOURCE),
    Field("agent_card_json", Kind.STRING, "Remote agents only: the agent card itself, as a JSON string.",
          source=_REMOTE_SOURCE),
)
"""The keys of a remote agent (zod `remoteAgentUrlSchema` / `remoteAgentJsonSchema`, both `.strict()`)."""

GEMINI_AGENT_FIELDS: tuple[Field, ...] = GEMINI_LOCAL_AGENT_FIELDS + tuple(
    spec for spec in GEMINI_REMOTE_AGENT_FIELDS if spec.key not in {f.key for f in GEMINI_LOCAL_AGENT_FIELDS})

GEMINI_SKILL_FIELDS: tuple[Field, ...] = (
    Field("name", Kind.STRING, "The skill's name. Gemini CLI replaces each of `: \\ / < > * ? \" |` with `-`; "
          "a skill without a name is skipped silently.", required=True, source=_SKILL_SOURCE),
    Field("description", Kind.STRING, "What the skill does and when to use it. A skill without a description "
          "is skipped silently.", required=True, source=_SKILL_SOURCE),
)
"""Gemini CLI keeps only `name` and `description` of a SKILL.md; other keys are ignored."""
GEMINI_SKILL_NAME_REPLACED = ':\\/<>*?"|'
"""The characters Gemini CLI replaces with `-` in a skill's name."""

CATALOGUES: dict[Dialect, DialectCatalogue] = {
    Dialect.GEMINI_AGENT: make_catalogue(Dialect.GEMINI_AGENT, "Gemini CLI subagent", GEMINI_AGENT_FIELDS),
    Dialect.GEMINI_SKILL: make_catalogue(Dialect.GEMINI_SKILL, "Gemini CLI skill (SKILL.md)", GEMINI_SKILL_FIELDS),
}
