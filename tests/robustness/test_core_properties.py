"""Property-based tests of the core: whatever the text, the analysis answers and stays inside the document.

Three kinds of input (the issue's list): arbitrary text (lone surrogates and control characters included),
arbitrary bytes decoded the way files are read (invalid UTF-8 becomes U+FFFD), and valid agent files
mutated the way people and merge tools break them (characters deleted; `:`, `#`, `---`, quotes, tabs,
CRLF and YAML indicators inserted). For each: `analyse` never raises, every span (finding, fix edit,
related location in the same file) lies inside the document with line/column positions that agree with
its offsets, and the editor features the server calls on every request (completion, hover, references,
outline, fix-all, the workspace summary) never raise either.

The examples are derandomized (the same inputs on every run, so CI is stable) and modest in number;
set HYPOTHESIS_PROFILE=hunt to search much longer with fresh randomness.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_lsp.core.analysis import Analysis, Context, analyse
from agent_lsp.core.completion import complete
from agent_lsp.core.config import options_from_mapping, options_from_toml
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.fixes import apply_fixes
from agent_lsp.core.hover import hover
from agent_lsp.core.model import Document
from agent_lsp.core.navigation import reference_at
from agent_lsp.core.outline import example_blocks, sections
from agent_lsp.core.text import LineIndex, Span, decode_bytes
from agent_lsp.core.workspace import build_index, mcp_servers_from_json, summarise

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True, database=None,
                          print_blob=True)
settings.register_profile("hunt", max_examples=3000, deadline=None, derandomize=False, database=None,
                          print_blob=True)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PATHS = {
    Dialect.AGENT: "/work/space/.claude/agents/fuzz.md",
    Dialect.PLUGIN_AGENT: "/work/space/kit/agents/fuzz.md",
    Dialect.COMMAND: "/work/space/.claude/commands/fuzz.md",
    Dialect.SKILL: "/work/space/.claude/skills/fuzz/SKILL.md",
    Dialect.COPILOT_AGENT: "/work/space/.github/agents/fuzz.agent.md",
    Dialect.COPILOT_SKILL: "/work/space/.github/skills/fuzz/SKILL.md",
    Dialect.VSCODE_AGENT: "/work/space/.github/agents/fuzz.agent.md",
    Dialect.COPILOT_PROMPT: "/work/space/.github/prompts/fuzz.prompt.md",
    Dialect.COPILOT_INSTRUCTIONS: "/work/space/.github/instructions/fuzz.instructions.md",
    Dialect.OPENCODE_AGENT: "/work/space/.opencode/agent/fuzz.md",
    Dialect.OPENCODE_COMMAND: "/work/space/.opencode/command/fuzz.md",
    Dialect.OPENCODE_SKILL: "/work/space/.opencode/skill/fuzz/SKILL.md",
    Dialect.GEMINI_AGENT: "/work/space/.gemini/agents/fuzz.md",
    Dialect.GEMINI_SKILL: "/work/space/.gemini/skills/fuzz/SKILL.md",
    Dialect.CODEX_PROMPT: "/work/space/.codex/prompts/fuzz.md",
    Dialect.CODEX_SKILL: "/work/space/.codex/skills/fuzz/SKILL.md",
    Dialect.CURSOR_RULE: "/work/space/.cursor/rules/fuzz.mdc",
    Dialect.CURSOR_AGENT: "/work/space/.cursor/agents/fuzz.md",
    Dialect.CURSOR_SKILL: "/work/space/.cursor/skills/fuzz/SKILL.md",
}
assert set(PATHS) == set(Dialect), "every dialect needs a path here"
REPO_ROOT = Path(__file__).resolve().parents[2]

# A workspace for the cross-file checks and completion (skills, agents, MCP servers to refer to).
WORKSPACE = build_index([
    summarise("/work/space/.claude/skills/pdf/SKILL.md", "---\nname: pdf\ndescription: Reads PDFs\n---\n",
              Dialect.SKILL),
    summarise("/work/space/.claude/agents/reviewer.md", "---\nname: reviewer\ndescription: Reviews\n---\n",
              Dialect.AGENT),
    summarise("/work/space/.claude/agents/twin.md", "---\nname: fuzz\ndescription: Same name\n---\n",
              Dialect.AGENT),
], {"github": "/work/space/.mcp.json"})

SEEDS = [
    "---\nname: fuzz\ndescription: Use it: now #1\ntools: [Read, Grep]\nmodel: sonnet\ncolor: blue\n"
    "hooks:\n  PreToolUse:\n    - matcher: Bash\n      hooks:\n        - type: command\n          command: x\n"
    "skills:\n  - pdf\n  - missing\n---\n# Role\n\nYou review.\n\n## Steps\n\n<example>\nuser: hi\n</example>\n",
    "---\r\nname: crlf\r\ndescription: |\r\n  Line one\r\n  Line two\r\ntools: Read, Task, Agent(reviewer)\r\n"
    "---\r\nBody \U0001f389 caf\u00e9\r\n",
    "\ufeff---\ndescription: Deploys $ARGUMENTS\nallowed-tools: Bash(git push:*)\nargument-hint: [env]\n"
    "model: claude-opus-4-1\n---\nDeploy to $1.\n",
    "---\nname: pdf-tools\ndescription: >\n  Reads PDF files\n  and forms\nlicense: MIT\nmetadata:\n  a: 1\n"
    "allowed-tools: [Read]\n---\n# PDF\n\n```yaml\nkey: value\n```\n",
    "---\nname: &n anchor\ndescription: *n\nmaxTurns: 0x1f\nmemory: project\n"
    "x: !!python/object/apply:os.system [\"true\"]\n---\n\u00e2\u20ac\u2122 mojibake\n",
]
SEEDS += [path.read_text(encoding="utf-8") for path in sorted((REPO_ROOT / "examples").rglob("*.md"))]

INSERTIONS = [":", ": ", "#", " #", "---", "---\n", "'", '"', "\t", "\r\n", "\r", "\n", " ", "  ", "- ", "[", "]",
              "{", "}", ",", "&a ", "*a", "!", "!!str ", "|", ">", "%", "@", "`", "?", "~", "\\", "\x00",
              "\ufeff", "\u2028", "\x85", "\ud800", "\U0001f389", "name: x\n", "tools: Task\n", "<example>"]

texts = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300)
"""Any code points, lone surrogates and C0/C1 controls included."""

yaml_like = st.lists(st.one_of(st.sampled_from(INSERTIONS + ["name", "description", "tools", "hooks", "model",
                                                             "skills", "color", "Read", "sonnet", "x", "1"]),
                               st.text(max_size=4)), max_size=80).map("".join)
"""Text made of YAML's syntax: it reaches the frontmatter parser far more often than arbitrary text."""

frontmatter_texts = st.one_of(texts, yaml_like, yaml_like.map(lambda body: "---\n" + body),
                              st.tuples(yaml_like, texts).map(lambda pair: f"---\n{pair[0]}\n---\n{pair[1]}"))


@st.composite
def mutated_seeds(draw) -> str:
    """A valid agent file with a few characters deleted and syntax inserted at random places."""
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(text)))
        if draw(st.booleans()) and text:
            position = min(position, len(text) - 1)
            length = draw(st.integers(1, 4))
            text = text[:position] + text[position + length :]
        else:
            text = text[:position] + draw(st.sampled_from(INSERTIONS)) + text[position:]
    return text


@st.composite
def corrupted_bytes(draw) -> bytes:
    """A seed's UTF-8 bytes with bytes replaced or inserted: truncated sequences, stray continuations..."""
    data = bytearray(draw(st.sampled_from(SEEDS)).encode("utf-8", "surrogatepass"))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data)))
        data[position:position] = draw(st.binary(min_size=1, max_size=3))
    return bytes(data)


dialects = st.sampled_from(list(Dialect))
with_workspace = st.booleans()


def assert_span_inside(span: Span, text: str, lines: LineIndex, what: str) -> None:
    assert 0 <= span.start_offset <= span.end_offset <= len(text), f"{what}: {span} outside 0..{len(text)}"
    assert lines.position(span.start_offset) == span.start, f"{what}: start {span.start} != its offset"
    assert lines.position(span.end_offset) == span.end, f"{what}: end {span.end} != its offset"
    assert span.end.line < lines.line_count, f"{what}: line {span.end.line} past the last line"


def check_analysis(text: str, dialect: Dialect, workspace: bool, invalid_utf8: tuple[int, ...] = ()) -> Analysis:
    path = PATHS[dialect]
    context = Context(workspace=WORKSPACE if workspace else None,
                      plugin_roots=frozenset({"/work/space/kit"}))
    analysis = analyse(Document(text, path, dialect, invalid_utf8), context)
    assert analysis.model is not None and analysis.dialect is dialect
    lines = LineIndex(text)
    for finding in analysis.findings:
        assert_span_inside(finding.span, text, lines, finding.code)
        for fix in finding.fixes:
            for edit in fix.edits:
                assert 0 <= edit.start_offset <= edit.end_offset <= len(text), f"{finding.code} fix {fix.title}"
        for related in finding.related:
            if related.path == path and related.span is not None:
                assert_span_inside(related.span, text, lines, f"{finding.code} related")
    offsets = sorted((f.span.start_offset, f.span.end_offset, f.code) for f in analysis.findings)
    assert offsets == [(f.span.start_offset, f.span.end_offset, f.code) for f in analysis.findings], "not sorted"
    return analysis


def check_editor_features(analysis: Analysis, offset: int, workspace: bool) -> None:
    """What the server computes on requests: none of it may raise, whatever the text and cursor."""
    text, model = analysis.document.text, analysis.model
    assert model is not None and analysis.dialect is not None
    index = WORKSPACE if workspace else None
    offset = min(offset, len(text))
    for candidate in complete(text, offset, analysis.dialect, index, True):
        assert 0 <= candidate.replace_start <= candidate.replace_end <= len(text), candidate
    info = hover(model, offset, index, analysis.findings)
    if info is not None:
        assert 0 <= info.start <= info.end <= len(text), info
    reference_at(model, offset)
    for start, end in example_blocks(model):
        assert 0 <= start <= end <= len(text)
    sections(model)
    for unsafe in (False, True):
        fixed, _count = apply_fixes(text, analysis.findings, unsafe)
        analyse(Document(fixed, analysis.document.path, analysis.dialect))
    summarise(analysis.document.path or "", text, analysis.dialect)


@PROFILE
@given(text=frontmatter_texts, dialect=dialects, workspace=with_workspace, offset=st.integers(0, 400))
def test_arbitrary_text(text: str, dialect: Dialect, workspace: bool, offset: int) -> None:
    analysis = check_analysis(text, dialect, workspace)
    check_editor_features(analysis, offset, workspace)


@PROFILE
@given(data=st.one_of(st.binary(max_size=300), corrupted_bytes()), dialect=dialects, workspace=with_workspace)
def test_bytes_decoded_with_replacement(data: bytes, dialect: Dialect, workspace: bool) -> None:
    text, bad = decode_bytes(data)
    assert text == data.decode("utf-8", errors="replace")
    assert all(0 <= offset < len(data) for offset in bad)
    analysis = check_analysis(text, dialect, workspace, bad)
    fm017 = [finding for finding in analysis.findings if finding.code == "FM017"]
    assert all(text[finding.span.start_offset] == "\ufffd" for finding in fm017)


@settings(PROFILE, suppress_health_check=[HealthCheck.too_slow])  # mutating KB-sized seeds draws a lot
@given(text=mutated_seeds(), dialect=dialects, workspace=with_workspace, offset=st.integers(0, 3000))
def test_mutated_agent_files(text: str, dialect: Dialect, workspace: bool, offset: int) -> None:
    analysis = check_analysis(text, dialect, workspace)
    check_editor_features(analysis, offset, workspace)


@PROFILE
@given(text=texts)
def test_files_read_from_a_workspace_never_raise(text: str) -> None:
    """Other files the server reads without asking: `.mcp.json`, `.agent-lsp.toml`, `pyproject.toml`."""
    assert isinstance(mcp_servers_from_json("/work/space/.mcp.json", text), dict)
    options_from_toml(text, "/work/space/.agent-lsp.toml", False)
    options_from_toml("[tool.agent-lsp]\n" + text, "/work/space/pyproject.toml", True)


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
                           lambda children: st.lists(children, max_size=4)
                           | st.dictionaries(st.text(max_size=10), children, max_size=4), max_leaves=12)
setting_keys = st.sampled_from(["disabledRules", "disable", "severity", "claudeConfigDir", "extraSkillDirectories",
                                "logLevel", "disabled-rules", "unknown"])


@PROFILE
@given(raw=st.one_of(json_values, st.dictionaries(setting_keys, json_values, max_size=5)))
def test_editor_settings_never_raise(raw) -> None:
    """Settings arrive from the editor as any JSON value; bad ones are problems, never exceptions."""
    if raw is not None:  # what the server passes on (`server/state.py: options_layer`)
        options_from_mapping(raw, "workspace/configuration")
