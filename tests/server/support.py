"""Helpers for the end-to-end tests: a recording client, a session wrapper, positions and text edits.

Positions are computed here independently of the server (its code must not grade itself): a client
position counts UTF-16 units, UTF-8 bytes or code points, as negotiated in the initialize result.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from agent_lsp.server.handlers import create_server

TIMEOUT = 10.0
"""Seconds to wait for something the server should do promptly (generous for slow CI machines)."""

SERVER_COMMAND = [sys.executable, "-m", "agent_lsp", "serve"]

_BREAK = re.compile(r"\r\n|\r|\n")


# ------------------------------------------------------------------------------- in-process server


def in_process_server(on_write: Callable[[bytes], None] | None = None):
    """A server driven in this process, without a transport: `(ls, send)`.

    `send(message)` dispatches one JSON-RPC message as the transport would (the `jsonrpc` field added);
    what the server writes goes to `on_write` (whole frames, headers included), or nowhere.
    """
    ls = create_server()

    class Writer:
        def write(self, data: bytes) -> None:
            if on_write is not None:
                on_write(data)

        def close(self) -> None:
            pass

    ls.protocol.set_writer(Writer())

    def send(message: dict) -> None:
        ls.protocol.handle_message(json.loads(json.dumps({"jsonrpc": "2.0", **message}),
                                              object_hook=ls.protocol.structure_message))

    return ls, send


# ---------------------------------------------------------------------------------------- the client


def _record_publish(ls: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
    ls.publishes.append(params)  # type: ignore[attr-defined]
    ls.diagnostics[params.uri] = params.diagnostics


def _register_capability(ls: LanguageClient, params: types.RegistrationParams) -> None:
    ls.registrations.extend(params.registrations)  # type: ignore[attr-defined]


def _code_lens_refresh(ls: LanguageClient, params: None) -> None:
    ls.code_lens_refreshes += 1  # type: ignore[attr-defined]


def make_recording_client() -> LanguageClient:
    """A pytest-lsp client that also keeps *every* publishDiagnostics (not just the latest per URI)."""
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _record_publish
    features[types.CLIENT_REGISTER_CAPABILITY] = _register_capability
    features[types.WORKSPACE_CODE_LENS_REFRESH] = _code_lens_refresh
    register_lsp_features(client, features)
    client.publishes = []  # type: ignore[attr-defined]
    client.registrations = []  # type: ignore[attr-defined]
    client.code_lens_refreshes = 0  # type: ignore[attr-defined]
    return client


def server_config() -> ClientServerConfig:
    return ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_recording_client)


async def wait_until(predicate: Callable[[], Any], what: str, timeout: float = TIMEOUT) -> Any:
    """Poll `predicate` until it returns something truthy; fail with `what` on timeout."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


async def wait_for_index(client: LanguageClient) -> None:
    """Wait until the server logged that its workspace scan finished."""
    await wait_until(lambda: any("indexed" in m.message for m in client.log_messages), "the workspace scan")


# ---------------------------------------------------------------------------------------- positions


def line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _BREAK.finditer(text))]


def units(text: str, encoding: str) -> int:
    """Length of `text` in the client's position units."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def position_at(text: str, offset: int, encoding: str) -> types.Position:
    """The client position of code-point `offset` in `text`."""
    starts = line_starts(text)
    line = max(i for i, start in enumerate(starts) if start <= offset)
    return types.Position(line=line, character=units(text[starts[line] : offset], encoding))


def offset_at(text: str, position: types.Position, encoding: str) -> int:
    """The code-point offset of a client position (which must not point inside a character)."""
    starts = line_starts(text)
    assert position.line < len(starts), f"line {position.line} is past the end of the text"
    start = starts[position.line]
    end = starts[position.line + 1] if position.line + 1 < len(starts) else len(text)
    line = text[start:end].rstrip("\r\n")
    count = 0
    for column, char in enumerate(line):
        if count >= position.character:
            assert count == position.character, f"{position} points inside a character of {line!r}"
            return start + column
        count += units(char, encoding)
    assert count <= position.character, f"{position} points inside a character of {line!r}"
    return start + len(line)  # past the end of the line means its end (LSP)


def range_text(text: str, range_: types.Range, encoding: str) -> str:
    return text[offset_at(text, range_.start, encoding) : offset_at(text, range_.end, encoding)]


def apply_text_edits(text: str, edits: Sequence[types.TextEdit], encoding: str) -> str:
    """Apply LSP TextEdits (ranges relative to the original text, non-overlapping) to `text`."""
    resolved = sorted(((offset_at(text, e.range.start, encoding), offset_at(text, e.range.end, encoding),
                        e.new_text) for e in edits), key=lambda item: (item[0], item[1]))
    for (_, end, _), (start, _, _) in zip(resolved, resolved[1:]):
        assert end <= start, f"overlapping text edits: {edits}"
    for start, end, new_text in reversed(resolved):
        text = text[:start] + new_text + text[end:]
    return text


# ---------------------------------------------------------------------------------------- a session


@dataclass
class Session:
    """One client/server pair and the documents the test opened through it."""

    client: LanguageClient
    profile: str
    root: Path
    result: types.InitializeResult
    texts: dict[str, str] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    marks: dict[str, int] = field(default_factory=dict)
    """Per URI: how many publishes had arrived when it was last opened or changed."""

    # -- facts about the negotiation

    @property
    def encoding(self) -> str:
        return str(self.result.capabilities.position_encoding or "utf-16")

    @property
    def push(self) -> bool:
        """True when the server pushes diagnostics (the client has no pull capability)."""
        caps = self.client.capabilities
        return not (caps and caps.text_document and caps.text_document.diagnostic)

    @property
    def publishes(self) -> list[types.PublishDiagnosticsParams]:
        return self.client.publishes  # type: ignore[attr-defined]

    # -- documents

    def uri(self, relative: str) -> str:
        return (self.root / relative).as_uri()

    def open(self, relative: str, text: str, language_id: str = "markdown") -> str:
        uri = self.uri(relative)
        self.texts[uri] = text
        self.versions[uri] = 1
        self.marks[uri] = len(self.publishes)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language_id, version=1, text=text)))
        return uri

    def replace(self, uri: str, text: str) -> int:
        """Send the whole new text as one didChange; return the new version."""
        self.texts[uri] = text
        return self._changed(uri, [types.TextDocumentContentChangeWholeDocument(text=text)])

    def edit(self, uri: str, start: int, end: int, new_text: str) -> int:
        """Send one incremental change replacing code points start..end; return the new version."""
        old = self.texts[uri]
        change = types.TextDocumentContentChangePartial(
            range=types.Range(start=position_at(old, start, self.encoding), end=position_at(old, end, self.encoding)),
            text=new_text)
        self.texts[uri] = old[:start] + new_text + old[end:]
        return self._changed(uri, [change])

    def _changed(self, uri: str, changes: list) -> int:
        self.versions[uri] += 1
        self.marks[uri] = len(self.publishes)
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=changes))
        return self.versions[uri]

    def close(self, uri: str) -> None:
        self.marks[uri] = len(self.publishes)
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
        self.texts.pop(uri, None)
        self.versions.pop(uri, None)

    # -- diagnostics

    def publishes_for(self, uri: str, after: int = 0) -> list[types.PublishDiagnosticsParams]:
        return [p for p in self.publishes[after:] if p.uri == uri]

    async def pull(self, uri: str) -> types.FullDocumentDiagnosticReport:
        report = await self.client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport | types.FullDocumentDiagnosticReport), \
            report
        return report

    async def diagnostics(self, uri: str, until: Callable[[list[types.Diagnostic]], bool] | None = None,
                          after: int | None = None, timeout: float = TIMEOUT) -> list[types.Diagnostic]:
        """Diagnostics of the current version of `uri`.

        Push: the first publish (after the last change, or after `after`) for the current version that
        satisfies `until`. Pull: a textDocument/diagnostic report, re-pulled until `until` holds.
        """
        until = until or (lambda _: True)
        if self.push:
            start = self.marks.get(uri, 0) if after is None else after
            version = self.versions.get(uri)

            def found():
                for publish in self.publishes_for(uri, start):
                    if publish.version == version and until(list(publish.diagnostics)):
                        return publish
                return None

            try:
                publish = await wait_until(found, f"a matching publish for {uri} v{version}", timeout)
            except AssertionError:
                seen = [(p.version, sorted(codes(p.diagnostics))) for p in self.publishes_for(uri, start)]
                raise AssertionError(f"no matching publish for {uri} v{version}; received {seen}") from None
            return list(publish.diagnostics)
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            items = list((await self.pull(uri)).items)
            if until(items):
                return items
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"pulled diagnostics for {uri} never matched; last: {codes(items)}")
            await asyncio.sleep(0.02)

    # -- positions in an open document

    def position(self, uri: str, needle: str, delta: int = 0, occurrence: int = 0) -> types.Position:
        """The client position of `needle` (its n-th occurrence) plus `delta` code points."""
        text = self.texts[uri]
        at = -1
        for _ in range(occurrence + 1):
            at = text.index(needle, at + 1)
        return position_at(text, at + delta, self.encoding)

    def end_of(self, uri: str, needle: str, occurrence: int = 0) -> types.Position:
        return self.position(uri, needle, len(needle), occurrence)

    def text_of(self, uri: str, range_: types.Range) -> str:
        return range_text(self.texts[uri], range_, self.encoding)

    # -- requests

    def doc(self, uri: str) -> types.TextDocumentIdentifier:
        return types.TextDocumentIdentifier(uri=uri)

    async def completion(self, uri: str, position: types.Position) -> list[types.CompletionItem]:
        result = await self.client.text_document_completion_async(types.CompletionParams(
            text_document=self.doc(uri), position=position))
        if result is None:
            return []
        return list(result.items if isinstance(result, types.CompletionList) else result)

    async def hover(self, uri: str, position: types.Position) -> types.Hover | None:
        return await self.client.text_document_hover_async(types.HoverParams(
            text_document=self.doc(uri), position=position))

    async def code_actions(self, uri: str, range_: types.Range, diagnostics: Sequence[types.Diagnostic] = (),
                           only: list[str] | None = None) -> list[types.CodeAction]:
        result = await self.client.text_document_code_action_async(types.CodeActionParams(
            text_document=self.doc(uri), range=range_,
            context=types.CodeActionContext(diagnostics=list(diagnostics), only=only)))
        return [a for a in result or [] if isinstance(a, types.CodeAction)]

    async def symbols(self, uri: str) -> list[types.DocumentSymbol]:
        return list(await self.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=self.doc(uri))) or [])

    async def folding(self, uri: str) -> list[types.FoldingRange]:
        return list(await self.client.text_document_folding_range_async(
            types.FoldingRangeParams(text_document=self.doc(uri))) or [])

    async def colours(self, uri: str) -> list[types.ColorInformation]:
        return list(await self.client.text_document_document_color_async(
            types.DocumentColorParams(text_document=self.doc(uri))) or [])

    async def definition(self, uri: str, position: types.Position) -> list[types.Location]:
        result = await self.client.text_document_definition_async(types.DefinitionParams(
            text_document=self.doc(uri), position=position))
        if result is None:
            return []
        return list(result) if isinstance(result, list) else [result]

    async def references(self, uri: str, position: types.Position, declaration: bool) -> list[types.Location]:
        return list(await self.client.text_document_references_async(types.ReferenceParams(
            text_document=self.doc(uri), position=position,
            context=types.ReferenceContext(include_declaration=declaration))) or [])

    async def workspace_symbols(self, query: str) -> list[types.WorkspaceSymbol | types.SymbolInformation]:
        return list(await self.client.workspace_symbol_async(types.WorkspaceSymbolParams(query=query)) or [])


def codes(diagnostics: Sequence[types.Diagnostic]) -> list[str]:
    return [str(d.code) for d in diagnostics]


def by_code(diagnostics: Sequence[types.Diagnostic], code: str) -> types.Diagnostic:
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, f"expected one {code}, got {codes(diagnostics)}"
    return found[0]


def labels(items: Sequence[types.CompletionItem]) -> list[str]:
    return [item.label for item in items]


def item(items: Sequence[types.CompletionItem], label: str) -> types.CompletionItem:
    found = [i for i in items if i.label == label]
    assert found, f"no completion {label!r} among {labels(items)}"
    return found[0]


def markdown(hover: types.Hover | None) -> str:
    assert hover is not None, "expected a hover"
    contents = hover.contents
    assert isinstance(contents, types.MarkupContent), contents
    assert contents.kind == types.MarkupKind.Markdown
    return contents.value


def initialize_params(profile_capabilities: types.ClientCapabilities, root: Path,
                      init_options: Any = None) -> types.InitializeParams:
    return types.InitializeParams(
        capabilities=profile_capabilities,
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        initialization_options=init_options,
    )
