"""The server is a thin shell: every handler is a module-level function of a few lines (snapshot, core, convert)."""

from __future__ import annotations

import ast
import inspect

from agent_lsp.server import handlers

HANDLER_LINES = 15
"""The longest a handler may be (its body, without the `def` line and a docstring)."""


def _handler_definitions() -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    tree = ast.parse(inspect.getsource(handlers))
    return {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


def _body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return body[-1].end_lineno - body[0].lineno + 1 if body else 0


def test_every_registered_handler_is_a_short_module_level_function() -> None:
    definitions = _handler_definitions()
    registered = [handler.__name__ for _, _, handler in handlers.HANDLERS]
    registered += [handler.__name__ for _, handler in handlers.COMMANDS]
    assert len(registered) == len(set(registered)) >= 19
    for name in registered:
        assert name in definitions, f"{name} is not defined at module level in handlers.py"
        lines = _body_lines(definitions[name])
        assert lines <= HANDLER_LINES, f"handler {name} is {lines} lines long (at most {HANDLER_LINES})"


def test_no_function_in_handlers_defines_nested_functions() -> None:
    for name, node in _handler_definitions().items():
        nested = [n.name for n in ast.walk(node) if n is not node
                  and isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        assert not nested, f"{name} defines {nested}: handlers are module-level functions"


def test_every_registered_method_is_answered_by_the_server() -> None:
    server = handlers.create_server()
    features = server.protocol.fm.features
    for method, _, _ in handlers.HANDLERS:
        assert method in features or method in ("initialize",), method


def test_code_lens_and_its_command_are_advertised_now_that_they_are_answered() -> None:
    server = handlers.create_server()
    assert "textDocument/codeLens" in server.protocol.fm.features
    assert dict(handlers.COMMANDS) == {"agent-lsp.whoLoads": handlers.who_loads_command,
                                       "agent-lsp.showReferences": handlers.show_references_command}
    assert set(server.protocol.fm.commands) == {name for name, _ in handlers.COMMANDS}
