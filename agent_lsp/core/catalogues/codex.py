"""The fields of Codex 0.169: ../shared/spec/DIALECTS.md section 3.

Custom prompts: `codex-rs/core/src/custom_prompts.rs` (openai/codex), a hand-written line parser. Skills:
`codex-rs/core/src/skills/loader.rs` (`SkillFrontmatter`), checked against the released `@openai/codex`
0.169.0 through `codex app-server` `skills/list` (benchmarks/oracles/codex_oracle.py), which is more
lenient than that source.
"""

from __future__ import annotations

from agent_lsp.core.catalogue_model import DialectCatalogue, Field, Kind, make_catalogue
from agent_lsp.core.dialects import Dialect

CODEX_VERSION = "0.169.0"
"""The Codex release whose loaders these facts were checked against."""

_PROMPT_SOURCE = "openai/codex codex-rs/core/src/custom_prompts.rs (parse_frontmatter)"
_SKILL_SOURCE = "openai/codex codex-rs/core/src/skills/loader.rs (SkillFrontmatter); observed with codex 0.169.0"

CODEX_SKILL_NAME_MAX_CHARS = 64
"""Codex 0.169 refuses a skill whose name (or, without one, folder name) is longer than this (observed; the
description's limit of its source is not enforced)."""

_ARGUMENT_HINT_DOC = ("Hint shown after `/prompts:<name>` in the slash popup, e.g. `[file] [priority]`. "
                      "`argument-hint` and `argument_hint` are the same key.")

CODEX_PROMPT_FIELDS: tuple[Field, ...] = (
    Field("description", Kind.STRING, "Shown beside the prompt in the slash popup. Codex reads the rest of the "
          "line after the first `:` as written (one layer of matching quotes removed): there is no YAML, so "
          "`description: a: b` gives `a: b` and a block scalar (`|`, `>`) gives the character itself.",
          source=_PROMPT_SOURCE),
    Field("argument-hint", Kind.STRING, _ARGUMENT_HINT_DOC, source=_PROMPT_SOURCE),
    Field("argument_hint", Kind.STRING, _ARGUMENT_HINT_DOC, source=_PROMPT_SOURCE),
)
"""The only keys Codex reads from a custom prompt; the key is lower-cased, every other key is ignored."""

CODEX_SKILL_FIELDS: tuple[Field, ...] = (
    Field("name", Kind.STRING, f"The skill's name, at most {CODEX_SKILL_NAME_MAX_CHARS} characters (longer: `invalid "
          f"name: exceeds maximum length of {CODEX_SKILL_NAME_MAX_CHARS} characters`, the skill is not loaded). "
          "Without it, the folder's name is used. Codex 0.169 "
          "loads any other name, even one that differs from the folder; numbers are read as text.",
          source=_SKILL_SOURCE, invalid=f"longer than {CODEX_SKILL_NAME_MAX_CHARS} characters: the skill is not loaded"),
    Field("description", Kind.STRING, "What the skill does and when to use it. Required: without it Codex "
          "refuses the skill (`missing field `description``). Whitespace is collapsed to one line.",
          required=True, source=_SKILL_SOURCE, invalid="missing: the skill is not loaded"),
    Field("metadata", Kind.MAP, "Extra data; Codex reads `metadata.short-description`, a shorter description "
          "shown in its skill list.", source=_SKILL_SOURCE),
)
"""The keys Codex reads from a SKILL.md (serde: unknown keys are ignored)."""
CODEX_SHORT_DESCRIPTION = "short-description"
"""The key under `metadata` that Codex reads."""

CATALOGUES: dict[Dialect, DialectCatalogue] = {
    Dialect.CODEX_PROMPT: make_catalogue(Dialect.CODEX_PROMPT, "Codex custom prompt", CODEX_PROMPT_FIELDS),
    Dialect.CODEX_SKILL: make_catalogue(Dialect.CODEX_SKILL, "Codex skill (SKILL.md)", CODEX_SKILL_FIELDS),
}
