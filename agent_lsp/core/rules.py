"""The rule registry: every finding's stable code, name, default severity, documentation and fix safety.

Rules are written with keyword fields, and the fixes they carry with one typed `RuleFix` (as ruff's rule
registry does). `agent-lsp rule CODE`, hover on a diagnostic code and docs/rules.md all render `Rule.markdown()`, so the
text lives here once. Codes are never reused.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent_lsp.core.catalogue import (
    CLAUDE_CODE_VERSION, NAME_MAX_CHARS, PORTABLE_COMPATIBILITY_CHARS, PORTABLE_DESCRIPTION_CHARS, PORTABLE_SKILL_NAME_CHARS,
    SKILL_BODY_RECOMMENDED_LINES, SKILL_LISTING_CHARS,
)
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.findings import Applicability, Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFORMATION
AGENTS = (Dialect.AGENT, Dialect.PLUGIN_AGENT)
ALL = tuple(d for d in Dialect if d.tool is Tool.CLAUDE_CODE)
"""Every Claude Code dialect (the rules below are Claude Code's; other tools speak through loaders/)."""
SKILLISH = (Dialect.SKILL, Dialect.COMMAND)


@dataclass(frozen=True, slots=True)
class RuleFix:
    """The fixes a rule's findings carry: which applicabilities occur, and what the fixes do."""

    safe: bool = False
    unsafe: bool = False
    note: str = ""
    """What the fix changes, and when it is safe or not; rendered after the availability sentence."""

    @property
    def applicabilities(self) -> frozenset[Applicability]:
        return frozenset(kind for kind, offered in ((Applicability.SAFE, self.safe), (Applicability.UNSAFE, self.unsafe))
                         if offered)

    @property
    def label(self) -> str:
        """`safe`, `unsafe`, `safe/unsafe` or `none` (the CLI's JSON and the rules table)."""
        return "/".join(kind.value for kind in Applicability if kind in self.applicabilities) or "none"

    def sentence(self) -> str:
        availability = {"none": "No automatic fix.", "safe": "A safe fix is available.",
                        "unsafe": "An unsafe fix is available (review it before applying).",
                        "safe/unsafe": "Safe and unsafe fixes are available, depending on the case."}[self.label]
        return f"{availability} {self.note}".rstrip()


NO_FIX = RuleFix()


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    code: str
    name: str
    severity: Severity
    dialects: tuple[Dialect, ...]
    summary: str
    why: str
    example: str
    fixes: RuleFix = NO_FIX

    @property
    def fix(self) -> str:
        """The fixes' applicability as one word: `safe`, `unsafe`, `safe/unsafe` or `none`."""
        return self.fixes.label

    def markdown(self) -> str:
        """Render the rule's documentation (shared by the CLI, hover and the generated docs)."""
        dialects = ", ".join(d.value for d in self.dialects)
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
            self.fixes.sentence(),
        ]
        return "\n\n".join(parts) + "\n"


_CLAUDE_CODE_RULES: tuple[Rule, ...] = (
    # ------------------------------------------------------------------ frontmatter and YAML
    Rule(code="FM001", name="not-an-agent-file", severity=I, dialects=AGENTS,
         summary="Notes that Claude Code ignores this Markdown file in an agents folder because it has no frontmatter.",
         why="Claude Code treats every `.md` file in `.claude/agents/` as a candidate agent and silently skips files "
         "without frontmatter. That is fine for notes kept beside the agents, but it is also what happens when the "
         "frontmatter was forgotten.",
         example="# Notes about our agents\nThis folder holds...",
         fixes=NO_FIX),
    Rule(code="FM002", name="blank-line-before-frontmatter", severity=W, dialects=ALL,
         summary="Flags frontmatter that does not start on the first line.",
         why="Claude Code only recognises frontmatter when the file starts with `---` (a byte-order mark is fine). A blank "
         "line first means no frontmatter at all: the file is silently ignored as an agent, and a command or skill "
         "loses its settings. In an agent file whose frontmatter holds agent keys this is the error AG008.",
         example="\n---\nname: reviewer\ndescription: Reviews code\n---",
         fixes=RuleFix(safe=True, note=(
             "The fix deletes the leading blank lines."))),
    Rule(code="FM003", name="unclosed-frontmatter", severity=W, dialects=ALL,
         summary="Flags a file that starts with `---` but never closes the block with another `---`.",
         why="Without a closing `---` Claude Code finds no frontmatter and reads the whole file as body. In an agent "
         "file whose frontmatter holds agent keys this is the error AG008.",
         example="---\nname: reviewer\ndescription: Reviews code\n\nYou review code.",
         fixes=NO_FIX),
    Rule(code="FM004", name="dashes-end-frontmatter", severity=W, dialects=ALL,
         summary="Flags `---` inside a frontmatter line: Claude Code ends the frontmatter there, mid-line.",
         why="Claude Code's frontmatter pattern stops at the first `---` anywhere, even inside a value. The rest of that "
         "line and every key after it become body text, so they are silently lost. Quoting does not help.",
         example="---\nname: splitter\ndescription: Splits work --- then merges\nmodel: haiku\n---",
         fixes=RuleFix(unsafe=True, note=(
             "The fix replaces the `---` with an em dash."))),
    Rule(code="FM005", name="yaml-unparseable", severity=E, dialects=(Dialect.AGENT,),
         summary="Reports frontmatter that Claude Code cannot parse even with its one-line retry; the agent is not loaded.",
         why="Claude Code parses frontmatter as YAML and, when that fails, retries once after quoting single-line "
         "`key: value` entries. Multi-line values whose continuation lines contain `: ` (such as `Context:` lines of "
         "`<example>` blocks), values like `\"Use \"foo\" here\"`, and any value that needs the retry in a file with "
         "CRLF line endings still fail, and the agent silently disappears (only the debug log says so).",
         example="---\nname: reviewer\ndescription: Use this agent when reviewing. Examples:\n<example>\nContext: A PR\n"
         "</example>\n---",
         fixes=RuleFix(safe=True, unsafe=True, note=(
             "For CRLF files, converting to LF is safe. Rewriting a value as a `|-` block scalar is offered as unsafe "
         "when it keeps line breaks that YAML would have folded."))),
    Rule(code="FM006", name="yaml-unparseable-tolerated", severity=W, dialects=(Dialect.PLUGIN_AGENT, Dialect.SKILL, Dialect.COMMAND),
         summary="Reports frontmatter Claude Code cannot parse in a plugin agent, skill or command, which load anyway "
         "without their metadata.",
         why="A plugin agent with broken frontmatter loads under its file name with the placeholder description "
         "\"Agent from <plugin> plugin\", so Claude never routes work to it. A skill or command loads with empty "
         "metadata: its description becomes the first paragraph of the body and every other field is lost.",
         example="---\nname: deploy\ndescription: Deploys. Examples:\n<example>\nContext: x\n</example>\n---",
         fixes=RuleFix(safe=True, unsafe=True)),
    Rule(code="FM007", name="strict-yaml-invalid", severity=I, dialects=ALL,
         summary="Notes frontmatter that only loads thanks to Claude Code's lenient retry: strict YAML tools reject it.",
         why="Claude Code quotes single-line values containing `: `, `#`, `*`, `@`, backticks and similar before "
         "re-parsing, so these files work in Claude Code. GitHub Copilot CLI, OpenCode, PyYAML and agentskills.io "
         "validators parse strictly and reject them. A `|-` block scalar keeps the exact text for Claude Code and "
         "is valid everywhere. When the project uses a tool that reads this file and rejects it (Copilot CLI for "
         "`.claude/agents/`), that tool's own note (PT001, quoting its error) replaces this one and carries the fix.",
         example="---\nname: backend\ndescription: Use for API work. Example: \"build an endpoint\"\n---",
         fixes=RuleFix(safe=True, unsafe=True, note=(
             "The fix rewrites the value as a `|-` block scalar holding exactly the text Claude Code reads; while "
         "another line still needs the retry (which would quote the `|-`), it double-quotes the value instead. "
         "It is unsafe when the fixed frontmatter no longer needs the retry and another value then reads "
         "differently (`tools: {Read: true}`, which the retry quoted, becomes a map)."))),
    Rule(code="FM008", name="crlf-line-endings", severity=I, dialects=ALL,
         summary="Notes frontmatter with CRLF line endings.",
         why="Claude Code's retry only matches lines ending in `\\n`; in a CRLF file, any value that needs the retry "
         "makes the whole frontmatter fail. The file loads today, but one colon in a description will drop it.",
         example="---\\r\\nname: reviewer\\r\\n...",
         fixes=RuleFix(safe=True, note=(
             "The fix converts the file to LF line endings."))),
    Rule(code="FM009", name="frontmatter-not-a-map", severity=W, dialects=ALL,
         summary="Flags frontmatter that parses to a list or a single string instead of `key: value` pairs.",
         why="Claude Code needs a map; anything else counts as no frontmatter, so an agent is silently ignored.",
         example="---\n- name: reviewer\n- description: Reviews code\n---",
         fixes=NO_FIX),
    Rule(code="FM010", name="value-cut-at-hash", severity=W, dialects=ALL,
         summary="Flags an unquoted value that YAML cuts at ` #` (the rest of the line is a comment).",
         why="In YAML, ` #` starts a comment, so `description: Handles issue #42 and C# code` is read as `Handles issue`. "
         "Claude Code silently uses the truncated text.",
         example="---\nname: triage\ndescription: Handles issue #42 and C# code\n---",
         fixes=RuleFix(unsafe=True, note=(
             "The fix quotes the whole line's value, which changes what Claude Code reads (to what was written)."))),
    Rule(code="FM011", name="anchor-dropped", severity=W, dialects=ALL,
         summary="Flags a value that starts with `&name`: YAML reads it as an anchor and drops it from the text.",
         why="`description: &d Anchored text` is read as `Anchored text`; the `&d` silently disappears.",
         example="---\nname: anchor\ndescription: &d Anchored description\n---",
         fixes=RuleFix(unsafe=True)),
    Rule(code="FM012", name="tag-dropped", severity=W, dialects=ALL,
         summary="Flags a value that starts with `!word`: YAML reads it as a tag and drops it from the text.",
         why="`description: !important thing` is read by Claude Code as `thing`.",
         example="---\nname: bang\ndescription: !important Use this agent first\n---",
         fixes=RuleFix(unsafe=True)),
    Rule(code="FM013", name="duplicate-key", severity=W, dialects=ALL,
         summary="Flags a key written twice; reported at the later one.",
         why="Claude Code keeps the last value and silently drops the earlier one; strict YAML parsers reject "
         "duplicate keys outright.",
         example="---\nname: dup\ndescription: first\ndescription: second\n---",
         fixes=RuleFix(unsafe=True, note=(
             "The fix deletes the earlier entry, which Claude Code already ignores."))),
    Rule(code="FM014", name="unsafe-yaml-tag", severity=W, dialects=ALL,
         summary="Flags host-language YAML tags such as `!!python/object/apply:os.system`.",
         why="Such tags ask some YAML loaders to run code. agent-lsp never constructs them; Claude Code ignores the tag and "
         "reads the raw value (often a list, which breaks the field).",
         example="---\nname: tagged\ndescription: !!python/object/apply:os.system [\"echo\"]\n---",
         fixes=NO_FIX),
    Rule(code="FM015", name="alias-bomb", severity=W, dialects=ALL,
         summary="Flags a value whose YAML aliases expand to an enormous structure (a \"billion laughs\" bomb).",
         why="Expanding it would take unbounded memory in tools that copy values. agent-lsp does not expand it and "
         "does not check that value.",
         example="---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n...",
         fixes=NO_FIX),
    Rule(code="FM016", name="nesting-too-deep", severity=W, dialects=ALL,
         summary="Flags frontmatter nested so deeply, or so large, that agent-lsp does not analyse it.",
         why="Deeply nested YAML crashes or stalls some parsers; Claude Code's own untrusted mode refuses more than 256 "
         "levels. Nothing in agent frontmatter needs more than a few. Frontmatter of more than 20,000 values or "
         "a million characters would take seconds and hundreds of megabytes to check; real frontmatter holds a "
         "few dozen values.",
         example="---\nx: [[[[[[[[[[...]]]]]]]]]]\n---",
         fixes=NO_FIX),
    Rule(code="FM017", name="invalid-utf8", severity=W, dialects=ALL,
         summary="Flags bytes that are not valid UTF-8.",
         why="Claude Code decodes files as UTF-8; invalid bytes become replacement characters (�) in the text the "
         "model sees.",
         example="description: caf\\xe9",
         fixes=NO_FIX),
    Rule(code="FM018", name="mojibake", severity=W, dialects=ALL,
         summary="Flags text that looks like UTF-8 decoded as Windows-1252 (`ðŸ“‹` for 📋, `â€™` for ’).",
         why="The garbled characters reach the model as they are and waste tokens.",
         example="description: ðŸ“‹ Plans work",
         fixes=RuleFix(unsafe=True, note=(
             "The fix replaces the garbled run with the decoded text."))),
    # ------------------------------------------------------------------ keys and values
    Rule(code="KY001", name="unknown-key", severity=W, dialects=ALL,
         summary="Flags a frontmatter key this dialect does not have, with a did-you-mean suggestion.",
         why="Claude Code ignores unknown keys (for agents it logs a warning only in the debug log). Keys from other "
         "tools (`mode`, `temperature` from OpenCode, `allowed-tools` from skills) do nothing in a Claude Code agent.",
         example="---\nname: reviewer\ndescription: Reviews code\nallowed-tools: Read\n---",
         fixes=RuleFix(unsafe=True, note=(
             "The fix renames the key to the suggestion."))),
    Rule(code="KY002", name="invalid-value", severity=W, dialects=ALL,
         summary="Flags a value outside the field's allowed set (an unknown `color`, `permissionMode`, `memory`, "
         "`effort`, `isolation`, a non-positive `maxTurns`, a non-boolean flag, an empty `initialPrompt`...).",
         why="Claude Code drops the field (with at most a debug-log line) and uses the default. `color: magenta` is "
         "silently ignored; `permissionMode: Plan` is case-sensitive and ignored.",
         example="---\nname: reviewer\ndescription: Reviews code\ncolor: magenta\n---",
         fixes=RuleFix(unsafe=True, note=(
             "The fix replaces the value with the closest allowed one."))),
    Rule(code="KY003", name="wrong-type", severity=W, dialects=ALL,
         summary="Flags a value of the wrong YAML type (a list where a string is expected, a map where a list is...).",
         why="Claude Code ignores values of the wrong type.",
         example="---\nname: reviewer\ndescription: Reviews code\nmodel: [sonnet]\n---",
         fixes=NO_FIX),
    Rule(code="KY004", name="literal-backslash-n", severity=I, dialects=SKILLISH,
         summary="Notes a literal `\\n` in a skill or command description.",
         why="Claude Code turns `\\n` into a newline only in agent descriptions. In skills and commands the two "
         "characters reach the model as they are.",
         example="---\ndescription: Deploys the app.\\nUse after merging.\n---",
         fixes=NO_FIX),
    Rule(code="KY005", name="ignored-key", severity=W, dialects=ALL,
         summary="Flags a key Claude Code ignores in this kind of file (plugin agents ignore `permissionMode`, `hooks`, "
         "`mcpServers`, `initialPrompt`, observers; commands ignore `name` and `paths`).",
         why="The setting looks active but has no effect.",
         example="---\nname: security\ndescription: Security review\npermissionMode: plan\n---",
         fixes=NO_FIX),
    Rule(code="KY006", name="unknown-model", severity=W, dialects=ALL,
         summary="Flags a `model` that is not an alias, `inherit` or a Claude model id.",
         why="Claude Code does not validate `model` when loading: the string is sent to the API as it is, so `gpt-4` or "
         "`Sonnet` (aliases are case-sensitive) fail when the agent is spawned.",
         example="---\nname: reviewer\ndescription: Reviews code\nmodel: gpt-4\n---",
         fixes=RuleFix(unsafe=True)),
    Rule(code="KY007", name="hint-read-as-list", severity=W, dialects=SKILLISH,
         summary="Flags an `argument-hint` such as `[env]` that YAML reads as a list.",
         why="Claude Code turns the list back into text but loses the brackets: `argument-hint: [env]` is shown as "
         "`env` while typing the command. Quoting the value shows it as written.",
         example="---\ndescription: Deploys\nargument-hint: [env]\n---",
         fixes=RuleFix(unsafe=True, note=(
             "The fix quotes the value, which changes the hint Claude Code shows (to what was written)."))),
    # ------------------------------------------------------------------ agents
    Rule(code="AG001", name="missing-name", severity=I, dialects=(Dialect.AGENT,),
         summary="Notes that Claude Code ignores this Markdown file in an agents folder: its frontmatter has no `name` and "
         "no agent keys, so it reads as documentation.",
         why="An agent needs a string `name`; without one Claude Code skips the file without a word. Notes kept in the "
         "agents folder are fine. When the frontmatter holds agent keys (`description`, `tools`, `model`...), the "
         "missing name is reported as the error AG008 instead.",
         example="---\ntitle: Release plan\nstatus: draft\n---",
         fixes=RuleFix(unsafe=True, note=(
             "The fix adds `name:` from the file name."))),
    Rule(code="AG002", name="name-not-a-string", severity=E, dialects=(Dialect.AGENT,),
         summary="Reports a `name` that YAML reads as a number, boolean or list: Claude Code does not load the agent.",
         why="`name: 12345` or `name: true` is not a string, so Claude Code treats the name as missing and ignores "
         "the agent without a word (only its debug log mentions it). Quoting keeps the text as a string.",
         example="---\nname: 12345\ndescription: Numeric name\n---",
         fixes=RuleFix(safe=True, unsafe=True, note=(
             "The fix quotes the name, keeping its text. Claude Code then loads an agent it ignored, so the agent's "
         "other fields start to count: when they have errors or warnings (a missing description), the fix is "
         "offered as unsafe."))),
    Rule(code="AG003", name="name-rejected", severity=E, dialects=(Dialect.AGENT,),
         summary="Reports a name Claude Code refuses: starting with `-`, containing `:` (also after Unicode normalisation), "
         f"or longer than {NAME_MAX_CHARS} characters.",
         why="Claude Code logs an error and does not load the agent.",
         example="---\nname: my:agent\ndescription: Name has a colon\n---",
         fixes=RuleFix(unsafe=True)),
    Rule(code="AG004", name="name-style", severity=I, dialects=AGENTS,
         summary="Notes a name that is not lowercase letters, digits and hyphens.",
         why="Claude Code accepts it, but the documentation asks for lowercase and hyphens, and names are typed in "
         "`@agent-<name>` mentions, permission rules and hook matchers.",
         example="---\nname: Code_Reviewer\n---",
         fixes=RuleFix(unsafe=True)),
    Rule(code="AG005", name="description-missing", severity=E, dialects=(Dialect.AGENT,),
         summary="Reports an agent without a usable `description` (missing, empty, or not a string).",
         why="Claude Code refuses to load an agent without a description: it is how Claude decides when to delegate.",
         example="---\nname: reviewer\n---",
         fixes=NO_FIX),
    Rule(code="AG006", name="plugin-agent-placeholder", severity=W, dialects=(Dialect.PLUGIN_AGENT,),
         summary="Flags a plugin agent that loads with a placeholder description (no frontmatter, or no description).",
         why="Plugin agents load even without metadata, under the file name and the description \"Agent from <plugin> "
         "plugin\", so Claude never knows when to use them.",
         example="# Security reviewer\nReviews code.",
         fixes=NO_FIX),
    Rule(code="AG007", name="shadows-builtin-agent", severity=I, dialects=AGENTS,
         summary="Notes an agent named like a built-in agent (`Explore`, `Plan`, `general-purpose`...).",
         why="A project or user agent with a built-in's name replaces the built-in one.",
         example="---\nname: Explore\ndescription: My explorer\n---",
         fixes=NO_FIX),
    Rule(code="AG008", name="agent-silently-ignored", severity=E, dialects=(Dialect.AGENT,),
         summary="Reports a file that is plainly meant to be an agent (its frontmatter holds agent keys such as "
         "`description`, `tools` or `model`) but that Claude Code ignores without a word: no `name`, a blank line "
         "before the opening `---`, frontmatter that is never closed, or keys written as a list (`- name: x`).",
         why="Claude Code logs nothing when it skips such a file: the agent simply does not exist, and nothing says "
         "why. Markdown kept beside the agents (no frontmatter, or frontmatter without agent keys) only gets the "
         "quiet notes FM001 and AG001.",
         example="---\ndescription: Reviews code\ntools: Read, Grep\n---",
         fixes=RuleFix(safe=True, unsafe=True, note=(
             "Adding `name:` from the file name is offered as unsafe; deleting blank lines before `---` is safe."))),
    # ------------------------------------------------------------------ tools
    Rule(code="TL001", name="zero-tools", severity=W, dialects=AGENTS,
         summary="Flags `tools` written so the agent gets no tools: empty, `[]`, `true`/`false`, or a map.",
         why="Claude Code gives such an agent zero tools, while its roster misleadingly says \"All tools\". OpenCode-style "
         "`tools: {write: false}` maps are the usual cause. Omit `tools` to allow every tool.",
         example="---\nname: reviewer\ndescription: Reviews code\ntools:\n  write: false\n---",
         fixes=RuleFix(unsafe=True, note=(
             "The fix removes the `tools` entry (all tools)."))),
    Rule(code="TL002", name="unknown-tool", severity=W, dialects=ALL,
         summary="Flags a tool name that is not a Claude Code tool, with a did-you-mean suggestion.",
         why="Unknown entries are silently dropped when the agent is spawned. Names are case-sensitive.",
         example="---\nname: reviewer\ndescription: Reviews code\ntools: Read, Grpe\n---",
         fixes=RuleFix(unsafe=True)),
    Rule(code="TL003", name="no-tool-resolves", severity=W, dialects=AGENTS,
         summary="Flags a `tools` list in which no entry is a known tool.",
         why="Claude Code loads the agent, but since 2.1.208 refuses to spawn an agent whose tools all fail to resolve "
         "(\"would be spawned with zero tools\"). Lists written for other tools (GitHub Copilot's `codebase`, "
         "`editFiles`...) are the usual cause.",
         example="---\nname: reviewer\ndescription: Reviews code\ntools: read, grep\n---",
         fixes=RuleFix(unsafe=True)),
    Rule(code="TL004", name="legacy-tool-name", severity=I, dialects=ALL,
         summary="Notes an old tool name that Claude Code still maps to a new one (`Task` -> `Agent`).",
         why="It works today; the new name is what the documentation and newer tools use.",
         example="tools: Task, Read",
         fixes=RuleFix(safe=True, note=(
             "The fix renames the tool."))),
    Rule(code="TL005", name="specifier-not-enforced", severity=W, dialects=AGENTS,
         summary="Flags a permission specifier such as `Bash(git log:*)` in an agent's `tools`.",
         why="The specifier is accepted but not enforced in agent `tools`: `Bash(git log:*)` grants unrestricted Bash. "
         "Use permission rules in settings, or a hook, to restrict commands.",
         example="tools: Read, Bash(git log:*)",
         fixes=NO_FIX),
    Rule(code="TL006", name="non-string-list-item", severity=W, dialects=ALL,
         summary="Flags list items that are not strings (numbers, maps) in `tools`, `skills` and similar lists.",
         why="Claude Code silently drops them.",
         example="tools:\n  - Read\n  - 5",
         fixes=NO_FIX),
    Rule(code="TL007", name="unknown-mcp-tool", severity=W, dialects=ALL,
         summary="Flags an `mcp__server__tool` entry naming a server that neither the workspace's `.mcp.json`, the user's "
         "Claude Code config nor the agent's own `mcpServers` defines, or with an empty tool name (`mcp__github__`).",
         why="Claude Code resolves MCP tools against the servers configured when the agent is spawned; an entry for a "
         "server that does not exist, or for a tool without a name, matches nothing and is silently dropped. "
         "Servers from plugins (`plugin_…`) and claude.ai connectors (`claude_ai_…`) are not checked.",
         example="tools: Read, mcp__githb__create_issue",
         fixes=RuleFix(unsafe=True, note=(
             "The fix renames the server to the closest known one."))),
    # ------------------------------------------------------------------ hooks
    Rule(code="HK001", name="hooks-refused", severity=E, dialects=(Dialect.AGENT,),
         summary="Reports `hooks` that make Claude Code refuse the agent: not a map, or a broken `PreToolUse` / "
         "`PermissionRequest` entry.",
         why="A PreToolUse or PermissionRequest hook may be what guards the agent's permissions, so Claude Code "
         f"{CLAUDE_CODE_VERSION} "
         "refuses the whole agent when one cannot be loaded.",
         example="hooks:\n  PreToolUse: \"echo hi\"",
         fixes=NO_FIX),
    Rule(code="HK002", name="hook-entry-dropped", severity=W, dialects=ALL,
         summary="Flags a hook entry Claude Code drops: an unknown event, or a broken entry for an event other than "
         "PreToolUse/PermissionRequest.",
         why="Claude Code logs a warning and ignores the entry; the hook never runs.",
         example="hooks:\n  Stop: \"echo done\"",
         fixes=NO_FIX),
    Rule(code="HK003", name="hook-outside-hooks", severity=E, dialects=(Dialect.AGENT,),
         summary="Reports hook declarations outside the top-level `hooks:` map: a `PreToolUse:` or `PermissionRequest:` "
         "key anywhere else, or a `hooks:` key holding a list (a matcher entry) nested in another field.",
         why=f"Claude Code {CLAUDE_CODE_VERSION} treats such entries as PreToolUse/PermissionRequest hooks declared at the top level and "
         "refuses the whole agent, because a hook it cannot load may be what guards its permissions. This also "
         "catches bookkeeping fields such as `related: {hooks: [my-hook]}`. Nest real hooks under `hooks:`; rename "
         "other keys.",
         example="---\nname: checker\ndescription: Checks\nPreToolUse:\n  - matcher: Bash\n---",
         fixes=NO_FIX),
    Rule(code="HK004", name="matcher-is-permission-rule", severity=W, dialects=ALL,
         summary="Flags a hook `matcher` written as a permission rule, such as `Bash(git:*)`.",
         why="Hook matchers are tool-name patterns (`Bash`, `Edit|Write`, `mcp__github__.*`). A permission rule matches "
         "no tool name, so Claude Code loads the hook but never runs it. Match the tool and put the rule in the "
         "handler's `if:` field to filter by command or path.",
         example="hooks:\n  PreToolUse:\n    - matcher: Bash(git:*)\n      hooks:\n        - type: command\n"
         "          command: ./check.sh",
         fixes=RuleFix(unsafe=True, note=(
             "The fix matches the tool name alone."))),
    # ------------------------------------------------------------------ skills and commands
    Rule(code="SK001", name="skill-name-format", severity=I, dialects=(Dialect.SKILL,),
         summary="Notes a skill name that agentskills.io and claude.ai would reject: not lowercase letters, digits and "
         f"hyphens, a leading, trailing or double hyphen, more than {PORTABLE_SKILL_NAME_CHARS} characters, or containing \"anthropic\" or "
         "\"claude\".",
         why="Claude Code accepts it, but the skill cannot be uploaded or shared through the open standard.",
         example="---\nname: My_Skill\n---",
         fixes=NO_FIX),
    Rule(code="SK002", name="skill-name-not-directory", severity=I, dialects=(Dialect.SKILL,),
         summary="Notes a skill whose `name` differs from its directory.",
         why="For personal and project skills the command is always the directory name; `name` only changes the "
         "display name. agentskills.io requires them to match.",
         example="skills/deploy/SKILL.md:\n---\nname: deployer\n---",
         fixes=RuleFix(unsafe=True)),
    Rule(code="SK003", name="skill-description-missing", severity=I, dialects=SKILLISH,
         summary="Notes a skill or command without `description`.",
         why="Claude Code falls back to the first paragraph of the body, which is rarely a good routing description; "
         "portable validators require a description.",
         example="---\nname: deploy\n---",
         fixes=NO_FIX),
    Rule(code="SK004", name="description-too-long", severity=I, dialects=SKILLISH,
         summary=f"Notes descriptions over the limits: {PORTABLE_DESCRIPTION_CHARS:,} characters for portable skills, "
         f"{SKILL_LISTING_CHARS:,} characters for "
         "`description` plus `when_to_use` in Claude Code's skill listing.",
         why=f"Claude Code cuts the listing text at {SKILL_LISTING_CHARS:,} characters; portable validators reject more "
         f"than {PORTABLE_DESCRIPTION_CHARS:,}.",
         example="description: <2,000 characters>",
         fixes=NO_FIX),
    Rule(code="SK005", name="non-portable-skill-key", severity=I, dialects=(Dialect.SKILL,),
         summary="Notes SKILL.md keys outside the portable set (`name`, `description`, `license`, `compatibility`, "
         "`metadata`, `allowed-tools`).",
         why="Claude Code understands them; claude.ai uploads and the Skills API reject the file with \"Unexpected key(s) "
         "in SKILL.md frontmatter\".",
         example="---\nname: deploy\ndescription: Deploys\ncontext: fork\n---",
         fixes=NO_FIX),
    Rule(code="SK006", name="skill-field-limit", severity=I, dialects=(Dialect.SKILL,),
         summary=f"Notes portable-standard limits: `compatibility` over {PORTABLE_COMPATIBILITY_CHARS} characters, `<` or `>` in a skill description.",
         why="Anthropic's skill validators reject them.",
         example="description: Use for <xml> files",
         fixes=NO_FIX),
    # ------------------------------------------------------------------ links
    Rule(code="LK001", name="link-target-missing", severity=W, dialects=ALL,
         summary="Flags a link to a file that does not exist: a relative Markdown link, or a "
         "`${CLAUDE_PLUGIN_ROOT}/...`, `${CLAUDE_SKILL_DIR}/...` or `${CLAUDE_PROJECT_DIR}/...` path.",
         why="Claude Code loads the file, but the model is sent to a file that is not there: a hook or script under "
         "`${CLAUDE_PLUGIN_ROOT}` fails when it runs, a Markdown link leads nowhere. Markdown links are relative to "
         "the file's folder, the variables to the plugin's root, the skill's folder and the project. A link is "
         "reported only when its folder exists in the workspace (a file checked on its own, or a folder outside "
         "the scan, says nothing about its neighbours), and never inside code, except paths that code runs "
         "(plugin, skill and project paths). A command's `@path` is BD005's and a skill's resource files "
         "(`scripts/...`, `reference.md`) are BD006's: each text gets one finding.",
         example="---\nname: pdf\ndescription: Fills PDF forms\n---\nSee [the reference](refrence.md) and run "
         "`${CLAUDE_SKILL_DIR}/scripts/fill.py`.",
         fixes=RuleFix(unsafe=True, note=(
             "When a file of a close name sits in the same folder, the fix writes its name (a guess at intent)."))),
    # ------------------------------------------------------------------ the file system (reported by `agent-lsp check`)
    Rule(code="IO001", name="file-not-read", severity=E, dialects=ALL,
         summary="Reports a file `agent-lsp check` could not read (permissions, a FIFO or device given by name, an I/O "
         "error).",
         why="An unchecked file must not pass CI silently: it counts like any error towards the exit status.",
         example="agent-lsp check .claude/agents/locked.md   (mode 000)",
         fixes=NO_FIX),
    Rule(code="IO002", name="file-not-written", severity=E, dialects=ALL,
         summary="Reports a file `agent-lsp check --fix` fixed but could not write: read-only, changed on disk while it "
         "was being fixed, larger than the 16 MiB read limit, or a write that failed.",
         why="The fixes were not applied, and the file's findings above are what it still holds; a change made "
         "meanwhile is never overwritten.",
         example="agent-lsp check --fix .claude/agents/readonly.md   (mode 444)",
         fixes=NO_FIX),
    # ------------------------------------------------------------------ workspace
    Rule(code="WS001", name="unknown-skill", severity=W, dialects=AGENTS,
         summary="Flags a `skills:` entry that matches no skill in the workspace, the user's skills folder, plugins or "
         "Claude Code's bundled skills.",
         why="Claude Code skips missing skills when spawning the agent, with only a debug message.",
         example="skills: api-desing",
         fixes=RuleFix(unsafe=True)),
    Rule(code="WS002", name="duplicate-agent-name", severity=W, dialects=AGENTS,
         summary="Flags two agents with the same name in the same agents folder tree.",
         why="Only one of them loads, chosen by file-system order; the other is silently ignored.",
         example=".claude/agents/a.md and .claude/agents/sub/b.md both `name: reviewer`",
         fixes=NO_FIX),
    Rule(code="WS003", name="unknown-agent-reference", severity=W, dialects=AGENTS,
         summary="Flags `Agent(name)` in `tools` naming no agent in the workspace, the user's agents or the built-ins.",
         why="The restriction lists agent types the main-thread agent may spawn; an unknown type is never available.",
         example="tools: Agent(reviwer), Read",
         fixes=RuleFix(unsafe=True)),
    # ------------------------------------------------------------------ the body and the frontmatter
    Rule(code="BD001", name="tool-not-granted", severity=W, dialects=AGENTS,
         summary="Flags a clear request for a tool in an agent's prompt (\"use the Write tool\", `` `Bash` ``, "
         "`WebFetch`, `mcp__server__tool`, the Agent or Task tool to delegate) that `tools` does not grant, or that "
         "`disallowedTools` removes from an agent without `tools`.",
         why="The body is the agent's system prompt: it tells the model to call a tool Claude Code never gives "
         "this agent, so that step of the prompt cannot work. Only clear tool references count (a tool name "
         "followed by \"tool\", in backticks, or a name no sentence uses otherwise); ordinary words (\"read the "
         "file\"), fenced code and sentences that say not to use the tool are ignored. Tools Claude Code removes "
         "from every subagent (`AskUserQuestion`, `ExitPlanMode`...) and names its native build offers no "
         "subagent at all (`Grep`, `Glob`, `MultiEdit`, `TodoWrite`: search goes through Bash) are not reported.",
         example="---\nname: fetcher\ndescription: Fetches pages\ntools: Read, Grep\n---\nUse the WebFetch tool to "
         "download the page.",
         fixes=RuleFix(unsafe=True, note=(
             "The fix adds the tool to `tools`; it widens what the agent may do, so review it."))),
    Rule(code="BD002", name="shell-command-not-allowed", severity=W, dialects=SKILLISH,
         summary="Flags a `` !`cmd` `` line of a command or skill whose command `allowed-tools` does not allow "
         "and that Claude Code does not run on its own as read-only.",
         why=f"Claude Code {CLAUDE_CODE_VERSION} runs every `` !`cmd` `` before it sends the prompt. When one needs "
         "permission (`npm test`, `gh pr view`, `touch`; not `git status`, `ls`, `cat`...) and no `Bash` rule of "
         "`allowed-tools` matches it, the whole command stops with \"Shell command permission check failed for "
         "pattern\" and no prompt is sent. Rules match as Claude Code's do: `Bash(git add:*)` and `Bash(git add *)` "
         "the prefix and anything after it, `Bash(npm test)` exactly that command, `Bash` every command; each "
         "part of `a && b` or `a | b` must be allowed. Commands Claude Code treats as read-only are never "
         "reported, whatever their flags.",
         example="---\ndescription: Run the tests\n---\nResults: !`npm test`",
         fixes=RuleFix(unsafe=True, note=(
             "The fix allows the command's program (`Bash(npm test:*)`) in `allowed-tools`; review what it lets "
             "the command run."))),
    Rule(code="BD003", name="arguments-without-hint", severity=I, dialects=SKILLISH,
         summary="Notes a body that uses `$ARGUMENTS`, `$0`...`$9`, `$ARGUMENTS[N]` or a named argument when there "
         "is no `argument-hint`.",
         why="Claude Code substitutes them (`$0` is the first argument, `$1` the second), but the `/` menu shows "
         "the user nothing about what to type.",
         example="---\ndescription: Fix an issue\n---\nFix issue $ARGUMENTS.",
         fixes=NO_FIX),
    Rule(code="BD004", name="hint-without-arguments", severity=I, dialects=SKILLISH,
         summary="Notes an `argument-hint` in a command or skill whose body uses no argument "
         "(`$ARGUMENTS`, `$0`..., `$ARGUMENTS[N]`, a named one).",
         why="Claude Code then appends the arguments after the prompt as `ARGUMENTS: <text>`, away from where the "
         "prompt talks about them; place `$ARGUMENTS` where they belong.",
         example="---\ndescription: Review a file\nargument-hint: <file>\n---\nReview the file.",
         fixes=NO_FIX),
    Rule(code="BD008", name="positional-arguments-from-one", severity=W, dialects=SKILLISH,
         summary="Flags `$1`...`$9` in the prose of a command or skill body that never uses `$0` (or "
         "`$ARGUMENTS[0]`): written for the first argument, they get the next one.",
         why=f"Claude Code {CLAUDE_CODE_VERSION} counts positional arguments from zero: with `/cmd alpha beta`, `$0` "
         "is `alpha`, `$1` is `beta`, and `$2` stays the literal text `$2` (observed). Commands written for the "
         "older numbering, where `$1` was the first argument, silently receive the wrong one. Fenced code, inline "
         "code and amounts of money (`$5 per month`) are not counted.",
         example="---\ndescription: Compare branches\nargument-hint: <to> <from>\n---\nTO: $1\nFROM: $2",
         fixes=RuleFix(unsafe=True, note=(
             "The fix renumbers the body's positional arguments from `$0` (`$1` -> `$0`, `$2` -> `$1`...)."))),
    Rule(code="BD005", name="missing-file-reference", severity=W, dialects=(Dialect.COMMAND,),
         summary="Flags an `@path` in a command's body naming a file or folder that does not exist in the project.",
         why="When the command runs, Claude Code attaches each `@path` file (a folder's listing) relative to the "
         "project root. A missing one is left as plain text and nothing is attached, so the prompt refers to "
         "content the model never sees. Checked only when the workspace was scanned (not for the user's own "
         "commands, whose project is not known), never inside code, and only when the path's folder exists in "
         "the workspace. Other links of the body (Markdown links, `${CLAUDE_PROJECT_DIR}/...`) are LK001's.",
         example="---\ndescription: Review the style guide\n---\nFollow @docs/STYLE.md when reviewing.",
         fixes=RuleFix(unsafe=True, note=(
             "When a file of a close name sits in the same folder, the fix writes its name (a guess at intent)."))),
    Rule(code="BD006", name="missing-skill-resource", severity=W, dialects=(Dialect.SKILL,),
         summary="Flags a file the SKILL.md body points to (`scripts/...`, `references/...`, `templates/...`, "
         "`assets/...`, `reference.md`, `FORMS.md`) that is not in the skill's folder.",
         why="A skill's body tells the model to open or run its resource files, relative to the skill folder; a "
         "file that is not there makes that step fail. Paths in fenced code count (skills run "
         "`python scripts/fill.py` from code blocks). A path that exists in the project itself (a skill about the "
         "project's own `scripts/`) is not reported, and nothing is reported when the workspace was not scanned "
         "(skills of the user's folder). Markdown links and `${CLAUDE_SKILL_DIR}/...` paths are LK001's.",
         example="---\nname: pdf\ndescription: Fills PDF forms\n---\nRun scripts/fill_form.py with the values.",
         fixes=RuleFix(unsafe=True, note=(
             "When a file of a close name sits in the same folder, the fix writes its name (a guess at intent)."))),
    Rule(code="BD007", name="skill-body-too-long", severity=I, dialects=(Dialect.SKILL,),
         summary=f"Notes a SKILL.md body over {SKILL_BODY_RECOMMENDED_LINES} lines.",
         why=f"The Agent Skills specification (agentskills.io) recommends a SKILL.md body under "
         f"{SKILL_BODY_RECOMMENDED_LINES} lines: Claude Code loads the whole body into the conversation when "
         "the skill runs, while files it points to are read only when needed.",
         example="---\nname: handbook\ndescription: Everything\n---\n<600 lines>",
         fixes=NO_FIX),
)


TOOL_RULE_PREFIXES: dict[Tool, str] = {
    Tool.COPILOT_CLI: "CP", Tool.VSCODE: "VS", Tool.OPENCODE: "OC", Tool.GEMINI_CLI: "GM", Tool.CODEX: "CX",
    Tool.CURSOR: "CR",
}
"""Each tool other than Claude Code speaks through two rules: `<prefix>001` (it will not load a file written
for it, or refuses to start) and `<prefix>002` (it loads it damaged). Their findings come from the tool's
loader emulation (`core/loaders/`)."""
_SECONDARY_EVIDENCE = frozenset({Tool.CURSOR})
"""Tools whose behaviour is known only from secondary sources: their findings stay information."""
PORTABILITY_DROPS, PORTABILITY_DAMAGES = "PT001", "PT002"


def _tool_rules(tool: Tool, *, drops_example: str | None, damages_example: str, drops_fix: RuleFix = NO_FIX,
                damages_fix: RuleFix = NO_FIX) -> tuple[Rule, ...]:
    """The tool's two rules; only the damage rule for a tool that never refuses a file (`drops_example=None`)."""
    prefix = TOOL_RULE_PREFIXES[tool]
    dialects = tuple(d for d in Dialect if d.tool is tool)
    secondary = tool in _SECONDARY_EVIDENCE
    evidence = (f" {tool.title} is closed source and has no offline loader; these facts come from secondary "
                "sources, so the finding stays information." if secondary else "")
    drops = () if drops_example is None else (
        Rule(code=f"{prefix}001", name=f"{tool.value}-drops-file", severity=I if secondary else E, dialects=dialects,
             summary=f"Flags a file written for {tool.title} (by its folder) that {tool.title} will not load, "
             "or that makes it refuse to start.",
             why=f"{tool.title} leaves the file out (or stops altogether), often without a word. The message "
             f"quotes {tool.title}'s own error when it prints one.{evidence}",
             example=drops_example, fixes=drops_fix),
    )
    return (
        *drops,
        Rule(code=f"{prefix}002", name=f"{tool.value}-damages-file", severity=I if secondary else W,
             dialects=dialects,
             summary=f"Flags a file written for {tool.title} that it loads damaged: a field ignored or dropped, "
             "the frontmatter read as prompt text, a value cut.",
             why=f"{tool.title} loads the file but not as written; the difference is silent.{evidence}",
             example=damages_example, fixes=damages_fix),
    )


# One line per tool: its examples and fixes (each tool's helper keeps its own line).
_LOADER_RULES: tuple[Rule, ...] = (
    *_tool_rules(Tool.COPILOT_CLI, drops_example="---\nname: reviewer\ndescription: Use when: asked\n---",
                 damages_example="---\nname: reviewer\ndescription: Reviews code.\ncolor: blue\n---",
                 drops_fix=RuleFix(safe=True, unsafe=True, note="A value with an unquoted `: ` is rewritten as a "
                                   "`|-` block scalar or quoted (FM007's fix: the same text, now valid YAML); "
                                   "`skills: a, b` is rewritten as the list `[a, b]` (unsafe: check the names); a boolean "
                                   "written as text becomes a YAML boolean (safe for `\"false\"`, unsafe for `no`).")),
    *_tool_rules(Tool.VSCODE, drops_example=None,  # VS Code loads every file, with whatever attributes parsed
                 damages_example="---\ndescription: Plans work.\ncolor: blue\n---"),
    *_tool_rules(Tool.OPENCODE, drops_example="---\ndescription: Reviews code.\nmode: sidekick\n---",
                 damages_example="---\ndescription: [unclosed\n---",
                 drops_fix=RuleFix(safe=True, unsafe=True, note=(
                     "Safe: quote a hex colour that YAML read as a comment (`color: #ff5733`). Unsafe: a Claude "
                     "Code colour name as its hex colour, `tools: Read, Grep` as OpenCode's map of booleans (it "
                     "enables those tools but does not limit the agent to them), a quoted number as a number, "
                     "`yes`/`no` as `true`/`false`."))),
    *_tool_rules(Tool.GEMINI_CLI, drops_example="---\nname: reviewer\ndescription: Reviews code.\ncolor: blue\n---",
                 drops_fix=RuleFix(safe=True, unsafe=True, note="Safe: remove a key Gemini CLI does not know (it "
                                   "reads no such key). Unsafe: write `tools: Read, Grep` as a YAML list of the "
                                   "closest Gemini CLI tools (`read_file`, `grep_search`), a guess to review."),
                 damages_example="---\nname: pdf\ndescription: >\n  Reads PDFs: forms and text.\n"
                 "allowed-tools: [Read\n---   (SKILL.md: the description is read as `> Reads PDFs: forms and text.`)"),
    *_tool_rules(Tool.CODEX, drops_example="---\nname: pdf\n---\nSkill without a description.",
                 damages_example="---\ndescription: |\n  Two lines.\n---",
                 damages_fix=RuleFix(unsafe=True, note="Writes the value on the key's line, continuation lines "
                                     "joined with spaces (a literal block's line breaks are lost).")),
    *_tool_rules(Tool.CURSOR, drops_example="---\ndescription: TypeScript style\nglobs: **/*.ts\n(no closing ---)",
                 damages_example="---\nalwaysApply: \"true\"\n---",
                 damages_fix=RuleFix(safe=True, note="Writes `\"true\"` as the boolean `true`.")),
    Rule(code=PORTABILITY_DROPS, name="other-tool-drops-file", severity=I, dialects=tuple(Dialect),
         summary="Notes that another tool the project uses, which also reads this file, will not load it "
         "(or refuses to start because of it), naming the tool and quoting it.",
         why="The same file is read by several tools, each with its own parser and schema: Copilot CLI reads "
         "`.claude/agents/` with a strict YAML parser, OpenCode and Copilot read `.claude/skills/`. Shown only "
         "for the tools the project uses (detected from its folders, or `tools = [...]`).",
         example="---\nname: reviewer\ndescription: Use this agent when: the user asks for a review\n---",
         fixes=RuleFix(safe=True, note="When the other tool rejects a value that only Claude Code's lenient retry "
                       "reads, this note replaces FM007 and carries its fix (quote the value or write it as a "
                       "block scalar), which Claude Code reads the same.")),
    Rule(code=PORTABILITY_DAMAGES, name="other-tool-damages-file", severity=I, dialects=tuple(Dialect),
         summary="Notes that another tool the project uses loads this file damaged, naming the tool.",
         why="A field one tool reads may be ignored or read differently by another that loads the same file.",
         example="---\nname: reviewer\ndescription: Reviews code.\ncolor: blue\n---",
         fixes=NO_FIX),
)

_RULES: tuple[Rule, ...] = (*_CLAUDE_CODE_RULES, *_LOADER_RULES)
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
