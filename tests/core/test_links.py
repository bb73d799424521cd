"""core/links.py: what is a link, where it is written, what it is relative to, and which are missing."""

from __future__ import annotations

import os
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from agent_lsp.core.dialects import Dialect
from agent_lsp.core.links import KnownFiles, LinkKind, find_links, known_files, missing_links
from agent_lsp.core.model import Document, build_model

SKILL = "/p/.claude/skills/pdf/SKILL.md"


def links(text: str, path: str = SKILL, dialect: Dialect = Dialect.SKILL, plugin_roots=frozenset()):
    model = build_model(Document(text, path, dialect), dialect)
    return [(text[link.start:link.end], link.kind, link.path, link.checked)
            for link in find_links(model, plugin_roots)]


def test_markdown_links_are_relative_to_the_file_and_lose_their_fragment():
    found = links("---\nname: pdf\n---\nSee [ref](reference.md#top), ![img](<assets/a b.png>) and [up](../x%20y.md).\n"
                  "[id]: notes/defs.md\n")
    assert found == [
        ("reference.md", LinkKind.MARKDOWN, "/p/.claude/skills/pdf/reference.md", True),
        ("assets/a b.png", LinkKind.MARKDOWN, "/p/.claude/skills/pdf/assets/a b.png", True),
        ("../x%20y.md", LinkKind.MARKDOWN, "/p/.claude/skills/x y.md", True),
        ("notes/defs.md", LinkKind.MARKDOWN, "/p/.claude/skills/pdf/notes/defs.md", True),
    ]


def test_code_holds_no_markdown_links_but_keeps_paths_that_code_runs():
    text = ("---\nname: pdf\n---\n```python\nrow = table[key](arg.md)\n```\n"
            "`[x](inline.md)` then\n\n    [y](indented.md)\n\n"
            "```bash\npython scripts/fill.py\n${CLAUDE_SKILL_DIR}/bin/run.sh\n```\n")
    found = [(written, kind) for written, kind, _path, _checked in links(text)]
    assert found == [("scripts/fill.py", LinkKind.SKILL_DIR), ("bin/run.sh", LinkKind.SKILL_DIR)]


def test_urls_end_before_sentence_punctuation_and_unmatched_parentheses():
    found = links("---\nname: pdf\ndescription: see https://a.example/x.\n---\n(https://b.example/wiki/C_(lang)) "
                  "<https://c.example/q?x=1>, https://d.example/p!\n")
    assert [(written, kind) for written, kind, _p, _c in found] == [
        ("https://a.example/x", LinkKind.URL), ("https://b.example/wiki/C_(lang)", LinkKind.URL),
        ("https://c.example/q?x=1", LinkKind.URL), ("https://d.example/p", LinkKind.URL)]


def test_command_file_references_are_relative_to_the_project():
    found = links("---\ndescription: d\n---\nReview @src/app.ts, @README.md and @docs\\ dir/a.md; "
                  "ask @agent-reviewer, mail me@example.com, ping @here.\n`@src/not-a-ref.ts`\n",
                  "/p/.claude/commands/review.md", Dialect.COMMAND)
    assert [(written, kind, path) for written, kind, path, _c in found] == [
        ("src/app.ts", LinkKind.FILE_REFERENCE, "/p/src/app.ts"),
        ("README.md", LinkKind.FILE_REFERENCE, "/p/README.md"),
        ("docs\\ dir/a.md", LinkKind.FILE_REFERENCE, "/p/docs dir/a.md"),
        ("src/not-a-ref.ts", LinkKind.BARE, "/p/src/not-a-ref.ts"),  # in code: a link only if it exists
    ]


def test_an_at_path_is_a_file_reference_only_in_commands():
    found = links("---\nname: a\ndescription: d\n---\nReview @src/app.ts.\n", "/p/.claude/agents/a.md", Dialect.AGENT)
    assert [(written, kind, checked) for written, kind, _p, checked in found] == [
        ("src/app.ts", LinkKind.BARE, False)]


def test_plugin_root_paths_need_a_known_plugin():
    text = "---\ndescription: d\n---\nRun ${CLAUDE_PLUGIN_ROOT}/scripts/x.sh and $CLAUDE_PLUGIN_ROOT/hooks/y.py.\n"
    path = "/p/plug/commands/run.md"
    assert links(text, path, Dialect.COMMAND, frozenset({"/p/plug"})) == [
        ("scripts/x.sh", LinkKind.PLUGIN_ROOT, "/p/plug/scripts/x.sh", True),
        ("hooks/y.py", LinkKind.PLUGIN_ROOT, "/p/plug/hooks/y.py", True)]
    unknown = links(text, path, Dialect.COMMAND)
    assert [(kind, resolved, checked) for _w, kind, resolved, checked in unknown] == [
        (LinkKind.PLUGIN_ROOT, None, False), (LinkKind.PLUGIN_ROOT, None, False)]


def test_guessed_paths_are_never_checked():
    found = links("---\nname: pdf\n---\nKeep CHANGELOG.md and docs/notes.md; see ./local.txt and and/or.\n")
    assert [(written, kind, checked) for written, kind, _p, checked in found] == [
        ("CHANGELOG.md", LinkKind.SKILL_DIR, False), ("docs/notes.md", LinkKind.BARE, False),
        ("./local.txt", LinkKind.BARE, False), ("and/or", LinkKind.BARE, False)]


def test_offsets_are_code_points_with_emoji_and_crlf():
    text = "---\r\nname: pdf\r\n---\r\n📄👍 [r](reference.md)\r\n"
    model = build_model(Document(text, SKILL, Dialect.SKILL), Dialect.SKILL)
    [link] = find_links(model)
    assert text[link.start:link.end] == "reference.md"
    assert model.lines.position(link.start).column == len("📄👍 [r](")


def test_missing_links_need_their_folder_and_suggest_a_near_name():
    text = ("---\nname: pdf\n---\nSee [a](refrence.md), [b](reference.md), [c](gone/x.md), "
            "run scripts/fil.py and scripts/zzz.py.\n")
    model = build_model(Document(text, SKILL, Dialect.SKILL), Dialect.SKILL)
    known = known_files([SKILL, "/p/.claude/skills/pdf/reference.md", "/p/.claude/skills/pdf/scripts/fill.py"])
    found = [(link.target, suggestion) for link, suggestion in missing_links(find_links(model), known)]
    assert found == [("refrence.md", "reference.md"), ("scripts/fil.py", "fill.py"), ("scripts/zzz.py", None)]


def test_known_files_lists_folders():
    known = known_files(["/a/b/c.txt", "/a/d.txt"])
    assert known.exists("/a/b") and known.exists("/a/b/c.txt") and not known.exists("/a/b/x")
    assert known.names_in("/a") == ("b", "d.txt")


def test_hostile_bodies_stay_fast_enough_to_finish():
    text = "---\nname: pdf\n---\n" + "[" * 50_000 + "`" * 50_000 + "a/" * 50_000
    model = build_model(Document(text, SKILL, Dialect.SKILL), Dialect.SKILL)
    assert isinstance(find_links(model), list)


def test_the_cli_reports_missing_targets_for_files_named_by_relative_paths(tmp_path):
    skill = tmp_path / ".claude/skills/pdf"
    (skill / "scripts").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (skill / "scripts/fill.py").write_text("print(1)\n", encoding="utf-8")
    (skill / "SKILL.md").write_text("---\nname: pdf\ndescription: d\n---\nRun `scripts/fil.py` and read [the guide](scripts/fil.md).\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "agent_lsp", "check", os.path.join(".claude", "skills")],
                            cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "CLAUDE_CONFIG_DIR":
                                                                                str(tmp_path / "home")})
    # A skill's resource is BD006's, a Markdown link LK001's: one finding each.
    assert "5:6: warning BD006 The skill points to `scripts/fil.py`" in result.stdout, result.stdout + result.stderr
    assert "5:43: warning LK001 `scripts/fil.md` does not exist" in result.stdout, result.stdout + result.stderr
    assert result.stdout.count(": warning ") == 2, result.stdout


PATHS = ["/w/a.md", "/w/s/SKILL.md", "/w/s/scripts/x.py", "/w/s/scripts/y.py", "/w/d/e/f.txt", "/w/d/g.txt"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.sampled_from(PATHS)), max_size=30))
def test_known_files_kept_up_to_date_equal_a_fresh_index(steps):
    known = KnownFiles()
    present: set[str] = set()
    for add, path in steps:
        (known.add if add else known.remove)(path)
        (present.add if add else present.discard)(path)
    assert known == KnownFiles(present)
    assert known.is_folder("/w/s/scripts") == any(p.startswith("/w/s/scripts/") for p in present)
