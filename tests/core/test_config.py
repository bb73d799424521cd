"""Settings: reading each layer (editor camelCase, TOML kebab-case), merging them, and reporting bad values."""

from __future__ import annotations

from agent_lsp.core.config import Config, Options, options_from_mapping, options_from_toml, resolve
from agent_lsp.core.findings import Severity
from tests.helpers import codes, findings, frontmatter

AGENT = frontmatter("name: Cfg_Agent", "description: Configured", "colour: blue")  # AG004 info + KY001 warning


def test_editor_settings_use_camel_case() -> None:
    options, problems = options_from_mapping({
        "severityOverrides": {"KY001": "error"}, "disabledRules": ["AG004"], "claudeConfigDir": "/tmp/claude",
        "extraSkillDirectories": ["/skills"], "logLevel": "debug"}, "initializationOptions")
    assert problems == []
    assert options.severity_overrides == {"KY001": "error"}
    assert options.disabled_rules == ["AG004"]
    assert options.claude_config_dir == "/tmp/claude"
    assert options.extra_skill_directories == ["/skills"]
    assert options.log_level == "debug"


def test_project_file_uses_kebab_case_and_short_names() -> None:
    for raw in ({"severity-overrides": {"KY001": "warn"}, "disabled-rules": ["AG004"], "extra-skill-dirs": ["s"]},
                {"severity": {"KY001": "warn"}, "disable": ["AG004"], "extra-skill-directories": ["s"]},
                {"severity": {"KY001": "warn"}, "ignore": ["AG004"], "extra-skill-dirs": ["s"]}):
        options, problems = options_from_mapping(raw, "project")
        assert problems == [], raw
        assert options.severity_overrides == {"KY001": "warn"}
        assert options.disabled_rules == ["AG004"]
        assert options.extra_skill_directories == ["s"]


def test_snake_case_field_names_are_accepted_too() -> None:
    options, problems = options_from_mapping({"disabled_rules": ["KY001"], "log_level": "error"}, "x")
    assert problems == [] and options.disabled_rules == ["KY001"] and options.log_level == "error"


def test_unknown_settings_are_ignored() -> None:
    options, problems = options_from_mapping({"colour": "blue", "disabledRules": ["KY001"]}, "x")
    assert problems == [] and options.disabled_rules == ["KY001"]


def test_a_bad_field_falls_back_alone() -> None:
    options, problems = options_from_mapping({"disabledRules": "KY001", "claudeConfigDir": 5,
                                              "severityOverrides": {"AG004": "hint"}}, "settings")
    assert options.disabled_rules is None and options.claude_config_dir is None
    assert options.severity_overrides == {"AG004": "hint"}  # the good field survives
    assert len(problems) == 2
    assert all(problem.startswith("settings: setting ") and "using its default" in problem for problem in problems)
    assert any("disabledRules" in problem for problem in problems)


def test_settings_that_are_not_an_object() -> None:
    for raw in (["KY001"], "KY001", 3):
        options, problems = options_from_mapping(raw, "client")  # type: ignore[arg-type]
        assert options == Options()
        assert problems and "must be an object" in problems[0]
    assert options_from_mapping(None, "client") == (Options(), [])


def test_toml_files() -> None:
    options, problems = options_from_toml('disable = ["KY001"]\n[severity]\nAG004 = "warning"\n', ".agent-lsp.toml",
                                          pyproject=False)
    assert problems == []
    assert options.disabled_rules == ["KY001"] and options.severity_overrides == {"AG004": "warning"}
    options, problems = options_from_toml('[project]\nname = "x"\n[tool.agent-lsp]\ndisabled-rules = ["FM007"]\n',
                                          "pyproject.toml", pyproject=True)
    assert problems == [] and options.disabled_rules == ["FM007"]
    options, problems = options_from_toml('[project]\nname = "x"\n', "pyproject.toml", pyproject=True)
    assert problems == [] and options == Options()


def test_invalid_toml_is_reported_not_raised() -> None:
    options, problems = options_from_toml("disable = [\n", ".agent-lsp.toml", pyproject=False)
    assert options == Options()
    assert len(problems) == 1 and problems[0].startswith(".agent-lsp.toml: invalid TOML")


def test_resolve_defaults() -> None:
    config, problems = resolve()
    assert problems == [] and config == Config()
    assert config.log_level == "info" and config.disabled == frozenset()


def test_resolve_merges_layers_field_by_field() -> None:
    project = Options(severity_overrides={"KY001": "error", "AG004": "warning"}, disabled_rules=["FM007"],
                      claude_config_dir="/project/claude", extra_skill_directories=["/a"], log_level="debug")
    editor = Options(severity_overrides={"KY001": "hint"}, disabled_rules=["FM008"], extra_skill_directories=["/b"])
    config, problems = resolve(project, editor)
    assert problems == []
    assert config.severity_overrides == {"KY001": Severity.HINT, "AG004": Severity.WARNING}  # later layer wins
    assert config.disabled == frozenset({"FM007", "FM008"})  # the lists add up
    assert config.claude_config_dir == "/project/claude"  # unset in the later layer: kept
    assert config.extra_skill_directories == ("/a", "/b")
    assert config.log_level == "debug"


def test_editor_disabled_rules_add_to_the_project_list() -> None:
    project = Options(disabled_rules=["AG004", "KY001"])
    config, _ = resolve(project, Options(disabled_rules=["SK005"]))
    assert config.disabled == frozenset({"AG004", "KY001", "SK005"})
    # VS Code sends `disabledRules: []` by default: that must not re-enable what the project turned off.
    empty, _ = resolve(project, Options(disabled_rules=[]))
    assert empty.disabled == frozenset({"AG004", "KY001"})
    untouched, _ = resolve(project, Options(severity_overrides={"KY002": "error"}))
    assert untouched.disabled == frozenset({"AG004", "KY001"})  # a layer without the list keeps it


def test_editor_settings_reenable_a_rule_the_project_disables_with_a_severity() -> None:
    project = Options(disabled_rules=["AG004", "KY001"])
    config, _ = resolve(project, Options(severity_overrides={"KY001": "warning"}))
    assert config.disabled == frozenset({"AG004"}) and config.severity_overrides["KY001"] is Severity.WARNING
    # In one layer, the list wins over that layer's own severity; "off" never re-enables.
    same, _ = resolve(Options(disabled_rules=["KY001"], severity_overrides={"KY001": "error"}))
    assert same.disabled == frozenset({"KY001"})
    off, _ = resolve(project, Options(severity_overrides={"KY001": "off"}))
    assert "KY001" in off.disabled


def test_severity_names_and_aliases() -> None:
    raw = {"KY001": "warn", "KY002": "info", "KY003": "note", "AG004": "ERROR", "FM007": "off", "FM008": "none",
           "FM010": "ignore", "AG007": "Hint"}
    config, problems = resolve(Options(severity_overrides=raw))
    assert problems == []
    assert config.severity_overrides == {"KY001": Severity.WARNING, "KY002": Severity.INFORMATION,
                                         "KY003": Severity.INFORMATION, "AG004": Severity.ERROR, "FM007": None,
                                         "FM008": None, "FM010": None, "AG007": Severity.HINT}


def test_bad_severity_name_keeps_the_default_and_says_so() -> None:
    config, problems = resolve(Options(severity_overrides={"KY001": "loud", "AG004": "error"}))
    assert config.severity_overrides == {"AG004": Severity.ERROR}
    assert len(problems) == 1
    assert problems[0].startswith("KY001: unknown severity 'loud'")
    assert "keeping the default severity" in problems[0]


def test_unknown_rule_codes_are_reported() -> None:
    config, problems = resolve(Options(severity_overrides={"ZZ999": "error", "ky001": "error"},
                                       disabled_rules=["XX001", "ag004"]))
    assert config.severity_overrides == {"KY001": Severity.ERROR}  # codes are case-insensitive
    assert "AG004" in config.disabled
    assert "severity override for unknown rule 'ZZ999' ignored" in problems
    assert "cannot disable unknown rule 'XX001'" in problems
    assert len(problems) == 2


def test_bad_log_level() -> None:
    config, problems = resolve(Options(log_level="chatty"))
    assert config.log_level == "info"
    assert problems == ["unknown logLevel 'chatty'; using 'info'"]


def test_configuration_changes_findings() -> None:
    assert codes(AGENT) == ["AG004", "KY001"]
    disabled, _ = resolve(Options(disabled_rules=["KY001"]))
    assert codes(AGENT, config=disabled) == ["AG004"]
    raised, _ = resolve(Options(severity_overrides={"AG004": "error", "KY001": "off"}))
    found = findings(AGENT, config=raised)
    assert [(f.code, f.severity) for f in found] == [("AG004", Severity.ERROR)]


def test_inline_suppressions() -> None:
    whole_file = frontmatter("name: Cfg_Agent", "# agent-lsp: disable=KY001, AG004", "description: Configured",
                             "colour: blue")
    assert codes(whole_file) == []
    next_line = frontmatter("name: cfg", "description: Configured", "# agent-lsp: disable-next-line=KY002",
                            "color: violet", "memory: everywhere")
    assert codes(next_line) == ["KY002"]
    assert findings(next_line)[0].span.start.line == 5
    same_line = frontmatter("name: cfg", "description: Configured", "color: violet # agent-lsp: disable=KY002",
                            "memory: everywhere")
    assert [f.span.start.line for f in findings(same_line)] == [4]


def test_a_pyproject_tool_that_is_not_a_table_is_reported_not_raised() -> None:
    for text, expected in (('tool = "x"\n', "`tool` must be a table, got a string"),
                           ('tool = ["agent-lsp"]\n# [tool.agent-lsp]\n', "`tool` must be a table, got an array"),
                           ("[tool]\nagent-lsp = true\n", "`tool.agent-lsp` must be a table, got a boolean")):
        options, problems = options_from_toml(text, "pyproject.toml", pyproject=True)
        assert options == Options()
        assert len(problems) == 1 and expected in problems[0], problems


def test_pyproject_section_is_found_by_parsing_not_by_searching_text() -> None:
    from agent_lsp.core.config import pyproject_has_section

    assert pyproject_has_section('[tool."agent-lsp"]\ndisable = []\n')
    assert pyproject_has_section("[tool]\nagent-lsp = { disable = [] }\n")
    assert pyproject_has_section("tool.agent-lsp.disable = []\n")
    assert not pyproject_has_section('[project]\ndescription = "see [tool.agent-lsp] in the docs"\n')
    assert pyproject_has_section('tool = "x"\n')  # malformed: read it, so that the problem is reported


def test_paths_with_a_nul_byte_fall_back_with_a_message() -> None:
    config, problems = resolve(Options(claude_config_dir="/good"),
                               Options(claude_config_dir="bad\0dir", extra_skill_directories=["a\0b", "/skills"]))
    assert config.claude_config_dir == "/good" and config.extra_skill_directories == ("/skills",)
    assert len(problems) == 2 and all("NUL" in problem for problem in problems)
