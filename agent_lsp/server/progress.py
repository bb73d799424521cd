"""Long work the client can watch and stop: work-done progress, and searches that honour `$/cancelRequest`.

- `WorkProgress` shows one piece of work (the workspace scan, a large search) as `$/progress` begin /
  report / end, on a token the client gave with its request or one created with
  `window/workDoneProgress/create` (only when the client offers `window.workDoneProgress`). Updates may
  come from any thread; they are sent from the event loop, at most one per `REPORT_STEPS`th of the work.
- `search` runs a core function over the workspace's file summaries on the request thread, in chunks. The
  handler awaiting it is an asyncio task, so `$/cancelRequest` cancels it at once (pygls answers -32800)
  and the thread stops at its next chunk.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

from lsprotocol import types

if TYPE_CHECKING:
    from agent_lsp.server.server import AgentLanguageServer

log = logging.getLogger("agent_lsp")
T = TypeVar("T")

REPORT_STEPS = 20
"""A progress sends at most this many reports (one per 5 %)."""
CHUNK = 500
"""File summaries a search looks at between two checks for cancellation."""
LARGE_SEARCH = 2000
"""A search over at least this many files shows progress."""

_tokens = itertools.count(1)


class WorkProgress:
    """One work-done progress: `update(done, total)` from any thread, then `end(message)`."""

    def __init__(self, ls: AgentLanguageServer, title: str, token: types.ProgressToken | None = None) -> None:
        self.ls = ls
        self.title = title
        self.loop = ls.loop or asyncio.get_event_loop()
        self.token: types.ProgressToken = token if token is not None else f"agent-lsp-{next(_tokens)}"
        self.ready = token is not None
        """The token may be used: the client gave it, or answered our create request."""
        self.begun = self.ended = False
        self.state: tuple[int, int] | None = None
        self._step = -1
        if not self.ready:
            future = ls.protocol.send_request(types.WINDOW_WORK_DONE_PROGRESS_CREATE,
                                              types.WorkDoneProgressCreateParams(token=self.token))
            future.add_done_callback(self._created)

    @staticmethod
    def offered(ls: AgentLanguageServer) -> bool:
        return ls.work_done_progress_support

    def _created(self, future: Future) -> None:
        if future.cancelled() or future.exception() is not None:
            log.debug("the client refused progress %s: %s", self.token, None if future.cancelled() else future.exception())
            return
        self.ready = True
        self._send()

    def update(self, done: int, total: int) -> None:
        """Note progress (any thread): it is sent when it moved by a step."""
        step = done * REPORT_STEPS // total if total else REPORT_STEPS
        if step == self._step:
            return
        self._step = step
        if threading.get_ident() == self.ls.loop_thread:
            self._update(done, total)
        else:
            self.loop.call_soon_threadsafe(self._update, done, total)

    def _update(self, done: int, total: int) -> None:
        self.state = (done, total)
        self._send()

    def end(self, message: str) -> None:
        """The work is over (on the event loop)."""
        self.ended = True
        self.end_message = message
        self._send()

    def _send(self) -> None:
        if not self.ready or self.ls.protocol.writer is None:
            return
        progress = self.ls.work_done_progress
        if not self.begun:
            self.begun = True
            progress.begin(self.token, types.WorkDoneProgressBegin(
                title=self.title, cancellable=False, message=self._message(), percentage=self._percentage()))
            if not self.ended:
                return
        if self.ended:
            self.ready = False  # nothing after the end
            progress.end(self.token, types.WorkDoneProgressEnd(message=self.end_message))
            return
        progress.report(self.token, types.WorkDoneProgressReport(message=self._message(),
                                                                 percentage=self._percentage()))

    def _message(self) -> str | None:
        return f"{self.state[0]:,}/{self.state[1]:,} files" if self.state else None

    def _percentage(self) -> int | None:
        if self.state is None:
            return None
        done, total = self.state
        return min(100, done * 100 // total) if total else 100


async def search(ls: AgentLanguageServer, items: Sequence[Any], step: Callable[[Sequence[Any]], T],
                 title: str | None, token: types.ProgressToken | None = None) -> list[T]:
    """`step` over `items` in chunks on the request thread; one result per chunk. Cancelling the awaiting task
    (a `$/cancelRequest`) stops the thread at its next chunk. A large search shows progress titled `title`;
    none without a title (what the editor asks by itself, such as code lenses, on every edit)."""
    stop = threading.Event()
    progress = None
    if title is not None and len(items) >= LARGE_SEARCH and (token is not None or WorkProgress.offered(ls)):
        progress = WorkProgress(ls, title, token)

    def work() -> list[T]:
        results: list[T] = []
        for start in range(0, len(items), CHUNK):
            if stop.is_set():
                break
            results.append(step(items[start : start + CHUNK]))
            if progress is not None:
                progress.update(min(len(items), start + CHUNK), len(items))
        return results

    try:
        return await asyncio.get_running_loop().run_in_executor(ls.request_pool, work)
    except asyncio.CancelledError:
        stop.set()
        log.debug("%s: cancelled", title)
        raise
    finally:
        if progress is not None:
            progress.end("cancelled" if stop.is_set() else "done")
