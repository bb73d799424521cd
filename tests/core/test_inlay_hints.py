"""core/inlay_hints.py: where a value means something other than it looks."""

from __future__ import annotations

from agent_lsp.core.catalogue import MODEL_ALIAS_IDS
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.inlay_hints import inlay_hints
from tests.helpers import PLUGIN_AGENT_PATH, SKILL_PATH, frontmatter, run


def hints(text: str, path: str = ".claude/agents/example.md", **kwargs):
    analysis = run(text, path, **kwargs)
    return [(text[: hint.offset].splitlines()[-1] if text[: hint.offset].splitlines() else "", hint.label)
            for hint in inlay_hints(analysis.model, analysis.findings)]


def test_tools_written_as_a_map_a_boolean_or_nothing_give_zero_tools():
    for value in ("{Read: true, Grep: true}", "true", "", "\n  Read: true"):
        text = frontmatter("name: a", "description: d", f"tools:{' ' if value and value[0] != chr(10) else ''}{value}")
        assert hints(text) == [("tools:", "0 tools")], value
    assert hints(frontmatter("name: a", "description: d", "tools: Read, Grep")) == []


def test_zero_tools_is_an_agent_matter_only():
    text = frontmatter("description: d", "tools: {Read: true}")
    assert hints(text, SKILL_PATH) == []


def test_a_model_alias_shows_its_model_id():
    assert hints(frontmatter("name: a", "description: d", "model: opus")) == [("model: opus", MODEL_ALIAS_IDS["opus"])]
    assert hints(frontmatter("name: a", "description: d", "model: Sonnet[1m]")) == [
        ("model: Sonnet[1m]", MODEL_ALIAS_IDS["sonnet"] + "[1m]")]
    assert hints(frontmatter("name: a", "description: d", "model: \"haiku\"")) == [
        ("model: \"haiku\"", MODEL_ALIAS_IDS["haiku"])]
    for model in ("inherit", "claude-opus-4-5", "gpt-4", "opusplan"):
        assert hints(frontmatter("name: a", "description: d", f"model: {model}")) == [], model


def test_the_catalogue_maps_every_model_family_alias_to_a_full_id():
    assert set(MODEL_ALIAS_IDS) == {"opus", "sonnet", "haiku", "fable"}
    assert all(model_id.startswith(f"claude-{alias}-") for alias, model_id in MODEL_ALIAS_IDS.items())


def test_a_value_cut_at_hash_shows_where_it_ends():
    text = frontmatter("name: a", "description: Fixes issue #42 in C# code")
    assert hints(text) == [("description: Fixes issue ", "value ends")]
    assert hints(frontmatter("name: a", "description: \"Fixes issue #42\"")) == []


def test_no_hints_when_claude_code_reads_no_metadata():
    text = frontmatter("name: a", "description: Use when: x", "  Context: y", "tools: {Read: true}", "model: opus")
    assert hints(text) == []


def test_plugin_agents_too():
    text = frontmatter("name: a", "description: d", "tools: {Read: true}", "model: haiku")
    assert [label for _line, label in hints(text, PLUGIN_AGENT_PATH, dialect=Dialect.PLUGIN_AGENT)] == ["0 tools", MODEL_ALIAS_IDS["haiku"]]
