"""The helpers the checks share instead of each writing its own: the nested-node walk, a value's type in prose,
the closest name and its "did you mean" fix."""

from __future__ import annotations

import yaml

from agent_lsp.core.findings import Applicability
from agent_lsp.core.model import MAX_NESTING_WALKED, nested_nodes
from agent_lsp.core.suggestions import closest, did_you_mean, suggestion_fixes
from agent_lsp.core.yaml_frontmatter import yaml_type


def test_nested_nodes_visit_every_node_once_with_its_path() -> None:
    root = yaml.compose("a: &x {b: [1, 2]}\nc: *x\n? [k]\n: v\n")
    paths = [path for path, _node in nested_nodes(root, "top")]
    assert sorted(paths) == ["top", "top.", "top.c", "top.c.b", "top.c.b.0", "top.c.b.1"]  # the anchor once
    assert "top." not in [path for path, _node in nested_nodes(root, "top", scalar_keys_only=True)]


def test_nested_nodes_stop_at_the_depth_limit() -> None:
    deep = yaml.compose("[" * (MAX_NESTING_WALKED + 5) + "]" * (MAX_NESTING_WALKED + 5))
    assert len(list(nested_nodes(deep, "x"))) == MAX_NESTING_WALKED + 1


def test_yaml_type_names_each_kind() -> None:
    assert [yaml_type(v) for v in (True, 3, 2.5, "s", [1], {"a": 1}, None)] == [
        "a boolean", "a number", "a number", "text", "a list", "a map", "nothing"]
    assert yaml_type(None, null="null") == "null"


def test_did_you_mean_and_its_fix() -> None:
    assert closest("Bsh", ["Bash", "Read"]) == "Bash"
    assert did_you_mean("Bash") == "; did you mean `Bash`?" and did_you_mean(None, "!") == "!"
    (fix,) = suggestion_fixes("Bash", 3, 6)
    assert fix.title == "Change to `Bash`" and fix.applicability is Applicability.UNSAFE
    assert (fix.edits[0].start_offset, fix.edits[0].end_offset, fix.edits[0].new_text) == (3, 6, "Bash")
    assert suggestion_fixes(None, 3, 6) == [] and suggestion_fixes("k", 0, 1, verb="Rename to")[0].title == "Rename to `k`"
