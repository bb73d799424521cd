#!/usr/bin/env bash
# Install code-server (VS Code in the browser) for the end-to-end test, without downloads other than npm's.
# Usage: bash editors/vscode/e2e/install-code-server.sh <prefix>   -> <prefix>/node_modules/.bin/code-server
#
# - code-server 4.100.x is the newest that runs on Node 20 (Debian 12's); later ones need Node 22.
# - Its post-install step builds native modules (node-gyp via npx: npm_config_yes=true; kerberos needs
#   libkrb5-dev) and, as root, refuses to run without npm_config_unsafe_perm=true.
# - @vscode/ripgrep's post-install downloads rg from GitHub (unreachable here): it takes a cached archive
#   from $TMPDIR/vscode-ripgrep-cache-<version>/ first, so we put Debian's rg there.
set -euo pipefail
CODE_SERVER_VERSION=4.100.3
RIPGREP_PACKAGE_VERSION=1.15.11   # @vscode/ripgrep in code-server 4.100.3's lib/vscode/npm-shrinkwrap.json
RIPGREP_RELEASE=v13.0.0-10        # VERSION in that package's lib/postinstall.js

prefix="${1:?usage: install-code-server.sh <prefix>}"
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"

case "$(uname -m)" in
  x86_64) rg_target=x86_64-unknown-linux-musl ;;
  aarch64) rg_target=aarch64-unknown-linux-musl ;;
  *) echo "unsupported machine $(uname -m)" >&2; exit 1 ;;
esac
rg="$(command -v rg)" || { echo "ripgrep (rg) is needed: apt-get install ripgrep" >&2; exit 1; }

export TMPDIR="$prefix/tmp"
cache="$TMPDIR/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
mkdir -p "$cache" "$prefix/rg"
cp "$rg" "$prefix/rg/rg"
tar -czf "$cache/ripgrep-$RIPGREP_RELEASE-$rg_target.tar.gz" -C "$prefix/rg" rg

cd "$prefix"
npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION"
HOME="$prefix/home" "$prefix/node_modules/.bin/code-server" --version   # a HOME of its own: it writes a config there
