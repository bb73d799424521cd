"""A thousand random incremental edits through the real server: its text stays the client's text.

For each editor profile (VS Code: UTF-16 positions, pushed diagnostics; Neovim: UTF-8, pulled), a rich
agent file is opened and edited 1,000 times at random (insertions of YAML syntax, line breaks of all three
kinds, astral and combining characters; deletions; replacements; pastes), one to three edits per
`didChange` as editors batch them. Positions are computed here from the client's own text.

Checked on the way (every 100 edits) and at the end: the server's diagnostics equal those of a fresh core
analysis of the client's text, converted here independently (ranges in the client's units, messages,
severities), and the quick fixes the server returns for each diagnostic (`textDocument/codeAction`, as an
editor asks) are those of the core's findings, their edits' ranges in the client's units of the current
text. At the end, the server's text is compared
whole: an edit makes the file start with a blank line, which gives it exactly one safe fix (AG008), and
the fix-all code action returns the server's entire text, fixed; then the file is reopened from the
client's text and its diagnostics equal those of the edited document.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest

from agent_lsp.core.analysis import Context, analyse
from agent_lsp.core.code_actions import quick_fixes
from agent_lsp.core.dialects import Dialect
from agent_lsp.core.fixes import apply_fixes
from agent_lsp.core.model import Document
from agent_lsp.files import scan
from tests.robustness.conftest import make_workspace

EDITS = 1_000
CHECK_EVERY = 100

SEED = (
    "---\n"
    "name: sync-test\n"
    "description: Reviews code: carefully #1 \U0001f389 caf\u00e9\n"
    "tools: Read, Grep, Task, Bash(git log:*), Agent(reviewer)\n"
    "skills:\n  - pdf\n  - missing-skill\n"
    "color: mauve\n"
    "model: sonnet\n"
    "hooks:\n  PreToolUse:\n    - matcher: Bash\n      hooks:\n        - type: command\n          command: ./check.sh\n"
    "---\r\n"
    "# Role\r\n\r\nYou review \u4e2d\u6587 code \U0001f9ea and e\u0301 accents.\r\n"
    "## Steps\n\n1. Read \u00e2\u20ac\u2122 the diff\r2. Reply\n\n<example>\nuser: hi\n</example>\n"
)

SNIPPETS = [":", ": ", "#", " #", "---", "---\n", "'", '"', "\t", "\r\n", "\r", "\n", " ", "- ", "[", "]", "{", "}",
            ",", "&a ", "*a", "!", "|", ">", "\\", "\U0001f389", "\U0001f9ea\U0001f9ea", "\u4e2d", "e\u0301",
            "\u00e9", "\u2028", "\ufeff", "\u00e2\u20ac\u2122", "x", "ab", "name: other\n", "tools: Task, Grep\n",
            "color: blue\n", "skills: pdf, nope\n", "model: opus\n", "description: |\n  text\n", "# Heading\n"]

_BREAK = re.compile(r"\r\n|\r|\n")
ORIGIN = {"line": 0, "character": 0}


# ------------------------------------------------------------------------ positions, independent of the server


def units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def position_at(text: str, offset: int, encoding: str) -> dict[str, int]:
    line, start = 0, 0
    for match in _BREAK.finditer(text, 0, offset):
        if match.end() > offset:
            break
        line, start = line + 1, match.end()
    return {"line": line, "character": units(text[start:offset], encoding)}


def snap(text: str, offset: int) -> int:
    """Never a position between `\\r` and `\\n`: no client can express one."""
    return offset + 1 if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n" else offset


def random_edit(rng: random.Random, text: str) -> tuple[int, int, str]:
    """One edit (start, end, new text) of `text`, kept between a few hundred and a few thousand characters."""
    kind = rng.random()
    if len(text) > 6000:
        kind = 0.5  # too long: delete
    start = snap(text, rng.randint(0, len(text)))
    if kind < 0.45 or len(text) < 200:  # insert
        return start, start, rng.choice(SNIPPETS) if rng.random() < 0.95 else SEED[rng.randrange(len(SEED)):][:400]
    end = snap(text, min(len(text), start + rng.choice([1, 1, 2, 3, 5, 10, 40, 200])))
    if kind < 0.8:  # delete
        return start, end, ""
    return start, end, rng.choice(SNIPPETS)  # replace


# ------------------------------------------------------------------------ expected diagnostics, from the core


def diagnostic_key(diagnostic: dict[str, Any]) -> tuple:
    range_ = diagnostic["range"]
    return (range_["start"]["line"], range_["start"]["character"], range_["end"]["line"], range_["end"]["character"],
            diagnostic["code"], diagnostic["severity"], diagnostic["message"])


def client_range(text: str, start: int, end: int, encoding: str) -> dict[str, dict[str, int]]:
    return {"start": position_at(text, start, encoding), "end": position_at(text, end, encoding)}


def expected(text: str, path: str, context: Context, encoding: str) -> tuple[list[tuple], dict[tuple, list[tuple]]]:
    """The diagnostics' keys, and per (code, start) the quick fixes offered: (title, preferred, edits)."""
    analysis = analyse(Document(text, path, Dialect.AGENT), context)
    keys, fixes = [], {}
    for finding in analysis.findings:
        range_ = client_range(text, finding.span.start_offset, finding.span.end_offset, encoding)
        keys.append((range_["start"]["line"], range_["start"]["character"], range_["end"]["line"],
                     range_["end"]["character"], finding.code, int(finding.severity), finding.message))
        group = fixes.setdefault((finding.code, range_["start"]["line"], range_["start"]["character"]), [])
        group += [(offered.title, offered.preferred,
                   tuple((repr(client_range(text, edit.start_offset, edit.end_offset, encoding)), edit.new_text)
                         for edit in offered.fix.edits))
                  for offered in quick_fixes([finding], finding.span.start_offset, finding.span.end_offset)]
    return sorted(keys), {key: sorted(group) for key, group in fixes.items()}


def offered_fixes(server, uri: str, diagnostic: dict[str, Any]) -> list[tuple]:
    """The quick fixes the server returns for `diagnostic` (asked for its range, as an editor does)."""
    actions = server.result("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": diagnostic["range"],
        "context": {"diagnostics": [diagnostic], "only": ["quickfix"]}})
    return sorted((action["title"], action.get("isPreferred", False),
                   tuple((repr(edit["range"]), edit["newText"]) for edit in action["edit"]["changes"][uri]))
                  for action in actions if action.get("diagnostics") == [diagnostic])


def assert_in_sync(server, uri: str, version: int, text: str, path: str, context: Context, step: int) -> list:
    diagnostics = server.diagnostics(uri, version)
    want, want_fixes = expected(text, path, context, server.encoding)
    assert sorted(diagnostic_key(d) for d in diagnostics) == want, (
        f"after {step} edits (v{version}) the server's diagnostics differ from the client text's")
    asked = set()
    for diagnostic in diagnostics:
        key = (diagnostic["code"], diagnostic["range"]["start"]["line"], diagnostic["range"]["start"]["character"])
        if key not in asked:
            asked.add(key)
            assert offered_fixes(server, uri, diagnostic) == want_fixes.get(key, []), (
                f"after {step} edits (v{version}) the quick fixes of {key} differ from the client text's")
    return diagnostics


# ------------------------------------------------------------------------ the test


@pytest.mark.parametrize("profile, seed", [("visual_studio_code", 1), ("neovim", 2)])
def test_a_thousand_random_edits(profile: str, seed: int, tmp_path: Path, home: Path, start_server) -> None:
    root = make_workspace(tmp_path / "ws", {
        ".claude/skills/pdf/SKILL.md": "---\nname: pdf\ndescription: Reads PDFs\n---\n",
        ".claude/agents/reviewer.md": "---\nname: reviewer\ndescription: Reviews\n---\n",
    })
    server = start_server(root, profile)
    encoding = server.encoding
    assert encoding == ("utf-16" if profile == "visual_studio_code" else "utf-8")
    # What the server's analyses see: the same workspace, scanned the same way; the edited buffer's own
    # summary never changes its own findings.
    context = Context(workspace=scan([root], home / ".claude").index)
    path = str(root / ".claude" / "agents" / "sync.md")
    uri = Path(path).as_uri()

    rng = random.Random(seed)
    text, version = SEED, 1
    server.open(uri, text)
    assert_in_sync(server, uri, version, text, path, context, 0)
    edits = 0
    while edits < EDITS:
        changes = []
        for _ in range(min(rng.choice([1, 1, 1, 2, 3]), EDITS - edits)):
            start, end, new_text = random_edit(rng, text)
            changes.append({"range": {"start": position_at(text, start, encoding),
                                      "end": position_at(text, end, encoding)}, "text": new_text})
            text = text[:start] + new_text + text[end:]
            edits += 1
        version += 1
        server.change(uri, version, changes)
        if edits % CHECK_EVERY < len(changes):
            assert_in_sync(server, uri, version, text, path, context, edits)
    final = assert_in_sync(server, uri, version, text, path, context, edits)

    # The whole text: a leading blank line gives the file exactly one safe fix (AG008: the agent Claude Code
    # ignores, since it sees no frontmatter); fix-all returns the
    # server's entire text with it applied, over a range that ends where the client's text ends. (The
    # frontmatter is a clean one, the random text its body: the fix is safe only when the agent it makes
    # Claude Code load has no error or warning of its own.)
    prefix = "\n---\nname: fixed-by-fix-all\ndescription: Fixed by fix-all\n---\n"
    marked = prefix + text
    version += 1
    server.change(uri, version, [{"range": {"start": ORIGIN, "end": ORIGIN}, "text": prefix}])
    assert "AG008" in {d["code"] for d in assert_in_sync(server, uri, version, marked, path, context, edits + 1)}
    end = position_at(marked, len(marked), encoding)
    actions = server.result("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": {"start": ORIGIN, "end": ORIGIN},
        "context": {"diagnostics": [], "only": ["source.fixAll"]}})
    edits_of = [edit for action in actions for edit in action["edit"]["changes"][uri]]
    assert len(edits_of) == 1, actions
    fixed, _count = apply_fixes(marked, analyse(Document(marked, path, Dialect.AGENT), context).findings)
    assert edits_of[0]["range"] == {"start": ORIGIN, "end": end}
    assert edits_of[0]["newText"] == fixed == prefix[1:] + text, "the server's text differs from the client's"

    version += 1
    server.change(uri, version, [{"range": {"start": ORIGIN, "end": position_at(marked, len(prefix), encoding)},
                                  "text": ""}])
    assert sorted(map(diagnostic_key, server.diagnostics(uri, version))) == sorted(map(diagnostic_key, final))

    # A fresh analysis of the final text by the server itself: close, reopen, same diagnostics.
    server.close(uri)
    server.open(uri, text)
    fresh = server.diagnostics(uri, 1)
    fresh_set, final_set = {repr(sorted(d.items())) for d in fresh}, {repr(sorted(d.items())) for d in final}
    assert fresh_set == final_set, (f"reopened: {sorted(fresh_set - final_set)}\n"
                                    f"edited: {sorted(final_set - fresh_set)}")
    assert server.shutdown() == 0
