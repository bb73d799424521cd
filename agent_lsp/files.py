"""The file-system side of the analysis, shared by the CLI and the server: finding files, reading them,
finding the project's configuration, and scanning a workspace into a `WorkspaceIndex`.

Walks never follow symlinked folders out of the folder being walked, survive unreadable files, files
vanishing mid-scan and symlink loops, and stop at a file budget. Only regular files are read: a FIFO or a
device named like an agent file would block the reader forever.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from stat import S_IMODE, S_ISREG
from typing import TYPE_CHECKING

from agent_lsp.core.config import options_from_toml, pyproject_has_section
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.readers import detect_dialect
from agent_lsp.core.model import Document
from agent_lsp.core.project_tools import ROOT_MARKERS, detect_tools
from agent_lsp.core.text import decode_bytes
from agent_lsp.core.workspace import (FileSummary, WorkspaceIndex, build_index, mcp_servers_from_json,
                                      mcp_servers_from_user_config, summarise)

if TYPE_CHECKING:
    from agent_lsp.core.options import Options

log = logging.getLogger(__name__)

SKIPPED_FOLDERS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache",
                             ".hg", ".svn", "dist", "build", ".cache"})
MAX_FILES = 50_000
MAX_FILE_BYTES = 16 * 1024 * 1024


def _read_regular(path: str | Path, limit: int) -> tuple[bytes, os.stat_result]:
    """Read at most `limit` bytes of a regular file, with its status; raise OSError for anything else.

    The file is opened without blocking and checked before it is read: opening a FIFO blocks until a writer
    appears, and a device may never end.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        if not S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return handle.read(limit), status


def read_bytes(path: str | Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read at most `limit` bytes of a regular file; raise OSError if it is anything else or unreadable."""
    return _read_regular(path, limit)[0]


def _document(path: str | Path, data: bytes, dialect: Dialect | None) -> Document:
    """The file's text as Claude Code reads it (UTF-8, invalid bytes replaced), cut at MAX_FILE_BYTES."""
    text, bad = decode_bytes(data[:MAX_FILE_BYTES])
    return Document(text, str(path), dialect, bad)


def read_document(path: str | Path, dialect: Dialect | None = None) -> Document:
    """Read a file as Claude Code would (UTF-8, invalid bytes replaced); raise OSError if unreadable."""
    return _document(path, read_bytes(path, MAX_FILE_BYTES + 1), dialect)


@dataclass(frozen=True)
class ReadState:
    """What a file was when it was read: `write_if_unchanged` writes only over that same content."""

    size: int
    mtime_ns: int
    digest: bytes
    complete: bool
    """The whole file was read (not cut at MAX_FILE_BYTES)."""


class FileChangedError(OSError):
    """The file changed on disk after it was read: writing would lose that change."""


def read_document_for_fix(path: str | Path, dialect: Dialect | None = None) -> tuple[Document, ReadState]:
    """`read_document`, plus the state the file was read in (size, mtime, content hash, read whole)."""
    data, status = _read_regular(path, MAX_FILE_BYTES + 1)
    state = ReadState(status.st_size, status.st_mtime_ns, hashlib.sha256(data).digest(),
                      len(data) <= MAX_FILE_BYTES and len(data) == status.st_size)
    return _document(path, data, dialect), state


def _unchanged(path: str, state: ReadState) -> os.stat_result:
    """Return the file's status if it is still as read; raise FileChangedError (or OSError) if not."""
    data, status = _read_regular(path, MAX_FILE_BYTES + 1)
    if (status.st_size, status.st_mtime_ns) != (state.size, state.mtime_ns) or \
            hashlib.sha256(data).digest() != state.digest:
        raise FileChangedError(errno.EAGAIN, "changed since it was read; not written", path)
    return status


def write_if_unchanged(path: str | Path, state: ReadState, text: str) -> None:
    """Replace the file's content with `text` (UTF-8, newlines as given), atomically, keeping its mode.

    Refuses (raising OSError) a file not read whole, a read-only file, and a file that changed since it was
    read (size, mtime or content). The text goes to a temporary file in the same folder, which is renamed
    over the original (a link is followed: the file it points to is replaced).
    """
    real = os.path.realpath(path)
    if not state.complete:
        raise OSError(errno.EFBIG, f"not written: only the first {MAX_FILE_BYTES} bytes were read", str(path))
    status = _unchanged(real, state)
    if not status.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise PermissionError(errno.EACCES, "read-only file; not written", str(path))
    folder, name = os.path.split(real)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".agent-lsp", dir=folder or ".")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, S_IMODE(status.st_mode))
        try:
            os.chown(temporary, status.st_uid, status.st_gid)
        except (OSError, AttributeError):
            pass  # only the owner's group or root may keep them; the mode is what matters
        _unchanged(real, state)  # once more, right before the rename
        os.replace(temporary, real)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def user_claude_dir(configured: str | None = None) -> Path:
    """Return the user's Claude Code folder: the setting, else $CLAUDE_CONFIG_DIR, else ~/.claude."""
    if configured:
        return Path(os.path.expanduser(configured))
    env = os.environ.get("CLAUDE_CONFIG_DIR")
    return Path(env) if env else Path.home() / ".claude"


def find_project_root(path: Path) -> Path:
    """Return the nearest folder above `path` holding `.git`, a plugin manifest or a tool's folder (`.claude`,
    `.github`, `.opencode`, `.gemini`, `.codex`, `.cursor`, `.agents`...: `project_tools.ROOT_MARKERS`)."""
    start = path if path.is_dir() else path.parent
    for folder in [start, *start.parents]:
        if (folder / ".git").exists() or (folder / ".claude-plugin").is_dir():
            return folder
        if folder != Path.home() and any((folder / marker).exists() for marker in ROOT_MARKERS):
            return folder
    return start


def detect_project_tools(roots: list[Path]) -> frozenset[Tool]:
    """The tools the projects at `roots` use, from the folders they have (`project_tools.TOOL_MARKERS`)."""
    found: set[Tool] = set()
    for root in roots:
        found |= detect_tools(lambda relative, root=root: _exists(root / relative))
    return frozenset(found)


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def project_root_for_client_root(root: Path) -> Path:
    """The folder to index for a client's root: the project when the root is inside `.claude/` or a plugin.

    Editors outside a git repository often send the open file's folder (`<proj>/.claude/agents`) as the
    root; indexing only that misses `<proj>/.claude/skills`. A root inside `.claude/` widens to the folder
    holding `.claude/` (`~/.claude` itself for the user's folder, never the whole home folder); a root
    inside a plugin widens to the plugin (the folder holding `.claude-plugin/`). Other roots are kept.
    """
    parts = root.parts
    if ".claude" in parts:
        holder = Path(*parts[: len(parts) - 1 - parts[::-1].index(".claude")])
        return holder / ".claude" if holder == Path.home() else holder
    for folder in root.parents:
        if (folder / ".claude-plugin").is_dir():
            return folder
    return root


def load_project_options(root: Path) -> tuple[Options | None, list[str], Path | None]:
    """Read `.agent-lsp.toml`, else `[tool.agent-lsp]` of pyproject.toml, in `root` or its parents."""
    for folder in [root, *root.parents]:
        for name, pyproject in ((".agent-lsp.toml", False), ("pyproject.toml", True)):
            candidate = folder / name
            try:
                text = read_bytes(candidate).decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if pyproject and not pyproject_has_section(text):
                continue
            options, problems = options_from_toml(text, str(candidate), pyproject)
            return options, problems, candidate
    return None, [], None


def walk(root: Path, budget: list[int] | None = None) -> Iterator[Path]:
    """Yield files below `root` (or `root` itself), skipping tool folders; never leaves `root` via links."""
    budget = budget if budget is not None else [MAX_FILES]
    try:
        if root.is_file():
            yield root
            return
        real_root = root.resolve()
    except (OSError, ValueError, RuntimeError):
        return  # a name too long for the system, a NUL byte, a symlink loop: nothing to walk
    seen: set[tuple[int, int]] = set()
    for folder, folders, files in os.walk(root, followlinks=True, onerror=lambda error: None):
        try:
            stat = os.stat(folder)
            real = Path(folder).resolve()
        except OSError:
            folders[:] = []
            continue
        key = (stat.st_dev, stat.st_ino)
        if key in seen or (real != real_root and real_root not in real.parents):
            folders[:] = []  # a symlink loop, or a link out of the tree
            continue
        seen.add(key)
        folders[:] = sorted(f for f in folders if f not in SKIPPED_FOLDERS)
        for name in sorted(files):
            if budget[0] <= 0:
                return
            budget[0] -= 1
            path = Path(folder) / name
            if path.is_symlink():
                try:
                    target = path.resolve()
                except (OSError, RuntimeError):
                    continue  # a dangling or looping link
                if real_root not in target.parents:
                    continue  # never read through a link out of the tree
            try:
                if not S_ISREG(path.stat().st_mode):
                    continue  # a FIFO, socket or device: reading it would block or never end
            except OSError:
                continue  # vanished, or a link that cannot be followed
            yield path


def plugin_roots_under(paths: list[Path]) -> frozenset[str]:
    """Return the folders holding `.claude-plugin/plugin.json` at or above/below the given paths."""
    roots: set[str] = set()
    for path in paths:
        start = path if path.is_dir() else path.parent
        for folder in [start, *start.parents]:
            if (folder / ".claude-plugin" / "plugin.json").is_file():
                roots.add(str(folder))
                break
    return frozenset(roots)


@dataclass
class ScanResult:
    index: WorkspaceIndex
    plugin_roots: frozenset[str]
    files: list[tuple[Path, Dialect]]
    existing: frozenset[str] | None = frozenset()
    """Every file walked below the roots, whatever its kind (links: LK001, BD005, BD006); None when the scan's
    budget cut the walk (the checks of paths then stay silent)."""


def user_mcp_servers(claude_dir: Path | None, roots: list[Path]) -> dict[str, str]:
    """The MCP servers of the user's Claude Code config: `.claude.json` in $CLAUDE_CONFIG_DIR, else ~/.claude.json."""
    if claude_dir is None:
        return {}
    for candidate in (claude_dir / ".claude.json", claude_dir.parent / ".claude.json"):
        try:
            text = read_bytes(candidate).decode("utf-8", errors="replace")
        except OSError:
            continue
        return mcp_servers_from_user_config(str(candidate), text, [str(root) for root in roots])
    return {}


def scan(roots: list[Path], claude_dir: Path | None, extra_skill_dirs: list[Path] | None = None,
         budget: int = MAX_FILES) -> ScanResult:
    """Scan workspace roots plus the user's Claude folder into an index of skills, agents and MCP servers."""
    remaining = [budget]
    plugin_roots: set[str] = set()
    found: list[tuple[Path, Dialect]] = []
    summaries: list[FileSummary] = []
    mcp: dict[str, str] = {}
    candidates: list[tuple[Path, str]] = []
    for root in roots:
        for path in walk(root, remaining):
            if path.name == "plugin.json" and path.parent.name == ".claude-plugin":
                plugin_roots.add(str(path.parent.parent))
            candidates.append((path, "project"))
    if claude_dir is not None:
        for sub in ("agents", "skills", "commands"):
            for path in walk(claude_dir / sub, remaining):
                candidates.append((path, "user"))
    for folder in extra_skill_dirs or []:
        for path in walk(folder, remaining):
            candidates.append((path, "extra"))
    frozen_roots = frozenset(plugin_roots)
    mcp.update(user_mcp_servers(claude_dir, roots))
    for path, source in candidates:
        if path.name == ".mcp.json":
            try:
                mcp.update(mcp_servers_from_json(str(path), read_bytes(path).decode("utf-8", errors="replace")))
            except OSError:
                pass
            continue
        dialect = dialect_for(path, frozen_roots, source)
        if dialect is None:
            continue
        try:
            document = read_document(path)
        except OSError as error:
            log.debug("skipping %s: %s", path, error)
            continue
        plugin = plugin_name(path, frozen_roots)
        summaries.append(summarise(str(path), document.text, dialect, source, plugin))
        if source == "project":
            found.append((path, dialect))
    # Every file of the roots (links, `@path`, skill resources); unknown when the budget cut the walk.
    existing = frozenset(str(path) for path, source in candidates if source == "project") if remaining[0] > 0 else None
    return ScanResult(build_index(summaries, mcp), frozen_roots, found, existing)


def dialect_for(path: str | Path, plugin_roots: frozenset[str], source: str) -> Dialect | None:
    """The dialect of a scanned file: by its place, and under the user's folder or an extra skill folder any
    `.md` below an `agents` or `commands` folder (the scan and the server's index both decide so)."""
    path = Path(path)
    dialect = detect_dialect(str(path), plugin_roots)
    codex = _in_codex_home(path)
    if codex is not None:
        return codex
    if dialect is None and source in ("user", "extra") and path.suffix == ".md":
        parts = path.parts
        if "agents" in parts:
            return Dialect.AGENT
        if "commands" in parts:
            return Dialect.COMMAND
    return dialect


def _in_codex_home(path: Path) -> Dialect | None:
    """A top-level `*.md` of `$CODEX_HOME/prompts` (Codex's custom prompts) or a `$CODEX_HOME/skills/<name>/SKILL.md`:
    `~/.codex/...` is known by its path alone, another CODEX_HOME only from the environment."""
    home = os.environ.get("CODEX_HOME")
    if not home or path.suffix != ".md":
        return None
    try:
        home_path = Path(os.path.expanduser(home)).resolve()
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return None
    if resolved.parent == home_path / "prompts":
        return Dialect.CODEX_PROMPT
    if resolved.name == "SKILL.md" and resolved.parent.parent == home_path / "skills":
        return Dialect.CODEX_SKILL
    return None


def existing_paths(paths: list[str]) -> frozenset[str]:
    """The paths that exist now (files or folders): the editor's document links to guessed paths."""
    return frozenset(path for path in dict.fromkeys(paths) if os.path.exists(path))


def plugin_name(path: str | Path, plugin_roots: frozenset[str]) -> str | None:
    """The name of the plugin holding `path` (its root folder's name), None outside plugins."""
    for root in plugin_roots:
        if str(path).startswith(root + os.sep):
            return Path(root).name
    return None
