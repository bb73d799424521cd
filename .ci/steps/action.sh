#!/usr/bin/env bash
# The GitHub Action's steps, install included (it pip-installs this checkout as `github.action_path`),
# run as a runner would (tests/packaging/action_runner.py), on a project with one refused agent:
# annotations and exit status 1, and a SARIF file when asked.
set -euo pipefail
echo "== GitHub Action (its steps run as a runner would, install included)"
cd "$(dirname "$0")/../.."
work=$(mktemp -d "${TMPDIR:-/tmp}/agent-lsp-action.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/repo/.claude/agents"
printf -- '---\nname: fix:it\ndescription: Fixes things\n---\nFix it.\n' > "$work/repo/.claude/agents/refused.md"
printf -- '---\nname: reviewer\ndescription: Reviews code\n---\nReview it.\n' > "$work/repo/.claude/agents/reviewer.md"
export CLAUDE_CONFIG_DIR="$work/no-claude-config"

set +e
python3 -m tests.packaging.action_runner "$work/repo" sarif=true > "$work/out.txt" 2>&1
status=$?
set -e
cat "$work/out.txt"
grep -q '^::error file=.claude/agents/refused.md,line=2,col=7,.*title=AG003::' "$work/out.txt"
grep -q '"ruleId": "AG003"' "$work/repo/agent-lsp.sarif"
if [ "$status" != "1" ]; then
  echo "expected the action to fail (exit 1) on the refused agent, got $status"
  exit 1
fi
echo "action: installs, annotates, writes SARIF, fails on a refused agent"
