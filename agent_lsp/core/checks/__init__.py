"""The checks, grouped by what they look at. `run_checks` is the only entry point.

To add a rule: register it in `agent_lsp/core/rules.py`, report it from the module below that looks at
the same thing, and add fixtures to tests/fixtures/rules/ (see ARCHITECTURE.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent_lsp.core.checks import agents, body, fields, hooks, links, skills, structure, text_quality, tools, workspace
from agent_lsp.core.dialects import Tool

if TYPE_CHECKING:
    from agent_lsp.core.reporting import Context, Reporter
    from agent_lsp.core.model import FileModel


def run_checks(model: FileModel, reporter: Reporter, context: Context) -> None:
    if model.dialect.tool is not Tool.CLAUDE_CODE:
        return  # these checks are Claude Code's reading; other tools' readings come from loaders/
    text_quality.check(model, reporter)
    links.check(model, reporter, context)  # the body's links do not depend on the frontmatter
    body.check_prompt(model, reporter, context)  # Claude Code runs a command's prompt whatever its frontmatter
    if not structure.check(model, reporter):
        return  # Claude Code reads no metadata: nothing more to say about fields
    if model.dialect is model.dialect.AGENT and not agents.check_name(model, reporter):
        return  # Claude Code ignores the file: one note is enough
    structure.check_values(model, reporter)
    fields.check(model, reporter, context)
    agents.check(model, reporter, context)
    tools.check(model, reporter, context)
    hooks.check(model, reporter)
    skills.check(model, reporter)
    workspace.check(model, reporter, context)
    body.check(model, reporter, context)
