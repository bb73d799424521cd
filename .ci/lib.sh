# Shared by .ci/run and .ci/steps/*.sh (sourced, not run).

# expect_examples_refused OUTPUT COMMAND [ARG...]
# Run COMMAND (in a subshell, its stdout to OUTPUT), print OUTPUT's last line (the summary), and stop CI
# unless COMMAND exits with status 1: `agent-lsp check examples` must report the one example Claude Code
# refuses on purpose, and no worse failure.
expect_examples_refused() {
  local output=$1 status=0
  shift
  ( "$@" ) > "$output" || status=$?
  tail -1 "$output"
  if [ "$status" != "1" ]; then
    echo "expected exit status 1 from the examples (one is refused by Claude Code on purpose), got $status"
    exit 1
  fi
}
