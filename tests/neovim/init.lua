-- Test init for tests/neovim/run_nvim_test.sh: `nvim --headless --clean -u tests/neovim/init.lua FILE`.
-- Puts editors/neovim on 'runtimepath' and enables agent-lsp the way a user of this Neovim version would:
-- vim.lsp.config()/vim.lsp.enable() on 0.11+, require('agent_lsp').setup() before that.
-- The server runs as `$AGENT_LSP_PYTHON -m agent_lsp serve` (default python3), so no install on PATH is needed.

local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local repo = vim.fn.fnamemodify(here, ':h:h')
vim.opt.runtimepath:prepend(repo .. '/editors/neovim')
vim.opt.swapfile = false
vim.opt.shadafile = 'NONE'

local python = vim.env.AGENT_LSP_PYTHON
if python == nil or python == '' then
  python = 'python3'
end
local cmd = { python, '-m', 'agent_lsp', 'serve' }

-- Record window/showMessage so the test can assert the server had nothing to complain about.
_G.agent_lsp_test = { messages = {}, repo = repo }
local show_message = vim.lsp.handlers['window/showMessage']
vim.lsp.handlers['window/showMessage'] = function(err, result, ctx, config)
  if result then
    table.insert(_G.agent_lsp_test.messages, result)
  end
  if show_message then
    return show_message(err, result, ctx, config)
  end
end

-- AGENT_LSP_TEST_MODE picks another route on a newer Neovim, to cover them all with one binary:
--   setup  require('agent_lsp').setup() (on 0.11+ it hands over to vim.lsp.config/enable)
--   start  the 0.8-0.10 route: setup() with vim.lsp.config/enable hidden, so it uses vim.lsp.start()
local mode = vim.env.AGENT_LSP_TEST_MODE or ''
if mode == '' and vim.fn.has('nvim-0.11') == 1 then
  _G.agent_lsp_test.mode = 'vim.lsp.config + vim.lsp.enable'
  vim.lsp.config('agent_lsp', { cmd = cmd })
  vim.lsp.enable('agent_lsp')
elseif mode == 'start' and vim.lsp.start then
  local config, enable = vim.lsp.config, vim.lsp.enable
  vim.lsp.config, vim.lsp.enable = nil, nil
  _G.agent_lsp_test.mode = "require('agent_lsp').setup() via vim.lsp.start"
  require('agent_lsp').setup({ cmd = cmd })
  vim.lsp.config, vim.lsp.enable = config, enable
else
  local route = vim.lsp.enable and 'vim.lsp.enable' or vim.lsp.start and 'vim.lsp.start' or 'vim.lsp.start_client'
  _G.agent_lsp_test.mode = "require('agent_lsp').setup() via " .. route
  require('agent_lsp').setup({ cmd = cmd })
end
