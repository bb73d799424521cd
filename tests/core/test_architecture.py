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
