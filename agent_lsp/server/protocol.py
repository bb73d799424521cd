"""pygls' LanguageServerProtocol with the LSP lifecycle enforced and no per-notification leak.

HACK (private pygls API, pinned to pygls 2.1.x in pyproject.toml):

- pygls 2.1 stores the future of every async or generator handler in `_request_futures`, under a fresh
  uuid for notifications and for each step of a generator handler, and only requests' entries are ever
  removed. Its built-in didOpen/didChange/didClose handlers are generators, so every keystroke left one
  future behind (20,000 edits: 20,003 entries, +40 MB). `_execute_handler` is wrapped to remove each
  entry once its future is done, whatever kind of message it served.
- pygls drops requests after `shutdown` without an answer, answers a request before `initialize` with
  -32603 and accepts a second `initialize`. `handle_message` answers those as LSP requires: -32600
  after shutdown, -32002 (ServerNotInitialized) before initialize, -32600 for a second initialize.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest, JsonRpcServerNotInitialized
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger("agent_lsp")


class Refused(JsonRpcException):
    """A request the server understood but will not do, with the reason for the user (LSP's RequestFailed):
    a rename to a name the dialect refuses, for example. Not an internal error: never logged as one."""

    CODE = -32803


class Unreadable:
    """A client message whose params could not be structured: a request among them still gets an answer."""

    def __init__(self, data: dict, error: JsonRpcException) -> None:
        self.data = data
        self.error = error


class AgentProtocol(LanguageServerProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initialize_received = False

    # ------------------------------------------------------------------ lifecycle

    def structure_message(self, data: dict[str, Any]):
        """pygls' reading of a message, but one that cannot be read becomes `Unreadable` rather than an
        exception: pygls' message loop would only log it, and a request must get an answer or the editor
        waits for ever."""
        try:
            return super().structure_message(data)
        except Exception as error:  # noqa: BLE001 - one bad message must not end the session
            return Unreadable(data, error if isinstance(error, JsonRpcException) else JsonRpcInvalidRequest(str(error)))

    def handle_message(self, message: Any) -> None:
        if isinstance(message, Unreadable):
            self._answer_unreadable(message)
            return
        method = getattr(message, "method", None)
        if method is None or method == types.EXIT:
            super().handle_message(message)  # exit, and responses to our own requests
            return
        request = hasattr(message, "id")  # (cheaper than pygls' isinstance checks against Protocol classes)
        if self._shutdown:
            if request:
                self._refuse(message, JsonRpcInvalidRequest(f"{method}: the server is shutting down"))
            return
        if not self.initialize_received:
            if request and method == types.INITIALIZE:
                self.initialize_received = True
            elif request:
                self._refuse(message, JsonRpcServerNotInitialized(f"{method} before initialize"))
                return
            else:
                log.debug("dropped %s before initialize", method)  # LSP: notifications are dropped
                return
        elif request and method == types.INITIALIZE:
            self._refuse(message, JsonRpcInvalidRequest("the server is already initialized"))
            return
        super().handle_message(message)

    def _handle_cancel_notification(self, msg_id: Any) -> None:
        if isinstance(msg_id, bool) or not isinstance(msg_id, (int, str)):
            log.warning("$/cancelRequest with an id that is not a number or a string: %.100r", msg_id)
            return
        future = self._request_futures.pop(msg_id, None)
        if future is None:
            log.debug("$/cancelRequest for %r: already answered", msg_id)  # the usual case, not a problem
        elif future.cancel():
            log.debug("cancelled request %r", msg_id)

    def _answer_unreadable(self, message: Unreadable) -> None:
        data = message.data
        log.warning("could not read a message: %.200r", data)
        request_id = data.get("id")
        if "method" in data and isinstance(request_id, (int, str)):
            self._send_response(request_id, error=message.error.to_response_error())

    def _refuse(self, message: Any, error: Exception) -> None:
        log.warning("refused %s (id %r): %s", message.method, message.id, error)
        self._send_response(message.id, error=error.to_response_error())  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ bookkeeping

    def _execute_handler(self, msg_id, handler, callback, args=None, kwargs=None) -> None:
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        future = self._request_futures.get(msg_id)
        if future is not None:
            future.add_done_callback(functools.partial(self._forget_later, msg_id))

    def _forget_later(self, msg_id: Any, future: Any) -> None:
        # Not right now: pygls' shutdown cancels pending futures while iterating `_request_futures`, and a
        # concurrent future runs its callbacks inside cancel().
        try:
            asyncio.get_running_loop().call_soon(self._forget, msg_id, future)
        except RuntimeError:  # a handler on a worker thread: no loop here, and no iteration to disturb
            self._forget(msg_id, future)

    def _forget(self, msg_id: Any, future: Any) -> None:
        if self._request_futures.get(msg_id) is future:  # a client may reuse a finished request's id
            del self._request_futures[msg_id]
