--- Is the server command really agent-lsp from agent-markdown-lsp?
---
--- An unrelated PyPI package, `agent-lsp`, also installs an `agent-lsp` command and an `agent_lsp` Python
--- module. Started as a language server it never answers, so before starting, both Neovim routes run the
--- command with `--version` (`agent-lsp --version`, `python3 -m agent_lsp --version`) once per command and
--- session: this server prints `agent-lsp X (agent-markdown-lsp, ...)`. Anything else gets a clear error
--- and no client. Works on Neovim 0.7 and later.

local M = {}

--- What this server's `--version` prints and the other package's does not.
M.marker = '(agent-markdown-lsp'

--- Seconds `--version` may take.
M.timeout_ms = 10000

--- Results by command: false when the command is fine, else the error message.
local results = {}

--- The command that prints the version of the server `cmd` starts: `serve` and what follows it
--- (e.g. `--tcp`) replaced by `--version`.
---@param cmd string[]
---@return string[]
function M.version_cmd(cmd)
  local out = {}
  for _, arg in ipairs(cmd) do
    if arg == 'serve' then
      break
    end
    table.insert(out, arg)
  end
  table.insert(out, '--version')
  return out
end

local function quote(cmd)
  return table.concat(cmd, ' ')
end

local function wrong_server(cmd, what)
  return ("agent_lsp: '%s' is not the agent-markdown-lsp language server (%s). The PyPI package "
    .. "'agent-lsp' is an unrelated program with the same command and module names: "
    .. "pip uninstall agent-lsp; pip install agent-markdown-lsp (or set cmd to the interpreter that has it, "
    .. "e.g. { '/path/to/venv/bin/python', '-m', 'agent_lsp', 'serve' })."):format(quote(cmd), what)
end

--- Run `cmd` with `--version`; nil when it is this server, else a message saying what is wrong.
---@param cmd string[]
---@return string|nil
local function probe(cmd)
  if vim.fn.executable(cmd[1]) ~= 1 then
    return ("agent_lsp: '%s' is not executable. Install the server (pip install agent-markdown-lsp) or set "
      .. "cmd = { 'python3', '-m', 'agent_lsp', 'serve' }."):format(cmd[1])
  end
  local version_cmd = M.version_cmd(cmd)
  local output, errors = {}, {}
  local ok, job = pcall(vim.fn.jobstart, version_cmd, {
    stdout_buffered = true,
    stderr_buffered = true,
    on_stdout = function(_, data)
      output = data or {}
    end,
    on_stderr = function(_, data)
      errors = data or {}
    end,
  })
  if not ok or type(job) ~= 'number' or job <= 0 then
    return wrong_server(cmd, ("'%s' could not be run: %s"):format(quote(version_cmd), tostring(job)))
  end
  local status = vim.fn.jobwait({ job }, M.timeout_ms)[1]
  if status == -1 then
    vim.fn.jobstop(job)
    return wrong_server(cmd, ("'%s' did not finish within %d s"):format(quote(version_cmd), M.timeout_ms / 1000))
  end
  local text = vim.trim(table.concat(output, '\n'))
  if status == 0 and text:find(M.marker, 1, true) then
    return nil
  end
  if text == '' then
    text = vim.trim(table.concat(errors, '\n'))
  end
  return wrong_server(cmd, ("'%s' exited %d and printed '%s'"):format(quote(version_cmd), status, text:sub(1, 200)))
end

--- nil when `cmd` starts agent-markdown-lsp's server (or cannot be checked: not a list of strings, e.g. a
--- function connecting over TCP), else the error message. Cached per command.
---@param cmd any
---@return string|nil
function M.problem(cmd)
  if type(cmd) ~= 'table' or type(cmd[1]) ~= 'string' then
    return nil
  end
  local key = table.concat(cmd, '\0')
  if results[key] == nil then
    results[key] = probe(cmd) or false
  end
  return results[key] or nil
end

--- True when `cmd` starts this server; otherwise reports the problem once (vim.notify, ERROR) and
--- returns false.
---@param cmd any
---@return boolean
function M.ok(cmd)
  local message = M.problem(cmd)
  if message == nil then
    return true
  end
  local notify = vim.notify_once or vim.notify
  notify(message, vim.log.levels.ERROR)
  return false
end

return M
