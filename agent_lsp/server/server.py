"""AgentLanguageServer: holds the session state and publishes diagnostics; handlers live in handlers.py."""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument

from agent_lsp import __version__
from agent_lsp.core.analysis import Analysis
from agent_lsp.core.dialects import Dialect
from agent_lsp.server.convert import PositionMapper, to_diagnostic
from agent_lsp.server.state import AnalysisCache, SettingsLayers, WorkspaceState, analyse_text

log = logging.getLogger("agent_lsp")


class AgentLanguageServer(LanguageServer):
    """The agent-lsp server: one instance per process, all state in here (no module globals)."""

    def __init__(self) -> None:
        super().__init__("agent-lsp", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.settings = SettingsLayers()
        self.index = WorkspaceState()
        self.cache = AnalysisCache()
        self.pull_diagnostics = False
        self.snippets = True
        self.refresh_support = False
        self.loop_thread: int | None = None
        self._scan_task: asyncio.Future | None = None
        self._shown_problems: set[str] = set()

    # ------------------------------------------------------------------ documents and analyses

    def document(self, uri: str) -> TextDocument | None:
        """Return an open document, or None (never a disk-backed stand-in for unknown URIs)."""
        # pygls keys open documents by the percent-decoded URI (`file:///my%20dir` -> `file:///my dir`).
        return self.workspace.text_documents.get(unquote(uri))

    def path_of(self, uri: str) -> str | None:
        return to_fs_path(uri)

    def dialect_of(self, uri: str) -> Dialect | None:
        path = self.path_of(uri)
        return self.index.dialect_of(path) if path else None

    def analysis(self, document: TextDocument) -> Analysis | None:
        """Return the analysis of the document's current version (cached), or None when it is not ours."""
        dialect = self.dialect_of(document.uri)
        if dialect is None:
            return None
        key = (document.version, len(document.source), self.index.generation, self.settings.generation)
        cached = self.cache.get(document.uri, key)
        if cached is not None:
            return cached
        result = analyse_text(document.source, self.path_of(document.uri), dialect, self.settings.config, self.index)
        self.cache.put(document.uri, key, result)
        return result

    def diagnostics(self, document: TextDocument) -> list[types.Diagnostic]:
        analysis = self.analysis(document)
        if analysis is None:
            return []
        mapper = PositionMapper(document, analysis.model)
        return [to_diagnostic(mapper, finding) for finding in analysis.findings]

    # ------------------------------------------------------------------ publishing

    def schedule_publish(self, uri: str) -> None:
        """Publish diagnostics for the document's current version, soon, without a debounce delay.

        Scheduling with call_soon coalesces a burst of changes that arrive together: the publish for an
        older version sees that the document moved on and drops its result instead of sending it.
        """
        if self.pull_diagnostics:
            return
        document = self.document(uri)
        if document is None:
            return
        version = document.version
        asyncio.get_event_loop().call_soon(self._publish, uri, version)

    def _publish(self, uri: str, version: int | None) -> None:
        document = self.document(uri)
        if document is None or document.version != version:
            return  # closed, or a newer version is on its way: never show stale results
        try:
            items = self.diagnostics(document)
        except Exception:  # noqa: BLE001 - keep serving; the error is logged with its traceback
            log.exception("analysis failed for %s", uri)
            return
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=items))

    def clear(self, uri: str) -> None:
        self.cache.drop(uri)
        if not self.pull_diagnostics:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def revalidate_open_documents(self, except_uri: str | None = None) -> None:
        """Cross-file results changed (index or settings): re-publish, or ask pull clients to re-pull."""
        if self.pull_diagnostics:
            if self.refresh_support:
                self.workspace_diagnostic_refresh(None)
            return
        for document in list(self.workspace.text_documents.values()):
            uri = document.uri  # as the client sent it (the workspace's keys are percent-decoded)
            if uri != except_uri and self.dialect_of(uri) is not None:
                self.schedule_publish(uri)

    # ------------------------------------------------------------------ workspace scanning

    def workspace_roots(self) -> list[Path]:
        roots: list[Path] = []
        for folder in self.workspace.folders.values():
            path = to_fs_path(folder.uri)
            if path:
                roots.append(Path(path))
        if not roots and self.workspace.root_path:
            roots.append(Path(self.workspace.root_path))
        return roots

    def start_scan(self) -> None:
        """(Re)scan the workspace in a worker thread, then revalidate open documents."""
        self.index.configure(self.workspace_roots(), self.settings.config)
        loop = asyncio.get_event_loop()

        def done(_future: Any) -> None:
            log.info("indexed %d files (%d skills, %d agents)", len(self.index.disk), len(self.index.index.skills),
                     len(self.index.index.agents))
            self.revalidate_open_documents()

        future = loop.run_in_executor(None, self._scan_safely)
        future.add_done_callback(lambda f: loop.call_soon_threadsafe(done, f))
        self._scan_task = future

    def _scan_safely(self) -> None:
        try:
            self.index.scan()
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
        for problem in problems:
            log.warning("settings: %s", problem)
        summary = problems[0] if len(problems) == 1 else f"{problems[0]} (and {len(problems) - 1} more; see the log)"
        self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning,
                                                         message=f"agent-lsp: {summary}"))

    def report_server_error(self, error: Exception, source: Any) -> None:
        # Errors are logged (stderr and window/logMessage), never popped up: a linter must not nag.
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
            loop = getattr(self.server, "_loop_ref", None)
            if loop is not None and threading.get_ident() != self.server.loop_thread:
                loop.call_soon_threadsafe(self.server.window_log_message, params)
            else:
                self.server.window_log_message(params)
        except Exception:  # noqa: BLE001 - logging must never break the server
            pass
        finally:
            self.local.busy = False
