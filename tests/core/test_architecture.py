"""Layering rules, checked on the source: only the server speaks LSP, and the core knows nothing of its callers."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import agent_lsp
from tests.helpers import REPO_ROOT

PACKAGE = Path(agent_lsp.__file__).resolve().parent  # the package under test: the checkout's or a wheel's
SOURCE_ROOT = PACKAGE.parent
LSP_LIBRARIES = ("pygls", "lsprotocol")
CORE_FORBIDDEN = ("agent_lsp.server", "agent_lsp.cli", "agent_lsp.files")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """Every module `path` imports (top level, in functions, under TYPE_CHECKING), as absolute names."""
    if source is None:
        source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    package = _module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
    return found


def _python_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.py") if "__pycache__" not in path.parts)


def _is_under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def test_the_package_has_python_files() -> None:
    assert len(_python_files(PACKAGE / "core")) > 10


@pytest.mark.parametrize("path", [p for p in _python_files(PACKAGE) if "server" not in p.relative_to(PACKAGE).parts],
                         ids=lambda p: str(p.relative_to(SOURCE_ROOT)))
def test_only_the_server_imports_lsp_libraries(path: Path) -> None:
    bad = [(line, module) for line, module in imported_modules(path)
           if any(_is_under(module, library) for library in LSP_LIBRARIES)]
    assert not bad, f"{path.relative_to(SOURCE_ROOT)} imports LSP libraries: {bad}"


@pytest.mark.parametrize("path", _python_files(PACKAGE / "core"), ids=lambda p: str(p.relative_to(SOURCE_ROOT)))
def test_core_does_not_import_its_callers(path: Path) -> None:
    bad = [(line, module) for line, module in imported_modules(path)
           if any(_is_under(module, forbidden) for forbidden in CORE_FORBIDDEN)]
    assert not bad, f"{path.relative_to(SOURCE_ROOT)} imports outside the core: {bad}"


def test_relative_imports_are_resolved() -> None:
    """The checker itself: `from ...server import x` inside agent_lsp/core/checks counts as agent_lsp.server."""
    location = PACKAGE / "core" / "checks" / "structure.py"
    source = "from ...server import main\nfrom . import fields\nimport pygls.server\n"
    modules = [module for _line, module in imported_modules(location, source)]
    assert "agent_lsp.server" in modules and "agent_lsp.server.main" in modules
    assert "agent_lsp.core.checks.fields" in modules
    assert "pygls.server" in modules


def test_importing_the_core_and_cli_does_not_load_lsp_libraries() -> None:
    code = ("import sys, agent_lsp.cli, agent_lsp.core.analysis, agent_lsp.core.checks, agent_lsp.output, "
            "agent_lsp.files; loaded = [m for m in ('pygls', 'lsprotocol') if m in sys.modules]; "
            "print(','.join(loaded)); sys.exit(1 if loaded else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"loaded: {result.stdout} {result.stderr}"


FUNCTION_LEVEL_IMPORTS_ALLOWED = {
    ("agent_lsp.core.config", "pydantic"): "pydantic costs ~12 MB and ~0.1 s: loaded only when settings are read",
    ("agent_lsp.core.config", "agent_lsp.core.options"): "imports pydantic (see above)",
}
"""(module, imported module) -> why that import is inside a function. Nothing else in the core may be."""


def _core_modules() -> dict[str, Path]:
    return {_module_name(path): path for path in _python_files(PACKAGE / "core")}


def function_level_imports(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """Imports inside functions or classes (not at module level, nor under a module-level `if`)."""
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    module_level = {id(node) for statement in tree.body if isinstance(statement, (ast.Import, ast.ImportFrom, ast.If))
                    for node in ast.walk(statement)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in module_level:
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found.extend((node.lineno, name) for name in names)
    return found


def _runtime_imports(path: Path) -> set[str]:
    """Core modules `path` imports when it runs (anywhere, functions included, but not under `TYPE_CHECKING`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = _core_modules()
    type_checking = {node.lineno for statement in tree.body if isinstance(statement, ast.If)
                     and "TYPE_CHECKING" in ast.unparse(statement.test) for node in ast.walk(statement)
                     if isinstance(node, (ast.Import, ast.ImportFrom))}
    return {module for line, module in imported_modules(path)
            if line not in type_checking and module in modules and module != _module_name(path)}


def import_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one cycle of `graph` (module -> modules it imports) as a path, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_core_has_no_import_cycles() -> None:
    graph = {name: _runtime_imports(path) for name, path in _core_modules().items()}
    assert graph["agent_lsp.core.analysis"], "the graph is read"
    cycle = import_cycle(graph)
    assert cycle is None, "import cycle in the core: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_cycles() -> None:
    assert import_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert import_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


@pytest.mark.parametrize("path", _python_files(PACKAGE / "core"), ids=lambda p: str(p.relative_to(SOURCE_ROOT)))
def test_the_core_imports_at_module_level(path: Path) -> None:
    """An import inside a function hides a cycle (or a slow import): only the listed ones, with their reason."""
    name = _module_name(path)
    bad = [(line, module) for line, module in function_level_imports(path)
           if (name, module) not in FUNCTION_LEVEL_IMPORTS_ALLOWED]
    assert not bad, f"{path.relative_to(SOURCE_ROOT)} imports inside functions: {bad}"


def test_function_level_imports_are_found() -> None:
    source = "import a\nif b:\n    import c\ndef f():\n    from d import e\nclass G:\n    import h\n"
    assert function_level_imports(Path("x.py"), source) == [(5, "d"), (7, "h")]


def test_the_allowed_function_level_imports_still_exist() -> None:
    modules = _core_modules()
    for (name, module), _reason in FUNCTION_LEVEL_IMPORTS_ALLOWED.items():
        assert module in [m for _line, m in function_level_imports(modules[name])], (name, module)


FACTS_OF_THE_CATALOGUE = {
    "the Claude Code version": lambda text: "2.1.330" in text,
    "the model id prefix": lambda text: text == "claude-",
    "the common model aliases": lambda text: "inherit,sonnet,opus,haiku" in text,
    "a skill limit written with a separator": lambda text: "1,536" in text or "1,024" in text,
    "a true/false word list": lambda text: text == "yes",
}
NUMBERS_OF_THE_CATALOGUE = {256: "NAME_MAX_CHARS", 1536: "SKILL_LISTING_CHARS"}


def facts_written_outside_the_catalogue(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """String and number constants of `path` (docstrings and comments aside) that restate a catalogue fact."""
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)
                  and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in docstrings or isinstance(node.value, bool):
            continue
        if isinstance(node.value, str):
            found.extend((node.lineno, fact) for fact, test in FACTS_OF_THE_CATALOGUE.items() if test(node.value))
        elif isinstance(node.value, int) and node.value in NUMBERS_OF_THE_CATALOGUE:
            found.append((node.lineno, NUMBERS_OF_THE_CATALOGUE[node.value]))
    return found


@pytest.mark.parametrize("path", [p for p in _python_files(PACKAGE / "core") if p.name != "catalogue.py"],
                         ids=lambda p: str(p.relative_to(SOURCE_ROOT)))
def test_catalogue_facts_are_not_repeated(path: Path) -> None:
    """Limits, the version, model names and boolean words live in core/catalogue.py; others read them from there."""
    found = facts_written_outside_the_catalogue(path)
    assert not found, f"{path.relative_to(SOURCE_ROOT)} restates catalogue facts: {found}"


def test_repeated_facts_are_found() -> None:
    source = ('"""Seen in 2.1.330."""\nLIMIT = 256\nX = f"at most 1,536 ({v})"\nif m.startswith("claude-"):\n'
              '    pass\nWORDS = ("true", "yes")\n')
    assert [line for line, _fact in facts_written_outside_the_catalogue(Path("x.py"), source)] == [2, 3, 4, 6]
