"""The fields of Cursor (closed source; secondary evidence only): ../shared/spec/DIALECTS.md section 4.

No Cursor loader code is public and there is no offline oracle, so every fact here names its source and
every finding built on it is information only.
"""

from __future__ import annotations

from agent_lsp.core.catalogue_model import DialectCatalogue, Field, Kind, Value, make_catalogue
from agent_lsp.core.dialects import Dialect

_RULE_TEMPLATE = "Cursor's own rule template creating-cursor-rules.mdc (glama.ai copy)"
_RULES_CHECKER = "stbenjam/skillsaw docs/rules/cursor-rules-valid.md"
_AGENT_SOURCE = "syllago.dev Cursor provider page; hiromaily docs-ssot; obra/superpowers commit 43f4a4d quoting Cursor's docs"

CURSOR_BOOL_VALUES: tuple[Value, ...] = (
    Value("true", "Yes (a YAML boolean; the string `\"true\"` is not the same)."),
    Value("false", "No."),
)

CURSOR_RULE_FIELDS: tuple[Field, ...] = (
    Field("description", Kind.STRING, "When the rule applies; the agent reads it to decide whether to attach the "
          "rule (\"Agent Requested\" rules).", source=_RULE_TEMPLATE),
    Field("globs", Kind.STRING, "File patterns that attach the rule automatically, comma-separated and unquoted "
          "(`globs: **/*.ts, **/*.tsx`): Cursor's template says the frontmatter is not strictly YAML and should "
          "not use brackets or quotes. Some sources also show a list.", source=_RULE_TEMPLATE),
    Field("alwaysApply", Kind.BOOL, "`true`: the rule is always in the context. Must be a boolean: the string "
          "`\"true\"` does not make the rule always applied.", values=CURSOR_BOOL_VALUES, default="false",
          source=_RULES_CHECKER, invalid="a string: the rule is not always applied"),
)
"""The keys of a `.mdc` rule."""

CURSOR_AGENT_FIELDS: tuple[Field, ...] = (
    Field("name", Kind.STRING, "The subagent's name.", required=True, source=_AGENT_SOURCE),
    Field("description", Kind.STRING, "When to use this subagent; the agent reads it to decide delegation.",
          required=True, source=_AGENT_SOURCE),
    Field("model", Kind.MODEL, "`fast`, `inherit` (the parent's model, the default) or a model id.",
          values=(Value("fast", "Cursor's fast model."), Value("inherit", "The parent agent's model."),),
          default="inherit", source=_AGENT_SOURCE),
    Field("readonly", Kind.BOOL, "`true`: the subagent may not change files.", values=CURSOR_BOOL_VALUES,
          default="false", source=_AGENT_SOURCE),
    Field("is_background", Kind.BOOL, "`true`: the subagent runs in the background.", values=CURSOR_BOOL_VALUES,
          default="false", source=_AGENT_SOURCE),
)
"""The keys of a `.cursor/agents/*.md` subagent."""

_SKILL_SOURCE = "../shared/spec/DIALECTS.md section 4 (secondary): Cursor follows the Agent Skills standard"

CURSOR_SKILL_FIELDS: tuple[Field, ...] = (
    Field("name", Kind.STRING, "The skill's name (the Agent Skills standard: lowercase letters, digits and "
          "hyphens, the skill's folder name).", required=True, source=_SKILL_SOURCE),
    Field("description", Kind.STRING, "What the skill does and when to use it; the agent reads it to decide "
          "whether to load the skill.", required=True, source=_SKILL_SOURCE),
    Field("disable-model-invocation", Kind.BOOL, "`true`: the agent does not load the skill by itself; it is "
          "used only when invoked.", values=CURSOR_BOOL_VALUES, default="false", source=_SKILL_SOURCE,
          invalid="not a boolean: the setting is not applied"),
    Field("license", Kind.STRING, "The skill's licence (the Agent Skills standard).", source=_SKILL_SOURCE),
    Field("compatibility", Kind.STRING, "Environment requirements (the Agent Skills standard).",
          source=_SKILL_SOURCE),
    Field("metadata", Kind.MAP, "Free-form key/value metadata (the Agent Skills standard).", source=_SKILL_SOURCE),
)
"""The keys of a `.cursor/skills/<name>/SKILL.md`: the Agent Skills standard's, and `disable-model-invocation`."""

CATALOGUES: dict[Dialect, DialectCatalogue] = {
    Dialect.CURSOR_RULE: make_catalogue(Dialect.CURSOR_RULE, "Cursor rule (.mdc)", CURSOR_RULE_FIELDS),
    Dialect.CURSOR_AGENT: make_catalogue(Dialect.CURSOR_AGENT, "Cursor subagent", CURSOR_AGENT_FIELDS),
    Dialect.CURSOR_SKILL: make_catalogue(Dialect.CURSOR_SKILL, "Cursor skill (SKILL.md)", CURSOR_SKILL_FIELDS),
}
