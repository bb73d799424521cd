--- agent-lsp for Neovim without `vim.lsp.enable` (0.7 to 0.10); also works on 0.11+.
---
--- ```lua
--- require('agent_lsp').setup({
---   -- any client config field: cmd, settings, init_options, on_attach, capabilities, filetypes, ...
---   cmd = { 'python3', '-m', 'agent_lsp', 'serve' },
--- })
--- ```
---
--- The defaults (cmd, filetypes, settings) come from `lsp/agent_lsp.lua`, the Neovim 0.11 config, and the
--- choice of buffers from `agent_lsp.paths`, so every Neovim version attaches to the same files.
--- On 0.11+ `setup()` simply hands the options to `vim.lsp.config()` and calls `vim.lsp.enable()`.
--- On 0.8-0.10 each matching buffer gets `vim.lsp.start()`, which reuses the client of the same root.
--- On 0.7 (no `vim.lsp.start`) the module starts one client per root with `vim.lsp.start_client()` and
--- attaches buffers to it with `vim.lsp.buf_attach_client()`.

local paths = require('agent_lsp.paths')
local server_check = require('agent_lsp.server_check')

local M = {}

M.name = 'agent_lsp'

local uv = vim.uv or vim.loop

--- Client ids by root, for Neovim 0.7.
local clients_by_root = {}

--- The config of the last `setup()` on Neovim < 0.11.
local active_config = nil

--- The table returned by `lsp/agent_lsp.lua`, looked up next to this module first, then on 'runtimepath'.
function M.default_config()
  local candidates = {}
  local source = debug.getinfo(1, 'S').source
  if source:sub(1, 1) == '@' then
    local base = source:sub(2):gsub('\\', '/'):match('^(.*)/lua/agent_lsp/[^/]+$')
    if base then
      table.insert(candidates, base .. '/lsp/agent_lsp.lua')
    end
  end
  vim.list_extend(candidates, vim.api.nvim_get_runtime_file('lsp/agent_lsp.lua', true))
  for _, file in ipairs(candidates) do
    if uv.fs_stat(file) then
      local ok, config = pcall(dofile, file)
      if ok and type(config) == 'table' then
        return config
      end
    end
  end
  error("agent_lsp: cannot find lsp/agent_lsp.lua next to lua/agent_lsp/ or on 'runtimepath'")
end

local function notify_once(message, level)
  (vim.notify_once or vim.notify)(message, level or vim.log.levels.WARN)
end

--- False (with a message) when the server command cannot run or is not agent-markdown-lsp's server.
local function cmd_available(cmd)
  return server_check.ok(cmd)
end

local function live_client(id)
  local client = id and vim.lsp.get_client_by_id(id)
  if client and not client.is_stopped() then
    return client
  end
  return nil
end

--- Start (or reuse) the client for `bufnr` when it is an agent, command or skill file.
--- Returns the client id, or nil when the buffer is not agent markdown.
---@param bufnr integer
---@param config? table client config (defaults: the last setup() config)
---@return integer|nil
function M.attach(bufnr, config)
  config = config or active_config
  if not config then
    error('agent_lsp: call setup() first')
  end
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  local root = paths.buffer_root(bufnr)
  if not root or not cmd_available(config.cmd) then
    return nil
  end
  local client_config = vim.tbl_extend('force', config, { root_dir = root })

  if vim.lsp.start then -- 0.8+: reuses a client with the same name and root
    return vim.lsp.start(client_config, { bufnr = bufnr })
  end

  -- 0.7: one client per root, started once and attached to every matching buffer.
  local id = clients_by_root[root]
  if not live_client(id) then
    local ok, started = pcall(vim.lsp.start_client, client_config)
    if not ok or not started then
      notify_once('agent_lsp: could not start the server: ' .. tostring(started), vim.log.levels.ERROR)
      return nil
    end
    id = started
    clients_by_root[root] = id
  end
  if not vim.lsp.buf_is_attached(bufnr, id) then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

--- Start agent-lsp for agent, command and skill files.
---@param opts? table client config fields to override (cmd, settings, init_options, on_attach, ...)
function M.setup(opts)
  opts = opts or {}
  local defaults = M.default_config()

  if vim.lsp.config and vim.lsp.enable then -- 0.11+: the native mechanism does it all
    vim.lsp.config(M.name, vim.tbl_deep_extend('force', defaults, opts))
    vim.lsp.enable(M.name)
    return
  end

  local config = vim.tbl_deep_extend('force', defaults, opts)
  config.name = config.name or M.name
  local filetypes = config.filetypes or { 'markdown' }
  -- Fields of the 0.11 config that older clients do not know: the root is decided per buffer instead.
  config.filetypes, config.root_markers, config.root_dir = nil, nil, nil
  active_config = config

  local group = vim.api.nvim_create_augroup('agent_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = filetypes,
    desc = 'agent-lsp: attach to agent, command and skill markdown',
    callback = function(args)
      M.attach(args.buf, config)
    end,
  })
  -- Buffers opened before setup() (lazy-loaded plugin managers).
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(filetypes, vim.bo[bufnr].filetype) then
      M.attach(bufnr, config)
    end
  end
end

return M
