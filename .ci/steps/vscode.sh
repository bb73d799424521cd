#!/usr/bin/env bash
# VS Code extension: build the universal and the per-platform .vsix files (server bundled), then run the
# end-to-end test: the linux .vsix in a real VS Code (code-server) driven by Playwright in Debian's Chromium.
# Called by .ci/run with its virtualenv active. Nothing is cached between runs.
# Screenshots and the extension's log: editors/vscode/e2e/artifacts/ (kept as CI artifacts).
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)

echo "== VS Code: system packages (Chromium, ripgrep and build tools for code-server)"
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
command -v g++ >/dev/null 2>&1 || need+=(g++)
command -v make >/dev/null 2>&1 || need+=(make)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "not root: cannot apt-get install ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "== VS Code: build the .vsix files"
bash editors/vscode/build.sh
ls -l editors/vscode/*.vsix
built=$(date +%s)

echo "== VS Code: code-server and Playwright"
tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
bash editors/vscode/e2e/install-code-server.sh "$tools/code-server"
python -m pip install -q 'playwright>=1.40,<2'   # the driver only: Chromium is Debian's

echo "== VS Code: end-to-end test in code-server (no interpreter setting)"
CODE_SERVER="$tools/code-server/node_modules/.bin/code-server" AGENT_LSP_E2E_REQUIRED=1 \
  python -m pytest editors/vscode/e2e -v -p no:cacheprovider
ls -l editors/vscode/e2e/artifacts/

finished=$(date +%s)
echo "VS Code step: $((finished - started)) s (build $((built - started)) s, code-server + e2e test $((finished - built)) s)"
