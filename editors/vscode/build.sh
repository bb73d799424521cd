#!/usr/bin/env bash
# Build, test and package the VS Code extension: produces agent-lsp-<version>.vsix here.
# Needs node >= 20 and npm. Usage: bash editors/vscode/build.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

echo "node $(node --version), npm $(npm --version)"
npm ci --no-audit --no-fund
npm run typecheck
npm test
npm run package

version="$(node -p "require('./package.json').version")"
vsix="agent-lsp-${version}.vsix"
test -s "$vsix" || { echo "error: $vsix was not produced" >&2; exit 1; }
echo "built $(pwd)/$vsix ($(wc -c < "$vsix") bytes)"
