#!/usr/bin/env bash
# End-to-end test of the Neovim integration (editors/neovim) with a real headless Neovim.
#
# Builds a throw-away workspace (.git/, .claude/agents/broken.md with `color: magenta`, a command, a skill,
# a plugin agent, and plain markdown), opens the broken agent in `nvim --headless --clean -u
# tests/neovim/init.lua`, and runs tests/neovim/e2e.lua: diagnostics, completion, hover, client reuse, and
# no client on other markdown. Exits non-zero on any failure.
#
# Environment:
#   AGENT_LSP_PYTHON     interpreter that can `import agent_lsp` (default: python3)
#   AGENT_LSP_NVIM       Neovim binary (default: nvim)
#   AGENT_LSP_NVIM_TIMEOUT  seconds before the whole run is killed (default: 120)
#   AGENT_LSP_TEST_MODE  setup | start: on Neovim 0.11+, enable through require('agent_lsp').setup() or
#                        its 0.8-0.10 vim.lsp.start() route instead of vim.lsp.enable (see init.lua)
#   AGENT_LSP_TEST_TIMEOUT_MS  how long each wait in e2e.lua may take (default: 20000)
#   KEEP_WORKSPACE=1     keep the temporary folder (its path is printed)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# Test this checkout's server, installed or not (its dependencies must be importable).
export PYTHONPATH="$repo${PYTHONPATH:+:$PYTHONPATH}"
nvim_bin="${AGENT_LSP_NVIM:-nvim}"
python_bin="${AGENT_LSP_PYTHON:-python3}"

if ! command -v "$nvim_bin" >/dev/null 2>&1; then
  echo "FAIL: Neovim ('$nvim_bin') is not installed" >&2
  exit 2
fi
if ! "$python_bin" -c 'import agent_lsp' >/dev/null 2>&1; then
  echo "FAIL: '$python_bin' cannot import agent_lsp from $repo (pip install -e . or set AGENT_LSP_PYTHON)" >&2
  exit 2
fi
echo "Using $("$nvim_bin" --version | head -n 1) and $("$python_bin" --version 2>&1)"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/agent-lsp-nvim.XXXXXX")"
cleanup() {
  if [ "${KEEP_WORKSPACE:-}" = 1 ]; then
    echo "workspace kept: $tmp"
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT

ws="$tmp/ws"
mkdir -p "$ws/.git" "$ws/.claude/agents" "$ws/.claude/commands" "$ws/.claude/skills/demo" \
  "$ws/plugins/demo/.claude-plugin" "$ws/plugins/demo/agents" "$ws/docs/agents" \
  "$tmp/home/.claude/agents" "$tmp/user-claude" "$tmp/xdg/config" "$tmp/xdg/data" "$tmp/xdg/state" "$tmp/xdg/cache"

# Line 4 (zero-based 3): `magenta` is not a colour Claude Code knows (KY002).
cat > "$ws/.claude/agents/broken.md" <<'MD'
---
name: broken-agent
description: Reviews code for bugs. Use after every edit.
color: magenta
model: sonnet
---

You review the latest changes for bugs.
MD
cat > "$ws/.claude/commands/review.md" <<'MD'
---
description: Review the current diff
---

Review the diff of the working tree.
MD
cat > "$ws/.claude/skills/demo/SKILL.md" <<'MD'
---
name: demo
description: Demonstrates a skill. Use when asked for a demo.
---

Show the demo.
MD
# Uses the demo skill on line 4 (zero-based 3), after a multi-byte name: its "used by" lens lists this line.
cat > "$ws/.claude/agents/user.md" <<'MD'
---
name: skill-user
description: Uses the demo skill.
skills: [é, demo]
---

You demo.
MD
echo '{"name": "demo", "version": "0.1.0"}' > "$ws/plugins/demo/.claude-plugin/plugin.json"
cat > "$ws/plugins/demo/agents/helper.md" <<'MD'
---
name: helper
description: Helps with the demo plugin. Use for plugin questions.
---

You help.
MD
printf -- '---\nname: mine\ndescription: A user-scope agent.\n---\n' > "$tmp/home/.claude/agents/mine.md"
printf '# Project\n\nNot agent markdown.\n' > "$ws/README.md"
printf '# Notes on agents\n\nAn agents/ folder outside any plugin.\n' > "$ws/docs/agents/notes.md"

export AGENT_LSP_PYTHON="$python_bin"
export AGENT_LSP_TEST_WORKSPACE="$ws"
export CLAUDE_CONFIG_DIR="$tmp/user-claude"   # keep the machine's ~/.claude out of the index
export XDG_CONFIG_HOME="$tmp/xdg/config" XDG_DATA_HOME="$tmp/xdg/data" \
  XDG_STATE_HOME="$tmp/xdg/state" XDG_CACHE_HOME="$tmp/xdg/cache"
export AGENT_LSP_E2E_SCRIPT="$here/e2e.lua"

timeout_cmd=()
if command -v timeout >/dev/null 2>&1; then
  timeout_cmd=(timeout "${AGENT_LSP_NVIM_TIMEOUT:-120}")
fi

cd "$ws"
set +e
${timeout_cmd[@]+"${timeout_cmd[@]}"} "$nvim_bin" --headless --clean -u "$here/init.lua" "$ws/.claude/agents/broken.md" \
  -c 'lua dofile(vim.env.AGENT_LSP_E2E_SCRIPT)' </dev/null 2>&1 | tee "$tmp/output.txt"
status=${PIPESTATUS[0]}
set -e

summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$tmp/output.txt" | tail -n 1 || true)"
if [ "$status" -ne 0 ] || [ -z "$summary" ] || ! grep -qE '^[0-9]+ passed, 0 failed$' <<<"$summary"; then
  if [ "$status" -eq 124 ]; then
    echo "FAIL: Neovim did not finish within ${AGENT_LSP_NVIM_TIMEOUT:-120}s" >&2
  fi
  echo "FAIL: Neovim end-to-end test (exit status $status${summary:+, $summary})" >&2
  for log in "$tmp"/xdg/*/nvim/lsp.log "$tmp"/xdg/*/lsp.log; do
    if [ -f "$log" ]; then
      echo "---- last lines of $log" >&2
      tail -n 60 "$log" >&2
    fi
  done
  exit 1
fi
echo "OK: Neovim end-to-end test ($summary)"
