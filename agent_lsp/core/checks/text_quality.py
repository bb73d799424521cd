"""Checks on the raw text: invalid UTF-8 and mojibake (UTF-8 read as Windows-1252)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from agent_lsp.core.fixes import UNSAFE, replace_fix
from agent_lsp.core.model import FileModel

if TYPE_CHECKING:
    from agent_lsp.core.reporting import Reporter

# A run of characters that Windows-1252 can encode and that starts like a UTF-8 lead byte read as
# Windows-1252 (Ã, Â, â, ð, ...) followed by continuation-byte look-alikes.
_CP1252_CHARS = "\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{_CP1252_CHARS}]{{1,3}}(?:[\u00c2-\u00f4][{_CP1252_CHARS}]{{1,3}})*")
_BODY_CACHE: dict[str, list[tuple[int, int, str]]] = {}
_BODY_CACHE_LIMIT = 64


def check(model: FileModel, reporter: Reporter) -> None:
    for byte_offset in model.document.invalid_utf8[:20]:
        reporter.report("FM017", f"Invalid UTF-8 at byte {byte_offset}: Claude Code reads a replacement character "
                        "(�) here.", *_replacement_span(model, byte_offset))
    body_start = model.body_start
    runs = mojibake_runs(model.text[:body_start]) + [
        (start + body_start, end + body_start, repaired) for start, end, repaired in mojibake_runs(model.body, cache=True)]
    for start, end, repaired in runs:
        fix = replace_fix(f"Replace with \"{repaired}\"", start, end, repaired, UNSAFE)
        reporter.report("FM018", f"\"{model.text[start:end]}\" looks like \"{repaired}\" garbled by a wrong text "
                        "encoding (UTF-8 read as Windows-1252).", start, end, fixes=[fix])


def _replacement_span(model: FileModel, byte_offset: int) -> tuple[int, int]:
    # The n-th U+FFFD in the text stands for the n-th invalid sequence; find it by counting.
    index = list(model.document.invalid_utf8).index(byte_offset)
    position = -1
    for _ in range(index + 1):
        position = model.text.find("\ufffd", position + 1)
        if position < 0:
            return 0, 0
    return position, position + 1


def mojibake_runs(text: str, cache: bool = False) -> list[tuple[int, int, str]]:
    """Return (start, end, repaired) for each garbled run; bodies are cached (they rarely change while typing)."""
    if not any(marker in text for marker in ("Ã", "Â", "â€", "ð\u0178", "Ð", "Ñ")):
        return []
    cached = _BODY_CACHE.get(text) if cache else None
    if cached is not None:
        return cached
    runs: list[tuple[int, int, str]] = []
    for match in _MOJIBAKE.finditer(text):
        garbled = match.group()
        try:
            repaired = garbled.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if repaired and repaired != garbled:
            runs.append((match.start(), match.end(), repaired))
        if len(runs) >= 50:
            break
    if cache:
        if len(_BODY_CACHE) >= _BODY_CACHE_LIMIT:
            _BODY_CACHE.clear()
        _BODY_CACHE[text] = runs
    return runs
