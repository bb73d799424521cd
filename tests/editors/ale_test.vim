" ale_test.vim: agent-lsp through ALE in a real Vim, headless. Run by tests/editors/test_vim_ale.py:
"   vim -N -u <vimrc: the docs' block> --not-a-term -S tests/editors/ale_test.vim <agent file>
" Waits for ALE's diagnostics from agent-lsp (until both KY002 and WS001 are in: the server publishes
" cross-file checks such as WS001 once its workspace scan is done), writes them to $AGENT_LSP_VIM_OUT, one per line:
"   DIAG <line> <column> <type> <code> <text>
" and quits; on a timeout it writes "ERROR ..." plus what ALE knew, and quits with an error status.

let s:out = $AGENT_LSP_VIM_OUT
let s:timeout_ms = str2nr(empty($AGENT_LSP_TEST_TIMEOUT) ? '60' : $AGENT_LSP_TEST_TIMEOUT) * 1000

function! s:Finish(lines, status) abort
  call writefile(a:lines, s:out)
  if a:status
    cquit!
  endif
  qall!
endfunction

function! s:HasCode(list, code) abort
  return !empty(filter(copy(a:list), 'get(v:val, "code", "") ==# a:code'))
endfunction

function! s:Complete(list) abort
  return s:HasCode(a:list, 'KY002') && s:HasCode(a:list, 'WS001')
endfunction

let s:lines = ['Vim ' . v:version . ', filetype ' . &filetype]
try
  let s:buffer = bufnr('')
  ALELint
  let s:waited = 0
  while !s:Complete(ale#engine#GetLoclist(s:buffer)) && s:waited < s:timeout_ms
    sleep 100m
    let s:waited += 100
  endwhile
  let s:list = ale#engine#GetLoclist(s:buffer)
  if !s:Complete(s:list)
    redir => s:info
    silent ALEInfo
    redir END
    call s:Finish(s:lines + ['ERROR timed out waiting for KY002 and WS001 diagnostics from ALE'] + split(s:info, "\n"), 1)
  endif
  for s:item in s:list
    call add(s:lines, printf('DIAG %d %d %s %s %s', s:item.lnum, s:item.col, s:item.type,
    \   get(s:item, 'code', '-'), s:item.text))
  endfor
  call s:Finish(s:lines, 0)
catch
  call s:Finish(s:lines + ['ERROR ' . v:exception . ' at ' . v:throwpoint], 1)
endtry
