"""Work-done progress for the workspace scan and large searches, and `$/cancelRequest` for long requests.

The end-to-end cancellation test sends a request and its cancel in one write: a server that ignored the
cancel would answer with the full result, so it fails then. The cancel of a search already running on the
request thread is tested in process (tests/server/test_cancel_in_process.py). No timing.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import client_capabilities

from tests.server.conftest import PROFILES, write_workspace
from tests.server.support import wait_until

pytestmark = pytest.mark.asyncio(loop_scope="session")

REQUEST_CANCELLED = -32800
_ids = itertools.count()
AGENTS = 2500
"""More than progress.LARGE_SEARCH: searches over this workspace show progress."""


def big_workspace(root: Path, count: int = AGENTS) -> Path:
    files = {".claude/skills/common/SKILL.md": "---\nname: common\ndescription: Shared\n---\n"}
    for number in range(count):
        files[f".claude/agents/agent-{number}.md"] = (
            f"---\nname: agent-{number}\ndescription: Agent {number}\n"
            f"tools: Read, Agent(agent-{(number + 1) % count})\nskills: common\n---\nBody {number}\n")
    return write_workspace(root, files)


def kinds(reports: list) -> list[str]:
    return [report.kind for report in reports]


async def ended(session) -> dict:
    """The progress tokens the server created, once each has ended."""
    reports = session.client.progress_reports
    await wait_until(lambda: reports and all(r and r[-1].kind == "end" for r in reports.values()), "progress ends")
    return reports


@pytest.mark.parametrize("profile", PROFILES)
async def test_the_workspace_scan_reports_progress(start_session, tmp_path: Path, profile: str) -> None:
    session = await start_session(profile, big_workspace(tmp_path, 300))
    reports = await ended(session)
    assert len(reports) == 1, reports
    (scan,) = reports.values()
    assert kinds(scan)[0] == "begin" and kinds(scan)[-1] == "end" and set(kinds(scan[1:-1])) <= {"report"}
    assert "indexing" in scan[0].title
    counted = [r for r in scan if r.kind != "end" and r.message]
    assert counted and counted[-1].message.endswith("/302 files")  # 300 agents, a skill, the .mcp.json-less rest
    percentages = [r.percentage for r in scan if r.kind != "end" and r.percentage is not None]
    assert percentages == sorted(percentages) and len(scan) <= 2 + 21
    assert "302 files indexed" in scan[-1].message


async def test_no_progress_for_a_client_without_work_done_progress(start_session, tmp_path: Path) -> None:
    caps = copy.deepcopy(client_capabilities("visual_studio_code"))
    caps.window.work_done_progress = False
    session = await start_session("visual_studio_code", big_workspace(tmp_path, 50), capabilities=caps)
    uri = session.open(".claude/agents/agent-1.md", (tmp_path / ".claude/agents/agent-1.md").read_text())
    assert len(await session.references(uri, session.position(uri, "common"), declaration=False)) == 50
    assert session.client.progress_reports == {}


class _Held:
    """A writer that keeps what the client writes, to send two messages in one write."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.chunks.append(data)


async def cancelled(session, method: str, params) -> JsonRpcException | object:
    """Send `method` and its `$/cancelRequest` in one write (so the server reads them together, whatever the
    machine's load); return the error, or the result a server ignoring the cancel would send."""
    protocol = session.client.protocol
    request_id = f"cancel-me-{next(_ids)}"
    real, held = protocol.writer, _Held()
    protocol.writer = held
    try:
        future = asyncio.wrap_future(protocol.send_request(method, params, msg_id=request_id))
        protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=request_id))
    finally:
        protocol.writer = real
    real.write(b"".join(held.chunks))  # one write of < PIPE_BUF bytes: atomic
    try:
        return await future
    except JsonRpcException as error:
        return error


@pytest.fixture(scope="module")
def big_root(tmp_path_factory) -> Path:
    return big_workspace(tmp_path_factory.mktemp("big workspace"))


@pytest.mark.parametrize("profile", PROFILES)
async def test_long_requests_are_cancelled(start_session, big_root: Path, profile: str) -> None:
    session = await start_session(profile, big_root)
    uri = session.open(".claude/agents/agent-7.md", (big_root / ".claude/agents/agent-7.md").read_text())
    position = session.position(uri, "common")
    for method, params in [
        (types.WORKSPACE_SYMBOL, types.WorkspaceSymbolParams(query="agent")),
        (types.TEXT_DOCUMENT_REFERENCES, types.ReferenceParams(
            text_document=session.doc(uri), position=position, context=types.ReferenceContext(include_declaration=True))),
        (types.TEXT_DOCUMENT_RENAME, types.RenameParams(
            text_document=session.doc(uri), position=session.position(uri, "agent-8"), new_name="eighth")),
    ]:
        answer = await cancelled(session, method, params)
        assert isinstance(answer, JsonRpcException) and answer.code == REQUEST_CANCELLED, (method, type(answer))
    # Not cancelled: the same requests answer in full.
    assert len(await session.workspace_symbols("agent")) == AGENTS
    assert len(await session.references(uri, position, declaration=False)) == AGENTS


async def test_a_large_search_reports_progress_on_the_clients_token(start_session, big_root: Path) -> None:
    session = await start_session("visual_studio_code", big_root)
    await ended(session)  # the scan's
    uri = session.open(".claude/agents/agent-3.md", (big_root / ".claude/agents/agent-3.md").read_text())
    session.client.progress_reports["refs-1"] = []
    found = await session.client.text_document_references_async(types.ReferenceParams(
        text_document=session.doc(uri), position=session.position(uri, "common"),
        context=types.ReferenceContext(include_declaration=False), work_done_token="refs-1"))
    assert len(found) == AGENTS
    reports = session.client.progress_reports["refs-1"]
    await wait_until(lambda: reports and reports[-1].kind == "end", "the end of the search's progress")
    assert kinds(reports)[0] == "begin" and reports[0].title == "agent-lsp: finding references"
    files = AGENTS + 2  # the agents, the skill and the user skill in the Claude folder
    assert reports[-2].message == f"{files:,}/{files:,} files"


async def test_a_code_lens_counts_a_large_workspace_without_progress(start_session, big_root: Path) -> None:
    session = await start_session("visual_studio_code", big_root)
    before = set(await ended(session))  # the scan's
    relative = ".claude/skills/common/SKILL.md"
    uri = session.open(relative, (big_root / relative).read_text())
    lenses = await session.client.text_document_code_lens_async(types.CodeLensParams(text_document=session.doc(uri)))
    assert [lens.command.title for lens in lenses][1:] == [f"used by {AGENTS:,} agents"]
    # Editors ask for lenses by themselves, after every edit: no progress flashes for them.
    assert set(session.client.progress_reports) == before
