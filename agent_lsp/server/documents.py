"""Open documents with LSP's own line rules.

pygls splits lines with `str.splitlines`, which also breaks at U+2028, form feeds and other characters
that LSP clients treat as ordinary text, so positions after such a character would drift. Our document
class splits only at `\\n`, `\\r\\n` and `\\r`, and applies incremental edits by offset (one slice, not a
loop over every line), which also keeps a 1 MB document cheap to edit.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_BREAK = re.compile(r"\r\n|\r|\n")
_SCAN_LINES = 200


def split_lines(text: str) -> list[str]:
    """Split like an LSP client: keep each line's break; a trailing break does not start a new line."""
    return _LINES.findall(text)


class AgentTextDocument(TextDocument):
    _cache: tuple[str | None, Sequence[str], list[int]] = (None, (), [0])

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
        source = self.source
        if position.line < _SCAN_LINES:
            # Edits in the frontmatter, at the top, are the common case: find the line without
            # splitting the whole document.
            start = 0
            for _ in range(position.line):
                found = _BREAK.search(source, start)
                if found is None:
                    return len(source)
                start = found.end()
            found = _BREAK.search(source, start)
            line = source[start : found.start() if found else len(source)]
        else:
            lines, starts = self._lines_and_starts()
            if position.line >= len(lines):
                return len(source)
            start = starts[position.line]
            line = lines[position.line].rstrip("\r\n")
        units = column = 0
        impl = self.position_codec.impl
        for char in line:
            if units >= position.character:
                break
            units += impl.code_units_for_char(char)
            column += 1
        return start + column

    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        start = self.offset_at_client_position(change.range.start)
        end = self.offset_at_client_position(change.range.end)
        source = self.source
        if end < start:
            start, end = end, start
        self._source = source[:start] + change.text + source[end:]


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
