"""AgentLanguageServer: holds the session state and publishes diagnostics; handlers live in handlers.py."""

from __future__ import annotations

import asyncio
import ctypes
import functools
import gc
import json
import logging
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument

from agent_lsp import __version__
from agent_lsp.core.analysis import Analysis, Context, analyse
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.model import Document
from agent_lsp.core.project_tools import tools_in_use
from agent_lsp.core.readers import detect_dialect
from agent_lsp.files import project_root_for_client_root, read_document
from agent_lsp.server.convert import PositionMapper, serialisation_samples, to_diagnostic
from agent_lsp.server.progress import WorkProgress
from agent_lsp.server.protocol import AgentProtocol, Refused
from agent_lsp.server import documents
from agent_lsp.server.state import AnalysisCache, SettingsLayers, WorkspaceState, options_layer, project_options

log = logging.getLogger("agent_lsp")
INLINE_ANALYSIS_SECONDS = 0.002
"""An analysis that took at most this long runs on the loop next time (see `_start_analysis`)."""
SETTINGS_PROBLEMS_LOGGED = 20
"""Bad settings listed in the log; the rest are counted."""
INLINE_FIRST_ANALYSIS_CHARS = 16384
"""A document's first analysis runs on the loop when the document is at most this long."""


def _load_libc():
    # Not ctypes.util.find_library: on Linux it runs ldconfig (and gcc), and the server starts no program.
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim  # noqa: B018 - glibc only; other C libraries lack it
        return libc
    except (OSError, AttributeError):
        return None


_LIBC = _load_libc() if sys.platform.startswith("linux") else None


class AgentLanguageServer(LanguageServer):
    """The agent-lsp server: one instance per process, all state in here (no module globals)."""

    def __init__(self, when_warm: Callable[[], None] | None = None) -> None:
        super().__init__("agent-lsp", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         protocol_cls=AgentProtocol)
        self._when_warm = when_warm
        self.settings = SettingsLayers()
        self.index = WorkspaceState()
        self.cache = AnalysisCache()
        self.pull_diagnostics = False
        self.snippets = True
        self.label_details = False
        self.refresh_support = False
        self.code_lens_refresh = False
        self.work_done_progress_support = False
        self.document_changes = False
        """The client takes `documentChanges` in a WorkspaceEdit (versioned edits)."""
        self.rename_files = False
        """... and `RenameFile` operations among them."""
        self.loop_thread: int | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        """The event loop and its thread (set at `initialize`): log records from other threads are sent through it."""
        self._scan_task: asyncio.Future | None = None
        self._shown_problems: set[str] = set()
        self._analysing: set[str] = set()
        self._analysis_seconds: dict[str, float] = {}
        """How long the last analysis of each open document took: it decides where the next one runs."""
        self._pending: set[str] = set()
        self.symbol_cache: dict[str, tuple[Analysis, list[types.DocumentSymbol]]] = {}
        self._disk_utf8: dict[str, tuple[tuple, int, int, tuple[int, ...]]] = {}
        """Per path: (path, mtime, size), hash and length of the decoded text, invalid UTF-8 byte offsets."""
        self.input_pending: Callable[[], bool] = lambda: False
        """Whether client messages are buffered but not handled yet (set by the stdio transport)."""
        self._housekeeping: asyncio.TimerHandle | None = None
        self._quiet = threading.Event()
        """Set while no analysis is pending or running: the workspace scan reads its next file only then."""
        self._quiet.set()
        self._quiet_files = threading.Event()
        """Set while no file event waits to be applied (tests wait on it)."""
        self._quiet_files.set()
        self.input_idle = threading.Event()
        """Set while the client's messages are all handled (the stdio transport replaces it with its own)."""
        self.input_idle.set()
        # One analysis thread: analyses of different documents queue rather than fight over the GIL.
        self._analysis_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="agent-lsp-analysis")
        # One index thread: the workspace scan and file events, in the order they came, off the event loop.
        self._index_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="agent-lsp-index")
        # One request thread: long searches (references, rename, workspace symbols) run there, so the loop
        # keeps reading and a `$/cancelRequest` is seen at once (progress.search).
        self.request_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="agent-lsp-requests")
        self._file_events: dict[str, None] = {}
        """Paths reported changed and not re-read yet (an ordered set: a storm of events for one file is one read)."""
        self._file_events_lock = threading.Lock()
        self._file_events_queued = False

    def diagnostic_result_id(self, document: TextDocument) -> str:
        """What a pull client's last report was computed from: the buffer, the index and the settings."""
        # The text's hash too: a version number may come again with other text (str caches its hash).
        text_hash = hash(document.source) & 0xFFFFFFFFFFFF
        return f"{document.version}:{text_hash:x}:{self.index.generation}:{self.settings.generation}"

    def configure_client(self, params: types.InitializeParams) -> None:
        """Take in what the client can do and the settings it sent; read the project's settings."""
        documents.install(self.workspace)
        self.loop_thread = threading.get_ident()
        self.loop = asyncio.get_event_loop()
        caps = params.capabilities
        text_caps = caps.text_document
        self.pull_diagnostics = bool(text_caps and text_caps.diagnostic)
        completion = text_caps.completion if text_caps else None
        item = completion.completion_item if completion else None
        self.snippets = bool(item and item.snippet_support)
        self.label_details = bool(item and item.label_details_support)
        diagnostics_ws = caps.workspace.diagnostics if caps.workspace else None
        self.refresh_support = bool(diagnostics_ws and diagnostics_ws.refresh_support)
        code_lens_ws = caps.workspace.code_lens if caps.workspace else None
        self.code_lens_refresh = bool(code_lens_ws and code_lens_ws.refresh_support)
        self.work_done_progress_support = bool(caps.window and caps.window.work_done_progress)
        edit_caps = caps.workspace.workspace_edit if caps.workspace else None
        self.document_changes = bool(edit_caps and edit_caps.document_changes)
        self.rename_files = self.document_changes and types.ResourceOperationKind.Rename in (
            edit_caps.resource_operations or ())
        options, problems = options_layer(params.initialization_options, "initializationOptions")
        self.settings.init = options
        project, project_problems = project_options(self.workspace_roots())
        self.settings.project = project
        self.settings.problems = problems + project_problems + self.settings.recompute()
        logging.getLogger("agent_lsp").setLevel(self.settings.config.log_level.upper())

    # ------------------------------------------------------------------ documents and analyses

    def document(self, uri: str) -> TextDocument | None:
        """Return an open document, or None (never a disk-backed stand-in for unknown URIs)."""
        # pygls keys open documents by the percent-decoded URI (`file:///my%20dir` -> `file:///my dir`).
        return self.workspace.text_documents.get(unquote(uri))

    def path_of(self, uri: str) -> str | None:
        try:
            return to_fs_path(uri)
        except ValueError:  # e.g. `file://[::1/x`: urlparse refuses it; such a document is not ours
            return None

    def core_document(self, document: TextDocument, dialect: Dialect) -> Document:
        """The buffer as a core Document; when it holds U+FFFD and is exactly the file on disk decoded, the
        invalid UTF-8 byte offsets the CLI would report (the editor already replaced those bytes)."""
        path = self.path_of(document.uri)
        source = document.source
        invalid: tuple[int, ...] = ()
        if path is not None and "\ufffd" in source:
            invalid = self._invalid_utf8_on_disk(path, source)
        # The path's own dialect is left to the analysis, which then knows every tool reading the path and which
        # of them own it; only a dialect the path alone does not give (a user-scope agent) is forced.
        forced = None if path is not None and dialect is detect_dialect(path, self.index.plugin_roots) else dialect
        return Document(source, path, forced, invalid)

    def _invalid_utf8_on_disk(self, path: str, source: str) -> tuple[int, ...]:
        try:
            stat = Path(path).stat()
            if stat.st_size > 4 * len(source) + 16:
                return ()  # cannot be this buffer (UTF-8 takes at most 4 bytes per character)
            key = (path, stat.st_mtime_ns, stat.st_size)
            cached = self._disk_utf8.get(path)
            if cached is None or cached[0] != key:
                # The CLI's reader: non-blocking, regular files only (a FIFO must not stall the loop), size-bound.
                on_disk = read_document(path)
                cached = (key, hash(on_disk.text), len(on_disk.text), on_disk.invalid_utf8)
                self._disk_utf8[path] = cached
                if len(self._disk_utf8) > 64:
                    self._disk_utf8.pop(next(iter(self._disk_utf8)))
        except OSError:
            return ()
        _key, text_hash, length, invalid = cached
        return invalid if length == len(source) and text_hash == hash(source) else ()

    def dialect_of(self, uri: str) -> Dialect | None:
        path = self.path_of(uri)
        return self.index.dialect_of(path) if path else None

    def _cache_key(self, document: TextDocument) -> tuple:
        # The text itself, not its length: a client may send a version number again with other text of the
        # same length. Comparing is free while the text is the same object, as it is between edits.
        return (document.version, document.source, self.index.generation, self.settings.generation)

    def _context(self) -> Context:
        return Context(config=self.settings.config, workspace=self.index.current if self.index.scanned else None,
                       plugin_roots=self.index.plugin_roots, tools=self.tools(),
                       files=self.index.files if self.index.scanned else None)

    def tools(self) -> frozenset[Tool]:
        """The tools the project uses: the settings' `tools`, else those its folders show."""
        return tools_in_use(self.settings.config.tools, self.index.tools)

    def analysis(self, document: TextDocument) -> Analysis | None:
        """Return the analysis of the document's current version (cached), or None when it is not ours."""
        dialect = self.dialect_of(document.uri)
        if dialect is None:
            return None
        key = self._cache_key(document)
        cached = self.cache.get(document.uri, key)
        if cached is not None:
            return cached
        result = analyse(self.core_document(document, dialect), self._context())
        self._note_buffer(document, result, self.index.summary_of(result.model) if result.model else None)
        self.cache.put(document.uri, self._cache_key(document), result)
        return result

    def _note_buffer(self, document: TextDocument, analysis: Analysis, summary) -> None:
        """Index an analysed buffer; revalidate other documents when cross-file facts changed.

        A document's own analysis never depends on its own summary, so its cached result stays valid.
        """
        path = self.path_of(document.uri)
        if summary is None or path is None or not self.index.scanned:
            return
        if self.index.set_buffer_summary(path, summary):
            self.revalidate_open_documents(except_uri=document.uri)

    def snapshot(self, uri: str) -> tuple[TextDocument, Analysis] | None:
        """The open document and the analysis of its current version; None when not open or not ours."""
        document = self.document(uri)
        analysis = self.analysis(document) if document is not None else None
        if analysis is None or analysis.model is None:
            return None
        return document, analysis

    def fresh_summaries(self) -> list:
        """Every file's summary, open documents' from their current text (a rename edits what the user sees)."""
        for document in list(self.workspace.text_documents.values()):
            self.analysis(document)  # cached when current; indexes the buffer otherwise
        return self.index.summaries()

    def version_of(self, uri: str) -> int | None:
        document = self.document(uri)
        return document.version if document is not None else None

    def diagnostics(self, document: TextDocument) -> list[types.Diagnostic]:
        analysis = self.analysis(document)
        if analysis is None:
            return []
        return self.to_diagnostics(document, analysis)

    def to_diagnostics(self, document: TextDocument, analysis: Analysis) -> list[types.Diagnostic]:
        mapper = PositionMapper(document, analysis.model)
        return [to_diagnostic(mapper, finding, self.workspace.position_codec) for finding in analysis.findings]

    # ------------------------------------------------------------------ publishing

    def schedule_publish(self, uri: str, start: bool = True) -> None:
        """Analyse and publish the document's current version, with no debounce delay.

        The document joins the pending set and `kick_analyses` starts its analysis as soon as no input is
        waiting to be handled: at once for a keystroke, after the whole burst for a burst of changes.
        A quick analysis runs right there on the loop; a slow one on the analysis thread, at most one per
        document at a time, while the loop keeps applying edits. A result is published only if the
        document is still at that version (and the index and settings did not move), otherwise the
        latest version is analysed next.
        """
        if self.pull_diagnostics:
            return
        document = self.document(uri)
        if document is None:
            return
        self._pending.add(document.uri)
        self._quiet.clear()
        if start:
            self.kick_analyses()

    def kick_analyses(self) -> None:
        """Start the pending analyses, unless client messages are still queued (they come first)."""
        if not self._pending or self.input_pending():
            self._note_quiet()
            return
        for uri in list(self._pending):
            if uri in self._analysing:
                continue  # its running analysis re-queues it when it sees the newer version
            self._pending.discard(uri)
            document = self.document(uri)
            if document is not None and self._start_analysis(document) and self._pending:
                # One analysis on the loop per turn: input is read before the next (many documents
                # revalidated at once must not hold the loop for their sum).
                asyncio.get_event_loop().call_soon(self.kick_analyses)
                break
        self._note_quiet()

    def _note_quiet(self) -> None:
        if self._pending or self._analysing:
            self._quiet.clear()
        else:
            self._quiet.set()

    def _start_analysis(self, document: TextDocument) -> bool:
        """Analyse on the loop when it is quick (the last analysis of this document, or a small first
        one), else on the analysis thread. Return True when it ran on the loop.

        Handing work to the thread and the result back costs two GIL hand-offs, each up to the switch
        interval when another thread (the workspace scan) is busy: more than a typical agent's whole
        analysis (0.5 ms). A slow analysis (a big or pathological file) goes to the thread, so requests
        are still answered meanwhile.
        """
        dialect = self.dialect_of(document.uri)
        if dialect is None:
            return False
        uri, version, key = document.uri, document.version, self._cache_key(document)
        snapshot = self.core_document(document, dialect)
        context = self._context()

        def work() -> tuple[Analysis, list[types.Diagnostic], Any, float]:
            started = time.perf_counter()
            analysis = analyse(snapshot, context)
            summary = self.index.summary_of(analysis.model) if analysis.model is not None else None
            return analysis, self.to_diagnostics(document, analysis), summary, time.perf_counter() - started

        self._analysing.add(uri)
        last = self._analysis_seconds.get(uri)
        if len(snapshot.text) <= INLINE_FIRST_ANALYSIS_CHARS if last is None else last <= INLINE_ANALYSIS_SECONDS:
            future: asyncio.Future = asyncio.get_event_loop().create_future()
            try:
                future.set_result(work())
            except Exception as error:  # noqa: BLE001 - reported by _finished, as for the thread
                future.set_exception(error)
            self._finished(uri, version, key, future)
            return True
        future = asyncio.get_event_loop().run_in_executor(self._analysis_pool, work)
        future.add_done_callback(lambda done: self._finished(uri, version, key, done))
        return False

    def _finished(self, uri: str, version: int | None, key: tuple, future: asyncio.Future) -> None:
        self._analysing.discard(uri)
        try:
            self._publish_result(uri, version, key, future)
        finally:
            self._note_quiet()

    def _publish_result(self, uri: str, version: int | None, key: tuple, future: asyncio.Future) -> None:
        document = self.document(uri)
        if document is None:
            return  # closed meanwhile: its diagnostics were cleared
        error = future.exception()
        if error is not None:
            log.error("analysis failed for %s: %s", uri, error, exc_info=error)
            return
        analysis, items, summary, seconds = future.result()
        self._analysis_seconds[uri] = seconds
        if document.version == version and self._cache_key(document) == key:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=items))
            self._note_buffer(document, analysis, summary)
            self.cache.put(uri, self._cache_key(document), analysis)
            return
        self._pending.add(uri)  # stale: never shown; analyse the latest version instead
        self.kick_analyses()

    def warm_up_when_idle(self) -> None:
        """Serialise a sample of each message kind, one per idle moment (see convert.serialisation_samples),
        then call `when_warm` (the server's start lets go of its code cache: see startup.py).

        One sample costs at most a few milliseconds, and a step waits while input is queued or an
        analysis runs, so the warm-up never stands in front of a keystroke's diagnostics.
        """
        protocol = self.protocol
        # Writing: one sample of each message we send, each twice (cattrs caches its dispatch only on the
        # second use). Reading: the code that turns each kind of client message we handle into objects.
        writers = [functools.partial(json.dumps, sample, default=protocol._serialize_message)
                   for sample in serialisation_samples() for _ in range(2)]
        hook = getattr(protocol._converter, "get_structure_hook", None)  # cattrs >= 23.2
        kinds = [protocol.get_message_type(method) for method in protocol.fm.features] if hook else []
        readers = [functools.partial(hook, kind) for kind in kinds if kind is not None]
        tasks: list[Callable[[], Any]] = writers[:2] + readers + writers[2:]  # diagnostics are needed first
        loop = asyncio.get_event_loop()

        def step() -> None:
            if not tasks:
                if self._when_warm is not None:
                    self._when_warm()
                    self._when_warm = None
                return
            if self.input_pending() or self._analysing or self._pending:
                loop.call_later(0.02, step)
                return
            try:
                tasks.pop(0)()
            except Exception:  # noqa: BLE001 - only a warm-up: the real message would report the problem
                log.debug("warm-up failed", exc_info=True)
            loop.call_soon(step)

        loop.call_soon(step)

    def housekeeping_soon(self) -> None:
        """Return freed memory to the system once things are quiet (after a scan or closing documents).

        After indexing or closing many documents, much freed memory stays in the C heap; glibc's
        malloc_trim gives it back. It runs at most every two seconds, never in the way of diagnostics.
        """
        if self._housekeeping is not None:
            return
        loop = asyncio.get_event_loop()
        self._housekeeping = loop.call_later(2.0, self._housekeep)

    def _housekeep(self) -> None:
        self._housekeeping = None
        if _LIBC is not None:
            # On the analysis thread: ctypes releases the GIL, so the loop keeps answering meanwhile.
            # (No full gc.collect(): it holds the GIL for over 100 ms on a big heap.)
            self._analysis_pool.submit(_LIBC.malloc_trim, 0)

    def clear(self, uri: str) -> None:
        self.housekeeping_soon()
        self.cache.drop(uri)
        self.symbol_cache.pop(uri, None)
        self._analysis_seconds.pop(uri, None)
        self._pending.discard(uri)  # an analysis still running would otherwise leave it pending for good
        self._note_quiet()
        if not self.pull_diagnostics:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def revalidate_open_documents(self, except_uri: str | None = None) -> None:
        """Cross-file results changed (index or settings): re-publish, or ask pull clients to re-pull."""
        if self.code_lens_refresh:  # "who loads this file" names the tools in use, "used by" counts the index
            self.workspace_code_lens_refresh(None)
        if self.pull_diagnostics:
            if self.refresh_support:
                self.workspace_diagnostic_refresh(None)
            return
        for document in list(self.workspace.text_documents.values()):
            uri = document.uri  # as the client sent it (the workspace's keys are percent-decoded)
            if uri != except_uri and self.dialect_of(uri) is not None:
                self.schedule_publish(uri, start=False)
        self.kick_analyses()  # once for all: it runs one on the loop per turn

    # ------------------------------------------------------------------ workspace scanning

    def workspace_roots(self) -> list[Path]:
        roots: list[Path] = []
        for folder in self.workspace.folders.values():
            path = to_fs_path(folder.uri)
            if path:
                roots.append(Path(path))
        if not roots and self.workspace.root_path:
            roots.append(Path(self.workspace.root_path))
        return list(dict.fromkeys(project_root_for_client_root(root) for root in roots))

    def start_scan(self) -> None:
        """(Re)scan the workspace in a worker thread, then revalidate open documents."""
        self.index.configure(self.workspace_roots(), self.settings.config)
        loop = asyncio.get_event_loop()
        progress = WorkProgress(self, "agent-lsp: indexing") if self.work_done_progress_support else None

        def done(_future: Any) -> None:
            log.info("indexed %d files (%d skills, %d agents)", len(self.index.disk), len(self.index.current.skills),
                     len(self.index.current.agents))
            if progress is not None:
                progress.end(f"{len(self.index.disk):,} files indexed")
            self.revalidate_open_documents()
            self.housekeeping_soon()
            gc.freeze()  # the index is long-lived: take it out of the collector's full passes

        # On the index thread: file events reported during the scan are applied after it, never lost to it.
        future = loop.run_in_executor(self._index_pool, self._scan_safely, progress.update if progress else None)
        future.add_done_callback(lambda f: loop.call_soon_threadsafe(done, f))
        self._scan_task = future

    def note_file_events(self, paths: list[str]) -> None:
        """Bring the index in line with the disk for these paths, on the index thread; revalidate when done.

        Each path is re-read for what it is now (a file, a folder or nothing), whatever the event said, and
        only after any scan in progress: after any sequence of events the index is what a fresh scan gives.
        Requests are answered meanwhile; a storm of events costs the loop next to nothing.
        """
        with self._file_events_lock:
            self._file_events.update(dict.fromkeys(paths))
            if self._file_events_queued or not self._file_events:
                return
            self._file_events_queued = True
        loop = asyncio.get_event_loop()
        self._quiet_files.clear()

        def done(future: asyncio.Future) -> None:
            error = future.exception()
            if error is not None:
                log.error("applying file events failed: %s", error, exc_info=error)
            elif future.result():
                self.revalidate_open_documents()
            if not self._file_events_queued:
                self._quiet_files.set()

        loop.run_in_executor(self._index_pool, self._apply_file_events).add_done_callback(done)

    def _apply_file_events(self) -> bool:
        """Drain the queue of reported paths (on the index thread); True when other files' results may change."""
        changed = False
        while True:
            stopping = self.protocol._shutdown or (self._stop_event is not None and self._stop_event.is_set())
            with self._file_events_lock:
                if stopping:  # exiting: the rest would only delay the end of the process
                    self._file_events.clear()
                if not self._file_events:
                    self._file_events_queued = False
                    # A file created in a new tool folder (`.opencode/agent/x.md`) may change the tools in use.
                    return self.index.refresh_tools() or changed
                path = next(iter(self._file_events))
                del self._file_events[path]
            # Typing's analyses first, and requests being answered: each waits at most a little, so that the
            # queue always drains.
            self._wait_for_quiet()
            try:
                changed = self.index.sync_path(path) or changed
            except Exception:  # noqa: BLE001 - one unreadable path must not stop the others
                log.exception("could not re-read %s", path)

    def _wait_for_quiet(self) -> None:
        """Before a background thread's next piece of index work: let pending analyses and requests go first."""
        self._quiet.wait(0.2)
        self.input_idle.wait(0.05)

    def _scan_safely(self, progress: Callable[[int, int], object] | None = None) -> None:
        try:
            # Each file waits for typing's analyses to finish and for the requests being answered, as file
            # events do (at most 0.2 s and 0.05 s, so the scan always moves on): the scan thread would
            # otherwise take the GIL from them every half millisecond.
            self.index.scan(pause=self._wait_for_quiet, progress=progress)
        except Exception:  # noqa: BLE001 - an index is a bonus; diagnostics still work without it
            log.exception("workspace scan failed")
            self.index.scanned = True

    # ------------------------------------------------------------------ messages

    def show_problems(self, problems: list[str]) -> None:
        """Tell the user about bad settings once: each recompute re-reports every problem of every layer."""
        shown, self._shown_problems = self._shown_problems, set(problems)
        problems = [problem for problem in dict.fromkeys(problems) if problem not in shown]
        if not problems:
            return
        # One log message however many there are (20,000 unknown rule names must not become 20,000
        # notifications queued in front of the user's requests), listing the first few.
        listed = problems[:SETTINGS_PROBLEMS_LOGGED]
        more = len(problems) - len(listed)
        log.warning("settings: %d problem%s:\n%s%s", len(problems), "" if len(problems) == 1 else "s",
                    "\n".join(f"  {problem}" for problem in listed), f"\n  ... and {more:,} more" if more else "")
        summary = problems[0] if len(problems) == 1 else (
            f"{problems[0]} (and {len(problems) - 1:,} more; see the log)")
        self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning,
                                                         message=f"agent-lsp: {summary}"))

    def report_server_error(self, error: Exception, source: Any) -> None:
        # Errors are logged (stderr and window/logMessage), never popped up: a linter must not nag.
        if isinstance(error, Refused):
            return  # an answer for the user (the client shows it), not a problem of the server
        log.error("internal error (%s): %s", getattr(source, "__name__", source), error, exc_info=error)


def uri_for(path: str) -> str:
    return from_fs_path(path) or path


class LspLogHandler(logging.Handler):
    """Forward log records to the client as window/logMessage, from any thread."""

    _LEVELS = {logging.ERROR: types.MessageType.Error, logging.WARNING: types.MessageType.Warning,
               logging.INFO: types.MessageType.Info, logging.DEBUG: types.MessageType.Log}

    def __init__(self, server: AgentLanguageServer) -> None:
        super().__init__()
        self.server = server
        self.local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(self.local, "busy", False) or self.server.protocol.writer is None:
            return
        self.local.busy = True
        try:
            kind = self._LEVELS.get(record.levelno, types.MessageType.Log)
            params = types.LogMessageParams(type=kind, message=self.format(record))
            loop = self.server.loop
            if loop is not None and threading.get_ident() != self.server.loop_thread:
                loop.call_soon_threadsafe(self.server.window_log_message, params)
            else:
                self.server.window_log_message(params)
        except Exception:  # noqa: BLE001 - logging must never break the server
            pass
        finally:
            self.local.busy = False
