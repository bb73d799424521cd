"""Start-up: importing costs less when the code attrs and dataclasses generate is kept between runs, and
when the garbage collector makes no full pass while modules are imported.

What a user waits for when the editor starts the server is process start -> first diagnostics, and most
of it is importing pygls, lsprotocol and the core. lsprotocol defines ~560 attrs classes; for each, attrs
writes the source of `__init__`, `__eq__`, `__repr__`... and calls `compile()` on it (~770 compilations);
the core's ~360 dataclasses each `exec()` the source of their methods. Python keeps the bytecode of
modules in `.pyc` files, but not that of generated source.

While a `CodeCache` is installed, `builtins.compile` and `builtins.exec` go through it: the same source
gives the same code object, looked up by a digest of everything `compile()` reads (source, file name,
mode, flags, including the `__future__` flags it would inherit from its caller, optimisation level), in a
marshal file per part of the program and Python bytecode version under the user's cache folder
(`$XDG_CACHE_HOME/agent-lsp/`, else `~/.cache/agent-lsp/`). Anything else (bytes, ASTs, keyword
arguments, `exec()` without a globals dict) goes to the real function. The file is read whole
(`marshal.load` on a file object reads it object by object and costs ~6x more); it is rewritten,
atomically, with just what this process used, when it lacked code for a file name or more than a tenth
of all (the first start, a new lsprotocol, attrs or agent-lsp), and never under PYTHONDONTWRITEBYTECODE.
The CLI's imports have their file (`cached_compilation`); the server's cover its imports and then the
code cattrs generates for each message kind, until the idle warm-up has made them all
(`server/main.py`). Then the cache is let go: it holds every code object it read, megabytes the process
has no use for afterwards. A cache that cannot be read is ignored; one that cannot be written is not
written: the program starts either way. Measured: see ARCHITECTURE.md, "Start-up".
"""

from __future__ import annotations

import __future__
import builtins
import gc
import hashlib
import importlib.util
import marshal
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import CodeType
from typing import Any

_real_compile = builtins.compile
_real_exec = builtins.exec
_FUTURE_FLAGS = 0
for _name in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _name).compiler_flag
_ONLY_AST = 0x400
"""ast.PyCF_ONLY_AST: compile() returns an AST, not code (PyCF_OPTIMIZED_AST includes this bit)."""


def default_path(part: str) -> Path | None:
    """The cache file of one part of the program (`cli`, `server`) for this Python's bytecode version, or None
    when there is no home to put it in."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home == "~":
            return None
        base = os.path.join(home, ".cache")
    tag = f"{sys.implementation.cache_tag}-{importlib.util.MAGIC_NUMBER.hex()}"
    return Path(base) / "agent-lsp" / f"generated-code-{part}-{tag}.marshal"


class CodeCache:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.hits = 0
        self.misses = 0
        self._stored: dict[bytes, CodeType] = self._load()
        self._stored_names = {code.co_filename for code in self._stored.values()}
        self._used: dict[bytes, CodeType] = {}
        self._new_names = 0
        """Misses under a file name the file has no code for: a class it never saw."""
        self._replaced: tuple[Any, Any] | None = None

    def install(self) -> CodeCache:
        """From now on `compile()` and `exec()` of source go through this cache, until `close()`."""
        if self._replaced is None:
            self._replaced = builtins.compile, builtins.exec
            builtins.compile, builtins.exec = self.compile, self.exec
        return self

    def close(self) -> None:
        """Put `compile()` and `exec()` back, save, and let go of the code read (megabytes). Once."""
        if self._replaced is None:
            return
        builtins.compile, builtins.exec = self._replaced
        self._replaced = None
        self.save()
        self._stored, self._used, self._stored_names = {}, {}, set()

    def _load(self) -> dict[bytes, CodeType]:
        if self.path is None:
            return {}
        try:
            with open(self.path, "rb") as stream:
                stored = marshal.loads(stream.read())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if not isinstance(stored, dict):
            return {}
        return {key: code for key, code in stored.items() if isinstance(key, bytes) and isinstance(code, CodeType)}

    def compile(self, source, filename, mode, flags=0, dont_inherit=False, optimize=-1, **kwargs):
        """`compile()`, the same code object for the same arguments, from the cache when it has it."""
        if kwargs or type(source) is not str or not isinstance(filename, str) or flags & _ONLY_AST:
            return _real_compile(source, filename, mode, flags, dont_inherit, optimize, **kwargs)
        if not dont_inherit:  # what compile() would inherit: the caller's __future__ features
            flags |= sys._getframe(1).f_code.co_flags & _FUTURE_FLAGS
        return self._code(source, filename, mode, flags, optimize)

    def exec(self, source, *namespaces, **kwargs):
        """`exec()`: a source string with a globals dict runs the cached code, as dataclasses' methods do."""
        caller = sys._getframe(1)
        if not namespaces or namespaces[0] is None:  # exec() would use the caller's namespaces, not ours
            namespaces = (caller.f_globals, caller.f_locals if len(namespaces) < 2 or namespaces[1] is None
                          else namespaces[1])
        elif type(source) is str and not kwargs and isinstance(namespaces[0], dict):
            # exec() compiles as "<string>", inheriting the caller's __future__ features.
            source = self._code(source, "<string>", "exec", caller.f_code.co_flags & _FUTURE_FLAGS, -1)
        return _real_exec(source, *namespaces, **kwargs)

    def _code(self, source: str, filename: str, mode: str, flags: int, optimize: int) -> Any:
        digest = hashlib.blake2b(f"{mode}\0{flags}\0{optimize}\0{filename}\0".encode("utf-8", "surrogatepass")
                                 + source.encode("utf-8", "surrogatepass"), digest_size=20).digest()
        code = self._stored.get(digest) or self._used.get(digest)
        if code is None:
            code = _real_compile(source, filename, mode, flags, True, optimize)
            self.misses += 1
            self._new_names += filename not in self._stored_names
        else:
            self.hits += 1
        self._used[digest] = code
        return code

    def save(self) -> None:
        """Write what this process used (atomically; nothing when it cannot) when the file lacked something:
        code under a file name it has none for (a class it never saw), or more than a tenth of all. A few
        sources differ on every run under the same name (attrs writes `hash()` of a string, salted per
        process, into `__hash__`): they always miss, and rewriting the file for them would only cost time."""
        if self.path is None or sys.dont_write_bytecode:
            return
        if not self._new_names and self.misses * 10 <= self.hits + self.misses:
            return
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as stream:
                marshal.dump(self._used, stream)
            os.replace(temporary, self.path)
        except (OSError, ValueError):
            try:
                os.unlink(temporary)
            except OSError:
                pass


@contextmanager
def cached_compilation(path: Path | None) -> Iterator[CodeCache]:
    """Within the block, `compile()` and `exec()` of source go through a CodeCache at `path`, saved (and let
    go) when the block ends."""
    cache = CodeCache(path).install()
    try:
        yield cache
    finally:
        cache.close()


@contextmanager
def imports_without_full_collections() -> Iterator[None]:
    """Within the block, the cyclic garbage collector collects only its young generations.

    Imports allocate objects by the hundred thousand, and each full collection walks all of them: with the
    default thresholds, ~80 ms of wall time of the server's start went to collections, most to full ones.
    Young collections still free the imports' transient garbage as it comes (pausing the collector
    altogether grew resident memory by 10 MB). See ARCHITECTURE.md, "Start-up"."""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, _NEVER)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)


_NEVER = 1 << 30
"""A third threshold no start reaches: a full collection needs that many collections of the middle generation."""
