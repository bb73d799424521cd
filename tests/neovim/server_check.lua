-- The Neovim integration refuses a server that is not agent-markdown-lsp's, and says why.
-- Run by tests/neovim/test_neovim_server_check.py:
--   nvim --headless --clean -u NONE <workspace>/.claude/agents/a.md -c 'lua dofile(<this file>)'
-- with $PATH starting with a fake `agent-lsp` that answers `--version` like the unrelated PyPI package
-- `agent-lsp` ("0.23.5"). Enables agent_lsp as documented for this Neovim (vim.lsp.enable on 0.11+,
-- require('agent_lsp').setup() before), with the default command `agent-lsp serve`.
-- Prints PASS/FAIL lines and "N passed, M failed"; :cquit 1 on any failure.

local repo = vim.env.AGENT_LSP_REPO
local python = vim.env.AGENT_LSP_PYTHON or 'python3'
vim.opt.runtimepath:prepend(repo .. '/editors/neovim')
vim.opt.swapfile = false

local passed, failed = 0, 0
local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    io.stdout:write('PASS ' .. name .. '\n')
  else
    failed = failed + 1
    io.stdout:write('FAIL ' .. name .. (detail and (': ' .. detail) or '') .. '\n')
  end
end

local messages = {}
vim.notify = function(message, level)
  table.insert(messages, { message = message, level = level })
end

local function clients()
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ name = 'agent_lsp' })
  end
  local found = {}
  for _, client in pairs(vim.lsp.get_active_clients()) do
    if client.name == 'agent_lsp' then
      table.insert(found, client)
    end
  end
  return found
end

local ok, err = pcall(function()
  local v = vim.version()
  local check_module = require('agent_lsp.server_check')
  io.stdout:write(('Neovim %d.%d.%d\n'):format(v.major, v.minor, v.patch))

  check('--version command for `agent-lsp serve --tcp`',
    vim.deep_equal(check_module.version_cmd({ 'agent-lsp', 'serve', '--tcp' }), { 'agent-lsp', '--version' }))
  check('--version command for `python3 -m agent_lsp serve`',
    vim.deep_equal(check_module.version_cmd({ 'python3', '-m', 'agent_lsp', 'serve' }),
      { 'python3', '-m', 'agent_lsp', '--version' }))
  local real = check_module.problem({ python, '-m', 'agent_lsp', 'serve' })
  check('this checkout\'s server passes the check', real == nil, real)
  local fake = check_module.problem({ 'agent-lsp', 'serve' })
  check('the fake agent-lsp on PATH fails the check', fake ~= nil and fake:find('0.23.5', 1, true) ~= nil,
    tostring(fake))

  -- As a user would: the documented setup with the default `agent-lsp serve`, then an agent file.
  if vim.lsp.enable then
    vim.lsp.enable('agent_lsp')
  else
    require('agent_lsp').setup({})
  end
  vim.cmd('filetype on')
  vim.cmd('edit') -- re-detect the filetype of the file given on the command line: FileType starts the server
  check('agent buffer has filetype markdown', vim.bo.filetype == 'markdown', vim.bo.filetype)
  vim.wait(3000, function()
    return #clients() > 0
  end, 50)
  check('no agent_lsp client is started for the other program', #clients() == 0, #clients() .. ' clients')
  local said
  for _, m in ipairs(messages) do
    if m.message:find('not the agent-markdown-lsp language server', 1, true) then
      said = m
    end
  end
  check('the user is told it is another program, and how to fix it',
    said ~= nil and said.level == vim.log.levels.ERROR and said.message:find('0.23.5', 1, true) ~= nil
      and said.message:find('pip install agent-markdown-lsp', 1, true) ~= nil,
    vim.inspect(messages))
end)
if not ok then
  check('script ran to the end', false, tostring(err))
end
io.stdout:write(('%d passed, %d failed\n'):format(passed, failed))
if failed > 0 or passed == 0 then
  vim.cmd('cquit 1')
else
  vim.cmd('qall!')
end
