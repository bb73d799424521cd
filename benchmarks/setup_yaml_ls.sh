#!/usr/bin/env bash
# Install yaml-language-server into benchmarks/.node/ (git-ignored) for
# benchmarks/lsp_latency.py, which runs it as
#   node benchmarks/.node/node_modules/yaml-language-server/bin/yaml-language-server --stdio
#
# Usage: benchmarks/setup_yaml_ls.sh            # the version the harness was written against
#        YAML_LS_VERSION=latest benchmarks/setup_yaml_ls.sh
# Needs node and npm (Debian: apt-get install nodejs npm).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="${YAML_LS_VERSION:-1.25.0}"

if ! command -v npm >/dev/null 2>&1; then
    echo "npm not found: install Node.js and npm first (apt-get install nodejs npm)" >&2
    exit 1
fi

npm install --prefix "$here/.node" --no-audit --no-fund "yaml-language-server@${version}"

bin="$here/.node/node_modules/yaml-language-server/bin/yaml-language-server"
installed="$(node -p "require('$here/.node/node_modules/yaml-language-server/package.json').version")"
echo "yaml-language-server ${installed} installed: node ${bin} --stdio"
