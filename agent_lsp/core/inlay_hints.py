"""Inlay hints: short notes where a value means something other than it looks, as plain data.

- `tools:` written as a map, a boolean or nothing gives an agent zero tools (the roster still says "All tools");
- a model alias stands for one model id in this Claude Code version (the catalogue's `MODEL_ALIAS_IDS`);
- a value cut at ` #` (FM010): where the value Claude Code reads ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent_lsp.core.catalogue import CLAUDE_CODE_VERSION, MODEL_ALIAS_CONTEXT_SUFFIX, MODEL_ALIAS_IDS
from agent_lsp.core.findings import Finding
from agent_lsp.core.model import FileModel


@dataclass(frozen=True, slots=True)
class InlayHint:
    offset: int
    """Where the hint is shown (a code-point offset: before the character there)."""
    label: str
    tooltip: str
    padding_left: bool = False
    padding_right: bool = False


def inlay_hints(model: FileModel, findings: list[Finding] | tuple[Finding, ...] = ()) -> list[InlayHint]:
    """The hints of one analysed file, in document order (`findings` are its analysis' findings)."""
    hints: list[InlayHint] = []
    if model.loads_metadata and not model.recovered:
        hints += _zero_tools(model)
        hints += _model_alias(model)
    hints += [InlayHint(finding.span.start_offset, "value ends", finding.message, padding_right=True)
              for finding in findings if finding.code == "FM010"]
    return sorted(hints, key=lambda hint: hint.offset)


def _zero_tools(model: FileModel) -> list[InlayHint]:
    entry = model.entry("tools")
    if entry is None or not model.dialect.is_agent:
        return []
    value = entry.value
    if not (value is None or value == "" or isinstance(value, (bool, dict))):
        return []
    shape = "a map" if isinstance(value, dict) else "empty" if value in (None, "") else f"`{str(value).lower()}`"
    return [InlayHint(entry.key_end + 1, "0 tools", f"`tools` is {shape}: Claude Code {CLAUDE_CODE_VERSION} gives "
                      "this agent zero tools, although its roster says \"All tools\". Omit `tools` to allow every "
                      "tool, or list tool names.", padding_left=True)]


def _model_alias(model: FileModel) -> list[InlayHint]:
    entry = model.entry("model")
    if entry is None or not isinstance(entry.value, str):
        return []
    written = entry.value.strip().lower()
    alias = written.removesuffix(MODEL_ALIAS_CONTEXT_SUFFIX)
    if alias not in MODEL_ALIAS_IDS:
        return []
    suffix = written[len(alias):]
    model_id = MODEL_ALIAS_IDS[alias] + suffix
    return [InlayHint(entry.value_end, model_id, f"In Claude Code {CLAUDE_CODE_VERSION}, `{alias}` stands for "
                      f"`{MODEL_ALIAS_IDS[alias]}` on the Anthropic API (its built-in model catalogue). Other "
                      "providers (Bedrock, Vertex, Foundry) map it to their own ids, and "
                      f"`ANTHROPIC_DEFAULT_{alias.upper()}_MODEL` overrides it.", padding_left=True)]
