---@brief
---
--- agent-lsp: a language server for "agent markdown": Claude Code subagents (`.claude/agents/**/*.md`),
--- plugin agents (`<plugin>/agents/**/*.md`), slash commands (`.claude/commands/**/*.md`) and skills
--- (`**/SKILL.md`), and the agents, prompts, skills and rules of Copilot, OpenCode, Gemini CLI, Codex and
--- Cursor (`.github/agents`, `.opencode/agent`, `.gemini/agents`, `.codex/prompts`, `.cursor/rules/*.mdc`...).
--- It reports mistakes that make a tool drop a field or refuse to load the file, completes frontmatter keys
--- and values (`model:`, `tools:`, `color:`, ...) and documents keys on hover.
---
--- Install the server (Python 3.11+):
--- ```sh
--- pip install agent-markdown-lsp        # or: pipx install agent-markdown-lsp
--- ```
---
--- Enable it (Neovim 0.11+), with this file on 'runtimepath' as `lsp/agent_lsp.lua` together with
--- `lua/agent_lsp/paths.lua` (add the `editors/neovim` folder of the agent-lsp repository to 'runtimepath'):
--- ```lua
--- vim.lsp.enable('agent_lsp')
--- ```
---
--- Markdown is a broad filetype: the `root_dir` function below starts the server only for agent, command
--- and skill files; other markdown buffers are left alone. The root is the nearest folder holding
--- `.claude` or `.git`. Before the first start it also checks that `cmd` is this server (`--version` must
--- name agent-markdown-lsp): the unrelated PyPI package `agent-lsp` installs an `agent-lsp` command too.
---
--- Override any field with `vim.lsp.config()`, e.g. when `agent-lsp` is not on $PATH, or to tune rules:
--- ```lua
--- vim.lsp.config('agent_lsp', {
---   cmd = { 'python3', '-m', 'agent_lsp', 'serve' },
---   settings = {
---     agentLsp = {
---       severityOverrides = { KY002 = 'error' },   -- rule code -> error|warning|information|hint|off
---       disabledRules = { 'AG004' },
---     },
---   },
--- })
--- ```
---
--- Settings (`settings.agentLsp`, read through `workspace/configuration`) and `init_options` accept the same
--- keys; editor settings win over `init_options`, which win over the project's `.agent-lsp.toml` /
--- `[tool.agent-lsp]` in pyproject.toml:
--- - `severityOverrides`: table, rule code -> `"error"` | `"warning"` | `"information"` | `"hint"` | `"off"`
--- - `disabledRules`: list of rule codes to turn off
--- - `claudeConfigDir`: the user's Claude Code folder (default: `$CLAUDE_CONFIG_DIR`, else `~/.claude`)
--- - `extraSkillDirectories`: list of further folders holding skills
--- - `logLevel`: `"error"` | `"warning"` | `"info"` | `"debug"` (server log, on stderr and in `:LspLog`)
--- - `tools`: the tools the project uses (`'claude-code'`, `'copilot-cli'`, `'opencode'`...; unset: detected)
---
--- ```lua
--- vim.lsp.config('agent_lsp', {
---   init_options = { claudeConfigDir = '~/work/.claude', logLevel = 'debug' },
--- })
--- ```
--- Leave `init_options` unset rather than `{}`: Neovim encodes an empty Lua table as a JSON array.

local has_paths, paths_module = pcall(require, 'agent_lsp.paths')

---@type vim.lsp.Config
return {
  cmd = { 'agent-lsp', 'serve' },
  filetypes = { 'markdown' },
  root_markers = has_paths and paths_module.root_markers or { '.claude', '.git' },
  ---@param bufnr integer
  ---@param on_dir fun(root_dir?: string)
  root_dir = function(bufnr, on_dir)
    local ok, paths = pcall(require, 'agent_lsp.paths')
    if not ok then
      vim.notify_once(
        "agent_lsp: cannot load 'agent_lsp.paths'; put the whole editors/neovim folder on 'runtimepath'",
        vim.log.levels.ERROR
      )
      return
    end
    local root = paths.buffer_root(bufnr) -- nearest '.claude', '.git' or other tool's folder, as root_markers
    if not root then
      return
    end
    -- Start nothing when the command is another program (the unrelated PyPI package `agent-lsp` installs
    -- an `agent-lsp` command too); say so instead.
    local resolved = vim.lsp.config and vim.lsp.config.agent_lsp
    if resolved and not require('agent_lsp.server_check').ok(resolved.cmd) then
      return
    end
    on_dir(root)
  end,
  settings = {
    agentLsp = {},
  },
  -- Client-side commands of the code lenses (`vim.lsp.codelens.run()`):
  commands = {
    -- A skill's "used by N agents" lens: its uses ([uri, position, locations], as VS Code's
    -- editor.action.showReferences takes them) in the quickfix list, as `vim.lsp.buf.references()` shows them.
    -- (Without it the server answers the command with a message listing them.)
    ['agent-lsp.showReferences'] = function(command, ctx)
      local client = vim.lsp.get_client_by_id(ctx.client_id)
      local locations = command.arguments and command.arguments[3] or {}
      local items = vim.lsp.util.locations_to_items(locations, client and client.offset_encoding or 'utf-16')
      vim.fn.setqflist({}, ' ', { title = 'agent-lsp: ' .. command.title, items = items })
      vim.cmd('botright copen')
    end,
    -- An agent's roster lens only informs (no command id, as VS Code shows plain text): running it does nothing.
    [''] = function() end,
  },
}
