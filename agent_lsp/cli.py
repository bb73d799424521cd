"""The `agent-lsp` command: `check` for CI, `rule`/`rules`/`schema` for reference, `serve` for editors.

With no sub-command it serves LSP on stdio, so editors can run plain `agent-lsp`. The server (and pygls) is
imported only for `serve`, keeping `check` fast to start.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from agent_lsp import __version__
from agent_lsp.core.analysis import Analysis, Context, analyse
from agent_lsp.core.config import Config, options_from_toml, resolve
from agent_lsp.core.dialects import Dialect, Tool
from agent_lsp.core.readers import detect_dialect
from agent_lsp.core.findings import Applicability, Finding, Severity
from agent_lsp.core.fix_safety import regressions
from agent_lsp.core.fixes import apply_fixes
from agent_lsp.core.model import Document
from agent_lsp.core.project_tools import parse_tools, tools_in_use
from agent_lsp.core.rules import get_rule, iter_rules, rules_markdown
from agent_lsp.core.schema import json_schema
from agent_lsp.core.text import Position, Span
from agent_lsp.output import FORMATTERS

if TYPE_CHECKING:
    from agent_lsp.files import ReadState

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("--") and argv[0] in ("--tcp", "--stdio", "--port", "--host"):
        argv = ["serve", *argv]
    parser = _parser()
    if argv[0] != "serve":
        try:  # a console that cannot show a character gets an escape, never a UnicodeEncodeError
            sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass
    try:
        try:
            args = parser.parse_args(argv)
            status = args.handler(args)
        except SystemExit as done:  # --help, --version and usage errors exit from inside argparse
            status = done.code if isinstance(done.code, int) else (0 if done.code is None else EXIT_USAGE)
        _flush_stdout()  # inside the try: a reader that went away must not fail us at exit
        return status
    except BrokenPipeError:
        # The reader went away (`agent-lsp rules | head`): stop quietly, and keep Python from complaining
        # about the unflushable stdout at exit. (`check` keeps its status: see `_emit`.)
        _silence_stdout()
        return EXIT_OK
    except OSError as error:  # stdout cannot be written (`> /dev/full`): one line, not a traceback
        _silence_stdout()
        _print_error(f"cannot write the output: {_os_message(error)}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except ValueError:
        pass  # already closed: the language server's `exit` closes stdout


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="agent-lsp", description="Language server and linter for agent "
                                     "markdown: the agents, commands, skills and rules of Claude Code, Copilot, "
                                     "OpenCode, Gemini CLI, Codex and Cursor.")
    parser.add_argument("--version", action="version", version=f"agent-lsp {__version__} (agent-markdown-lsp, the language server for agent markdown)")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="lint agent, command, skill and rule files of every tool (walks directories)")
    check.add_argument("paths", nargs="*", default=["."], help="files or directories (default: .)")
    check.add_argument("--format", choices=sorted(FORMATTERS), default="text")
    check.add_argument("--dialect", choices=[d.value for d in Dialect],
                       help="treat every given file as this dialect instead of deciding from its path")
    check.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix, apply unsafe fixes too")
    check.add_argument("--exit-on", choices=["error", "warning", "information", "hint", "never"], default="error",
                       help="lowest severity that makes the exit code 1 (default: error)")
    check.add_argument("--config", help="a .agent-lsp.toml or pyproject.toml to use instead of discovery")
    check.add_argument("--claude-config-dir", help="the user's Claude Code folder (default: $CLAUDE_CONFIG_DIR or ~/.claude)")
    check.add_argument("--no-user-dir", action="store_true", help="do not index the user's ~/.claude")
    check.add_argument("--no-workspace", action="store_true", help="skip cross-file checks (unknown skills, "
                       "duplicate agent names)")
    check.add_argument("--disable", action="append", default=[], metavar="CODE", help="disable a rule (repeatable)")
    check.add_argument("--tools", metavar="TOOL,...", help="the tools the project uses (" + ", ".join(
        t.value for t in Tool) + "), instead of the settings' `tools` or the ones its folders show: notes about "
        "another tool that would reject a file are given for these")
    check.add_argument("--stdin-filename", help="read the document from stdin, as if it were at this path")
    check.set_defaults(handler=_check)

    rule = sub.add_parser("rule", help="print a rule's documentation")
    rule.add_argument("code")
    rule.add_argument("--json", action="store_true")
    rule.set_defaults(handler=_rule)

    rules = sub.add_parser("rules", help="list the rules")
    rules.add_argument("--markdown", action="store_true", help="print every rule's documentation")
    rules.add_argument("--json", action="store_true")
    rules.set_defaults(handler=_rules)

    schema = sub.add_parser("schema", help="print a JSON Schema of a dialect's frontmatter")
    schema.add_argument("dialect", choices=[d.value for d in Dialect])
    schema.set_defaults(handler=_schema)

    serve = sub.add_parser("serve", help="run the language server (stdio by default)")
    serve.add_argument("--stdio", action="store_true", help="use stdio (the default)")
    serve.add_argument("--tcp", nargs="?", type=int, const=2087, default=None, metavar="PORT",
                       help="listen on TCP (default port 2087) instead of stdio, for debugging")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="TCP port (same as --tcp PORT)")
    serve.set_defaults(handler=_serve)
    return parser


def _serve(args: argparse.Namespace) -> int:
    from agent_lsp.server.main import run

    port = args.port if args.port is not None else args.tcp
    return run(tcp=port is not None, host=args.host, port=port or 2087)


def _rule(args: argparse.Namespace) -> int:
    rule = get_rule(args.code)
    if rule is None:
        print(f"agent-lsp: no rule {args.code!r}; `agent-lsp rules` lists them", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps({"code": rule.code, "name": rule.name, "severity": rule.severity.label, "fix": rule.fix,
                          "dialects": [d.value for d in rule.dialects], "markdown": rule.markdown()}, indent=2))
    else:
        sys.stdout.write(rule.markdown())
    return EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    if args.markdown:
        sys.stdout.write(rules_markdown())
    elif args.json:
        print(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity.label, "fix": r.fix}
                          for r in iter_rules()], indent=2))
    else:
        for rule in iter_rules():
            print(f"{rule.code}  {rule.severity.label:<11}  {rule.name:<32}  {rule.summary}")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(Dialect.from_name(args.dialect)), indent=2))
    return EXIT_OK


def _load_config(args: argparse.Namespace, anchor: Path) -> tuple[Config, list[str]]:
    from agent_lsp.core.options import Options  # pydantic: only the check command needs it
    from agent_lsp.files import find_project_root, load_project_options

    problems: list[str] = []
    layers: list[Options] = []
    if args.config:
        path = Path(args.config)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            return Config(), [f"cannot read {path}: {error}"]
        options, problems = options_from_toml(text, str(path), path.name == "pyproject.toml")
        layers.append(options)
    else:
        options, found_problems, _path = load_project_options(find_project_root(anchor.resolve()))
        problems.extend(found_problems)
        if options is not None:
            layers.append(options)
    # --disable adds to the project's list rather than replacing it.
    project_disabled = next((layer.disabled_rules for layer in reversed(layers) if layer.disabled_rules), [])
    disabled = [*project_disabled, *args.disable] if args.disable else None
    cli = Options(disabled_rules=disabled, claude_config_dir=args.claude_config_dir)
    layers.append(cli)
    config, resolve_problems = resolve(*layers)
    return config, problems + resolve_problems


_CRASHED = object()
"""What `_check_file` returns when the analysis of a file raised (reported, the run goes on)."""


class _StdinFixed(Exception):
    """`--fix` on stdin: the fixed text is the whole output."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


def _check(args: argparse.Namespace) -> int:
    paths = [Path(args.stdin_filename)] if args.stdin_filename else [Path(p) for p in args.paths]
    for path in [] if args.stdin_filename else paths:
        problem = _path_problem(path)
        if problem:  # a typo'd path must not pass CI as "0 files checked"
            return _usage_error(f"{_display(str(path))}: {problem}")
    config, problems = _check_config(args, paths[0] if paths else Path("."))
    if args.tools is not None:
        tools, bad = parse_tools(name for name in args.tools.split(",") if name.strip())
        if bad or not tools:
            return _usage_error(f"--tools: {bad[0] if bad else 'name at least one tool'}")
        config = replace(config, tools=tools)
    if problems:  # bad configuration: say so and stop, rather than check with settings nobody asked for
        for problem in problems:
            _print_error(problem)
        return EXIT_USAGE
    stdin_text = sys.stdin.read() if args.stdin_filename else None
    context = _check_context(args, paths, config)
    formatter = FORMATTERS[args.format]()
    crashed, worst = 0, None
    try:
        for path in _targets(paths, stdin_text is not None):
            analysis = _check_file(args, path, stdin_text, context)
            if analysis is _CRASHED:
                crashed += 1
            elif analysis is not None:
                formatter.add(str(path), analysis)
                worst = min([f.severity for f in analysis.findings] + ([worst] if worst is not None else []),
                            default=None)
    except _StdinFixed as fixed:
        return _emit(fixed.text, "utf-8", EXIT_OK)
    return _emit(formatter.render(), formatter.encoding, _exit_status(args, worst, crashed))


def _check_config(args: argparse.Namespace, anchor: Path) -> tuple[Config, list[str]]:
    """The configuration, and why it cannot be used (the files or folders it names are unusable)."""
    from agent_lsp.files import user_claude_dir

    try:
        config, problems = _load_config(args, anchor)
    except (OSError, ValueError) as error:
        return Config(), [f"cannot read the configuration: {_os_message(error)}"]
    if not problems and not args.no_user_dir and not args.no_workspace:
        claude_dir = user_claude_dir(config.claude_config_dir)
        problems = [f"claude-config-dir {_display(str(claude_dir))}: {problem}"
                    for problem in [_folder_problem(claude_dir)] if problem]
    if not problems and not args.no_workspace:
        problems = [f"extra-skill-directories {_display(folder)}: {problem}" for folder in
                    config.extra_skill_directories for problem in [_folder_problem(Path(folder))] if problem]
    return config, problems


def _check_context(args: argparse.Namespace, paths: list[Path], config: Config) -> Context:
    """The analysis context: the workspace index of the paths' projects (unless --no-workspace), and the tools
    those projects use (`--tools`, else the settings' `tools`, else detected from their folders)."""
    from agent_lsp.core.links import known_files
    from agent_lsp.files import (
        SKIPPED_FOLDERS, detect_project_tools, find_project_root, plugin_roots_under, scan, user_claude_dir,
    )

    roots = sorted({find_project_root(p.resolve()) for p in paths}) or [Path.cwd()]
    tools = tools_in_use(config.tools, detect_project_tools(roots) if config.tools is None else frozenset())
    if args.no_workspace:
        return Context(config=config, workspace=None, plugin_roots=plugin_roots_under([p.resolve() for p in paths]),
                       tools=tools)
    claude_dir = None if args.no_user_dir else user_claude_dir(config.claude_config_dir)
    extra = [Path(os.path.expanduser(d)) for d in config.extra_skill_directories]
    result = scan(list(roots), claude_dir, extra)
    files = known_files(_with_relative_forms(result.existing), SKIPPED_FOLDERS) if result.existing is not None else None
    return Context(config=config, workspace=result.index, plugin_roots=result.plugin_roots, tools=tools, files=files)


def _with_relative_forms(paths: frozenset[str]) -> set[str]:
    """The scanned (absolute) paths, and each as seen from the working folder: files named on the command line
    by a relative path are analysed under that path, and their links resolve relative to it."""
    relative = set()
    for path in paths:
        try:
            relative.add(os.path.relpath(path))
        except ValueError:  # another drive (Windows)
            continue
    return set(paths) | relative


def _targets(paths: list[Path], stdin: bool) -> list[Path]:
    """The files to check: each path named explicitly (checked, or reported if it cannot be read), folders walked."""
    from agent_lsp.files import walk

    targets: list[Path] = []
    for path in paths:
        if stdin or not path.is_dir():
            targets.append(path)
        else:
            targets.extend(walk(path))
    return targets


def _check_file(args: argparse.Namespace, path: Path, stdin_text: str | None, context: Context):
    """Analyse (and with --fix, fix) one file: its analysis; None when it is not agent markdown; _CRASHED when the analysis raised."""
    from agent_lsp.files import dialect_for, read_document, read_document_for_fix

    forced = Dialect.from_name(args.dialect) if args.dialect else None
    dialect = forced or dialect_for(path.resolve(), context.plugin_roots, "project")
    if dialect is None:
        return None
    if forced is None and dialect is not detect_dialect(str(path.resolve()), context.plugin_roots):
        forced = dialect  # known from the environment, not the path: `$CODEX_HOME/prompts/x.md`
    findings: list[Finding] = []
    try:
        # Only --dialect forces a dialect: otherwise the analysis reads the path, and with it every tool that
        # reads the file and which of them own it (`.agents/skills` has four).
        if stdin_text is not None:
            document = Document(stdin_text, str(path.resolve()), forced)
        elif args.fix:
            document, state = read_document_for_fix(path.resolve(), forced)
        else:
            # The workspace index holds absolute paths: analyse under the absolute path too, so that
            # cross-file checks (duplicate names) recognise this file; findings print `path` as given.
            document = read_document(path.resolve(), forced)
    except OSError as error:
        findings = _file_finding("IO001", f"Cannot read this file: {_os_message(error)}.", context.config)
        analysis = Analysis(Document("", str(path), dialect), dialect, None, [])
    else:
        try:
            analysis = analyse(document, context)
            if args.fix and stdin_text is None and not document.invalid_utf8:
                analysis, findings = _fix_file(path, state, analysis, context, args.unsafe_fixes)
            elif args.fix and stdin_text is not None:
                raise _StdinFixed(_fixed(analysis, context, args.unsafe_fixes)[0])
        except _StdinFixed:
            raise
        except Exception as error:  # noqa: BLE001 - one bad file must never stop the run
            _print_error(f"internal error on {_display(str(path))}: {type(error).__name__}: {error}")
            return _CRASHED
    if findings:
        analysis = Analysis(analysis.document, analysis.dialect, analysis.model, [*analysis.findings, *findings])
    return analysis


def _exit_status(args: argparse.Namespace, worst: Severity | None, crashed: int) -> int:
    """2 when a file crashed the analysis, 1 when the worst finding reaches --exit-on, else 0."""
    if crashed:
        return EXIT_USAGE
    threshold = None if args.exit_on == "never" else Severity.parse(args.exit_on)
    if threshold is not None and worst is not None and worst <= threshold:
        return EXIT_FINDINGS
    return EXIT_OK


def _emit(text: str, encoding: str | None, status: int) -> int:
    """Write the report and return `status`; 2 if it could not be written.

    Bytes go to stdout's buffer in `encoding` (None: stdout's own), with anything it cannot encode escaped,
    so no file name can make the output invalid or crash the run. A reader that went away
    (`agent-lsp check | head`) does not change the status: the findings still count.
    """
    encoding = encoding or getattr(sys.stdout, "encoding", None) or "utf-8"
    data = text.encode(encoding, "backslashreplace")
    try:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            sys.stdout.write(data.decode(encoding))
            sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return status
    except (OSError, ValueError) as error:
        _silence_stdout()
        _print_error(f"cannot write the output: {_os_message(error)}")
        return EXIT_USAGE
    return status


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that Python's flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _usage_error(message: str) -> int:
    _print_error(message)
    return EXIT_USAGE


def _print_error(message: str) -> None:
    try:  # stderr escapes what it cannot encode (Python's default for stderr)
        print(f"agent-lsp: {message}", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def _display(path: str) -> str:
    from agent_lsp.output import display_path

    return display_path(path)


def _os_message(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _path_problem(path: Path) -> str | None:
    """Why a path given on the command line cannot be checked (None: it can)."""
    try:
        os.stat(path)
    except ValueError:
        return "not a valid path (it contains a NUL byte)"
    except FileNotFoundError:
        return "no such file or directory"
    except OSError as error:
        if error.errno in (errno.ENAMETOOLONG, errno.ELOOP, errno.ENOTDIR):
            return _os_message(error)
    return None  # exists (or exists but cannot be read: that is reported as a finding)


def _folder_problem(path: Path) -> str | None:
    """Why a configured folder can never be read (None: usable, or simply absent)."""
    try:
        os.stat(os.path.expanduser(path))
    except ValueError:
        return "not a valid path (it contains a NUL byte)"
    except (FileNotFoundError, NotADirectoryError):
        return None  # no such folder: nothing to index, as on a machine without Claude Code
    except OSError as error:
        return _os_message(error)
    return None


def _file_finding(code: str, message: str, config: Config) -> list[Finding]:
    """A finding about the file itself (it could not be read or written), at its start."""
    rule = get_rule(code)
    assert rule is not None
    if code in config.disabled:
        return []
    severity = config.severity_overrides.get(code, rule.severity)
    if severity is None:
        return []
    start = Position(0, 0)
    return [Finding(code, message, severity, Span(start, start, 0, 0))]


def _fixed(analysis: Analysis, context: Context, unsafe: bool) -> tuple[str, Analysis]:
    """Apply fixes until none applies (at most 5 rounds); return the text and its final analysis.

    With safe fixes only, a round whose result has an error or warning the text before it did not have is
    not kept (every safe fix is meant to pass that test alone and together; this holds `--fix` to it).
    """
    document = analysis.document
    text = document.text
    for _round in range(5):
        new_text, applied = apply_fixes(text, analysis.findings, unsafe)
        if not applied or new_text == text:
            break
        new_analysis = analyse(Document(new_text, document.path, document.dialect), context)
        if not unsafe and regressions(analysis.findings, new_analysis.findings):
            break
        text, analysis = new_text, new_analysis
    return text, analysis


def _fix_file(path: Path, state: ReadState, analysis: Analysis, context: Context,
              unsafe: bool) -> tuple[Analysis, list[Finding]]:
    """Fix the file in place (see `_fixed`), writing it once, and only over the content that was read.

    Returns the analysis of what the file now holds, and an IO002 finding when the fixed text could not be
    written (then the analysis is the original one: the file still holds it).
    """
    from agent_lsp.files import MAX_FILE_BYTES, write_if_unchanged

    document = analysis.document
    if not state.complete:
        message = (f"Not fixed: the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB, and only its "
                   "first part was read.")
        if any(fix.applicability is Applicability.SAFE or unsafe for f in analysis.findings for fix in f.fixes):
            return analysis, _file_finding("IO002", message, context.config)
        return analysis, []
    text, fixed = _fixed(analysis, context, unsafe)
    if text == document.text:
        return fixed, []
    try:
        write_if_unchanged(path, state, text)
    except OSError as error:
        return analysis, _file_finding("IO002", f"Fixes not written: {_os_message(error)}.", context.config)
    return fixed, []
