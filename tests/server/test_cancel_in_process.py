"""A search cancelled while its thread is working: the request ends at once, the thread at its next chunk."""

from __future__ import annotations

import asyncio
import threading

import pytest

from agent_lsp.server import progress
from agent_lsp.server.handlers import create_server


async def test_a_cancelled_search_ends_at_once_and_its_thread_at_the_next_chunk() -> None:
    ls = create_server()
    entered, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def step(chunk) -> int:
        calls.append(len(chunk))
        entered.set()
        release.wait(30)
        return len(chunk)

    task = asyncio.ensure_future(progress.search(ls, list(range(progress.CHUNK * 4)), step, "test"))
    loop = asyncio.get_running_loop()
    assert await loop.run_in_executor(None, entered.wait, 30)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task  # while the thread is still inside the first chunk
    assert not release.is_set()
    release.set()
    await loop.run_in_executor(None, ls.request_pool.submit(lambda: None).result, 30)  # the thread is done
    assert calls == [progress.CHUNK]  # it stopped instead of reading the three other chunks
    ls.request_pool.shutdown()


async def test_an_uncancelled_search_reads_every_chunk() -> None:
    ls = create_server()
    results = await progress.search(ls, list(range(progress.CHUNK * 2 + 1)), len, "test")
    assert results == [progress.CHUNK, progress.CHUNK, 1]
    ls.request_pool.shutdown()
