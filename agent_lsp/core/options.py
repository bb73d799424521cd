"""The settings model users write, validated with pydantic (loaded only when there are settings to read)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class Options(BaseModel):
    """Raw options as a user writes them; all optional. Unknown keys are ignored."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, alias_generator=to_camel)

    severity_overrides: dict[str, str] | None = None
    """Rule code -> "error" | "warning" | "information" | "hint" | "off"."""
    disabled_rules: list[str] | None = None
    claude_config_dir: str | None = None
    """The user's Claude Code folder (default: $CLAUDE_CONFIG_DIR, else ~/.claude)."""
    extra_skill_directories: list[str] | None = None
    log_level: str | None = None
    tools: list[str] | None = None
    """The tools the project uses (`claude-code`, `copilot-cli`, ...); empty or absent: detected from its folders."""
