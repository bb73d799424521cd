"""Completion, hover, outline and `agent-lsp schema` for every dialect, from that dialect's catalogue only.

Two kinds of tests: over the real catalogues (each dialect's completion offers exactly its catalogue's keys;
they grow as each tool's catalogue is filled), and over a stand-in catalogue put in place of each other
tool's, so that a Claude Code fact leaking into another tool's file (Claude's model aliases, tool names,
colours, "Claude Code ignores it") fails now, whatever the real catalogues hold.
"""

from __future__ import annotations

import json

import pytest

from agent_lsp.cli import main
from agent_lsp.core import catalogue as catalogue_module
from agent_lsp.core.catalogue import BUILTIN_TOOLS, COLOURS, MODEL_ALIASES, catalogue_for
from agent_lsp.core.catalogue_model import Field, Kind, Value, make_catalogue
from agent_lsp.core.completion import complete
from agent_lsp.core.dialects import Dialect, FileKind, Tool
from agent_lsp.core.hover import hover
from agent_lsp.core.model import Document, build_model
from agent_lsp.core.schema import json_schema
from agent_lsp.core.symbols import document_symbols

OTHER_DIALECTS = [dialect for dialect in Dialect if dialect.tool is not Tool.CLAUDE_CODE]


def _expected_keys(dialect: Dialect) -> set[str]:
    return {spec.key for spec in catalogue_for(dialect).fields if spec.documented or dialect.is_agent}


@pytest.mark.parametrize("dialect", list(Dialect), ids=lambda d: d.value)
def test_completion_at_the_start_of_a_line_offers_exactly_the_catalogues_keys(dialect: Dialect) -> None:
    text = "---\n\n---\nBody\n"
    offered = {c.label for c in complete(text, 4, dialect, None) if c.kind == "key"}
    assert offered == _expected_keys(dialect)


@pytest.mark.parametrize("dialect", list(Dialect), ids=lambda d: d.value)
def test_schema_properties_are_the_catalogues_keys(dialect: Dialect, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", dialect.value]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert set(schema["properties"]) == {spec.key for spec in catalogue_for(dialect).fields}
    assert schema["required"] == [spec.key for spec in catalogue_for(dialect).fields
                                  if spec.required and (dialect is Dialect.AGENT or dialect.tool is not Tool.CLAUDE_CODE)]


@pytest.mark.parametrize("dialect", list(Dialect), ids=lambda d: d.value)
def test_every_dialect_has_an_outline(dialect: Dialect) -> None:
    model = build_model(Document("---\nname: x\n---\n# Role\n\n## Steps\n", "x.md", dialect), dialect)
    symbols = document_symbols(model)
    assert [s.name for s in symbols] == ["frontmatter", "Role"]
    assert [s.name for s in symbols[1].children] == ["Steps"]


# ---------------------------------------------------------------------- a stand-in catalogue per other tool

STAND_IN = (
    Field("name", Kind.STRING, "The agent's name.", required=True),
    Field("description", Kind.STRING, "What it is for.", required=True),
    Field("model", Kind.MODEL, "provider/model.", values=(Value("openai/gpt-5", "GPT-5 through OpenAI."),)),
    Field("tools", Kind.TOOL_LIST, "Tools it may use.", values=(Value("read", "Read files."),)),
    Field("mode", Kind.ENUM, "How it runs.", values=(Value("primary", "A main agent."),
                                                     Value("subagent", "Called by others."))),
    Field("color", Kind.ENUM, "Its colour.", values=(Value("accent", "The theme's accent colour.", "#ff8800"),)),
    Field("hidden", Kind.BOOL, "Hide it.", values=(Value("true", "Hidden."), Value("false", "Shown."))),
    Field("steps", Kind.POSITIVE_INT, "Most steps.", since="1.2"),
    Field("skills", Kind.NAME_LIST, "Skills it loads."),
)
CLAUDE_ONLY = ({v.value for v in MODEL_ALIASES} | set(BUILTIN_TOOLS) | {v.value for v in COLOURS}) - {"inherit"}

FILE = ("---\nname: helper\ndescription: Helps\nmodel: openai/gpt-5\ntools: read\nmode: primary\n"
        "color: accent\nunknown-key: 1\n---\nBody\n")


@pytest.fixture(params=OTHER_DIALECTS, ids=lambda d: d.value)
def stand_in(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Dialect:
    dialect = request.param
    monkeypatch.setitem(catalogue_module.CATALOGUES, dialect, make_catalogue(dialect, "Stand-in agent", STAND_IN))
    return dialect


def _labels(text: str, offset: int, dialect: Dialect) -> set[str]:
    return {candidate.label for candidate in complete(text, offset, dialect, None)}


def test_values_come_from_the_tools_catalogue_only(stand_in: Dialect) -> None:
    for key, expected in (("model", {"openai/gpt-5"}), ("tools", {"read"}), ("mode", {"primary", "subagent"}),
                          ("color", {"accent"}), ("hidden", {"true", "false"}), ("skills", set())):
        text = f"---\n{key}: \n---\n"
        assert _labels(text, len(f"---\n{key}: "), stand_in) == expected, key


def test_key_snippets_and_documentation_name_no_claude_code_fact(stand_in: Dialect) -> None:
    candidates = complete("---\n\n---\n", 4, stand_in, None)
    assert {c.label for c in candidates} == {spec.key for spec in STAND_IN}
    for candidate in candidates:
        shown = f"{candidate.detail} {candidate.documentation} {candidate.insert_text}"
        assert "Claude" not in shown, candidate
        assert not any(word in candidate.insert_text for word in CLAUDE_ONLY), candidate
    steps = next(c for c in candidates if c.label == "steps")
    assert f"Since {stand_in.tool.title} 1.2." in steps.documentation
    model = next(c for c in candidates if c.label == "model")
    assert model.insert_text == "model: ${1|openai/gpt-5|}"


def test_a_new_file_gets_the_tools_own_scaffold(stand_in: Dialect) -> None:
    path = ("/p/.tool/skills/code-helper/SKILL.md" if stand_in.kind is FileKind.SKILL
            else "/p/.tool/agents/code-helper.agent.md")
    [scaffold] = complete("", 0, stand_in, None, path=path)
    assert scaffold.plain_insert_text == "---\nname: code-helper\ndescription: \n---\n\n"
    assert "Claude" not in scaffold.documentation and "Stand-in agent" in scaffold.documentation


def test_hover_on_keys_and_values_names_no_claude_code_fact(stand_in: Dialect) -> None:
    model = build_model(Document(FILE, "/p/x.md", stand_in), stand_in)
    for word in ("name", "model", "openai/gpt-5", "tools", "read", "mode", "primary", "color", "accent",
                 "unknown-key"):
        info = hover(model, FILE.index(word) + 1, None)
        assert info is not None, word
        assert "Claude" not in info.markdown, (word, info.markdown)
    assert "**mode `primary`**: A main agent." == hover(model, FILE.index("primary") + 1, None).markdown
    unknown = hover(model, FILE.index("unknown-key") + 1, None).markdown
    assert unknown == "**`unknown-key`** is not a Stand-in agent key."
    opencode = make_catalogue(stand_in, "OpenCode agent", STAND_IN)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(catalogue_module.CATALOGUES, stand_in, opencode)
        assert hover(model, FILE.index("unknown-key") + 1, None).markdown.startswith("**`unknown-key`** is not an ")


def test_schema_uses_the_tools_shapes_not_claude_codes(stand_in: Dialect) -> None:
    schema = json_schema(stand_in)
    assert "Claude" not in json.dumps(schema)
    properties = schema["properties"]
    assert schema["required"] == ["name", "description"]
    assert properties["hidden"]["type"] == "boolean"  # not Claude Code's "true"/"false" strings
    assert (properties["steps"]["type"], properties["steps"]["minimum"]) == ("integer", 1)  # no digit strings
    assert properties["mode"]["enum"] == ["primary", "subagent"]
    assert "maxLength" not in properties["name"] and "pattern" not in properties["name"]  # Claude Code's name rules


def test_claude_code_dialects_keep_their_own_vocabulary() -> None:
    assert "sonnet" in _labels("---\nmodel: \n---\n", len("---\nmodel: "), Dialect.AGENT)
    assert "Bash" in _labels("---\ntools: \n---\n", len("---\ntools: "), Dialect.AGENT)
    model = build_model(Document("---\nfrobnicate: 1\n---\n", "/p/.claude/agents/x.md", Dialect.AGENT), Dialect.AGENT)
    assert hover(model, 5, None).markdown.endswith(": Claude Code ignores it.")
