"""Suggestions for a name that matches nothing: the closest known one, and the "did you mean" hint."""

from __future__ import annotations

import difflib

from agent_lsp.core.findings import Fix
from agent_lsp.core.fixes import UNSAFE, replace_fix


def closest(word: str, candidates: list[str], cutoff: float = 0.75) -> str | None:
    """Return the candidate closest to `word` (case-insensitive first), or None."""
    lowered = {candidate.lower(): candidate for candidate in candidates}
    if word.lower() in lowered:
        return lowered[word.lower()]
    squashed = {candidate.lower().replace("-", "").replace("_", ""): candidate for candidate in candidates}
    key = word.lower().replace("-", "").replace("_", "")
    if key in squashed:
        return squashed[key]
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[match[0]] if match else None


def did_you_mean(suggestion: str | None, otherwise: str = ".") -> str:
    """The end of a message about an unknown name: `; did you mean `x`?` or `otherwise`."""
    return f"; did you mean `{suggestion}`?" if suggestion else otherwise


def suggestion_fixes(suggestion: str | None, start: int, end: int, verb: str = "Change to") -> list[Fix]:
    """The fix that writes `suggestion` over document[start:end] (a guess at intent: unsafe), if any."""
    return [replace_fix(f"{verb} `{suggestion}`", start, end, suggestion, UNSAFE)] if suggestion else []
