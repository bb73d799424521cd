"""The rule registry: every finding's stable code, name, default severity, documentation and fix safety.

`agent-lsp rule CODE`, hover on a diagnostic code and docs/rules.md all render `Rule.markdown()`, so the
text lives here once. Codes are never reused.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent_lsp.core.dialects import Dialect
from agent_lsp.core.findings import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFORMATION
AGENTS = (Dialect.AGENT, Dialect.PLUGIN_AGENT)
ALL = tuple(Dialect)
SKILLISH = (Dialect.SKILL, Dialect.COMMAND)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    example: str
    fix: str
    """`safe`, `unsafe`, `safe/unsafe` or `none`: the applicability of the fixes the rule carries."""
    dialects: tuple[Dialect, ...]
    fix_note: str = ""

    def markdown(self) -> str:
        """Render the rule's documentation (shared by the CLI, hover and the generated docs)."""
        dialects = ", ".join(d.value for d in self.dialects)
        fix = {"none": "No automatic fix.", "safe": "A safe fix is available.",
               "unsafe": "An unsafe fix is available (review it before applying).",
               "safe/unsafe": "Safe and unsafe fixes are available, depending on the case."}[self.fix]
        parts = [
            f"# {self.code} {self.name}",
            f"Default severity: **{self.severity.label}**. Applies to: {dialects}.",
            "## What it does",
            self.summary,
            "## Why it matters",
            self.why,
            "## Example",
            f"```markdown\n{self.example.rstrip()}\n```",
            "## Fix",
            f"{fix} {self.fix_note}".rstrip(),
        ]
        return "\n\n".join(parts) + "\n"


_RULES: tuple[Rule, ...] = (
    # ------------------------------------------------------------------ frontmatter and YAML
    Rule("FM001", "not-an-agent-file", I,
         "Notes that Claude Code ignores this Markdown file in an agents folder because it has no frontmatter.",
         "Claude Code treats every `.md` file in `.claude/agents/` as a candidate agent and silently skips files "
         "without frontmatter. That is fine for notes kept beside the agents, but it is also what happens when the "
         "frontmatter was forgotten.",
         "# Notes about our agents\nThis folder holds...", "none", AGENTS),
    Rule("FM002", "blank-line-before-frontmatter", W,
         "Flags frontmatter that does not start on the first line.",
         "Claude Code only recognises frontmatter when the file starts with `---` (a byte-order mark is fine). A blank "
         "line first means no frontmatter at all: the file is silently ignored as an agent, and a command or skill "
         "loses its settings. In an agent file whose frontmatter holds agent keys this is the error AG008.",
         "\n---\nname: reviewer\ndescription: Reviews code\n---", "safe", ALL, "The fix deletes the leading blank lines."),
    Rule("FM003", "unclosed-frontmatter", W,
         "Flags a file that starts with `---` but never closes the block with another `---`.",
         "Without a closing `---` Claude Code finds no frontmatter and reads the whole file as body. In an agent "
         "file whose frontmatter holds agent keys this is the error AG008.",
         "---\nname: reviewer\ndescription: Reviews code\n\nYou review code.", "none", ALL),
    Rule("FM004", "dashes-end-frontmatter", W,
         "Flags `---` inside a frontmatter line: Claude Code ends the frontmatter there, mid-line.",
         "Claude Code's frontmatter pattern stops at the first `---` anywhere, even inside a value. The rest of that "
         "line and every key after it become body text, so they are silently lost. Quoting does not help.",
         "---\nname: splitter\ndescription: Splits work --- then merges\nmodel: haiku\n---", "unsafe",
         ALL, "The fix replaces the `---` with an em dash.",),
    Rule("FM005", "yaml-unparseable", E,
         "Reports frontmatter that Claude Code cannot parse even with its one-line retry; the agent is not loaded.",
         "Claude Code parses frontmatter as YAML and, when that fails, retries once after quoting single-line "
         "`key: value` entries. Multi-line values whose continuation lines contain `: ` (such as `Context:` lines of "
         "`<example>` blocks), values like `\"Use \"foo\" here\"`, and any value that needs the retry in a file with "
         "CRLF line endings still fail, and the agent silently disappears (only the debug log says so).",
         "---\nname: reviewer\ndescription: Use this agent when reviewing. Examples:\n<example>\nContext: A PR\n"
         "</example>\n---", "safe/unsafe", (Dialect.AGENT,),
         "For CRLF files, converting to LF is safe. Rewriting a value as a `|-` block scalar is offered as unsafe "
         "when it keeps line breaks that YAML would have folded."),
    Rule("FM006", "yaml-unparseable-tolerated", W,
         "Reports frontmatter Claude Code cannot parse in a plugin agent, skill or command, which load anyway "
         "without their metadata.",
         "A plugin agent with broken frontmatter loads under its file name with the placeholder description "
         "\"Agent from <plugin> plugin\", so Claude never routes work to it. A skill or command loads with empty "
         "metadata: its description becomes the first paragraph of the body and every other field is lost.",
         "---\nname: deploy\ndescription: Deploys. Examples:\n<example>\nContext: x\n</example>\n---",
         "safe/unsafe", (Dialect.PLUGIN_AGENT, Dialect.SKILL, Dialect.COMMAND)),
    Rule("FM007", "strict-yaml-invalid", I,
         "Notes frontmatter that only loads thanks to Claude Code's lenient retry: strict YAML tools reject it.",
         "Claude Code quotes single-line values containing `: `, `#`, `*`, `@`, backticks and similar before "
         "re-parsing, so these files work in Claude Code. GitHub Copilot CLI, OpenCode, PyYAML and agentskills.io "
         "validators parse strictly and reject them. A `|-` block scalar keeps the exact text for Claude Code and "
         "is valid everywhere.",
         "---\nname: backend\ndescription: Use for API work. Example: \"build an endpoint\"\n---", "safe/unsafe", ALL,
         "The fix rewrites the value as a `|-` block scalar holding exactly the text Claude Code reads; while "
         "another line still needs the retry (which would quote the `|-`), it double-quotes the value instead. "
         "It is unsafe when the fixed frontmatter no longer needs the retry and another value then reads "
         "differently (`tools: {Read: true}`, which the retry quoted, becomes a map)."),
    Rule("FM008", "crlf-line-endings", I,
         "Notes frontmatter with CRLF line endings.",
         "Claude Code's retry only matches lines ending in `\\n`; in a CRLF file, any value that needs the retry "
         "makes the whole frontmatter fail. The file loads today, but one colon in a description will drop it.",
         "---\\r\\nname: reviewer\\r\\n...", "safe", ALL, "The fix converts the file to LF line endings."),
    Rule("FM009", "frontmatter-not-a-map", W,
         "Flags frontmatter that parses to a list or a single string instead of `key: value` pairs.",
         "Claude Code needs a map; anything else counts as no frontmatter, so an agent is silently ignored.",
         "---\n- name: reviewer\n- description: Reviews code\n---", "none", ALL),
    Rule("FM010", "value-cut-at-hash", W,
         "Flags an unquoted value that YAML cuts at ` #` (the rest of the line is a comment).",
         "In YAML, ` #` starts a comment, so `description: Handles issue #42 and C# code` is read as `Handles issue`. "
         "Claude Code silently uses the truncated text.",
         "---\nname: triage\ndescription: Handles issue #42 and C# code\n---", "unsafe", ALL,
         "The fix quotes the whole line's value, which changes what Claude Code reads (to what was written)."),
    Rule("FM011", "anchor-dropped", W,
         "Flags a value that starts with `&name`: YAML reads it as an anchor and drops it from the text.",
         "`description: &d Anchored text` is read as `Anchored text`; the `&d` silently disappears.",
         "---\nname: anchor\ndescription: &d Anchored description\n---", "unsafe", ALL),
    Rule("FM012", "tag-dropped", W,
         "Flags a value that starts with `!word`: YAML reads it as a tag and drops it from the text.",
         "`description: !important thing` is read by Claude Code as `thing`.",
         "---\nname: bang\ndescription: !important Use this agent first\n---", "unsafe", ALL),
    Rule("FM013", "duplicate-key", W,
         "Flags a key written twice; reported at the later one.",
         "Claude Code keeps the last value and silently drops the earlier one; strict YAML parsers reject "
         "duplicate keys outright.",
         "---\nname: dup\ndescription: first\ndescription: second\n---", "unsafe", ALL,
         "The fix deletes the earlier entry, which Claude Code already ignores."),
    Rule("FM014", "unsafe-yaml-tag", W,
         "Flags host-language YAML tags such as `!!python/object/apply:os.system`.",
         "Such tags ask some YAML loaders to run code. agent-lsp never constructs them; Claude Code ignores the tag and "
         "reads the raw value (often a list, which breaks the field).",
         "---\nname: tagged\ndescription: !!python/object/apply:os.system [\"echo\"]\n---", "none", ALL),
    Rule("FM015", "alias-bomb", W,
         "Flags a value whose YAML aliases expand to an enormous structure (a \"billion laughs\" bomb).",
         "Expanding it would take unbounded memory in tools that copy values. agent-lsp does not expand it and "
         "does not check that value.",
         "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n...", "none", ALL),
    Rule("FM016", "nesting-too-deep", W,
         "Flags frontmatter nested so deeply, or so large, that agent-lsp does not analyse it.",
         "Deeply nested YAML crashes or stalls some parsers; Claude Code's own untrusted mode refuses more than 256 "
         "levels. Nothing in agent frontmatter needs more than a few. Frontmatter of more than 20,000 values or "
         "a million characters would take seconds and hundreds of megabytes to check; real frontmatter holds a "
         "few dozen values.",
         "---\nx: [[[[[[[[[[...]]]]]]]]]]\n---", "none", ALL),
    Rule("FM017", "invalid-utf8", W,
         "Flags bytes that are not valid UTF-8.",
         "Claude Code decodes files as UTF-8; invalid bytes become replacement characters (�) in the text the "
         "model sees.",
         "description: caf\\xe9", "none", ALL),
    Rule("FM018", "mojibake", W,
         "Flags text that looks like UTF-8 decoded as Windows-1252 (`ðŸ“‹` for 📋, `â€™` for ’).",
         "The garbled characters reach the model as they are and waste tokens.",
         "description: ðŸ“‹ Plans work", "unsafe", ALL, "The fix replaces the garbled run with the decoded text."),
    # ------------------------------------------------------------------ keys and values
    Rule("KY001", "unknown-key", W,
         "Flags a frontmatter key this dialect does not have, with a did-you-mean suggestion.",
         "Claude Code ignores unknown keys (for agents it logs a warning only in the debug log). Keys from other "
         "tools (`mode`, `temperature` from OpenCode, `allowed-tools` from skills) do nothing in a Claude Code agent.",
         "---\nname: reviewer\ndescription: Reviews code\nallowed-tools: Read\n---", "unsafe", ALL,
         "The fix renames the key to the suggestion."),
    Rule("KY002", "invalid-value", W,
         "Flags a value outside the field's allowed set (an unknown `color`, `permissionMode`, `memory`, "
         "`effort`, `isolation`, a non-positive `maxTurns`, a non-boolean flag, an empty `initialPrompt`...).",
         "Claude Code drops the field (with at most a debug-log line) and uses the default. `color: magenta` is "
         "silently ignored; `permissionMode: Plan` is case-sensitive and ignored.",
         "---\nname: reviewer\ndescription: Reviews code\ncolor: magenta\n---", "unsafe", ALL,
         "The fix replaces the value with the closest allowed one."),
    Rule("KY003", "wrong-type", W,
         "Flags a value of the wrong YAML type (a list where a string is expected, a map where a list is...).",
         "Claude Code ignores values of the wrong type.",
         "---\nname: reviewer\ndescription: Reviews code\nmodel: [sonnet]\n---", "none", ALL),
    Rule("KY004", "literal-backslash-n", I,
         "Notes a literal `\\n` in a skill or command description.",
         "Claude Code turns `\\n` into a newline only in agent descriptions. In skills and commands the two "
         "characters reach the model as they are.",
         "---\ndescription: Deploys the app.\\nUse after merging.\n---", "none", SKILLISH),
    Rule("KY005", "ignored-key", W,
         "Flags a key Claude Code ignores in this kind of file (plugin agents ignore `permissionMode`, `hooks`, "
         "`mcpServers`, `initialPrompt`, observers; commands ignore `name` and `paths`).",
         "The setting looks active but has no effect.",
         "---\nname: security\ndescription: Security review\npermissionMode: plan\n---", "none", ALL),
    Rule("KY006", "unknown-model", W,
         "Flags a `model` that is not an alias, `inherit` or a Claude model id.",
         "Claude Code does not validate `model` when loading: the string is sent to the API as it is, so `gpt-4` or "
         "`Sonnet` (aliases are case-sensitive) fail when the agent is spawned.",
         "---\nname: reviewer\ndescription: Reviews code\nmodel: gpt-4\n---", "unsafe", ALL),
    Rule("KY007", "hint-read-as-list", W,
         "Flags an `argument-hint` such as `[env]` that YAML reads as a list.",
         "Claude Code turns the list back into text but loses the brackets: `argument-hint: [env]` is shown as "
         "`env` while typing the command. Quoting the value shows it as written.",
         "---\ndescription: Deploys\nargument-hint: [env]\n---", "unsafe", SKILLISH,
         "The fix quotes the value, which changes the hint Claude Code shows (to what was written)."),
    # ------------------------------------------------------------------ agents
    Rule("AG001", "missing-name", I,
         "Notes that Claude Code ignores this Markdown file in an agents folder: its frontmatter has no `name` and "
         "no agent keys, so it reads as documentation.",
         "An agent needs a string `name`; without one Claude Code skips the file without a word. Notes kept in the "
         "agents folder are fine. When the frontmatter holds agent keys (`description`, `tools`, `model`...), the "
         "missing name is reported as the error AG008 instead.",
         "---\ntitle: Release plan\nstatus: draft\n---", "unsafe", (Dialect.AGENT,),
         "The fix adds `name:` from the file name."),
    Rule("AG002", "name-not-a-string", E,
         "Reports a `name` that YAML reads as a number, boolean or list: Claude Code does not load the agent.",
         "`name: 12345` or `name: true` is not a string, so Claude Code treats the name as missing and ignores "
         "the agent without a word (only its debug log mentions it). Quoting keeps the text as a string.",
         "---\nname: 12345\ndescription: Numeric name\n---", "safe/unsafe", (Dialect.AGENT,),
         "The fix quotes the name, keeping its text. Claude Code then loads an agent it ignored, so the agent's "
         "other fields start to count: when they have errors or warnings (a missing description), the fix is "
         "offered as unsafe."),
    Rule("AG003", "name-rejected", E,
         "Reports a name Claude Code refuses: starting with `-`, containing `:` (also after Unicode normalisation), "
         "or longer than 256 characters.",
         "Claude Code logs an error and does not load the agent.",
         "---\nname: my:agent\ndescription: Name has a colon\n---", "unsafe", (Dialect.AGENT,)),
    Rule("AG004", "name-style", I,
         "Notes a name that is not lowercase letters, digits and hyphens.",
         "Claude Code accepts it, but the documentation asks for lowercase and hyphens, and names are typed in "
         "`@agent-<name>` mentions, permission rules and hook matchers.",
         "---\nname: Code_Reviewer\n---", "unsafe", AGENTS),
    Rule("AG005", "description-missing", E,
         "Reports an agent without a usable `description` (missing, empty, or not a string).",
         "Claude Code refuses to load an agent without a description: it is how Claude decides when to delegate.",
         "---\nname: reviewer\n---", "none", (Dialect.AGENT,)),
    Rule("AG006", "plugin-agent-placeholder", W,
         "Flags a plugin agent that loads with a placeholder description (no frontmatter, or no description).",
         "Plugin agents load even without metadata, under the file name and the description \"Agent from <plugin> "
         "plugin\", so Claude never knows when to use them.",
         "# Security reviewer\nReviews code.", "none", (Dialect.PLUGIN_AGENT,)),
    Rule("AG007", "shadows-builtin-agent", I,
         "Notes an agent named like a built-in agent (`Explore`, `Plan`, `general-purpose`...).",
         "A project or user agent with a built-in's name replaces the built-in one.",
         "---\nname: Explore\ndescription: My explorer\n---", "none", AGENTS),
    Rule("AG008", "agent-silently-ignored", E,
         "Reports a file that is plainly meant to be an agent (its frontmatter holds agent keys such as "
         "`description`, `tools` or `model`) but that Claude Code ignores without a word: no `name`, a blank line "
         "before the opening `---`, frontmatter that is never closed, or keys written as a list (`- name: x`).",
         "Claude Code logs nothing when it skips such a file: the agent simply does not exist, and nothing says "
         "why. Markdown kept beside the agents (no frontmatter, or frontmatter without agent keys) only gets the "
         "quiet notes FM001 and AG001.",
         "---\ndescription: Reviews code\ntools: Read, Grep\n---", "safe/unsafe", (Dialect.AGENT,),
         "Adding `name:` from the file name is offered as unsafe; deleting blank lines before `---` is safe."),
    # ------------------------------------------------------------------ tools
    Rule("TL001", "zero-tools", W,
         "Flags `tools` written so the agent gets no tools: empty, `[]`, `true`/`false`, or a map.",
         "Claude Code gives such an agent zero tools, while its roster misleadingly says \"All tools\". OpenCode-style "
         "`tools: {write: false}` maps are the usual cause. Omit `tools` to allow every tool.",
         "---\nname: reviewer\ndescription: Reviews code\ntools:\n  write: false\n---", "unsafe", AGENTS,
         "The fix removes the `tools` entry (all tools)."),
    Rule("TL002", "unknown-tool", W,
         "Flags a tool name that is not a Claude Code tool, with a did-you-mean suggestion.",
         "Unknown entries are silently dropped when the agent is spawned. Names are case-sensitive.",
         "---\nname: reviewer\ndescription: Reviews code\ntools: Read, Grpe\n---", "unsafe", ALL),
    Rule("TL003", "no-tool-resolves", W,
         "Flags a `tools` list in which no entry is a known tool.",
         "Claude Code loads the agent, but since 2.1.208 refuses to spawn an agent whose tools all fail to resolve "
         "(\"would be spawned with zero tools\"). Lists written for other tools (GitHub Copilot's `codebase`, "
         "`editFiles`...) are the usual cause.",
         "---\nname: reviewer\ndescription: Reviews code\ntools: read, grep\n---", "unsafe", AGENTS),
    Rule("TL004", "legacy-tool-name", I,
         "Notes an old tool name that Claude Code still maps to a new one (`Task` -> `Agent`).",
         "It works today; the new name is what the documentation and newer tools use.",
         "tools: Task, Read", "safe", ALL, "The fix renames the tool."),
    Rule("TL005", "specifier-not-enforced", W,
         "Flags a permission specifier such as `Bash(git log:*)` in an agent's `tools`.",
         "The specifier is accepted but not enforced in agent `tools`: `Bash(git log:*)` grants unrestricted Bash. "
         "Use permission rules in settings, or a hook, to restrict commands.",
         "tools: Read, Bash(git log:*)", "none", AGENTS),
    Rule("TL006", "non-string-list-item", W,
         "Flags list items that are not strings (numbers, maps) in `tools`, `skills` and similar lists.",
         "Claude Code silently drops them.",
         "tools:\n  - Read\n  - 5", "none", ALL),
    Rule("TL007", "unknown-mcp-tool", W,
         "Flags an `mcp__server__tool` entry naming a server that neither the workspace's `.mcp.json`, the user's "
         "Claude Code config nor the agent's own `mcpServers` defines, or with an empty tool name (`mcp__github__`).",
         "Claude Code resolves MCP tools against the servers configured when the agent is spawned; an entry for a "
         "server that does not exist, or for a tool without a name, matches nothing and is silently dropped. "
         "Servers from plugins (`plugin_…`) and claude.ai connectors (`claude_ai_…`) are not checked.",
         "tools: Read, mcp__githb__create_issue", "unsafe", ALL, "The fix renames the server to the closest known one."),
    # ------------------------------------------------------------------ hooks
    Rule("HK001", "hooks-refused", E,
         "Reports `hooks` that make Claude Code refuse the agent: not a map, or a broken `PreToolUse` / "
         "`PermissionRequest` entry.",
         "A PreToolUse or PermissionRequest hook may be what guards the agent's permissions, so Claude Code 2.1.330 "
         "refuses the whole agent when one cannot be loaded.",
         "hooks:\n  PreToolUse: \"echo hi\"", "none", (Dialect.AGENT,)),
    Rule("HK002", "hook-entry-dropped", W,
         "Flags a hook entry Claude Code drops: an unknown event, or a broken entry for an event other than "
         "PreToolUse/PermissionRequest.",
         "Claude Code logs a warning and ignores the entry; the hook never runs.",
         "hooks:\n  Stop: \"echo done\"", "none", ALL),
    Rule("HK003", "hook-outside-hooks", E,
         "Reports hook declarations outside the top-level `hooks:` map: a `PreToolUse:` or `PermissionRequest:` "
         "key anywhere else, or a `hooks:` key holding a list (a matcher entry) nested in another field.",
         "Claude Code 2.1.330 treats such entries as PreToolUse/PermissionRequest hooks declared at the top level and "
         "refuses the whole agent, because a hook it cannot load may be what guards its permissions. This also "
         "catches bookkeeping fields such as `related: {hooks: [my-hook]}`. Nest real hooks under `hooks:`; rename "
         "other keys.",
         "---\nname: checker\ndescription: Checks\nPreToolUse:\n  - matcher: Bash\n---", "none", (Dialect.AGENT,)),
    Rule("HK004", "matcher-is-permission-rule", W,
         "Flags a hook `matcher` written as a permission rule, such as `Bash(git:*)`.",
         "Hook matchers are tool-name patterns (`Bash`, `Edit|Write`, `mcp__github__.*`). A permission rule matches "
         "no tool name, so Claude Code loads the hook but never runs it. Match the tool and put the rule in the "
         "handler's `if:` field to filter by command or path.",
         "hooks:\n  PreToolUse:\n    - matcher: Bash(git:*)\n      hooks:\n        - type: command\n"
         "          command: ./check.sh", "unsafe", ALL, "The fix matches the tool name alone."),
    # ------------------------------------------------------------------ skills and commands
    Rule("SK001", "skill-name-format", I,
         "Notes a skill name that agentskills.io and claude.ai would reject: not lowercase letters, digits and "
         "hyphens, a leading, trailing or double hyphen, more than 64 characters, or containing \"anthropic\" or "
         "\"claude\".",
         "Claude Code accepts it, but the skill cannot be uploaded or shared through the open standard.",
         "---\nname: My_Skill\n---", "none", (Dialect.SKILL,)),
    Rule("SK002", "skill-name-not-directory", I,
         "Notes a skill whose `name` differs from its directory.",
         "For personal and project skills the command is always the directory name; `name` only changes the "
         "display name. agentskills.io requires them to match.",
         "skills/deploy/SKILL.md:\n---\nname: deployer\n---", "unsafe", (Dialect.SKILL,)),
    Rule("SK003", "skill-description-missing", I,
         "Notes a skill or command without `description`.",
         "Claude Code falls back to the first paragraph of the body, which is rarely a good routing description; "
         "portable validators require a description.",
         "---\nname: deploy\n---", "none", SKILLISH),
    Rule("SK004", "description-too-long", I,
         "Notes descriptions over the limits: 1,024 characters for portable skills, 1,536 characters for "
         "`description` plus `when_to_use` in Claude Code's skill listing.",
         "Claude Code cuts the listing text at 1,536 characters; portable validators reject more than 1,024.",
         "description: <2,000 characters>", "none", SKILLISH),
    Rule("SK005", "non-portable-skill-key", I,
         "Notes SKILL.md keys outside the portable set (`name`, `description`, `license`, `compatibility`, "
         "`metadata`, `allowed-tools`).",
         "Claude Code understands them; claude.ai uploads and the Skills API reject the file with \"Unexpected key(s) "
         "in SKILL.md frontmatter\".",
         "---\nname: deploy\ndescription: Deploys\ncontext: fork\n---", "none", (Dialect.SKILL,)),
    Rule("SK006", "skill-field-limit", I,
         "Notes portable-standard limits: `compatibility` over 500 characters, `<` or `>` in a skill description.",
         "Anthropic's skill validators reject them.",
         "description: Use for <xml> files", "none", (Dialect.SKILL,)),
    # ------------------------------------------------------------------ the file system (reported by `agent-lsp check`)
    Rule("IO001", "file-not-read", E,
         "Reports a file `agent-lsp check` could not read (permissions, a FIFO or device given by name, an I/O "
         "error).",
         "An unchecked file must not pass CI silently: it counts like any error towards the exit status.",
         "agent-lsp check .claude/agents/locked.md   (mode 000)", "none", ALL),
    Rule("IO002", "file-not-written", E,
         "Reports a file `agent-lsp check --fix` fixed but could not write: read-only, changed on disk while it "
         "was being fixed, larger than the 16 MiB read limit, or a write that failed.",
         "The fixes were not applied, and the file's findings above are what it still holds; a change made "
         "meanwhile is never overwritten.",
         "agent-lsp check --fix .claude/agents/readonly.md   (mode 444)", "none", ALL),
    # ------------------------------------------------------------------ workspace
    Rule("WS001", "unknown-skill", W,
         "Flags a `skills:` entry that matches no skill in the workspace, the user's skills folder, plugins or "
         "Claude Code's bundled skills.",
         "Claude Code skips missing skills when spawning the agent, with only a debug message.",
         "skills: api-desing", "unsafe", AGENTS),
    Rule("WS002", "duplicate-agent-name", W,
         "Flags two agents with the same name in the same agents folder tree.",
         "Only one of them loads, chosen by file-system order; the other is silently ignored.",
         ".claude/agents/a.md and .claude/agents/sub/b.md both `name: reviewer`", "none", AGENTS),
    Rule("WS003", "unknown-agent-reference", W,
         "Flags `Agent(name)` in `tools` naming no agent in the workspace, the user's agents or the built-ins.",
         "The restriction lists agent types the main-thread agent may spawn; an unknown type is never available.",
         "tools: Agent(reviwer), Read", "unsafe", AGENTS),
)

REGISTRY: dict[str, Rule] = {rule.code: rule for rule in _RULES}

FILE_SYSTEM_CODES = frozenset({"IO001", "IO002"})
"""Reported by `agent-lsp check` about reading and writing files, never by the analysis of a text."""


def get_rule(code: str) -> Rule | None:
    return REGISTRY.get(code.upper())


def iter_rules() -> list[Rule]:
    return sorted(REGISTRY.values(), key=lambda rule: rule.code)


def rules_markdown() -> str:
    """Render every rule's documentation as one Markdown document (docs/rules.md)."""
    header = ("# agent-lsp rules\n\nGenerated from `agent_lsp/core/rules.py` by `agent-lsp rules --markdown`; "
              "do not edit by hand.\n\n| Code | Name | Severity | Fix |\n|---|---|---|---|\n")
    table = "".join(f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.severity.label} | {r.fix} |\n"
                    for r in iter_rules())
    body = "\n".join(rule.markdown().replace("# ", "## ", 1).replace("\n## ", "\n### ") for rule in iter_rules())
    return header + table + "\n" + body
