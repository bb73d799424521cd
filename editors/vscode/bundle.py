#!/usr/bin/env python3
"""Bundle the agent-lsp server and its dependencies into the extension (bundled/libs), per VS Code target.

Like Microsoft's Python-tools extension template (Black, isort, Pylint): the .vsix carries the server, so
users need no pip. Compiled dependencies (PyYAML's libyaml module, pydantic-core) differ per platform and per
CPython version, so for one vsce target this installs, for each supported CPython minor version, the wheels
that pip would pick on that platform:

    bundled/libs/cp311/  cp312/  cp313/   top-level packages that differ between versions (compiled ones)
    bundled/libs/common/                  top-level packages identical for every version (pure Python)
    bundled/manifest.json                 target, server version, Python versions
    bundled/run_server.py                 the launcher (copied from src/python/run_server.py)

A top-level package is moved to common/ only when its whole tree is identical for all versions: a regular
package cannot be split over two sys.path entries. The launcher puts libs/cp3XX and libs/common first on
sys.path, chosen by the running interpreter's version.

Usage: python bundle.py --target linux-x64 [--wheel dist/agent_markdown_lsp-X-py3-none-any.whl]
       python bundle.py --clean          (remove bundled/, for the universal .vsix that uses the environment)
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
BUNDLED = HERE / "bundled"
LAUNCHER = HERE / "src" / "python" / "run_server.py"

#: CPython minor versions the bundle supports, one libs/cp3XX directory each.
PYTHON_VERSIONS = ("3.11", "3.12", "3.13")

#: vsce target -> pip --platform tags (pip does not expand them: list every tag a wheel may carry).
PLATFORMS: dict[str, tuple[str, ...]] = {
    "linux-x64": tuple(f"manylinux_2_{m}_x86_64" for m in (17, 28, 34)) + ("manylinux2014_x86_64",),
    "linux-arm64": tuple(f"manylinux_2_{m}_aarch64" for m in (17, 28, 34)) + ("manylinux2014_aarch64",),
    "darwin-x64": tuple(f"macosx_{v}_x86_64" for v in ("10_9", "10_12", "10_13", "11_0"))
    + tuple(f"macosx_{v}_universal2" for v in ("10_9", "10_12", "11_0")),
    "darwin-arm64": tuple(f"macosx_{v}_arm64" for v in ("11_0", "12_0"))
    + tuple(f"macosx_{v}_universal2" for v in ("10_9", "10_12", "11_0")),
    "win32-x64": ("win_amd64",),
}


def tag(version: str) -> str:
    return "cp" + version.replace(".", "")


def run(cmd: list[str]) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def build_wheel(out: Path) -> Path:
    """The project's own package, built from this checkout."""
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)])
    wheels = sorted(out.glob("agent_markdown_lsp-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"expected one agent_markdown_lsp wheel in {out}, found {wheels}")
    return wheels[0]


def server_version() -> str:
    namespace: dict[str, object] = {}
    exec((REPO / "agent_lsp" / "__init__.py").read_text(encoding="utf-8"), namespace)
    return str(namespace["__version__"])


def install(wheel: Path, target: str, version: str, dest: Path) -> None:
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--no-compile", "--no-user", "--target", str(dest),
           "--only-binary=:all:", "--implementation", "cp", "--python-version", version]
    for platform in PLATFORMS[target]:
        cmd += ["--platform", platform]
    run(cmd + [str(wheel)])
    # Scripts (bin/) are of no use to the launcher.
    shutil.rmtree(dest / "bin", ignore_errors=True)


def same_tree(paths: list[Path]) -> bool:
    first = paths[0]
    for other in paths[1:]:
        if first.is_dir() != other.is_dir():
            return False
        if first.is_file():
            if not filecmp.cmp(first, other, shallow=False):
                return False
            continue
        names = sorted(p.relative_to(first) for p in first.rglob("*"))
        if names != sorted(p.relative_to(other) for p in other.rglob("*")):
            return False
        for name in names:
            a, b = first / name, other / name
            if a.is_file() and not filecmp.cmp(a, b, shallow=False):
                return False
    return True


def deduplicate(libs: Path, versions: tuple[str, ...]) -> None:
    """Move top-level entries identical in every libs/cp3XX to libs/common."""
    dirs = [libs / tag(v) for v in versions]
    common = libs / "common"
    common.mkdir()
    for entry in sorted(p.name for p in dirs[0].iterdir()):
        copies = [d / entry for d in dirs]
        if all(c.exists() for c in copies) and same_tree(copies):
            shutil.move(str(copies[0]), str(common / entry))
            for copy in copies[1:]:
                shutil.rmtree(copy) if copy.is_dir() else copy.unlink()


def remove_caches(root: Path) -> None:
    for cache in root.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)


def bundle(target: str, wheel: Path | None) -> None:
    if target not in PLATFORMS:
        raise SystemExit(f"unknown target {target!r}; known: {', '.join(PLATFORMS)}")
    clean()
    libs = BUNDLED / "libs"
    with tempfile.TemporaryDirectory() as tmp:
        wheel = wheel or build_wheel(Path(tmp))
        for version in PYTHON_VERSIONS:
            install(wheel, target, version, libs / tag(version))
    deduplicate(libs, PYTHON_VERSIONS)
    remove_caches(libs)
    shutil.copy2(LAUNCHER, BUNDLED / "run_server.py")
    manifest = {
        "target": target,
        "serverVersion": server_version(),
        "pythonVersions": list(PYTHON_VERSIONS),
    }
    (BUNDLED / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in BUNDLED.rglob("*") if p.is_file())
    print(f"bundled agent-lsp {manifest['serverVersion']} for {target}, Python {', '.join(PYTHON_VERSIONS)}: "
          f"{size / 1e6:.1f} MB in {BUNDLED}")


def clean() -> None:
    shutil.rmtree(BUNDLED, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--target", choices=sorted(PLATFORMS))
    group.add_argument("--clean", action="store_true")
    group.add_argument("--list-targets", action="store_true", help="print the vsce targets, one a line")
    parser.add_argument("--wheel", type=Path, help="the agent-markdown-lsp wheel (default: build it from the checkout)")
    args = parser.parse_args()
    if args.list_targets:
        print("\n".join(PLATFORMS))
    elif args.clean:
        clean()
    else:
        bundle(args.target, args.wheel.resolve() if args.wheel else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
