"""Cross-file checks: skills that exist nowhere, and agents that share a name."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING


from agent_lsp.core.findings import Related
from agent_lsp.core.model import FileModel, skill_items
from agent_lsp.core.suggestions import closest, did_you_mean, suggestion_fixes
from agent_lsp.core.text import Span
from agent_lsp.core.workspace import agents_root

if TYPE_CHECKING:
    from agent_lsp.core.reporting import Context, Reporter


def check(model: FileModel, reporter: Reporter, context: Context) -> None:
    index = context.workspace
    if index is None or not model.dialect.is_agent:
        return
    _skills(model, reporter, context)
    _duplicate_names(model, reporter, context)


def _skills(model: FileModel, reporter: Reporter, context: Context) -> None:
    index = context.workspace
    assert index is not None
    for name, start, end in skill_items(model):
        found = index.skill(name)
        if not found and ":" in name:
            found = index.skill(name.split(":", 1)[1])
        if found:
            if all(skill.disable_model_invocation for skill in found):
                reporter.report("WS001", f"Skill `{name}` sets `disable-model-invocation: true`, so it cannot be "
                                "preloaded into an agent.", start, end)
            continue
        suggestion = closest(name, index.all_skill_names(), cutoff=0.7)
        fixes = suggestion_fixes(suggestion, start, end)
        hint = did_you_mean(suggestion)
        reporter.report("WS001", f"No skill named `{name}` in the workspace, the user's skills, plugins or bundled "
                        f"skills: Claude Code skips it when spawning the agent{hint}", start, end, fixes=fixes)


def _duplicate_names(model: FileModel, reporter: Reporter, context: Context) -> None:
    index = context.workspace
    assert index is not None
    entry = model.entry("name")
    if entry is None or not isinstance(entry.value, str) or model.document.path is None:
        return
    here = str(PurePath(model.document.path))
    root = agents_root(here)
    others = [agent for agent in index.agent(entry.value) if agent.path != here and agent.root == root]
    if not others:
        return
    related = []
    for other in others:
        span = None
        if other.name_position is not None and other.name_end is not None:
            span = Span(other.name_position, other.name_end, 0, 0)
        note = "" if other.loads else " (Claude Code does not load it today)"
        related.append(Related(f"`{entry.value}` is also defined here{note}", other.path, span, other.name_line))
    folder = PurePath(here).parent
    same_folder = all(PurePath(other.path).parent == folder for other in others)
    listed = ", ".join(str(PurePath(other.path).relative_to(root)) if _is_under(other.path, root)
                       else PurePath(other.path).name for other in others)
    where = "in this folder" if same_folder else f"under `{'/'.join(PurePath(root).parts[-2:])}/`"
    what = "Another agent" if len(others) == 1 else f"{len(others)} other agents"
    if any(other.loads for other in others):
        consequence = "Claude Code loads only one of them, chosen by file-system order"
    else:
        it = "it does" if len(others) == 1 else "they do"
        consequence = (f"{it} not load today, so this one does; once "
                       f"{'it is' if len(others) == 1 else 'they are'} fixed, Claude Code will load only one of "
                       "them, chosen by file-system order")
    reporter.report("WS002", f"{what} {where} {'is' if len(others) == 1 else 'are'} also named `{entry.value}` "
                    f"({listed}); {consequence}.", entry.value_start, entry.value_end, related=related)


def _is_under(path: str, root: str) -> bool:
    try:
        PurePath(path).relative_to(root)
    except ValueError:
        return False
    return True


