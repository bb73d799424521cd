"""Stdio transport: read the client's messages in big chunks on one thread, hand them to pygls' loop.

pygls' own stdio reader asks a thread pool for every header line and every body, three thread hops per
message, and each hop waits for the GIL while an analysis runs on the analysis thread. A burst of
keystrokes then drains at a few milliseconds per message. Here one thread reads whatever is available
(up to 64 KiB at a time) and appends it to a buffer on the event loop; `readline`/`readexactly` are
served from that buffer without suspending when the bytes are already there, so a queued burst is
handled back to back; the server starts analyses only when the reader is about to wait (see
`AgentLanguageServer.kick_analyses`), so the analysis of a burst's last version starts right after it.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import BinaryIO

from pygls.io_ import StdoutWriter, run_async

log = logging.getLogger("agent_lsp")
_CHUNK = 65536


class ChunkedReader:
    """An async reader with pygls' interface (`readline`, `readexactly`), fed by a reader thread."""

    def __init__(self, stream: BinaryIO, on_idle: Callable[[], None] | None = None) -> None:
        self.stream = stream
        self.on_idle = on_idle
        """Called when every buffered message has been handled and the reader is about to wait."""
        self.buffer = bytearray()
        self.eof = False
        self.loop: asyncio.AbstractEventLoop | None = None
        self.waiter: asyncio.Future | None = None

    def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        threading.Thread(target=self._pump, name="agent-lsp-stdin", daemon=True).start()

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
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    async def _more(self) -> None:
        assert self.loop is not None
        if self.on_idle is not None and not self.buffer:
            self.on_idle()
        self.waiter = self.loop.create_future()
        await self.waiter

    async def readline(self) -> bytes:
        while True:
            end = self.buffer.find(b"\n")
            if end >= 0:
                line = bytes(self.buffer[: end + 1])
                del self.buffer[: end + 1]
                return line
            if self.eof:
                rest = bytes(self.buffer)
                self.buffer.clear()
                return rest
            await self._more()

    async def readexactly(self, size: int) -> bytes:
        while len(self.buffer) < size and not self.eof:
            await self._more()
        chunk = bytes(self.buffer[:size])
        del self.buffer[:size]
        return chunk


def serve_stdio(server, stdin: BinaryIO, stdout: BinaryIO) -> None:
    """Run `server` on stdio like pygls' `start_io`, with the chunked reader."""
    server._stop_event = threading.Event()  # what pygls' own start_io sets up, read by its shutdown()
    reader = ChunkedReader(stdin, on_idle=server.kick_analyses)
    server.input_pending = lambda: bool(reader.buffer)
    server.protocol.set_writer(StdoutWriter(stdout))

    async def main() -> None:
        reader.start()
        await run_async(stop_event=server._stop_event, reader=reader, protocol=server.protocol,
                        logger=logging.getLogger("pygls"), error_handler=server.report_server_error)

    try:
        asyncio.run(main())
    except BrokenPipeError:
        log.error("the client closed the connection; shutting down")
    except (KeyboardInterrupt, SystemExit):
        pass  # `exit` ends the loop with SystemExit, as in pygls' own start_io
    finally:
        server.shutdown()
