#!/usr/bin/env bash
# The suite once with the oldest releases pyproject.toml allows (.ci/constraints-minimum.txt), in a venv
# of its own, so a lower bound that no longer works fails here instead of on a user's machine.
set -euo pipefail
echo "== the suite on the oldest dependencies pyproject.toml allows"
cd "$(dirname "$0")/../.."
venv=$(mktemp -d "${TMPDIR:-/tmp}/agent-lsp-minimums.XXXXXX")
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
# PIP_CONSTRAINT, not -c: it also holds pip's isolated build environments (setuptools) to their minimum,
# here and in the suite's own wheel build.
export PIP_CONSTRAINT="$PWD/.ci/constraints-minimum.txt"
"$venv/bin/python" -m pip install -q -e '.[test]'
"$venv/bin/python" -m pip list 2>/dev/null | grep -iE '^(pygls|lsprotocol|pyyaml|pydantic|markdown-it-py|attrs|cattrs|pytest|pytest-lsp|pytest-asyncio|hypothesis) '
"$venv/bin/python" -m pytest -q -p no:cacheprovider
