-- End-to-end checks of agent-lsp in a real (headless) Neovim; run by tests/neovim/run_nvim_test.sh after
-- tests/neovim/init.lua has enabled the server and Neovim has opened .claude/agents/broken.md.
-- Prints PASS/FAIL per check and "N passed, M failed"; leaves with :cquit 1 on any failure, :qall! otherwise.

local TIMEOUT = tonumber(vim.env.AGENT_LSP_TEST_TIMEOUT_MS or '') or 20000
local NAME = 'agent_lsp'
local workspace = vim.env.AGENT_LSP_TEST_WORKSPACE
local uv = vim.uv or vim.loop

local passed, failed = 0, 0

local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    out('PASS ' .. name)
  else
    failed = failed + 1
    out('FAIL ' .. name .. (detail and (': ' .. detail) or ''))
  end
  return ok
end

local function realpath(path)
  return path and (uv.fs_realpath(path) or path) or nil
end

local function clients_for(bufnr)
  local found = {}
  if vim.lsp.get_clients then
    found = vim.lsp.get_clients({ bufnr = bufnr, name = NAME })
  else
    for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if client.name == NAME then
        table.insert(found, client)
      end
    end
  end
  return found
end

local function all_clients()
  local list = vim.lsp.get_clients and vim.lsp.get_clients({ name = NAME }) or vim.lsp.get_active_clients()
  local found = {}
  for _, client in ipairs(list) do
    if client.name == NAME then
      table.insert(found, client)
    end
  end
  return found
end

local function open(relative)
  vim.cmd('edit ' .. vim.fn.fnameescape(workspace .. '/' .. relative))
  return vim.api.nvim_get_current_buf()
end

local function wait_attached(bufnr, ms)
  vim.wait(ms, function()
    return #clients_for(bufnr) > 0
  end, 50)
  return clients_for(bufnr)[1]
end

local function inspect(value)
  return vim.inspect(value):gsub('%s+', ' ')
end

local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT)
  if not responses then
    return nil, 'no response: ' .. tostring(err)
  end
  for _, response in pairs(responses) do
    if response.err then
      return nil, inspect(response.err)
    end
    if response.result ~= nil then
      return response.result
    end
  end
  return nil, 'empty result'
end

local function find_line(bufnr, pattern)
  for index, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if line:match(pattern) then
      return index - 1, line
    end
  end
  return nil
end

local function hover_text(contents)
  if type(contents) == 'string' then
    return contents
  end
  if type(contents) ~= 'table' then
    return ''
  end
  if contents.value then
    return contents.value
  end
  local parts = {}
  for _, item in ipairs(contents) do
    table.insert(parts, hover_text(item))
  end
  return table.concat(parts, '\n')
end

local function run()
  local v = vim.version()
  out(('Neovim %d.%d.%d, enabled with %s'):format(v.major, v.minor, v.patch,
    _G.agent_lsp_test and _G.agent_lsp_test.mode or '?'))
  assert(workspace and workspace ~= '', 'AGENT_LSP_TEST_WORKSPACE is not set')

  -- The predicate shared by both configs, on paths alone.
  local paths = require('agent_lsp.paths')
  local expectations = {
    ['/p/.claude/agents/a.md'] = true,
    ['/p/.claude/agents/team/a.md'] = true,
    ['/p/.claude/commands/c.md'] = true,
    ['/p/skills/x/SKILL.md'] = true,
    ['/p/.claude/agents/notes.txt'] = false,
    ['/p/README.md'] = false,
    ['/p/docs/agents/a.md'] = false,
    [workspace .. '/plugins/demo/agents/helper.md'] = true,
    [workspace .. '/plugins/demo/agents/sub/deeper.md'] = true,
    [workspace .. '/docs/agents/notes.md'] = false,
  }
  local wrong = {}
  for path, expected in pairs(expectations) do
    if paths.is_agent_file(path) ~= expected then
      table.insert(wrong, path .. ' -> ' .. tostring(not expected))
    end
  end
  check('paths.is_agent_file classifies agent/command/skill/plugin paths', #wrong == 0, table.concat(wrong, ', '))

  -- A user-scope agent (~/.claude/agents) is rooted at ~/.claude, not at the whole home folder.
  local home = vim.fn.fnamemodify(workspace, ':h') .. '/home'
  local saved_home = vim.env.HOME
  vim.env.HOME = home
  local user_root = paths.find_root(home .. '/.claude/agents/mine.md')
  vim.env.HOME = saved_home
  check('paths.find_root roots ~/.claude/agents files at ~/.claude', user_root == home .. '/.claude', tostring(user_root))
  local project_root = paths.find_root(workspace .. '/plugins/demo/agents/helper.md')
  check('paths.find_root picks the nearest .claude/.git ancestor', project_root == workspace, tostring(project_root))

  -- 1. The agent file opened on the command line gets our client, rooted at the workspace.
  local bufnr = vim.api.nvim_get_current_buf()
  check('agent buffer has filetype markdown', vim.bo[bufnr].filetype == 'markdown', vim.bo[bufnr].filetype)
  local client = wait_attached(bufnr, TIMEOUT)
  if not check('agent_lsp client attaches to .claude/agents/broken.md', client ~= nil) then
    return
  end
  check('client root_dir is the workspace (nearest .claude/.git)',
    realpath(client.config.root_dir) == realpath(workspace),
    tostring(client.config.root_dir) .. ' ~= ' .. workspace)

  -- 2. Published diagnostics: `color: magenta` on line 4 (zero-based 3).
  local diagnostic
  vim.wait(TIMEOUT, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.message:find('magenta', 1, true) then
        diagnostic = d
        return true
      end
    end
    return false
  end, 100)
  if check('diagnostic about `magenta` arrives', diagnostic ~= nil, inspect(vim.diagnostic.get(bufnr))) then
    check('diagnostic is on line 3 (zero-based), column 7', diagnostic.lnum == 3 and diagnostic.col == 7,
      ('line %d col %d'):format(diagnostic.lnum, diagnostic.col))
    check('diagnostic is a warning', diagnostic.severity == vim.diagnostic.severity.WARN, tostring(diagnostic.severity))
    local code = diagnostic.code or (diagnostic.user_data and diagnostic.user_data.lsp and diagnostic.user_data.lsp.code)
    check('diagnostic has rule code KY002', code == 'KY002', tostring(code))
  end

  -- 3. Completion after `model: `.
  local model_line = find_line(bufnr, '^model:')
  if check('buffer has a `model:` line', model_line ~= nil) then
    local result, err = request(bufnr, 'textDocument/completion', {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      position = { line = model_line, character = #'model: ' },
    })
    local items = result and (result.items or result) or {}
    local labels = {}
    for _, item in ipairs(items) do
      labels[item.label] = true
    end
    local missing = {}
    for _, want in ipairs({ 'inherit', 'sonnet', 'opus', 'haiku' }) do
      if not labels[want] then
        table.insert(missing, want)
      end
    end
    check('completion after `model: ` offers inherit, sonnet, opus, haiku', result ~= nil and #missing == 0,
      err or ('missing ' .. table.concat(missing, ', ') .. ' in ' .. inspect(vim.tbl_keys(labels))))
  end

  -- 4. Hover on the `name` key.
  local name_line = find_line(bufnr, '^name:')
  if check('buffer has a `name:` line', name_line ~= nil) then
    local result, err = request(bufnr, 'textDocument/hover', {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      position = { line = name_line, character = 1 },
    })
    local text = result and hover_text(result.contents) or ''
    check('hover on `name` documents the key', text:find('`name`', 1, true) ~= nil, err or text:sub(1, 200))
  end

  -- 5. More agent markdown in the same root reuses the one client.
  local first_id = client.id
  for _, relative in ipairs({
    '.claude/commands/review.md',
    '.claude/skills/demo/SKILL.md',
    'plugins/demo/agents/helper.md',
  }) do
    local buf = open(relative)
    local attached = wait_attached(buf, TIMEOUT)
    check(relative .. ' attaches to the same client', attached ~= nil and attached.id == first_id,
      attached and ('client ' .. attached.id .. ' ~= ' .. first_id) or 'not attached')
  end
  check('one agent_lsp client for the workspace', #all_clients() == 1, tostring(#all_clients()) .. ' clients')

  -- 6. Code lenses: the skill's "used by" lens, run as a user does (`vim.lsp.codelens.run()`, picking it among the
  -- first line's lenses), fills the quickfix list with its use; the agent's roster lens sizes its description.
  local skill = open('.claude/skills/demo/SKILL.md')
  wait_attached(skill, TIMEOUT)
  local used
  vim.wait(TIMEOUT, function()
    vim.lsp.codelens.refresh()
    for _, lens in ipairs(vim.lsp.codelens.get(skill)) do
      if lens.command and lens.command.title == 'used by 1 agent' then
        used = lens
      end
    end
    return used ~= nil
  end, 200)
  if check('the skill has a "used by 1 agent" lens on its first line', used ~= nil and used.range.start.line == 0,
    inspect(vim.lsp.codelens.get(skill))) then
    local select = vim.ui.select
    vim.ui.select = function(options, opts, on_choice)
      for index, option in ipairs(options) do
        if opts.format_item(option):match('^used by') then
          return on_choice(option, index)
        end
      end
      return on_choice(nil, nil)
    end
    vim.api.nvim_win_set_cursor(0, { 1, 0 })
    vim.lsp.codelens.run()
    vim.ui.select = select
    local items = vim.fn.getqflist()
    local item = items[1] or {}
    local name = item.bufnr and vim.api.nvim_buf_get_name(item.bufnr) or ''
    -- `skills: [é, demo]`: `demo` starts at byte 13 (é is two bytes), column 14 one-based (13 in UTF-16).
    check('running it lists its use in the quickfix list', #items == 1 and name:match('/%.claude/agents/user%.md$')
      and item.lnum == 4 and item.col == 14, inspect(items) .. ' ' .. name)
  end
  local agent = open('.claude/agents/user.md')
  wait_attached(agent, TIMEOUT)
  local lenses = request(agent, 'textDocument/codeLens', { textDocument = { uri = vim.uri_from_bufnr(agent) } }) or {}
  local titles = {}
  for _, lens in ipairs(lenses) do
    table.insert(titles, lens.command and lens.command.title or '?')
  end
  check('the agent has its roster lens', vim.tbl_contains(titles, 'description: 20 chars, ~5 tokens · all tools'),
    inspect(titles))

  -- 7. Other markdown is left alone.
  for _, relative in ipairs({ 'README.md', 'docs/agents/notes.md' }) do
    local buf = open(relative)
    local attached = wait_attached(buf, 1500)
    check(relative .. ' (markdown, not agent markdown) does not attach',
      vim.bo[buf].filetype == 'markdown' and attached == nil,
      ('filetype %s, client %s'):format(vim.bo[buf].filetype, attached and attached.id or 'none'))
  end

  -- 8. The default settings reached the server without complaint (no window/showMessage warning), and running the
  -- lens did not fall back to the server's message.
  local messages = _G.agent_lsp_test and _G.agent_lsp_test.messages or {}
  check('server showed no warning or error messages', #messages == 0, inspect(messages))
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  check('test script ran to the end', false, tostring(err))
end

out(('%d passed, %d failed'):format(passed, failed))

-- Stop the server cleanly before leaving.
local ids = {}
for _, c in ipairs(all_clients()) do
  table.insert(ids, c.id)
end
if #ids > 0 then
  vim.lsp.stop_client(ids)
  vim.wait(3000, function()
    return #all_clients() == 0
  end, 50)
end

if failed > 0 or passed == 0 then
  vim.cmd('cquit 1')
else
  vim.cmd('qall!')
end
