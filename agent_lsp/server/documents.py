"""Open documents with LSP's own line rules, and typing that costs next to nothing per keystroke.

pygls splits lines with `str.splitlines`, which also breaks at U+2028, form feeds and other characters
that LSP clients treat as ordinary text, so positions after such a character would drift. Our document
class splits only at `\\n`, `\\r\\n` and `\\r`, and applies incremental edits by offset (one slice, not a
loop over every line).

Typing sends one change per character, each inserting right where the last one ended. Rebuilding the
text for each would copy the whole document per keystroke (a 1 MB file, a burst of 200 keys: 400 MB of
copying), so such inserts are kept as a *typing run* and joined into the text once, when the text is
next read. A run only starts where the client's position maps exactly onto the text (not clamped past
a line's end, not inside a character), so the result is always what applying each change would give.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace

from agent_lsp.server.convert import client_units, code_point_column

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_SCAN_LINES = 200


def split_lines(text: str) -> list[str]:
    """Split like an LSP client: keep each line's break; a trailing break does not start a new line."""
    return _LINES.findall(text)


def _line_end(source: str, start: int) -> tuple[int, int]:
    """Where the line starting at `start` ends: (offset of its break, offset after it); (len, len) at the end.

    `str.find` runs at memchr speed, several times faster than a regex alternation on long lines.
    """
    newline = source.find("\n", start)
    stop = len(source) if newline < 0 else newline
    carriage = source.find("\r", start, stop)
    if carriage >= 0:
        return carriage, carriage + (2 if source.startswith("\n", carriage + 1) else 1)
    return stop, stop if newline < 0 else newline + 1


@dataclass(slots=True)
class _TypingRun:
    """Inserts not yet joined into the text: they go at `offset`, and the next one is expected at
    (`line`, `character`) in client units."""

    offset: int
    line: int
    character: int
    parts: list[str] = field(default_factory=list)


class AgentTextDocument(TextDocument):
    _cache: tuple[str | None, Sequence[str], list[int]] = (None, (), [0])
    _run: _TypingRun | None = None

    @property
    def source(self) -> str:
        run = self._run
        if run is not None and run.parts:
            text = "".join(run.parts)
            run.parts.clear()
            current = self._source or ""
            self._source = current[: run.offset] + text + current[run.offset :]
            self._cache = AgentTextDocument._cache  # no stale copy of the old text and its lines
            run.offset += len(text)
        return super().source

    def _lines_and_starts(self) -> tuple[Sequence[str], list[int]]:
        source = self.source
        cached_source, lines, starts = self._cache
        if cached_source is not source:
            lines = tuple(split_lines(source))
            starts = [0, *itertools.accumulate(len(line) for line in lines)]
            self._cache = (source, lines, starts)
        return lines, starts

    @property
    def lines(self) -> Sequence[str]:
        return self._lines_and_starts()[0]

    def offset_at_client_position(self, position: types.Position) -> int:
        """Return the code-point offset of a client position (clamped into the line, before its break)."""
        return self._locate(position)[0]

    def _locate(self, position: types.Position) -> tuple[int, bool]:
        """The code-point offset of a client position, and whether it is exact (not clamped)."""
        source = self.source
        if position.line < _SCAN_LINES:
            # Edits in the frontmatter, at the top, are the common case: find the line without
            # splitting the whole document.
            start = 0
            for _ in range(position.line):
                _, start = _line_end(source, start)
                if start >= len(source):
                    return len(source), False
            line = source[start : _line_end(source, start)[0]]
        else:
            lines, starts = self._lines_and_starts()
            if position.line >= len(lines):
                return len(source), False
            start = starts[position.line]
            line = lines[position.line].rstrip("\r\n")
        codec = self.position_codec
        column = code_point_column(codec, line, position.character)
        return start + column, client_units(codec, line[:column]) == position.character

    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        text, start_position, end_position = change.text, change.range.start, change.range.end
        one_line = "\n" not in text and "\r" not in text
        run = self._run
        if (run is not None and one_line and start_position.line == end_position.line == run.line
                and start_position.character == end_position.character == run.character):
            run.parts.append(text)  # the next keystroke of a typing run: joined when the text is read
            run.character += client_units(self.position_codec, text)
            return
        source = self.source  # joins the run's inserts first
        self._run = None
        start, exact = self._locate(start_position)
        end = self._locate(end_position)[0]
        if end < start:
            start, end = end, start
        self._source = source[:start] + text + source[end:]
        self._cache = AgentTextDocument._cache
        if exact and one_line and start_position <= end_position:
            self._run = _TypingRun(offset=start + len(text), line=start_position.line,
                                   character=start_position.character + client_units(self.position_codec, text))

    def _apply_full_change(self, change: types.TextDocumentContentChangeEvent) -> None:
        self._run = None
        self._cache = AgentTextDocument._cache
        super()._apply_full_change(change)


def install(workspace: Workspace) -> None:
    """Make `workspace` create AgentTextDocument instances.

    HACK: pygls builds its Workspace inside its own initialize handling and offers no factory hook, so the
    instance's document factory is replaced before any document is opened.
    """

    def create(doc_uri: str, source: str | None = None, version: int | None = None,
               language_id: str | None = None) -> TextDocument:
        return AgentTextDocument(doc_uri, source=source, version=version, language_id=language_id,
                                 sync_kind=workspace._sync_kind, position_codec=workspace.position_codec)

    workspace._create_text_document = create  # type: ignore[method-assign]
