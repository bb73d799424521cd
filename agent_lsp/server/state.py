"""Server state: settings layers, the workspace index kept fresh, and analyses cached per document version."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from agent_lsp.core.analysis import Analysis
from agent_lsp.core.config import SETTINGS_SECTION, Config, options_from_mapping, resolve
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.file_patterns import is_agent_file_name
from agent_lsp.core.links import KnownFiles
from agent_lsp.core.workspace import (
    AgentInfo, FileSummary, SkillInfo, WorkspaceIndex, build_index, mcp_servers_from_json, summarise, summarise_model,
)
from agent_lsp.files import (
    MAX_FILES, SKIPPED_FOLDERS, detect_project_tools, dialect_for, load_project_options, plugin_name, read_document,
    user_claude_dir, user_mcp_servers, walk,
)

if TYPE_CHECKING:
    from agent_lsp.core.options import Options

log = logging.getLogger(__name__)


@dataclass
class SettingsLayers:
    """Settings from each source; later layers win (project file < initializationOptions < editor)."""

    project: Options | None = None
    init: Options | None = None
    editor: Options | None = None
    generation: int = 0
    config: Config = field(default_factory=Config)
    problems: list[str] = field(default_factory=list)

    def recompute(self) -> list[str]:
        layers = [layer for layer in (self.project, self.init, self.editor) if layer is not None]
        self.config, problems = resolve(*layers)
        self.generation += 1
        return problems


def unwrap_settings(raw: Any) -> Any:
    """Accept `{...}`, `{"agentLsp": {...}}` or `{"settings": {"agentLsp": {...}}}` from any client."""
    if isinstance(raw, Mapping):
        for key in ("settings", SETTINGS_SECTION, "agent-lsp", "agent_lsp"):
            if key in raw and isinstance(raw[key], Mapping):
                return unwrap_settings(raw[key])
    return raw


class WorkspaceState:
    """The index of skills, agents and MCP servers, from disk and from open buffers (buffers win)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.roots: list[Path] = []
        self.claude_dir: Path | None = None
        self.extra_dirs: list[Path] = []
        self.plugin_roots: frozenset[str] = frozenset()
        self.disk: dict[str, FileSummary] = {}
        self.buffers: dict[str, FileSummary] = {}
        self.mcp_files: dict[str, dict[str, str]] = {}
        self.current: WorkspaceIndex = WorkspaceIndex()
        self.generation = 0
        self.scanned = False
        self._known: KnownFiles | None = None
        """Every file the scan walked (any kind), kept up to date by file events: which links point somewhere
        (LK001, BD005, BD006, document links); None until scanned, or when the scan's budget cut the walk."""
        self.tools: frozenset[Tool] = frozenset()
        """The tools the roots' folders show the project uses (the settings' `tools` may override them)."""

    def configure(self, roots: list[Path], config: Config) -> None:
        self.roots = roots
        self.claude_dir = user_claude_dir(config.claude_config_dir)
        self.extra_dirs = [Path(os.path.expanduser(d)) for d in config.extra_skill_directories]
        self.tools = detect_project_tools(roots)  # a few stat calls: known before the scan ends

    def scan(self, pause: Callable[[], object] | None = None,
             progress: Callable[[int, int], object] | None = None) -> None:
        """Scan the roots, the user's Claude folder and extra skill folders from scratch (off the event loop).

        `pause` is called before each file is read: the server uses it to let the scan wait while an
        edit is being analysed, so indexing a big workspace does not take the GIL from typing. `progress`
        is told (files read, files to read) before each file and at the end.
        """
        budget = [MAX_FILES]
        found: list[tuple[Path, str]] = []
        plugin_roots: set[str] = set()
        for root in self.roots:
            for path in walk(root, budget):
                if path.name == "plugin.json" and path.parent.name == ".claude-plugin":
                    plugin_roots.add(str(path.parent.parent))
                found.append((path, "project"))
        if self.claude_dir is not None:
            for sub in ("agents", "skills", "commands"):
                found.extend((path, "user") for path in walk(self.claude_dir / sub, budget))
        for folder in self.extra_dirs:
            found.extend((path, "extra") for path in walk(folder, budget))
        with self.lock:
            self.tools = detect_project_tools(self.roots)
            self.plugin_roots = frozenset(plugin_roots)
            self._known = KnownFiles((str(path) for path, _source in found), SKIPPED_FOLDERS) if budget[0] > 0 else None
            self.disk = {}
            self.mcp_files = {"~/.claude.json": user_mcp_servers(self.claude_dir, self.roots)}
        readable = [(path, source) for path, source in found
                    if is_agent_file_name(path.name) or path.name == ".mcp.json"]
        for done, (path, source) in enumerate(readable):
            if progress is not None:
                progress(done, len(readable))
            if pause is not None:
                pause()
            self.refresh_path(str(path), rebuild=False, source=source)
        if progress is not None:
            progress(len(readable), len(readable))
        self.scanned = True
        self.rebuild()
        self.generation += 1  # the first scan always invalidates analyses made without an index

    def refresh_tools(self) -> bool:
        """Detect again which tools the roots' folders show; True (and a new generation) when that changed."""
        tools = detect_project_tools(self.roots)
        with self.lock:
            if tools == self.tools:
                return False
            self.tools = tools
            self.generation += 1
        return True

    def dialect_of(self, path: str, source: str = "project") -> Dialect | None:
        return dialect_for(path, self.plugin_roots, source)

    def _source_of(self, path: str) -> str:
        if self.claude_dir is not None and path.startswith(str(self.claude_dir) + os.sep):
            return "user"
        if any(path.startswith(str(folder) + os.sep) for folder in self.extra_dirs):
            return "extra"
        return "project"

    def _plugin_name(self, path: str) -> str | None:
        return plugin_name(path, self.plugin_roots)

    def refresh_path(self, path: str, rebuild: bool = True, source: str | None = None) -> bool:
        """Re-read one file from disk (created or changed); return True when other files' results may change."""
        source = source or self._source_of(path)
        if Path(path).is_dir():
            changed = False
            for file in walk(Path(path)):  # a created or copied-in folder: index what it holds
                changed = self.refresh_path(str(file), rebuild, source) or changed
            return changed
        if Path(path).name == ".mcp.json":
            try:
                text = read_document(path).text  # regular files only: a FIFO must not block the loop
            except OSError:
                return self.forget_path(path, rebuild)
            with self.lock:
                self.mcp_files[path] = mcp_servers_from_json(path, text)
            return self.rebuild() if rebuild else True
        if Path(path).name == "plugin.json" and Path(path).parent.name == ".claude-plugin":
            with self.lock:
                self.plugin_roots = self.plugin_roots | {str(Path(path).parent.parent)}
            return False
        dialect = self.dialect_of(path, source)
        if dialect is None:
            return False
        try:
            document = read_document(path)
        except OSError:
            return self.forget_path(path, rebuild)
        summary = summarise(path, document.text, dialect, source, self._plugin_name(path))
        if not rebuild:
            with self.lock:
                self.disk[path] = summary
            return True
        return self._set(self.disk, path, summary)

    def sync_path(self, path: str) -> bool:
        """Index `path` for what it is on disk now: a file, a folder (every file below it) or nothing.

        A file replaced by a folder is forgotten, and so is anything indexed below a folder that is no
        longer there. Return True when other files' results may change.
        """
        is_folder = os.path.isdir(path)
        files_changed = self._sync_file_paths(path, is_folder)
        if not self._scanned(path, is_folder):
            return self.forget_path(path) or files_changed  # outside what a scan reads (a tool folder, outside the roots)
        return self._sync_indexed(path, is_folder) or files_changed

    @property
    def files(self) -> KnownFiles | None:
        """The files that exist (as scanned and kept up to date by file events), for the checks of paths
        (LK001, BD005, BD006) and document links; None when not known."""
        return self._known

    def _sync_file_paths(self, path: str, is_folder: bool) -> bool:
        """Bring the set of existing files in line with `path` now; True (and a new generation) when it moved.

        A few steps per path changed: a storm of events in a big workspace never rebuilds the set.
        """
        known = self._known
        if known is None:
            return False
        path = os.path.normpath(path)
        if not self._scanned(path, is_folder):
            present: set[str] = set()
        elif is_folder:
            present = {os.path.normpath(str(file)) for file in walk(Path(path))}
        else:
            present = {path} if os.path.isfile(path) else set()
        with self.lock:
            if known.is_folder(path):  # a folder we knew: what was below it
                folder = path.rstrip(os.sep) + os.sep
                below = {file for file in known.files if file.startswith(folder)}
            else:
                below = {path} & known.files
            if below == present:
                return False
            for gone in below - present:
                known.remove(gone)
            for new in present - below:
                known.add(new)
            self.generation += 1  # analyses that checked links are stale
        return True

    def _sync_indexed(self, path: str, is_folder: bool) -> bool:
        if not is_folder:
            if os.path.isfile(path):
                return self.refresh_path(path)
            return self.forget_path(path)
        present = {str(file) for file in walk(Path(path))}
        folder = path.rstrip(os.sep) + os.sep
        with self.lock:
            stale = [known for known in (*self.disk, *self.mcp_files)
                     if (known == path or known.startswith(folder)) and known not in present]
        changed = False
        for known in stale:
            changed = self.forget_path(known) or changed
        for file in sorted(present):
            changed = self.refresh_path(file) or changed
        return changed

    def _scanned(self, path: str, is_folder: bool) -> bool:
        """Whether a scan would read `path`: below a root or a Claude folder, not inside a skipped folder."""
        bases = list(self.roots) + list(self.extra_dirs)
        if self.claude_dir is not None:
            bases += [self.claude_dir / sub for sub in ("agents", "skills", "commands")]
        for base in bases:
            try:
                relative = Path(path).relative_to(base)
            except ValueError:
                continue
            folders = relative.parts if is_folder else relative.parts[:-1]
            return not any(part in SKIPPED_FOLDERS for part in folders)
        return False

    def forget_path(self, path: str, rebuild: bool = True) -> bool:
        """Forget a deleted file, or every file below a deleted folder (some clients report only the folder)."""
        folder = path.rstrip(os.sep) + os.sep
        with self.lock:
            gone = [known for known in self.disk if known == path or known.startswith(folder)]
            mcp_gone = [known for known in self.mcp_files if known == path or known.startswith(folder)]
            for known in mcp_gone:
                del self.mcp_files[known]
        changed = False
        for known in gone:
            changed = self._set(self.disk, known, None) or changed
        if mcp_gone and rebuild:
            changed = self.rebuild() or changed
        return changed

    def summary_of(self, model) -> FileSummary:
        """Summarise an analysed buffer from the analysis' own model (no second parse)."""
        path = model.document.path or ""
        return summarise_model(model, self._source_of(path), self._plugin_name(path))

    def set_buffer_summary(self, path: str, summary: FileSummary) -> bool:
        return self._set(self.buffers, path, summary)

    def close_buffer(self, path: str) -> bool:
        return self._set(self.buffers, path, None)

    def _set(self, table: dict[str, FileSummary], path: str, summary: FileSummary | None) -> bool:
        """Update one file's summary and patch the index in place of a rebuild (O(this file)).

        The generation, which invalidates every cached analysis, moves only when a fact that other files'
        diagnostics depend on changed (names, roots, whether it loads, preload flags), not when someone
        edits a description.
        """
        with self.lock:
            before = self.buffers.get(path) or self.disk.get(path)
            if summary is None:
                table.pop(path, None)
            else:
                table[path] = summary
            after = self.buffers.get(path) or self.disk.get(path)
            if before == after:
                return False
            skills = dict(self.current.skills)
            agents = dict(self.current.agents)
            for old in _contributions(before):
                _remove(skills if isinstance(old, SkillInfo) else agents, old.name, path)
            for new in _contributions(after):
                target = skills if isinstance(new, SkillInfo) else agents
                target[new.name] = target.get(new.name, ()) + (new,)
            self.current = WorkspaceIndex(MappingProxyType(skills), MappingProxyType(agents), self.current.mcp_servers)
            relevant = _facts(before) != _facts(after)
            if relevant:
                self.generation += 1
            return relevant

    def rebuild(self) -> bool:
        """Rebuild the whole index (after a scan, or when MCP servers change)."""
        with self.lock:
            merged = {**self.disk, **self.buffers}
            mcp: dict[str, str] = {}
            for servers in self.mcp_files.values():
                mcp.update(servers)
            new_index = build_index(merged.values(), mcp)
            changed = (_index_facts(new_index) != _index_facts(self.current)
                       or dict(new_index.mcp_servers) != dict(self.current.mcp_servers))
            self.current = new_index
            if changed:
                self.generation += 1
            return changed

    def summaries(self) -> list[FileSummary]:
        with self.lock:
            return list({**self.disk, **self.buffers}.values())


def _contributions(summary: FileSummary | None) -> list[SkillInfo | AgentInfo]:
    if summary is None:
        return []
    found: list[SkillInfo | AgentInfo] = list(summary.extra_skills)
    if summary.skill is not None:
        found.insert(0, summary.skill)
    if summary.agent is not None:
        found.append(summary.agent)
    return found


def _remove(table: dict, name: str, path: str) -> None:
    kept = tuple(info for info in table.get(name, ()) if info.path != path)
    if kept:
        table[name] = kept
    else:
        table.pop(name, None)


def _facts(summary: FileSummary | None) -> tuple:
    """What other files' diagnostics can depend on in one summary."""
    if summary is None:
        return ()
    skills = tuple((s.name, s.disable_model_invocation) for s in _contributions(summary) if isinstance(s, SkillInfo))
    agent = summary.agent
    return skills, (agent.name, agent.root, agent.loads, agent.name_position) if agent else None


def _index_facts(index: WorkspaceIndex) -> tuple:
    skills = sorted((name, tuple(sorted((s.path or "", s.disable_model_invocation) for s in infos)))
                    for name, infos in index.skills.items())
    agents = sorted((name, tuple(sorted((a.path, a.root, a.loads) for a in infos))) for name, infos in index.agents.items())
    return tuple(skills), tuple(agents)


class AnalysisCache:
    """Analyses keyed by document, valid for one (version, index generation, settings generation)."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple[Any, ...], Analysis]] = {}

    def get(self, uri: str, key: tuple[Any, ...]) -> Analysis | None:
        found = self._entries.get(uri)
        return found[1] if found is not None and found[0] == key else None

    def put(self, uri: str, key: tuple[Any, ...], analysis: Analysis) -> None:
        self._entries[uri] = (key, analysis)

    def drop(self, uri: str) -> None:
        self._entries.pop(uri, None)




def project_options(roots: list[Path]) -> tuple[Options | None, list[str]]:
    for root in roots:
        options, problems, path = load_project_options(root)
        if path is not None:
            return options, problems
    return None, []


def options_layer(raw: Any, source: str) -> tuple[Options | None, list[str]]:
    raw = unwrap_settings(raw)
    if raw is None or raw == [] or raw == {}:
        return None, []  # nothing to validate: keep pydantic unloaded
    return options_from_mapping(raw, source)
