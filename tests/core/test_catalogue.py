"""The rule registry, its generated documentation, the field catalogue and the exported JSON Schemas."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from agent_lsp.cli import main
from agent_lsp.core import rules as rules_module
from agent_lsp.core.catalogue import CATALOGUES, Kind
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.findings import Severity
from agent_lsp.core.rules import REGISTRY, get_rule, iter_rules, rules_markdown
from agent_lsp.core.schema import json_schema
from tests.helpers import REPO_ROOT

try:  # used when present; a small validator below covers the keywords our schemas use either way
    import jsonschema
except ImportError:  # pragma: no cover - depends on the environment
    jsonschema = None

CODE = re.compile(r"^(FM|KY|AG|TL|HK|SK|WS|LK|IO|BD|CP|VS|OC|GM|CX|CR|PT)\d{3}$")
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEADINGS = ("## What it does", "## Why it matters", "## Example", "## Fix")


# ------------------------------------------------------------------------------------------ rules


def test_rule_codes_are_unique_and_well_formed() -> None:
    all_rules = rules_module._RULES
    codes = [rule.code for rule in all_rules]
    assert len(codes) == len(set(codes)), "a rule code is registered twice"
    assert len(REGISTRY) == len(all_rules)
    for code in codes:
        assert CODE.match(code), code
    names = [rule.name for rule in all_rules]
    assert len(names) == len(set(names)), "two rules share a name"


@pytest.mark.parametrize("rule", iter_rules(), ids=lambda rule: rule.code)
def test_rule_fields(rule) -> None:
    assert NAME.match(rule.name), rule.name
    assert isinstance(rule.severity, Severity)
    assert rule.fix in ("none", "safe", "unsafe", "safe/unsafe")
    assert rule.dialects and all(isinstance(d, Dialect) for d in rule.dialects)
    for text in (rule.summary, rule.why):
        assert text.strip() and text.rstrip().endswith((".", ")", "\"")), f"{rule.code}: {text!r}"
    assert rule.example.strip()


@pytest.mark.parametrize("rule", iter_rules(), ids=lambda rule: rule.code)
def test_rule_markdown_has_the_standard_sections(rule) -> None:
    markdown = rule.markdown()
    assert markdown.startswith(f"# {rule.code} {rule.name}\n")
    positions = [markdown.find(f"\n{heading}\n") for heading in HEADINGS]
    assert all(position > 0 for position in positions), f"{rule.code} lacks a heading: {positions}"
    assert positions == sorted(positions), f"{rule.code}: headings out of order"
    assert f"**{rule.severity.label}**" in markdown
    assert markdown.count("```") % 2 == 0


def test_get_rule_is_case_insensitive() -> None:
    assert get_rule("ag003") is REGISTRY["AG003"]
    assert get_rule("XX999") is None


def test_docs_rules_md_is_up_to_date() -> None:
    """docs/rules.md is generated; regenerate with `python -m agent_lsp rules --markdown > docs/rules.md`."""
    generated = rules_markdown()
    on_disk = (REPO_ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert on_disk == generated, "docs/rules.md is stale: run `python -m agent_lsp rules --markdown > docs/rules.md`"


def test_rules_markdown_lists_every_rule_in_its_table_and_body() -> None:
    generated = rules_markdown()
    for rule in iter_rules():
        assert f"| [{rule.code}](#{rule.code.lower()}-{rule.name}) |" in generated
        assert f"\n## {rule.code} {rule.name}\n" in generated
        for heading in HEADINGS:
            assert f"#{heading}" in generated  # demoted one level under the rule's heading


# ------------------------------------------------------------------------------------------ catalogue


@pytest.mark.parametrize("dialect", list(Dialect), ids=lambda d: d.value)
def test_catalogue_fields(dialect: Dialect) -> None:
    catalogue = CATALOGUES[dialect]
    keys = [field.key for field in catalogue.fields]
    assert len(keys) == len(set(keys)), f"{dialect.value}: duplicate keys"
    assert set(catalogue.by_key) == set(keys)
    for field in catalogue.fields:
        assert field.doc.strip(), field.key
        if field.kind is Kind.ENUM:
            assert field.values, f"{field.key} is an enum without values"


def test_agent_catalogue_matches_the_documented_field_set() -> None:
    keys = set(CATALOGUES[Dialect.AGENT].by_key)
    documented = {"name", "description", "tools", "disallowedTools", "model", "permissionMode", "maxTurns",
                  "skills", "mcpServers", "hooks", "memory", "background", "effort", "isolation", "color",
                  "initialPrompt"}
    assert documented <= keys
    colours = CATALOGUES[Dialect.AGENT].get("color").allowed()
    assert set(colours) == {"red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan"}
    assert "magenta" not in colours and "white" not in colours


# ------------------------------------------------------------------------------------------ schemas


def _schema_from_cli(dialect: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["schema", dialect]) == 0
    return json.loads(capsys.readouterr().out)


_TYPES = {"object": dict, "array": list, "string": str, "integer": int, "number": (int, float), "boolean": bool,
          "null": type(None)}
_KEYWORDS = {"$schema", "$id", "title", "description", "markdownDescription", "type", "properties", "required",
             "additionalProperties", "enum", "anyOf", "items", "minLength", "maxLength", "pattern", "minimum",
             "minProperties", "maxProperties", "examples", "default"}


def _check_schema_shape(schema: Any, where: str = "#") -> None:
    """A structural check of the JSON Schema subset agent-lsp emits."""
    assert isinstance(schema, dict), where
    unknown = set(schema) - _KEYWORDS
    assert not unknown, f"{where}: unexpected keywords {unknown}"
    if "type" in schema:
        assert schema["type"] in _TYPES, where
    if "enum" in schema:
        assert isinstance(schema["enum"], list) and schema["enum"], where
    for key in ("minLength", "maxLength", "minimum", "minProperties", "maxProperties"):
        if key in schema:
            assert isinstance(schema[key], int) and not isinstance(schema[key], bool), f"{where}/{key}"
    if "pattern" in schema:
        re.compile(schema["pattern"])
    if "required" in schema:
        assert isinstance(schema["required"], list) and all(isinstance(k, str) for k in schema["required"])
    for name, sub in schema.get("properties", {}).items():
        _check_schema_shape(sub, f"{where}/properties/{name}")
    for index, sub in enumerate(schema.get("anyOf", [])):
        _check_schema_shape(sub, f"{where}/anyOf/{index}")
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            _check_schema_shape(schema[key], f"{where}/{key}")
        elif key in schema:
            assert isinstance(schema[key], bool), f"{where}/{key}"


def _valid(instance: Any, schema: dict[str, Any]) -> bool:
    """A tiny validator for that subset (what jsonschema would say, without depending on it)."""
    expected = schema.get("type")
    if expected is not None:
        python_type = _TYPES[expected]
        if isinstance(instance, bool) and expected in ("integer", "number"):
            return False
        if not isinstance(instance, python_type):
            return False
    if "enum" in schema and instance not in schema["enum"]:
        return False
    if "anyOf" in schema and not any(_valid(instance, sub) for sub in schema["anyOf"]):
        return False
    if isinstance(instance, str):
        if len(instance) < schema.get("minLength", 0) or len(instance) > schema.get("maxLength", len(instance)):
            return False
        if "pattern" in schema and not re.search(schema["pattern"], instance):
            return False
    if isinstance(instance, (int, float)) and not isinstance(instance, bool) and "minimum" in schema:
        if instance < schema["minimum"]:
            return False
    if isinstance(instance, list) and isinstance(schema.get("items"), dict):
        if not all(_valid(item, schema["items"]) for item in instance):
            return False
    if isinstance(instance, dict):
        if not schema.get("minProperties", 0) <= len(instance) <= schema.get("maxProperties", len(instance)):
            return False
        if any(key not in instance for key in schema.get("required", [])):
            return False
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, value in instance.items():
            if key in properties:
                if not _valid(value, properties[key]):
                    return False
            elif extra is False or (isinstance(extra, dict) and not _valid(value, extra)):
                return False
    return True


def _agrees(instance: Any, schema: dict[str, Any]) -> bool:
    verdict = _valid(instance, schema)
    if jsonschema is not None:
        assert jsonschema.Draft7Validator(schema).is_valid(instance) == verdict, instance
    return verdict


@pytest.mark.parametrize("dialect", [d.value for d in Dialect])
def test_schema_command_prints_a_valid_json_schema(dialect: str, capsys: pytest.CaptureFixture[str]) -> None:
    schema = _schema_from_cli(dialect, capsys)
    assert schema == json_schema(Dialect.from_name(dialect))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is CATALOGUES[Dialect.from_name(dialect)].open
    assert set(schema["properties"]) == set(CATALOGUES[Dialect.from_name(dialect)].by_key)
    _check_schema_shape(schema)
    if jsonschema is not None:
        jsonschema.Draft7Validator.check_schema(schema)


@pytest.mark.parametrize("dialect", ["agent", "plugin-agent"])
def test_agent_schema_accepts_good_and_rejects_bad_frontmatter(dialect: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    schema = _schema_from_cli(dialect, capsys)
    good = {"name": "reviewer", "description": "Reviews code", "tools": "Read, Grep", "color": "cyan",
            "model": "sonnet", "maxTurns": 5, "background": "true", "effort": 3,
            "hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "./x"}]}]},
            "mcpServers": ["github", {"local": {"command": "srv"}}]}
    assert _agrees(good, schema)
    assert _agrees({**good, "tools": ["Read", "Grep"]}, schema)
    for bad in ({**good, "color": "magenta"}, {**good, "color": "Cyan"}, {**good, "maxTurns": 0},
                {**good, "unknownKey": 1}, {**good, "name": "my:agent"}, {**good, "name": "-x"},
                {**good, "hooks": {"Stop": "echo"}}, {**good, "permissionMode": "never"}):
        assert not _agrees(bad, schema), bad
    required = schema["required"]
    if dialect == "agent":
        assert required == ["name", "description"]
        assert not _agrees({"name": "reviewer"}, schema)
    else:
        assert required == []  # plugin agents load without a description


def test_skill_and_command_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    skill = _schema_from_cli("skill", capsys)
    command = _schema_from_cli("command", capsys)
    assert _agrees({"name": "pdf", "description": "PDFs", "allowed-tools": ["Read"], "metadata": {"a": "b"}}, skill)
    assert not _agrees({"name": "pdf", "metadata": "text"}, skill)
    assert not _agrees({"context": "spoon"}, skill)
    assert _agrees({"description": "Deploy", "context": "fork", "shell": "powershell"}, command)
    assert not _agrees({"paths": ["src/**"]}, command)  # commands have no `paths`
