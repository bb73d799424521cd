#!/usr/bin/env bash
# Build, test and package the VS Code extension. Produces, here:
#   agent-lsp-<target>-<version>.vsix  for each target of bundle.py (linux-x64, linux-arm64, darwin-x64,
#                                      darwin-arm64, win32-x64): the server and its dependencies inside,
#                                      for CPython 3.11-3.13, so users need no pip;
#   agent-lsp-<version>.vsix           universal: no server inside, uses the agent_lsp of the user's Python.
# Needs node >= 20, npm, and a Python >= 3.11 with pip ($PYTHON, default python3) that can reach PyPI
# (pip downloads the other platforms' wheels).
# Usage: bash editors/vscode/build.sh               all targets
#        VSIX_TARGETS="linux-x64" bash editors/vscode/build.sh   only these (space-separated; "" = universal only)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
PYTHON="${PYTHON:-python3}"

# One version: agent_lsp.__version__; package.json must say the same.
server_version="$("$PYTHON" -c 'import ast,sys; t=ast.parse(open("../../agent_lsp/__init__.py").read()); print(next(n.value.value for n in t.body if isinstance(n, ast.Assign) and n.targets[0].id == "__version__"))')"
version="$(node -p "require('./package.json').version")"
if [ "$version" != "$server_version" ]; then
  echo "error: editors/vscode/package.json has version $version but agent_lsp.__version__ is $server_version;" >&2
  echo "       run: (cd editors/vscode && npm version $server_version --no-git-tag-version)" >&2
  exit 1
fi

echo "node $(node --version), npm $(npm --version), $("$PYTHON" --version), version $version"
npm ci --no-audit --no-fund
npm run typecheck
npm test

rm -f ./*.vsix
"$PYTHON" bundle.py --clean
npm run package -- -o "agent-lsp-${version}.vsix"

targets="${VSIX_TARGETS-$("$PYTHON" bundle.py --list-targets)}"
if [ -n "$targets" ]; then
  wheels="$(mktemp -d)"
  trap 'rm -rf "$wheels"; "$PYTHON" bundle.py --clean' EXIT
  "$PYTHON" -m pip wheel --no-deps --quiet -w "$wheels" ../..
  for target in $targets; do
    "$PYTHON" bundle.py --target "$target" --wheel "$wheels"/agent_markdown_lsp-*.whl
    npm run package -- --target "$target" -o "agent-lsp-${target}-${version}.vsix"
  done
fi

for vsix in agent-lsp-*.vsix; do
  test -s "$vsix" || { echo "error: $vsix is empty" >&2; exit 1; }
  echo "built $(pwd)/$vsix ($(wc -c < "$vsix") bytes)"
done
