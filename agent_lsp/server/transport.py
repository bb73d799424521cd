"""Stdio transport: read the client's messages in big chunks, hand them to pygls in batches.

pygls' own stdio reader asks a thread pool for every header line and every body, three thread hops per
message, and each hop waits for the GIL while an analysis runs on the analysis thread. Here, when stdin
is a pipe or a socket (what editors use), the event loop itself polls it and, whenever it is readable,
reads everything there is without blocking: no thread wants the GIL for each message the client writes,
and bytes that arrive while the loop is busy simply wait in the pipe for the next batch. Other streams
(a file, a terminal, Windows pipes) are read by one thread, up to 64 KiB at a time.

pygls' own message loop (`io_.run_async`) reads through `ChunkedReader.readline`/`readexactly`, which
take every complete message buffered at once, resynchronise after framing errors and merge consecutive
changes to one document (`coalesce`), so a queued burst costs one dispatch; the server starts analyses only when no
input is left (see `AgentLanguageServer.kick_analyses`), right after the burst's last change.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import os
import re
import stat
import sys
import threading
from collections.abc import Callable
from typing import BinaryIO

from pygls import io_
from pygls.io_ import StdoutWriter

log = logging.getLogger("agent_lsp")
_CHUNK = 65536


class FdReader:
    """Read a file descriptor with our own buffer (os.read): no Python-level lock that a reader thread
    could still hold when the interpreter shuts down, and no bytes hidden in a BufferedReader."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()

    def _fill(self) -> bool:
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b""
        self.buffer += data
        return bool(data)

    def readline(self) -> bytes:
        while b"\n" not in self.buffer:
            if not self._fill():
                break
        end = self.buffer.find(b"\n")
        end = len(self.buffer) if end < 0 else end + 1
        line = bytes(self.buffer[:end])
        del self.buffer[:end]
        return line

    def read(self, size: int = -1) -> bytes:
        while len(self.buffer) < size:
            if not self._fill():
                break
        chunk = bytes(self.buffer[:size])
        del self.buffer[:size]
        return chunk

    def read1(self, size: int = -1) -> bytes:
        if not self.buffer:
            self._fill()
        chunk = bytes(self.buffer[:size])
        del self.buffer[:size]
        return chunk

    def fileno(self) -> int:
        return self.fd

    def take_fd(self) -> tuple[int, bytes]:
        """Hand over the descriptor and the bytes read ahead, for a reader that polls the descriptor itself."""
        ahead = bytes(self.buffer)
        self.buffer.clear()
        return self.fd, ahead


class ChunkedReader:
    """A buffer of client bytes, filled by the loop (pipes, sockets) or a reader thread, cut into messages."""

    def __init__(self, stream: BinaryIO, on_idle: Callable[[], None] | None = None) -> None:
        self.stream = stream
        self.on_idle = on_idle
        """Called when every buffered message has been handled and the reader is about to wait."""
        self.buffer = bytearray()
        self.eof = False
        self.fd: int | None = None
        """The descriptor the loop polls, or None when a thread reads the stream."""
        self.loop: asyncio.AbstractEventLoop | None = None
        self.waiter: asyncio.Future | None = None
        self._frames: collections.deque[bytes | dict] = collections.deque()
        self._body = b""
        self._frame_step = 0
        self.idle = threading.Event()
        """Set while every message read has been handled and the reader waits: background threads (file
        events) start their next piece of work only then, so requests do not wait for the GIL."""

    def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        if self._poll_on_loop():
            return
        threading.Thread(target=self._pump, name="agent-lsp-stdin", daemon=True).start()

    def _poll_on_loop(self) -> bool:
        assert self.loop is not None
        if sys.platform == "win32" or not hasattr(self.stream, "take_fd"):
            return False
        try:
            fd = self.stream.fileno()
            mode = os.fstat(fd).st_mode
        except (OSError, ValueError):
            return False
        # Only pipes and sockets: epoll refuses regular files, and a terminal's non-blocking flag would
        # outlive the server in the shell.
        if not (stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)):
            return False
        try:
            os.set_blocking(fd, False)
            self.loop.add_reader(fd, self._read_available)
        except (OSError, NotImplementedError, ValueError):
            os.set_blocking(fd, True)
            return False
        self.fd, ahead = self.stream.take_fd()
        self.buffer += ahead
        return True

    def _read_available(self) -> bool:
        """Read what the descriptor holds now, without blocking; True if that was anything (or EOF)."""
        assert self.fd is not None and self.loop is not None
        got = False
        while not self.eof:
            try:
                data = os.read(self.fd, _CHUNK)
            except (BlockingIOError, InterruptedError):
                break
            except OSError:
                data = b""
            got = True
            if not data:
                self.loop.remove_reader(self.fd)
                self.eof = True
                break
            self.buffer += data
            if len(data) < _CHUNK:
                break  # the pipe is (almost certainly) empty: save the system call that would say so
        if got:
            self._wake()
        return got

    def _pump(self) -> None:
        read = getattr(self.stream, "read1", None) or self.stream.read
        assert self.loop is not None
        while True:
            try:
                data = read(_CHUNK)
            except (OSError, ValueError):
                data = b""
            try:
                self.loop.call_soon_threadsafe(self._feed, data)
            except RuntimeError:
                return  # the loop is closed: the server is shutting down
            if not data:
                return

    def _feed(self, data: bytes) -> None:
        if data:
            self.buffer += data
        else:
            self.eof = True
        self._wake()

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    def input_pending(self) -> bool:
        """Whether a complete client message waits to be handled (in the buffer or, polled, in the pipe)."""
        if self._frames:
            return True  # cut from the buffer already, not handed to pygls yet
        if self.fd is not None and not self.eof:
            self._read_available()
        return self.has_complete_message()

    def has_complete_message(self) -> bool:
        return self._scan(0, report=False)[1] is not None

    def _scan(self, position: int, report: bool) -> tuple[int, tuple[int, int, bool] | None]:
        """Find the next message at or after `position`, resynchronising on the next header after junk.

        Return (where to read on from, the message's (body start, body end, whether its length was right)),
        the message None while it is incomplete. A header whose Content-Length is missing or not a
        non-negative number is skipped, as is anything before a header (the rest of a body whose length
        was too short). When the declared length runs into the next header (it was too long), the body ends
        there: no valid JSON text holds a raw line break after `Content-Length: <digits>`. One parser for
        both questions asked of the buffer; `report` logs what was skipped (once, when it is consumed).
        """
        buffer = self.buffer
        resyncing = False
        while True:
            match = _HEADER.search(buffer, position)
            if match is None:
                return position, None
            if report and not resyncing and _is_junk(buffer, position, match.start()):
                log.warning("skipped %d bytes that are not a message: %r", match.start() - position,
                            bytes(buffer[position : min(match.start(), position + 80)]))
            value = match.group(1)
            if not _LENGTH.fullmatch(value):
                if report and not resyncing:
                    log.warning("a header with Content-Length %r: skipped, reading on at the next header",
                                bytes(value[:40]))
                resyncing = True
                position = match.start() + 1  # the next header may follow right after this one's "value"
                continue
            body_start = match.end()
            body_end = body_start + int(value)
            cut = _next_header(buffer, body_start, min(body_end, len(buffer)))
            if cut is not None:
                if report:
                    log.warning("a message runs into the next header: its Content-Length (%d) is too long",
                                body_end - body_start)
                return cut, (body_start, cut, False)
            if body_end > len(buffer):
                return match.start(), None
            return body_end, (body_start, body_end, True)

    async def _more(self) -> None:
        assert self.loop is not None
        if self.fd is not None and self._read_available():
            return  # more input came while the last batch was handled: no idle moment yet
        self.waiter = self.loop.create_future()
        if self.on_idle is not None:
            self.on_idle()  # every complete message has been handled
        # on_idle may itself have read the pipe (input_pending): what it read is in the buffer, and the
        # pipe may now stay silent, so do not wait for it.
        if self.waiter.done() or self.eof or self.has_complete_message():
            return
        self.idle.set()
        try:
            await self.waiter
        finally:
            self.idle.clear()

    async def messages(self) -> list[bytes]:
        """Return the bodies of every complete message buffered now (waiting for at least one); [] at EOF."""
        while True:
            bodies = self._complete_messages()
            if bodies:
                return bodies
            if self.eof:
                return []
            await self._more()

    # pygls' message loop (io_.run_async) reads through these two: each message is handed over framed anew,
    # after resynchronisation and `coalesce`, so its strict header parser always sees a clean stream.

    async def readline(self) -> bytes:
        if self._frame_step == 1:
            self._frame_step = 0
            return b"\r\n"
        if not self._frames:
            self._frames.extend(coalesce(await self.messages()))
            if not self._frames:
                return b""  # EOF
        body = self._frames.popleft()
        self._body = json.dumps(body).encode() if isinstance(body, dict) else body
        self._frame_step = 1
        return b"Content-Length: %d\r\n" % len(self._body)

    async def readexactly(self, size: int) -> bytes:
        body, self._body = self._body, b""
        return body

    def _complete_messages(self) -> list[bytes]:
        bodies: list[bytes] = []
        buffer = self.buffer
        position = 0
        while True:
            position, frame = self._scan(position, report=True)
            if frame is None:
                break
            body_start, body_end, _whole = frame
            bodies.append(bytes(buffer[body_start:body_end]))  # cut short: read if it is whole JSON after all
        if position:
            del buffer[:position]
        return bodies


_HEADER = re.compile(rb"content-length[ \t]*:[ \t]*([^\r\n]*?)[ \t]*\r?\n(?:[^\r\n]+\r?\n)*?\r?\n", re.IGNORECASE)
"""A header block from its Content-Length line to the empty line (CRLF or, leniently, LF line ends)."""
_LENGTH = re.compile(rb"\d{1,15}")
_OTHER_HEADERS = re.compile(rb"(?:[!-9;-~]+:[^\r\n]*\r?\n)*")


def _is_junk(buffer: bytearray, start: int, end: int) -> bool:
    """Whether the bytes before a header are more than white space and other header lines."""
    if start >= end:
        return False
    segment = bytes(buffer[start:end])
    return bool(segment.strip()) and _OTHER_HEADERS.fullmatch(segment.lstrip()) is None


def _next_header(buffer: bytearray, start: int, end: int) -> int | None:
    """Where a valid header begins between `start` and `end` (it may end after `end`), if one does.

    Only the places where "ontent-" occurs are tried (memchr speed): a body is not scanned by the regex.
    """
    reach = end + len(b"ontent-")  # finds "ontent-" of a header that begins before `end`, not of one at `end`
    position = start + 1
    while True:
        hits = [hit for hit in (buffer.find(b"ontent-", position, reach), buffer.find(b"ONTENT-", position, reach))
                if hit >= 0]
        if not hits:
            return None
        candidate = min(hits) - 1
        match = _HEADER.match(buffer, candidate)
        if match is not None and _LENGTH.fullmatch(match.group(1)):
            return candidate
        position = candidate + 2


_CHANGE, _FILES = "textDocument/didChange", "workspace/didChangeWatchedFiles"


def coalesce(bodies: list[bytes]) -> list[bytes | dict]:
    """Merge consecutive `didChange` notifications for one document into one, and consecutive
    `didChangeWatchedFiles` notifications into one.

    LSP applies a notification's content changes in order, so one notification carrying the changes of
    several, with the last version, leaves exactly the same text: the queue of a fast burst is handled
    in one dispatch instead of one per keystroke. File events likewise keep their order in one list (a
    storm of 1,000 events is read and dispatched once, not in front of a request 1,000 times).
    Only well-formed messages are merged; any other is handed over alone, as it came.
    """
    result: list[bytes | dict] = []
    pending: dict | None = None
    for body in bodies:
        message = None
        if b'"textDocument/didChange"' in body or b'"workspace/didChangeWatchedFiles"' in body:
            try:
                message = json.loads(body)
            except (ValueError, RecursionError):
                message = None
        method = message.get("method") if isinstance(message, dict) else None
        if (method in (_CHANGE, _FILES) and "id" not in message and message.get("jsonrpc") == "2.0"
                and (_well_formed_change if method == _CHANGE else _well_formed_file_events)(message.get("params"))):
            params = message["params"]
            key = (method, params["textDocument"]["uri"] if method == _CHANGE else None)
            if pending is not None and pending["key"] == key:
                if method == _CHANGE:
                    pending["params"]["contentChanges"].extend(params["contentChanges"])
                    pending["params"]["textDocument"]["version"] = params["textDocument"]["version"]
                else:
                    pending["params"]["changes"].extend(params["changes"])
                pending["merged"] = True
                continue
            if pending is not None:
                result.append(_encode(pending))
            pending = {"key": key, "method": method, "params": params, "body": body, "merged": False}
            continue
        if pending is not None:
            result.append(_encode(pending))
            pending = None
        result.append(body)
    if pending is not None:
        result.append(_encode(pending))
    return result


def _well_formed_file_events(params: object) -> bool:
    if not isinstance(params, dict) or not isinstance(params.get("changes"), list):
        return False
    return all(isinstance(event, dict) and isinstance(event.get("uri"), str) and event.get("type") in (1, 2, 3)
               and type(event.get("type")) is int for event in params["changes"])


_UINTEGER = 2**31 - 1


def _uinteger(value: object) -> bool:
    return type(value) is int and 0 <= value <= _UINTEGER


def _well_formed_change(params: object) -> bool:
    """Whether didChange params are exactly what LSP specifies, so that merged with others they still read.

    Stricter than the reader (which turns `"version": "3"` into 3): a message that is not merged is handed
    over alone, read or refused alone, and never takes the valid edits around it down with it.
    """
    if not isinstance(params, dict):
        return False
    document, changes = params.get("textDocument"), params.get("contentChanges")
    if not (isinstance(document, dict) and isinstance(document.get("uri"), str)
            and type(document.get("version")) is int and isinstance(changes, list)):
        return False
    for change in changes:
        if not (isinstance(change, dict) and isinstance(change.get("text"), str)):
            return False
        if "range" in change:
            span = change["range"]
            if not (isinstance(span, dict) and all(
                    isinstance(span.get(end), dict) and _uinteger(span[end].get("line"))
                    and _uinteger(span[end].get("character")) for end in ("start", "end"))):
                return False
            if "rangeLength" in change and not _uinteger(change["rangeLength"]):
                return False
    return True


def _encode(pending: dict) -> bytes | dict:
    if not pending["merged"]:
        return pending["body"]
    # Already parsed: handed over as is rather than encoded and parsed again.
    return {"jsonrpc": "2.0", "method": pending["method"], "params": pending["params"]}


class _QuietLog(logging.LoggerAdapter):
    """pygls' loop logs a message it cannot decode (not JSON) with a traceback: one warning line is enough."""

    def exception(self, msg, *args, **kwargs) -> None:
        self.logger.warning("could not read a message: %s", sys.exc_info()[1])


def _report(server):
    def error_handler(error: Exception, source) -> None:
        if not isinstance(error, (ValueError, RecursionError)):  # not JSON: logged above, nothing to answer
            server.report_server_error(error, source)

    return error_handler


def serve_stdio(server, stdin: BinaryIO, stdout: BinaryIO) -> int:
    """Run `server` on stdio like pygls' `start_io`, with the chunked reader; return the exit status
    (1 when the client sent `exit` without `shutdown`, as LSP requires)."""
    server._stop_event = threading.Event()  # what pygls' own start_io sets up, read by its shutdown()
    reader = ChunkedReader(stdin, on_idle=server.kick_analyses)
    server.input_pending = reader.input_pending
    server.input_idle = reader.idle
    server.protocol.set_writer(StdoutWriter(stdout))

    async def main() -> None:
        reader.start()
        await io_.run_async(server._stop_event, reader, server.protocol, _QuietLog(log, {}), _report(server))

    status = 0
    try:
        asyncio.run(main())
    except BrokenPipeError:
        log.error("the client closed the connection; shutting down")
    except KeyboardInterrupt:
        pass
    except SystemExit as done:  # `exit` ends the loop with SystemExit(0 or 1), as in pygls' own start_io
        status = done.code if isinstance(done.code, int) else 0
    finally:
        server.shutdown()
    return status
