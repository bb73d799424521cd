"""What every oracle script reads and writes: the Markdown files under the given paths, and a TSV of labels."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path


def inputs(paths: list[str]) -> list[Path]:
    """The given files, and the `*.md` files under the given folders, in order."""
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(path.rglob("*.md")) if path.is_dir() else [path])
    return files


def place(files: list[Path], target_of: Callable[[Path], Path]) -> dict[str, Path]:
    """Copy each file to where the tool will read it (`target_of(file)`); return {that place: the file}. A file
    whose place an earlier one took is skipped, and said on stderr."""
    placed: dict[str, Path] = {}
    for file in files:
        target = target_of(file)
        if str(target) in placed:
            print(f"skipping {file}: same place as {placed[str(target)]}", file=sys.stderr)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.read_bytes())
        placed[str(target)] = file
    return placed


def write_tsv(rows: Iterable[tuple[str, ...]], out: str | None) -> None:
    """One line a row, tab-separated, to the file `out` or to stdout."""
    text = "".join("\t".join(row) + "\n" for row in rows)
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
