-- Neovim's own LSP client (0.7: vim.lsp.start_client + buf_attach_client)
-- attached to `txnlint lsp` on one file: writes the diagnostics Neovim shows
-- to $OUT, then those after the buffer is emptied (not saved), then the
-- server's exit status. Every wait is bounded; any failure exits non-zero.
local out = {}
local function say(line) table.insert(out, line) end

local function shown(bufnr)
  local list = vim.diagnostic.get(bufnr)
  table.sort(list, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    return a.col < b.col
  end)
  for _, d in ipairs(list) do
    local lsp = d.user_data and d.user_data.lsp or {}
    local href = lsp.codeDescription and lsp.codeDescription.href or ""
    say(string.format("%d:%d-%d:%d: %s [%s] %s (%s)", d.lnum + 1, d.col + 1,
      d.end_lnum + 1, d.end_col + 1, vim.diagnostic.severity[d.severity],
      d.code, d.message, href:match("[^/]*$")))
    for _, related in ipairs(lsp.relatedInformation or {}) do
      say(string.format("  note %s:%d: %s",
        related.location.uri:match("[^/]*$"),
        related.location.range.start.line + 1, related.message))
    end
  end
end

local function main()
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("SOURCE")))
  local bufnr = vim.api.nvim_get_current_buf()
  local exit_code
  local client = vim.lsp.start_client({
    name = "txnlint",
    cmd = vim.split(os.getenv("TXNLINT_LSP"), " ", { trimempty = true }),
    root_dir = vim.fn.getcwd(),
    on_exit = function(code) exit_code = code end,
  })
  assert(client, "the client did not start")
  assert(vim.lsp.buf_attach_client(bufnr, client), "cannot attach")

  assert(vim.wait(120000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50),
    "no diagnostics within 120 s")
  say("== opened")
  shown(bufnr)

  -- An unsaved edit: the buffer's text is analysed, not the file's.
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, { "// emptied" })
  assert(vim.wait(120000, function() return #vim.diagnostic.get(bufnr) == 0 end, 50),
    "the diagnostics were not cleared within 120 s")
  say("== emptied")
  shown(bufnr)

  vim.lsp.stop_client(client)
  assert(vim.wait(30000, function() return exit_code ~= nil end, 50),
    "the server did not exit within 30 s")
  say("== exit " .. exit_code)
end

local ok, err = pcall(main)
if not ok then say("ERROR: " .. tostring(err)) end
vim.fn.writefile(out, os.getenv("OUT"))
vim.cmd(ok and "qall!" or "cquit! 1")
