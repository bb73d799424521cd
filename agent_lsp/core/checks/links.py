"""Links whose target does not exist (LK001): Markdown links, plugin, skill and project paths.

A command's `@path` (BD005) and a skill's resource files (BD006) are the body checks' (`checks/body.py`), from
the same links (`core/links.py`): one finding per text."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from agent_lsp.core.links import BASE_NAMES, LinkKind, find_links, is_skill_resource, missing_links
from agent_lsp.core.model import FileModel
from agent_lsp.core.suggestions import did_you_mean, suggestion_fixes

if TYPE_CHECKING:
    from agent_lsp.core.reporting import Context, Reporter


def check(model: FileModel, reporter: Reporter, context: Context) -> None:
    if context.files is None or model.document.path is None:
        return
    if model.dialect.is_agent and not isinstance(model.mapping.get("name"), str):
        return  # Claude Code does not load it as an agent (notes or plans beside the agents): no model reads it
    links = [link for link in find_links(model, context.plugin_roots)
             if link.kind is not LinkKind.FILE_REFERENCE and not is_skill_resource(model.text, link)]
    for link, suggestion in missing_links(links, context.files):
        name = os.path.basename(link.target.rstrip("/"))
        written = model.text[link.start:link.end]
        fixes = []
        if suggestion and written.endswith(name):
            fixes = suggestion_fixes(suggestion, link.end - len(name), link.end)
        reporter.report("LK001", f"`{link.target}` does not exist (relative to {BASE_NAMES[link.kind]}): "
                        f"{_consequence(link.kind)}{did_you_mean(suggestion)}", link.start, link.end, fixes=fixes)


def _consequence(kind: LinkKind) -> str:
    return {LinkKind.PLUGIN_ROOT: "whatever runs or reads it fails",
            LinkKind.PROJECT_DIR: "whatever runs or reads it fails",
            LinkKind.SKILL_DIR: "the model is sent to a file the skill does not ship",
            }.get(kind, "the model is sent to a file that is not there")
