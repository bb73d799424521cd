--- Which buffers agent-lsp should attach to, and where their workspace root is.
---
--- Shared by the Neovim 0.11+ config (`lsp/agent_lsp.lua`) and the `require('agent_lsp').setup()` module
--- for older Neovim, so both attach to exactly the same files. It mirrors the server's own rule
--- (`agent_lsp/core/readers.py`; tests/neovim/test_paths_agree.py checks that they agree): a file is agent
--- markdown when it is
---   * a `SKILL.md` anywhere (every tool's skills roots),
---   * a `.md` file below `.claude/agents/` or `.claude/commands/` (project or user scope),
---   * a `.md` file below the `agents/` (or `commands/`) folder of a plugin, i.e. a folder whose parent
---     holds `.claude-plugin/plugin.json`, or
---   * a file in another tool's folder (`OTHER_TOOLS` below): Copilot's `.github/agents`, prompts and
---     instructions, OpenCode's `.opencode/agent` and `command`, Gemini CLI's `.gemini/agents`, Codex's
---     `.codex/prompts`, Cursor's `.cursor/rules/*.mdc` and `.cursor/agents`.
---
--- Works on Neovim 0.7 and later (no `vim.fs`, `vim.uv` may be missing).

local M = {}

--- Folders (or files) whose presence marks a workspace root, nearest first (the server's
--- `project_tools.ROOT_MARKERS`, plus `.git`).
M.root_markers = { '.claude', '.git', '.github', '.opencode', 'opencode.json', 'opencode.jsonc', '.gemini', '.codex',
  '.agents', '.cursor', '.cursorrules' }

--- Other tools' folders: { config folder, kind folder, dialect, depth, file name pattern }. `depth` is 'any'
--- (at any depth below the kind folder) or 'flat' (directly in it).
M.OTHER_TOOLS = {
  { '.github', 'agents', 'copilot-agent', 'any', '%.md$' },
  { '.copilot', 'agents', 'copilot-agent', 'any', '%.md$' },
  { '.github', 'prompts', 'copilot-prompt', 'flat', '%.prompt%.md$' },
  { '.github', 'instructions', 'copilot-instructions', 'any', '%.instructions%.md$' },
  { '.opencode', 'agent', 'opencode-agent', 'any', '%.md$' },
  { '.opencode', 'agents', 'opencode-agent', 'any', '%.md$' },
  { '.opencode', 'mode', 'opencode-agent', 'flat', '%.md$' },
  { '.opencode', 'modes', 'opencode-agent', 'flat', '%.md$' },
  { '.opencode', 'command', 'opencode-command', 'any', '%.md$' },
  { '.opencode', 'commands', 'opencode-command', 'any', '%.md$' },
  { 'opencode', 'agent', 'opencode-agent', 'any', '%.md$' },
  { 'opencode', 'agents', 'opencode-agent', 'any', '%.md$' },
  { 'opencode', 'command', 'opencode-command', 'any', '%.md$' },
  { 'opencode', 'commands', 'opencode-command', 'any', '%.md$' },
  { '.gemini', 'agents', 'gemini-agent', 'flat', '^[^_].*%.md$' },
  { '.codex', 'prompts', 'codex-prompt', 'flat', '%.md$' },
  { '.cursor', 'agents', 'cursor-agent', 'flat', '%.md$' },
  { '.cursor', 'rules', 'cursor-rule', 'any', '%.mdc$' },
}

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
  if name:match('%.mdc$') then
    return M.other_tool_kind(path, name)
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
  return M.other_tool_kind(path, name)
end

--- The dialect of a file in another tool's folder (`OTHER_TOOLS`), or nil. The innermost folder pair counts.
---@param path string normalised absolute path
---@param name string its file name
---@return string|nil
function M.other_tool_kind(path, name)
  for _, rule in ipairs(M.OTHER_TOOLS) do
    local home, kind, dialect, depth, pattern = rule[1], rule[2], rule[3], rule[4], rule[5]
    local needle = '/' .. home .. '/' .. kind .. '/'
    local at, last = 1, nil
    while true do
      local found = path:find(needle, at, true)
      if not found then
        break
      end
      last, at = found, found + 1
    end
    if last then
      local rest = path:sub(last + #needle)
      if name:match(pattern) and (depth == 'any' or not rest:find('/', 1, true)) then
        return dialect
      end
    end
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
