"""Open documents: client positions to code points at C speed, and typing runs that change nothing but cost."""

from __future__ import annotations

import random
import re

import pytest
from lsprotocol import types
from pygls.workspace import PositionCodec

from agent_lsp.server.convert import client_units, code_point_column
from agent_lsp.server.documents import AgentTextDocument

ENCODINGS = [types.PositionEncodingKind.Utf16, types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf32]
ALPHABET = ["a", " ", "é", "ß", "€", "中", "😀", "🧪", "\u0301", "\u2028", "\ud800", "\udfff", "\x00"]


def by_characters(codec: PositionCodec, line: str, units: int) -> int:
    """The reference: the first column whose prefix, counted by pygls' own codec, covers `units`."""
    for column in range(len(line) + 1):
        if codec.client_num_units(line[:column]) >= units:
            return column
    return len(line)


@pytest.mark.parametrize("encoding", ENCODINGS, ids=lambda kind: kind.value)
def test_column_matches_counting_characters(encoding):
    codec = PositionCodec(encoding)
    rng = random.Random(7)
    lines = ["", "plain ascii", "😀", "a😀b", "é" * 5, "x" * 300 + "🧪"]
    lines += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 40))) for _ in range(300)]
    for line in lines:
        total = client_units(codec, line)
        for units in range(0, total + 3):
            assert code_point_column(codec, line, units) == by_characters(codec, line, units), (line, units)


def test_cut_inside_a_character_lands_after_it():
    utf16, utf8 = PositionCodec(types.PositionEncodingKind.Utf16), PositionCodec(types.PositionEncodingKind.Utf8)
    assert code_point_column(utf16, "a😀b", 2) == 2  # between the surrogates of 😀
    assert code_point_column(utf8, "a€b", 2) == 2  # inside the three bytes of €
    assert code_point_column(utf8, "a€b", 4) == 2
    assert code_point_column(utf8, "a€b", 99) == 3


@pytest.mark.parametrize("encoding", ENCODINGS, ids=lambda kind: kind.value)
def test_incremental_edits_after_emoji_on_a_long_line(encoding):
    codec = PositionCodec(encoding)
    line = "description: 😀 " + "x" * 500
    document = AgentTextDocument("file:///a.md", f"---\n{line}\r\n---\nbody\n", version=1, position_codec=codec)
    end = client_units(codec, line)
    for version, char in enumerate("hé🧪", start=2):
        position = types.Position(line=1, character=end)
        document.apply_change(types.TextDocumentContentChangePartial(
            range=types.Range(start=position, end=position), text=char))
        document.version = version
        end += client_units(codec, char)
    assert document.source == f"---\n{line}hé🧪\r\n---\nbody\n"


def reference_apply(codec: PositionCodec, source: str, start: types.Position, end: types.Position, text: str) -> str:
    """Apply one change the slow, obvious way: split every line, count every character."""
    lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", source)

    def offset(position: types.Position) -> int:
        if position.line >= len(lines):
            return len(source)
        line = lines[position.line].rstrip("\r\n")
        return sum(map(len, lines[: position.line])) + by_characters(codec, line, position.character)

    first, last = sorted((offset(start), offset(end)))
    return source[:first] + text + source[last:]


TEXTS = ["a", "b", "é", "😀", "", "\n", "x\r\ny", "ab", "\u2028", " #"]


@pytest.mark.parametrize("encoding", ENCODINGS, ids=lambda kind: kind.value)
def test_typing_runs_leave_exactly_what_each_change_would(encoding):
    codec = PositionCodec(encoding)
    rng = random.Random(11)
    for trial in range(60):
        source = "".join(rng.choice(["---\n", "name: a\r\n", "d: 😀é\n", "x" * 40, "\r", "\u2028", "🧪\n", "\n"])
                         for _ in range(rng.randint(0, 12)))
        document = AgentTextDocument("file:///a.md", source, version=1, position_codec=codec)
        expected = source
        line, character = 0, 0
        for _ in range(80):
            roll = rng.random()
            if roll < 0.55:  # keep typing where the last insert ended, as an editor does
                start = end = types.Position(line=line, character=character)
            elif roll < 0.7:  # backspace
                start = types.Position(line=line, character=max(0, character - 1))
                end = types.Position(line=line, character=character)
            else:  # anywhere, also past a line's end, past the last line, or inside a surrogate pair
                start = types.Position(line=rng.randint(0, 14), character=rng.randint(0, 50))
                end = (start if rng.random() < 0.6 else
                       types.Position(line=rng.randint(0, 14), character=rng.randint(0, 50)))
            text = rng.choice(TEXTS)
            document.apply_change(types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end),
                                                                         text=text))
            expected = reference_apply(codec, expected, start, end, text)
            line, character = start.line, start.character + client_units(codec, text)
            if rng.random() < 0.1:  # the text is read mid-run (an analysis snapshot, a hover)
                assert document.source == expected, trial
        assert document.source == expected, trial
        assert document.lines == tuple(re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", expected))


def test_a_typing_run_does_not_rebuild_the_text_per_keystroke():
    document = AgentTextDocument("file:///a.md", "---\ndescription: x\n---\n" + "body\n" * 1000, version=1)
    texts_built = []
    for index, char in enumerate("hello world"):
        position = types.Position(line=1, character=14 + index)
        document.apply_change(types.TextDocumentContentChangePartial(
            range=types.Range(start=position, end=position), text=char))
        texts_built.append(document._source)
    # the first insert is applied at once; the ten after it wait in the run, not in the text
    assert len({id(text) for text in texts_built}) == 1
    assert document.source.startswith("---\ndescription: xhello world\n---\n")
