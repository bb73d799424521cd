#!/usr/bin/env bash
# The pre-commit hook as a user's repository runs it: `pre-commit try-repo` on this checkout, in a new
# git repository with one agent Claude Code refuses (the hook must fail and name it) and, after it is
# fixed, none (the hook must pass).
set -euo pipefail
echo "== pre-commit hook (pre-commit try-repo)"
cd "$(dirname "$0")/../.."
checkout=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/agent-lsp-precommit.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q pre-commit
export PRE_COMMIT_HOME="$work/cache" CLAUDE_CONFIG_DIR="$work/no-claude-config"

mkdir -p "$work/repo/.claude/agents"
cd "$work/repo"
git init -q
printf -- '---\nname: fix:it\ndescription: Fixes things\n---\nFix it.\n' > .claude/agents/refused.md
printf -- '---\nname: reviewer\ndescription: Reviews code\n---\nReview it.\n' > .claude/agents/reviewer.md
printf '# A project\n' > README.md
git add -A

set +e
"$work/venv/bin/pre-commit" try-repo "$checkout" agent-lsp --all-files > "$work/refused.txt" 2>&1
status=$?
set -e
cat "$work/refused.txt"
if [ "$status" != "1" ] || ! grep -q 'refused.md:2:7: error AG003' "$work/refused.txt"; then
  echo "expected the hook to fail with AG003 on refused.md (exit $status)"
  exit 1
fi

printf -- '---\nname: fix-it\ndescription: Fixes things\n---\nFix it.\n' > .claude/agents/refused.md
git add -A
"$work/venv/bin/pre-commit" try-repo "$checkout" agent-lsp --all-files
echo "pre-commit hook: fails on a refused agent, passes once it is fixed"
