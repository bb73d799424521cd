"""Positions in a document, in code points, and the line index that maps offsets to them.

Line breaks are `\\n`, `\\r\\n` and a lone `\\r` (the three the LSP specification recognises). Columns count
Unicode code points, never UTF-16 units or bytes: the server converts at its edge with the client's
negotiated encoding. The index is built lazily, so a finding near the top of a 1 MB file does not pay for
scanning the whole body.
"""

from __future__ import annotations

import bisect
import codecs
import re
import threading
from dataclasses import dataclass

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CHUNK = 8192


@dataclass(frozen=True, slots=True, order=True)
class Position:
    """A zero-based line and a code-point column."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range of a document, as code-point offsets plus their line/column positions."""

    start: Position
    end: Position
    start_offset: int
    end_offset: int


class LineIndex:
    """Map code-point offsets in `text` to (line, column) and back."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0]
        self._scanned = 0  # offsets below this have had their line breaks recorded

    def _scan_to(self, offset: int) -> None:
        """Record line starts up to at least `offset` (or the end of the text)."""
        text = self.text
        if self._scanned >= len(text) or offset < self._scanned:
            return
        stop = min(len(text), max(offset + 1, self._scanned + _CHUNK))
        # Never stop between \r and \n: the pair is one break.
        if stop < len(text) and text[stop - 1] == "\r":
            stop += 1
        for match in _LINE_BREAK.finditer(text, self._scanned, stop):
            if match.end() == stop and match.group() == "\r" and stop < len(text) and text[stop] == "\n":
                break
            self._starts.append(match.end())
        self._scanned = stop

    def _scan_all(self) -> None:
        self._scan_to(len(self.text))
        while self._scanned < len(self.text):
            self._scan_to(len(self.text))

    @property
    def line_starts(self) -> list[int]:
        self._scan_all()
        return self._starts

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        while self._scanned <= offset and self._scanned < len(self.text):
            self._scan_to(offset)
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line, offset - self._starts[line])

    def _ensure_line(self, line: int) -> None:
        while len(self._starts) <= line + 1 and self._scanned < len(self.text):
            self._scan_to(self._scanned + _CHUNK)

    def offset(self, line: int, column: int) -> int:
        """Return the offset of (line, column), clamped into the line (excluding its break)."""
        if line < 0:
            return 0
        self._ensure_line(line)
        if line >= len(self._starts):
            return len(self.text)
        return min(self._starts[line] + max(column, 0), self.line_end(line))

    def line_end(self, line: int) -> int:
        """Return the offset where `line`'s content ends (before its line break)."""
        self._ensure_line(line)
        if line + 1 < len(self._starts):
            end = self._starts[line + 1]
            if self.text[end - 2 : end] == "\r\n":
                return end - 2
            return end - 1
        return len(self.text)

    def line_text(self, line: int) -> str:
        self._ensure_line(line)
        if not 0 <= line < len(self._starts):
            return ""
        return self.text[self._starts[line] : self.line_end(line)]

    def lines(self) -> list[str]:
        return [self.line_text(n) for n in range(self.line_count)]

    def span(self, start_offset: int, end_offset: int) -> Span:
        length = len(self.text)
        start_offset = max(0, min(start_offset, length))
        end_offset = max(start_offset, min(end_offset, length))
        return Span(self.position(start_offset), self.position(end_offset), start_offset, end_offset)

    def line_span(self, line: int) -> Span:
        """Return the span of a whole line's content (without its break)."""
        self._ensure_line(line)
        line = max(0, min(line, len(self._starts) - 1))
        return self.span(self._starts[line], self.line_end(line))


def decode_bytes(data: bytes) -> tuple[str, tuple[int, ...]]:
    """Decode UTF-8 like Claude Code (invalid bytes become U+FFFD); return the text and bad byte offsets."""
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    # One pass with an error handler that notes where it replaces (re-decoding the rest of the data after
    # each invalid sequence was quadratic: a megabyte of binary took 18 s).
    _INVALID.offsets = bad = []
    text = data.decode("utf-8", errors=_RECORD_AND_REPLACE)
    return text, tuple(bad)


def _record_and_replace(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    _INVALID.offsets.append(error.start)
    return "\ufffd", max(error.end, error.start + 1)


_INVALID = threading.local()
_RECORD_AND_REPLACE = "agent-lsp-record-and-replace"
codecs.register_error(_RECORD_AND_REPLACE, _record_and_replace)
