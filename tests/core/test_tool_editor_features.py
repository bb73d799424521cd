"""Completion and hover in Gemini CLI, Codex and Cursor files come from those tools' catalogues."""

from __future__ import annotations

from agent_lsp.core.analysis import Context, analyse
from agent_lsp.core.completion import complete
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.hover import hover
from agent_lsp.core.model import Document


def test_gemini_tools_complete_with_gemini_cli_tool_names() -> None:
    text = "---\nname: a\ndescription: b\ntools:\n  - \n---\n"
    labels = [c.label for c in complete(text, text.index("  - ") + 4, Dialect.GEMINI_AGENT, None)]
    assert "read_file" in labels and "run_shell_command" in labels and "Read" not in labels


def test_gemini_keys_complete_without_claude_code_models() -> None:
    text = "---\nname: a\n\n---\n"
    candidates = {c.label: c for c in complete(text, text.index("\n\n") + 1, Dialect.GEMINI_AGENT, None)}
    assert "color" not in candidates and "max_turns" in candidates
    assert "sonnet" not in candidates["model"].insert_text  # Gemini CLI's values, never Claude Code's aliases
    assert candidates["tools"].insert_text.startswith("tools:\n  - ")


def test_a_new_file_gets_the_tools_own_frontmatter() -> None:
    gemini = complete("", 0, Dialect.GEMINI_AGENT, None, path=".gemini/agents/Code Review.md")[0]
    assert gemini.insert_text == "---\nname: ${1:code-review}\ndescription: $2\n---\n\n$0"
    rule = complete("", 0, Dialect.CURSOR_RULE, None, path=".cursor/rules/style.mdc")[0]
    assert rule.plain_insert_text == "---\ndescription: \n---\n\n"


def test_cursor_booleans_complete_with_true_and_false() -> None:
    text = "---\nalwaysApply: \n---\n"
    assert [c.label for c in complete(text, text.index(": ") + 2, Dialect.CURSOR_RULE, None)] == ["true", "false"]


def test_hover_shows_the_tools_doc_and_source_and_never_claude_code() -> None:
    text = "---\nname: a\ndescription: b\ncolor: blue\nmax_turns: 3\n---\nbody\n"
    analysis = analyse(Document(text, ".gemini/agents/a.md"), Context())
    assert analysis.model is not None
    key = hover(analysis.model, text.index("max_turns") + 1, None, analysis.findings)
    assert key is not None and "Gemini CLI subagent" in key.markdown and "Source: Gemini CLI 0.61.0" in key.markdown
    unknown = hover(analysis.model, text.index("color") + 1, None, analysis.findings)
    assert unknown is not None and "Claude Code" not in unknown.markdown and "GM001" in unknown.markdown
