" Cursor rules (`.cursor/rules/*.mdc`) are Markdown with frontmatter; Neovim does not know the extension.
autocmd BufRead,BufNewFile *.mdc setfiletype markdown
