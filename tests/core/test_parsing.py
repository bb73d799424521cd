"""Frontmatter extraction, Claude Code's YAML retry, positions, and robustness against hostile input."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from agent_lsp.core.dialects import Dialect
from agent_lsp.core.findings import Severity
from agent_lsp.core.frontmatter import split_frontmatter
from agent_lsp.core.model import Document, build_model
from agent_lsp.core import yaml_frontmatter
from agent_lsp.core.text import LineIndex, decode_bytes
from agent_lsp.core.yaml_frontmatter import LoadedBy, parse_frontmatter_yaml, resolve_plain, retry_rewrite
from tests.helpers import AGENT_PATH, COMMAND_PATH, PLUGIN_AGENT_PATH, SKILL_PATH, codes, findings, only, run

ALL_PATHS = [(AGENT_PATH, None), (COMMAND_PATH, None), (SKILL_PATH, None), (PLUGIN_AGENT_PATH, Dialect.PLUGIN_AGENT)]


def _yaml(text: str) -> str | None:
    split = split_frontmatter(text)
    return split.frontmatter.yaml_text(text) if split.frontmatter else None


# ------------------------------------------------------------------------------ frontmatter extraction


def test_plain_frontmatter() -> None:
    text = "---\nname: a\n---\nBody\n"
    split = split_frontmatter(text)
    assert _yaml(text) == "name: a\n"
    assert text[split.body_start :] == "Body\n"
    assert not split.bom and not split.unclosed and not split.starts_after_blank


def test_bom_is_skipped() -> None:
    text = "\ufeff---\nname: a\n---\nBody"
    split = split_frontmatter(text)
    assert split.bom
    assert _yaml(text) == "name: a\n"
    assert codes("\ufeff---\nname: a\ndescription: d\n---\n") == []


def test_crlf_frontmatter() -> None:
    text = "---\r\nname: a\r\n---\r\nBody\r\n"
    assert _yaml(text) == "name: a\r\n"
    assert text[split_frontmatter(text).body_start :] == "Body\r\n"


def test_dashes_with_trailing_spaces_still_open_and_close() -> None:
    text = "--- \t\nname: a\n---   \nBody"
    split = split_frontmatter(text)
    assert _yaml(text) == "name: a\n"
    assert not split.frontmatter.closes_mid_line
    assert text[split.body_start :] == "Body"


def test_closing_dashes_mid_line_end_the_block() -> None:
    text = "---\nname: a\ndescription: one --- two\nmodel: opus\n---\nBody"
    split = split_frontmatter(text)
    assert _yaml(text) == "name: a\ndescription: one "
    assert split.frontmatter.closes_mid_line
    assert split.frontmatter.intended_yaml_end == text.index("---\nBody")
    assert text[split.body_start :].startswith("two\nmodel: opus")


def test_four_dashes_are_not_an_opening() -> None:
    assert split_frontmatter("----\nname: a\n---\n").frontmatter is None


def test_closing_line_with_more_dashes_closes_mid_line() -> None:
    split = split_frontmatter("---\nname: a\n-----\nBody")
    assert split.frontmatter is not None and split.frontmatter.closes_mid_line


def test_blank_line_before_opening() -> None:
    for text in ("\n---\nname: a\n---\n", "  \n---\nname: a\n---\n", "\r\n---\nname: a\n---\n"):
        split = split_frontmatter(text)
        assert split.frontmatter is None and split.starts_after_blank, repr(text)


def test_unclosed() -> None:
    split = split_frontmatter("---\nname: a\ndescription: b\n\nBody")
    assert split.frontmatter is None and split.unclosed
    assert codes("---\nname: a\ndescription: b\n\nBody") == ["AG008"]
    assert codes("---\nname: a\ndescription: b\n\nBody", path=".claude/commands/a.md") == ["FM003"]


def test_only_dashes() -> None:
    assert split_frontmatter("---").frontmatter is None  # no line break: not an opening
    assert split_frontmatter("---\n").unclosed
    empty = split_frontmatter("---\n---\n")
    assert empty.frontmatter is not None and _yaml("---\n---\n") == ""


def test_blank_lines_right_after_the_opening_belong_to_it() -> None:
    # JavaScript's `^---\s*\n` swallows blank lines after the opening dashes, as Python's does.
    text = "---\n\n\nname: a\n---\n"
    assert _yaml(text) == "name: a\n"


def test_body_dashes_do_not_matter() -> None:
    text = "---\nname: a\ndescription: d\n---\nIntro\n---\nMore --- text\n"
    assert _yaml(text) == "name: a\ndescription: d\n"
    assert codes(text) == []


def test_no_frontmatter() -> None:
    assert split_frontmatter("# Title\n").frontmatter is None
    assert not split_frontmatter("# Title\n").starts_after_blank


# ------------------------------------------------------------------------------ the retry emulation


def test_retry_quotes_only_top_level_single_line_entries_with_special_characters() -> None:
    lines = [
        "name: plain",                 # 0: nothing special
        "description: Use it: now",    # 1: `: ` -> quoted
        "  nested: a: b",              # 2: indented -> untouched
        "- item: a: b",                # 3: list item -> untouched
        "star: *bold*",                # 4: `*` -> quoted
        "hash: one #two",              # 5: `#` -> quoted
        "bang: !x",                    # 6: `!` -> quoted
        "pct: 100%",                   # 7: `%` -> quoted
        "tick: `code`",                # 8: backtick -> quoted
        "key2: a: b",                  # 9: digit in key -> untouched
        "a:b: c",                      # 10: no space after the first colon -> untouched
        "empty:",                      # 11: no value -> untouched
        "colon-end: ends:",            # 12: colon without a space after it -> untouched
    ]
    text, rewritten, tabs = retry_rewrite("\n".join(lines))
    assert rewritten == [1, 4, 5, 6, 7, 8]
    assert tabs == []
    out = text.split("\n")
    assert out[1] == 'description: "Use it: now"'
    assert out[4] == 'star: "*bold*"'
    assert out[2] == lines[2] and out[3] == lines[3] and out[9] == lines[9] and out[10] == lines[10]


def test_retry_skips_already_quoted_values() -> None:
    text, rewritten, _ = retry_rewrite('a: "x: y"\nb: \'x: y\'\nc: "open: only\nd: \'mixed: "')
    assert rewritten == [2, 3]
    assert text.split("\n")[2] == 'c: "\\"open: only"'


def test_retry_keeps_flow_lists_that_parse() -> None:
    text, rewritten, _ = retry_rewrite("tools: [Read, Grep]\nbroken: [a: b\nmap: {a: b}")
    assert rewritten == [1, 2]  # `[a: b` does not parse as a list; a flow map is not a list
    assert text.split("\n")[0] == "tools: [Read, Grep]"


def test_retry_escapes_backslashes_and_quotes() -> None:
    text, rewritten, _ = retry_rewrite('d: path C:\\dir: "x" *')
    assert rewritten == [0]
    assert text == 'd: "path C:\\\\dir: \\"x\\" *"'
    assert parse_frontmatter_yaml('d: path C:\\dir: "x" *').mapping == {"d": 'path C:\\dir: "x" *'}


def test_retry_never_touches_crlf_lines() -> None:
    text, rewritten, _ = retry_rewrite("description: a: b\r\nname: x\r\n")
    assert rewritten == []
    assert parse_frontmatter_yaml("description: a: b\r\nname: x\r\n").loaded_by is LoadedBy.NOTHING
    assert parse_frontmatter_yaml("description: a: b\nname: x\n").loaded_by is LoadedBy.RETRY


def test_retry_turns_leading_tabs_into_two_spaces_each() -> None:
    text, rewritten, tabs = retry_rewrite("tools:\n\t- Read\n\t\t- x\nok: y\tz")
    assert tabs == [1, 2]
    assert text == "tools:\n  - Read\n    - x\nok: y\tz"
    assert rewritten == []


def test_parse_reports_how_the_frontmatter_loads() -> None:
    strict = parse_frontmatter_yaml("name: a\ndescription: b\n")
    retried = parse_frontmatter_yaml("name: a\ndescription: b: c\n")
    failed = parse_frontmatter_yaml("name: a\ndescription: b\n  c: d\n")
    assert strict.loaded_by is LoadedBy.STRICT and strict.strict_problem is None
    assert retried.loaded_by is LoadedBy.RETRY and retried.rewritten_lines == [1]
    assert retried.strict_problem is not None and retried.retry_problem is None
    assert failed.loaded_by is LoadedBy.NOTHING and failed.retry_problem is not None
    assert failed.entries == []


def test_retried_entries_keep_positions_in_the_text_as_written() -> None:
    text = "name: a\ndescription: b: c\nmodel: opus\n"
    parsed = parse_frontmatter_yaml(text)
    by_key = {entry.key: entry for entry in parsed.entries}
    description = by_key["description"]
    assert text[description.key_start : description.key_end] == "description"
    assert text[description.value_start : description.value_end] == "b: c"
    assert description.rewritten_by_retry
    model = by_key["model"]
    assert text[model.value_start : model.value_end] == "opus"


def test_yaml_1_2_core_schema() -> None:
    assert resolve_plain("yes") == "yes"
    assert resolve_plain("on") == "on"
    assert resolve_plain("true") is True and resolve_plain("False") is False
    assert resolve_plain("~") is None and resolve_plain("null") is None and resolve_plain("") is None
    assert resolve_plain("0o17") == 15 and resolve_plain("0x1f") == 31 and resolve_plain("017") == 17
    assert resolve_plain("1_000") == "1_000"
    assert resolve_plain(".inf") == float("inf") and resolve_plain("-.inf") == float("-inf")
    assert resolve_plain("3.25") == 3.25
    assert resolve_plain("2024-01-01") == "2024-01-01"


def test_last_duplicate_wins_and_order_is_kept() -> None:
    parsed = parse_frontmatter_yaml("a: 1\nb: 2\na: 3\n")
    assert [entry.key for entry in parsed.entries] == ["a", "b", "a"]
    assert parsed.mapping == {"a": 3, "b": 2}


# ------------------------------------------------------------------------------ positions


def test_line_index_recognises_the_three_lsp_line_breaks() -> None:
    index = LineIndex("a\rb\r\nc\nd\u2028e")
    assert index.line_starts == [0, 2, 5, 7]
    assert index.line_text(1) == "b"
    assert index.line_text(3) == "d\u2028e"  # U+2028 is not a line break for LSP
    assert index.position(5).line == 2
    assert index.offset(3, 99) == len(index.text)


def test_line_index_on_large_text_is_consistent() -> None:
    text = "".join(f"line {n}\n" if n % 3 else f"crlf {n}\r\n" for n in range(5000))
    index = LineIndex(text)
    for offset in (0, 1, 8191, 8192, 8193, len(text) // 2, len(text) - 1, len(text)):
        position = index.position(offset)
        assert index.offset(position.line, position.column) == offset or text[offset - 1 : offset + 1] == "\r\n"


def test_column_after_an_emoji_counts_code_points() -> None:
    text = "---\nname: party\ndescription: 🎉🎉 Releases #friday\n---\n"
    finding = only(findings(text), "FM010")
    # "description: " is 13 code points, the two emoji 2, " Releases" 9: the `#` is at column 25.
    assert (finding.span.start.line, finding.span.start.column) == (2, 25)
    assert (finding.span.end.line, finding.span.end.column) == (2, 32)


def test_column_after_an_emoji_in_a_crlf_file() -> None:
    text = "---\r\nname: party\r\ndescription: d\r\ncolor: 🎨 teal\r\n---\r\nBody\r\n"
    found = findings(text)
    assert [f.code for f in found] == ["FM008", "KY002"]
    span = found[1].span
    assert (span.start.line, span.start.column, span.end.line, span.end.column) == (3, 7, 3, 13)


def test_astral_characters_before_a_finding_in_a_tools_list() -> None:
    text = "---\nname: t\ndescription: 🧪🧪🧪 tests\ntools: Read, Grpe\n---\n"
    finding = only(findings(text), "TL002")
    assert (finding.span.start.line, finding.span.start.column) == (3, 13)
    assert text[finding.span.start_offset : finding.span.end_offset] == "Grpe"


def test_end_of_span_never_includes_the_line_break() -> None:
    text = "---\r\nname: t\r\ndescription: Fixes #7\r\n---\r\n"
    finding = only(findings(text), "FM010")
    assert text[finding.span.start_offset : finding.span.end_offset] == "#7"


# ------------------------------------------------------------------------------ never raising


HOSTILE = {
    "empty": "",
    "only dashes": "---",
    "dashes and newline": "---\n",
    "two dashes lines": "---\n---",
    "whitespace": " \n\t\n\r\n",
    "binary garbage": "".join(chr(code) for code in range(0, 0x250)) * 3,
    "lone surrogates": "---\nname: a\ndescription: \ud800\udfff x\n---\n",
    "nul body": "---\nname: a\ndescription: d\n---\n\x00\x00\x00",
    "tabs everywhere": "---\n\tname:\t a\n\t\tdescription: \t\n---\n",
    "only a colon": "---\n:\n---\n",
    "question keys": "---\n? [a, b]\n: c\n? {x: y}\n---\n",
    "map keys": "---\n[a, b]: c\n{x: 1}: d\n---\n",
    "document markers": "---\nname: a\n...\n---\n",
    "directive": "---\n%YAML 1.2\n---\n",
    "anchors everywhere": "---\nname: &n a\ndescription: *n\ntools: *missing\n---\n",
    "recursive alias": "---\nname: a\ndescription: d\nx: &x [*x]\n---\n",
    "deep but small": "---\n" + "".join(" " * i + "a:\n" for i in range(300)) + "---\n",
}


@pytest.mark.parametrize("path, dialect", ALL_PATHS, ids=[p for p, _ in ALL_PATHS])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_never_raises(name: str, path: str, dialect: Dialect | None) -> None:
    analysis = run(HOSTILE[name], path, dialect=dialect)
    for finding in analysis.findings:
        assert 0 <= finding.span.start_offset <= finding.span.end_offset <= len(HOSTILE[name])


def test_random_mutations_never_raise() -> None:
    rng = random.Random(20261122)
    seed = ("---\nname: fuzz\ndescription: Use it: now #1\ntools: [Read, Grep]\nhooks:\n  PreToolUse:\n"
            "    - matcher: Bash\n      hooks:\n        - type: command\n          command: x\n---\nBody\n")
    alphabet = list("-:#&*!|>%@`'\"[]{},\t\r\n \\?~") + ["\u2028", "\ufeff", "🎉", "\x00", "\x85"]
    for _ in range(300):
        chars = list(seed)
        for _ in range(rng.randint(1, 6)):
            position = rng.randrange(len(chars) + 1)
            action = rng.random()
            if action < 0.4:
                chars.insert(position, rng.choice(alphabet))
            elif action < 0.7 and chars:
                del chars[min(position, len(chars) - 1)]
            elif chars:
                chars[min(position, len(chars) - 1)] = rng.choice(alphabet)
        text = "".join(chars)
        path, dialect = rng.choice(ALL_PATHS)
        run(text, path, dialect=dialect)


def test_invalid_utf8_is_reported_with_byte_offsets() -> None:
    data = "---\nname: caf".encode() + b"\xe9\n" + b"description: ok \xff\xfe end\n---\nBody \xc3"
    text, bad = decode_bytes(data)
    assert bad == (13, 31, 32, len(data) - 1)
    assert text.count("\ufffd") == 4
    found = findings(text, invalid_utf8=bad)
    fm017 = [f for f in found if f.code == "FM017"]
    assert [f"byte {offset}" in f.message for f, offset in zip(fm017, bad)] == [True] * 4
    assert all(text[f.span.start_offset] == "\ufffd" for f in fm017)
    assert (fm017[0].span.start.line, fm017[0].span.start.column) == (1, 9)
    assert fm017[0].severity is Severity.WARNING


def test_decode_bytes_valid_and_truncated() -> None:
    assert decode_bytes("héllo 🎉".encode()) == ("héllo 🎉", ())
    assert decode_bytes(b"ok \xe2\x82") == ("ok \ufffd", (3,))
    assert decode_bytes(b"") == ("", ())


def test_binary_file_decoded_never_raises() -> None:
    data = bytes(range(256)) * 40
    text, bad = decode_bytes(data)
    assert bad
    for path, dialect in ALL_PATHS:
        run(text, path, dialect=dialect, invalid_utf8=bad)


def test_200_kb_single_line() -> None:
    line = "word " * 40_000
    assert codes(line) == ["FM001"]
    text = f"---\nname: big\ndescription: {line}\n---\n"
    assert codes(text) == []
    assert codes(f"---\nname: big\ndescription: {line}: x #y\n---\n") == ["FM007"]


def _nesting_limit_error() -> yaml.YAMLError:
    """The error libyaml 0.2.6+ (PyYAML 6.0.4's wheels) raises past its own nesting limit; 0.2.5 has none."""
    return yaml.scanner.ScannerError("while increasing flow level", None, "exceeded maximum nesting depth", None)


def test_libyaml_nesting_limit_in_the_depth_scan_means_too_deep(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(text: str, Loader: object) -> Iterator[yaml.Event]:
        yield yaml.StreamStartEvent()
        yield yaml.MappingStartEvent(None, None, True)
        raise _nesting_limit_error()

    # Shallow, but with enough brackets in a string that the depth scan runs; the scan meets the error.
    text = '---\nname: deep\ndescription: d\nx: "' + "[" * 2000 + '"\n---\n'
    assert "FM016" not in codes(text)
    monkeypatch.setattr(yaml_frontmatter.yaml, "parse", parse)
    assert codes(text) == ["FM016"]


def test_libyaml_nesting_limit_in_the_composer_means_too_deep(monkeypatch: pytest.MonkeyPatch) -> None:
    def compose(text: str, Loader: object) -> yaml.Node:
        raise _nesting_limit_error()

    monkeypatch.setattr(yaml_frontmatter.yaml, "compose", compose)
    assert codes("---\nname: deep\ndescription: d\n---\n") == ["FM016"]


def test_alias_bomb_is_reported_quickly() -> None:
    lines = ["name: bomb", "description: d", "x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 9):
        refs = ", ".join([f"*x{level - 1}"] * 10)
        lines.append(f"x{level}: &x{level} [{refs}]")
    text = "---\n" + "\n".join(lines) + "\n---\n"
    started = time.perf_counter()
    found = findings(text)
    elapsed = time.perf_counter() - started
    bombs = [f for f in found if f.code == "FM015"]
    assert [f.span.start.line for f in bombs] == [7, 8, 9, 10, 11]  # x4 (over 100,000 nodes) and deeper
    assert elapsed < 1.0


def test_python_tag_is_reported_and_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = ("---\nname: tag\ndescription: d\n"
            f"initialPrompt: !!python/object/apply:os.makedirs [\"{marker}\"]\n"
            f"observer: !!python/object/new:pathlib.Path [\"{marker}\"]\n---\n")
    found = findings(text)
    tags = [f for f in found if f.code == "FM014"]
    assert len(tags) == 2
    assert text[tags[0].span.start_offset : tags[0].span.end_offset] == "!!python/object/apply:os.makedirs"
    assert not marker.exists()
    model = build_model(Document(text, AGENT_PATH), Dialect.AGENT)
    assert model.mapping["initialPrompt"] == [str(marker)]  # the raw value, tag dropped


def test_five_thousand_keys() -> None:
    text = "---\nname: many\ndescription: d\n" + "".join(f"key{n}: value {n}\n" for n in range(5000)) + "---\n"
    found = findings(text)
    assert len(found) == 5000 and {f.code for f in found} == {"KY001"}
    assert found[-1].span.start.line == 5002
