"""Start the server: logging to stderr (never stdout, the protocol pipe) and to the client's log.

On stdio, `transport` reads messages in chunks (see its docstring).
"""

from __future__ import annotations

import gc
import logging
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agent_lsp.server.server import AgentLanguageServer


def run(tcp: bool = False, host: str = "127.0.0.1", port: int = 2087) -> int:
    from agent_lsp.startup import CodeCache, default_path, imports_without_full_collections

    # Importing pygls and lsprotocol is most of the start-up, and cattrs then writes the code for each
    # message kind: what attrs and cattrs generate is kept between runs, until the idle warm-up has made
    # it all (see startup.py).
    generated = CodeCache(default_path("server")).install()
    try:
        with imports_without_full_collections():
            from agent_lsp.server.handlers import create_server

            server = create_server(when_warm=generated.close)
        # Everything imported so far lives as long as the process: keep the cyclic collector from walking
        # it again and again (its full passes otherwise show up as latency spikes).
        gc.freeze()
        return _serve(server, tcp, host, port)
    finally:
        generated.close()


def _serve(server: AgentLanguageServer, tcp: bool, host: str, port: int) -> int:
    from agent_lsp.server.protocol import Refused
    from agent_lsp.server.server import LspLogHandler

    logger = logging.getLogger("agent_lsp")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setFormatter(logging.Formatter("agent-lsp %(levelname)s %(message)s"))
    logger.addHandler(stderr)
    client_log = LspLogHandler(server)
    client_log.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(client_log)
    logging.getLogger("pygls").addHandler(stderr)
    # pygls logs a whole traceback for every message whose params do not fit (a `$/cancelRequest` without
    # an id, ...); the transport logs one line for it (and answers a request), so drop pygls' record.
    logging.getLogger("pygls.protocol.json_rpc").addFilter(
        lambda record: not record.getMessage().startswith("Unable to deserialize message"))
    # A refused request (a rename to a name the dialect refuses) is an answer, not a server error.
    logging.getLogger("pygls.protocol.json_rpc").addFilter(
        lambda record: not (record.exc_info and isinstance(record.exc_info[1], Refused)))
    logging.getLogger("pygls").setLevel(logging.WARNING)
    # Let the event loop take the GIL back from a running analysis within half a millisecond (the default
    # 5 ms would show up in completion and hover latency whenever an analysis is in flight).
    sys.setswitchinterval(0.0005)
    if tcp:
        server.start_tcp(host, port)
    else:
        from agent_lsp.server.transport import FdReader, serve_stdio

        return serve_stdio(server, FdReader(sys.stdin.fileno()), sys.stdout.buffer)  # type: ignore[arg-type]
    return 0
