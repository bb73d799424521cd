"""The `color:` value of an agent as a colour swatch, and the catalogue colour nearest to a picked one."""

from __future__ import annotations

from agent_lsp.core.catalogue import COLOURS
from agent_lsp.core.model import FileModel


def colour_of(model: FileModel) -> tuple[int, int, tuple[float, float, float]] | None:
    """(start, end, rgb in [0, 1]) of the `color:` value when it names a catalogue colour that has an RGB value."""
    entry = model.entry("color")
    if entry is None or not isinstance(entry.value, str):
        return None
    for colour in COLOURS:
        if colour.value == entry.value and colour.colour:
            return entry.value_start, entry.value_end, rgb(colour.colour)
    return None


def nearest_colour(red: float, green: float, blue: float) -> str:
    """The catalogue colour name nearest to a client's colour (components clamped into [0, 1], NaN as 0)."""
    picked = tuple(min(max(x, 0.0), 1.0) if x == x else None for x in (red, green, blue))

    def distance(hex_colour: str) -> float:
        # A NaN component contributes the catalogue component itself; 1e308 squared would overflow unclamped.
        return sum((x - y if y is not None else x) ** 2 for x, y in zip(rgb(hex_colour), picked))

    return min(COLOURS, key=lambda c: distance(c.colour or "#000000")).value


def rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue
