"""Shared helpers for the core and CLI tests: analyse text in one call, render findings compactly."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from agent_lsp.core.analysis import Analysis, Context, analyse
from agent_lsp.core.config import Config
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.readers import detect_dialect
from agent_lsp.core.findings import Finding, Severity
from agent_lsp.core.links import KnownFiles
from agent_lsp.core.model import Document
from agent_lsp.core.workspace import WorkspaceIndex, build_index, mcp_servers_from_json, summarise

REPO_ROOT = Path(__file__).resolve().parent.parent

AGENT_PATH = ".claude/agents/example.md"
COMMAND_PATH = ".claude/commands/example.md"
SKILL_PATH = ".claude/skills/example/SKILL.md"
PLUGIN_AGENT_PATH = "example-plugin/agents/example.md"


def workspace_index(files: Mapping[str, str], dialects: Mapping[str, Dialect] | None = None) -> WorkspaceIndex:
    """Build a WorkspaceIndex from virtual files (path -> text), as the CLI and server would."""
    summaries = []
    mcp_servers: dict[str, str] = {}
    for path, text in files.items():
        if Path(path).name == ".mcp.json":
            mcp_servers.update(mcp_servers_from_json(path, text))
            continue
        dialect = (dialects or {}).get(path) or detect_dialect(path)
        if dialect is None:
            continue
        summaries.append(summarise(path, text, dialect))
    return build_index(summaries, mcp_servers)


def run(text: str, path: str = AGENT_PATH, dialect: Dialect | None = None,
        workspace: WorkspaceIndex | None = None, config: Config | None = None,
        invalid_utf8: tuple[int, ...] = (), tools: frozenset[Tool] | None = None,
        files: KnownFiles | None = None, plugin_roots: frozenset[str] = frozenset()) -> Analysis:
    """Analyse `text` as if it lived at `path` (or in `dialect`), in a project using `tools` (None: unknown),
    where `files` exist (None: not known)."""
    document = Document(text, path, dialect, invalid_utf8)
    return analyse(document, Context(config=config or Config(), workspace=workspace, tools=tools, files=files,
                                     plugin_roots=plugin_roots))


def findings(text: str, path: str = AGENT_PATH, **kwargs) -> list[Finding]:
    return run(text, path, **kwargs).findings


def codes(text: str, path: str = AGENT_PATH, **kwargs) -> list[str]:
    return [finding.code for finding in findings(text, path, **kwargs)]


def render(finding: Finding) -> str:
    """`CODE severity L:C-L:C [fix=...]`, 1-based like editors and `agent-lsp check`."""
    span = finding.span
    text = (f"{finding.code} {finding.severity.label} {span.start.line + 1}:{span.start.column + 1}-"
            f"{span.end.line + 1}:{span.end.column + 1}")
    if finding.fixes:
        text += " fix=" + "/".join(fix.applicability.value for fix in finding.fixes)
    return text


def rendered(text: str, path: str = AGENT_PATH, **kwargs) -> list[str]:
    return [render(finding) for finding in findings(text, path, **kwargs)]


def errors(text: str, path: str = AGENT_PATH, **kwargs) -> list[Finding]:
    return [finding for finding in findings(text, path, **kwargs) if finding.severity is Severity.ERROR]


def only(found: list[Finding], code: str) -> Finding:
    """Return the single finding with `code`, failing clearly when there is not exactly one."""
    matching = [finding for finding in found if finding.code == code]
    assert len(matching) == 1, f"expected exactly one {code}, got {[render(f) for f in found]}"
    return matching[0]


def frontmatter(*lines: str, body: str = "Body.\n", newline: str = "\n") -> str:
    """Build an agent-markdown text from frontmatter lines."""
    return newline.join(["---", *lines, "---"]) + newline + body
