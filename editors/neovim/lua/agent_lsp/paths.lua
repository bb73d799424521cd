--- Which buffers agent-lsp should attach to, and where their workspace root is.
---
--- Shared by the Neovim 0.11+ config (`lsp/agent_lsp.lua`) and the `require('agent_lsp').setup()` module
--- for older Neovim, so both attach to exactly the same files. It mirrors the server's own rule
--- (`agent_lsp/core/dialects.py`): a file is agent markdown when it is
---   * a `SKILL.md` anywhere,
---   * a `.md` file below `.claude/agents/` or `.claude/commands/` (project or user scope), or
---   * a `.md` file below the `agents/` (or `commands/`) folder of a plugin, i.e. a folder whose parent
---     holds `.claude-plugin/plugin.json`.
---
--- Works on Neovim 0.7 and later (no `vim.fs`, `vim.uv` may be missing).

local M = {}

--- Folders (or files) whose presence marks a workspace root, nearest first.
M.root_markers = { '.claude', '.git' }

local uv = vim.uv or vim.loop

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function join(dir, name)
  if dir:sub(-1) == '/' then
    return dir .. name
  end
  return dir .. '/' .. name
end

--- The folder holding `path`, or nil at the top of the file system.
local function parent(path)
  local up = path:match('^(.*)/[^/]+/?$')
  if up == nil then
    return nil
  end
  if up == '' then
    return '/'
  end
  if up:match('^%a:$') then -- Windows drive: `C:` -> `C:/`
    return up .. '/'
  end
  return up
end

--- An absolute path with forward slashes, or nil for names that are not files (`term://`, `oil://`, '').
function M.normalize(path)
  if type(path) ~= 'string' or path == '' or path:match('^%a[%w+.-]+://') then
    return nil
  end
  path = path:gsub('\\', '/')
  local absolute = path:sub(1, 1) == '/' or path:match('^%a:/') ~= nil
  if not absolute and not vim.in_fast_event() then
    path = vim.fn.fnamemodify(path, ':p'):gsub('\\', '/')
  end
  return path
end

--- The kind of agent markdown at `path` ('agent', 'command', 'skill', 'plugin-agent', 'plugin-command'),
--- or nil when agent-lsp has nothing to say about the file. For plugin files the plugin root is returned too.
---@param path string
---@return string|nil kind
---@return string|nil plugin_root
function M.kind(path)
  path = M.normalize(path)
  if not path then
    return nil
  end
  local name = path:match('[^/]+$')
  if name == nil then
    return nil
  end
  if name == 'SKILL.md' then
    return 'skill'
  end
  if not name:lower():match('%.md$') then
    return nil
  end
  if path:find('/.claude/agents/', 1, true) then
    return 'agent'
  end
  if path:find('/.claude/commands/', 1, true) then
    return 'command'
  end
  local dir = parent(path)
  while dir do
    local base = dir:match('[^/]+$')
    if base == 'agents' or base == 'commands' then
      local root = parent(dir)
      if root and exists(join(root, '.claude-plugin/plugin.json')) then
        return (base == 'agents' and 'plugin-agent' or 'plugin-command'), root
      end
    end
    dir = parent(dir)
  end
  return nil
end

--- True when `path` is a subagent, slash command, skill or plugin agent file.
---@param path string
---@return boolean
function M.is_agent_file(path)
  return M.kind(path) ~= nil
end

--- The workspace root for `path`: the nearest ancestor holding one of `markers` (default `.claude`, `.git`).
--- A user-scope file (`~/.claude/...`) gets `~/.claude`, not the whole home folder. Without any marker,
--- a plugin file gets its plugin root and any other file its own folder.
---@param path string
---@param markers? string[]
---@return string|nil
function M.find_root(path, markers)
  path = M.normalize(path)
  if not path then
    return nil
  end
  markers = markers or M.root_markers
  local home = M.normalize(uv.os_homedir())
  if home and #home > 1 and home:sub(-1) == '/' then
    home = home:sub(1, -2)
  end
  local dir = parent(path)
  while dir do
    for _, marker in ipairs(markers) do
      if exists(join(dir, marker)) then
        if dir == home and path:sub(1, #home + 9) == home .. '/.claude/' then
          return home .. '/.claude'
        end
        return dir
      end
    end
    dir = parent(dir)
  end
  local _, plugin_root = M.kind(path)
  return plugin_root or parent(path)
end

--- The root to start agent-lsp with for buffer `bufnr`, or nil when the buffer is not agent markdown.
---@param bufnr integer
---@param markers? string[]
---@return string|nil
function M.buffer_root(bufnr, markers)
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= '' then
    return nil
  end
  local path = M.normalize(vim.api.nvim_buf_get_name(bufnr))
  if not path or not M.is_agent_file(path) then
    return nil
  end
  return M.find_root(path, markers)
end

return M
