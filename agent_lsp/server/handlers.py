"""Every LSP method the server answers. Each handler: take a snapshot, call the core, convert, return."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

from lsprotocol import types
from pygls.workspace import TextDocument

from agent_lsp.core.analysis import Analysis, Context
from agent_lsp.core.code_actions import fix_all_title, quick_fixes
from agent_lsp.core.code_lenses import Lens, SkillUsers, agent_lens, skill_lens, skill_names, skill_users
from agent_lsp.core.colours import colour_of, nearest_colour
from agent_lsp.core.completion import complete
from agent_lsp.core.config import SETTINGS_SECTION
from agent_lsp.core.file_patterns import watched_globs
from agent_lsp.core.fixes import apply_fixes
from agent_lsp.core.folding import folding_lines
from agent_lsp.core.formatting import format_edit
from agent_lsp.core.hover import hover as core_hover
from agent_lsp.core.inlay_hints import inlay_hints
from agent_lsp.core.links import LinkKind, find_links
from agent_lsp.core.navigation import reference_at
from agent_lsp.core.references import definitions, uses, workspace_symbols
from agent_lsp.core.rename import (
    RenamePlan, Target, file_rename_target, moves_files, plan_file_rename, plan_rename, reference_changes,
    rename_target, target_problem,
)
from agent_lsp.core.symbols import document_symbols
from agent_lsp.core.who_loads import who_loads_hover, who_loads_lens, who_loads_text
from agent_lsp.files import existing_paths
from agent_lsp.server.convert import (PositionMapper, to_completion_item, to_document_link, to_document_symbol,
                                      to_inlay_hint, to_location, to_quick_fix, to_workspace_edit)
from agent_lsp.server.progress import search
from agent_lsp.server.protocol import Refused
from agent_lsp.server.server import AgentLanguageServer
from agent_lsp.server.state import options_layer, project_options, unwrap_settings

log = logging.getLogger("agent_lsp")

_TRIGGERS = [":", " ", ",", "(", "-", "["]
_PROJECT_SETTINGS_FILES = (".agent-lsp.toml", "pyproject.toml")
_WATCHED = (*watched_globs(), "**/.mcp.json", "**/.claude-plugin/plugin.json", "**/.agent-lsp.toml", "**/pyproject.toml")


def create_server(when_warm: Callable[[], None] | None = None) -> AgentLanguageServer:
    """The server with every handler; `when_warm` runs once the idle warm-up has made every message kind's
    (de)serialiser (see AgentLanguageServer.warm_up_when_idle)."""
    server = AgentLanguageServer(when_warm)
    for method, options, handler in HANDLERS:
        server.feature(method, options)(handler)
    for name, handler in COMMANDS:
        server.command(name)(handler)
    return server


# ---------------------------------------------------------------------- lifecycle and settings

def initialize(ls: AgentLanguageServer, params: types.InitializeParams) -> None:
    ls.configure_client(params)


async def initialized(ls: AgentLanguageServer, params: types.InitializedParams) -> None:
    ls.show_problems(ls.settings.problems)
    _register_watchers(ls)
    ls.start_scan()
    ls.warm_up_when_idle()
    await _pull_configuration(ls)


async def did_change_configuration(ls: AgentLanguageServer, params: types.DidChangeConfigurationParams) -> None:
    options, problems = options_layer(params.settings, "didChangeConfiguration") if params.settings else (None, [])
    if options is not None and _has_values(params.settings):
        await _apply_editor_settings(ls, options, problems)
    else:
        await _pull_configuration(ls)


# ---------------------------------------------------------------------- documents and files

def did_open(ls: AgentLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule_publish(params.text_document.uri)


def did_change(ls: AgentLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    # Only the analysis (off the loop) re-indexes the buffer: typing stays cheap here.
    ls.schedule_publish(params.text_document.uri)


def did_save(ls: AgentLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.schedule_publish(params.text_document.uri)


def did_close(ls: AgentLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    path = ls.path_of(uri)
    ls.clear(uri)
    if path and ls.index.close_buffer(path):
        ls.revalidate_open_documents()


def did_change_watched_files(ls: AgentLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
    paths = [path for event in params.changes if (path := ls.path_of(event.uri))]
    if any(Path(path).name in _PROJECT_SETTINGS_FILES for path in paths):
        _reload_project_settings(ls)  # revalidates every open document
    # Re-read off the loop, for what each path is now (the event's kind may be stale already).
    ls.note_file_events([path for path in paths if Path(path).name not in _PROJECT_SETTINGS_FILES])


# ---------------------------------------------------------------------- requests

def document_diagnostic(ls: AgentLanguageServer, params: types.DocumentDiagnosticParams
                        ) -> types.FullDocumentDiagnosticReport | types.UnchangedDocumentDiagnosticReport:
    document = ls.document(params.text_document.uri)
    if document is None:
        return types.FullDocumentDiagnosticReport(items=[])
    items = ls.diagnostics(document)  # first: indexing this buffer may move the index generation
    result_id = ls.diagnostic_result_id(document)
    if params.previous_result_id == result_id:
        return types.UnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.FullDocumentDiagnosticReport(items=items, result_id=result_id)


def completion(ls: AgentLanguageServer, params: types.CompletionParams) -> types.CompletionList:
    document = ls.document(params.text_document.uri)
    dialect = ls.dialect_of(params.text_document.uri) if document is not None else None
    if document is None or dialect is None:
        return types.CompletionList(is_incomplete=False, items=[])
    offset = document.offset_at_client_position(params.position)
    index = ls.index.current if ls.index.scanned else None
    candidates = complete(document.source, offset, dialect, index, ls.snippets, ls.path_of(document.uri))
    mapper = PositionMapper(document)
    return types.CompletionList(is_incomplete=False, items=[
        to_completion_item(mapper, candidate, ls.snippets, ls.label_details) for candidate in candidates])


def hover(ls: AgentLanguageServer, params: types.HoverParams) -> types.Hover | None:
    snapshot = ls.snapshot(params.text_document.uri)
    if snapshot is None:
        return None
    document, analysis = snapshot
    offset = document.offset_at_client_position(params.position)
    info = (who_loads_hover(analysis, offset, ls.index.plugin_roots, ls.tools())
            or core_hover(analysis.model, offset, ls.index.current, analysis.findings))
    if info is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=info.markdown),
                       range=PositionMapper(document, analysis.model).offsets(info.start, info.end))


def code_action(ls: AgentLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    snapshot = ls.snapshot(params.text_document.uri)
    if snapshot is None:
        return []
    document, analysis = snapshot
    mapper = PositionMapper(document, analysis.model)
    actions: list[types.CodeAction] = []
    if _wants(params, types.CodeActionKind.QuickFix):
        start, end = (document.offset_at_client_position(p) for p in (params.range.start, params.range.end))
        actions += [to_quick_fix(mapper, document.uri, offered, params.context.diagnostics)
                    for offered in quick_fixes(analysis.findings, start, end)]
    if _wants(params, types.CodeActionKind.SourceFixAll):
        actions += _fix_all(document, mapper, analysis.findings)
    return actions


async def code_lens(ls: AgentLanguageServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    snapshot = ls.snapshot(params.text_document.uri)
    if snapshot is None:
        return []
    document, analysis = snapshot
    mapper = PositionMapper(document, analysis.model)
    who = who_loads_lens(analysis, ls.index.plugin_roots, ls.tools())
    lenses = [_who_loads_lens(mapper, document.uri, *who)] if who is not None else []
    others = (agent_lens(analysis.model), await _skill_lens(ls, analysis.model))
    return lenses + [_to_code_lens(ls, mapper, document.uri, lens) for lens in others if lens is not None]


def who_loads_command(ls: AgentLanguageServer, uri: str) -> str | None:
    """The code lens' command: show who loads the file, as the hover on the opening `---` does."""
    snapshot = ls.snapshot(uri)
    if snapshot is None:
        return None
    text = who_loads_text(snapshot[1], ls.index.plugin_roots, ls.tools())
    ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=text))
    return text


def show_references_command(ls: AgentLanguageServer, uri: str, position: types.Position,
                            locations: list[types.Location]) -> list[types.Location]:
    """The skill lens' command where the editor runs none of its own (VS Code's extension shows its references
    view instead): list the uses in a message, and return them."""
    places = [f"{_shown_path(ls, location.uri)}:{location.range.start.line + 1}" for location in locations]
    message = "\n".join([f"{len(places)} use{'' if len(places) == 1 else 's'}:", *places]) if places else "No uses."
    ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=message))
    return locations


def document_symbol(ls: AgentLanguageServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    snapshot = ls.snapshot(params.text_document.uri)
    if snapshot is None:
        return []
    document, analysis = snapshot
    # Editors ask again after every change and on focus; the outline of one analysis never changes.
    cached = ls.symbol_cache.get(document.uri)
    if cached is None or cached[0] is not analysis:
        mapper = PositionMapper(document, analysis.model)
        cached = ls.symbol_cache[document.uri] = (analysis, [
            to_document_symbol(mapper, symbol) for symbol in document_symbols(analysis.model)])
    return cached[1]


def folding_range(ls: AgentLanguageServer, params: types.FoldingRangeParams) -> list[types.FoldingRange]:
    snapshot = ls.snapshot(params.text_document.uri)
    if snapshot is None:
        return []
    return [types.FoldingRange(start_line=first, end_line=last, kind=types.FoldingRangeKind.Region)
            for first, last in folding_lines(snapshot[1].model)]


def definition(ls: AgentLanguageServer, params: types.DefinitionParams) -> list[types.Location]:
    target = _reference(ls, params.text_document.uri, params.position)
    if target is None:
        return []
    codec = ls.workspace.position_codec
    return [to_location(codec, place) for place in definitions(ls.index.current, *target)]


async def references(ls: AgentLanguageServer, params: types.ReferenceParams) -> list[types.Location]:
    target = _reference(ls, params.text_document.uri, params.position)
    if target is None:
        return []
    include = params.context.include_declaration
    chunks = await search(ls, ls.index.summaries(), partial(uses, kind=target[0], name=target[1],
                                                            include_declaration=include),
                          "agent-lsp: finding references", params.work_done_token)
    places = [place for chunk in chunks for place in chunk]
    if include and target[0] == "skill":
        places += definitions(ls.index.current, *target)
    codec = ls.workspace.position_codec
    return [to_location(codec, place) for place in places]


async def workspace_symbol(ls: AgentLanguageServer, params: types.WorkspaceSymbolParams
                           ) -> list[types.WorkspaceSymbol]:
    chunks = await search(ls, ls.index.summaries(), partial(workspace_symbols, query=params.query),
                          "agent-lsp: workspace symbols", params.work_done_token)
    codec = ls.workspace.position_codec
    return [types.WorkspaceSymbol(name=name, kind=_CONTAINER_KINDS[container], container_name=container,
                                  location=to_location(codec, place))
            for chunk in chunks for name, container, place in chunk]


def prepare_rename(ls: AgentLanguageServer, params: types.PrepareRenameParams
                   ) -> types.PrepareRenamePlaceholder | None:
    found = _rename_target(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    document, analysis, target = found
    return types.PrepareRenamePlaceholder(range=PositionMapper(document, analysis.model).offsets(target.start, target.end),
                                          placeholder=target.name)


async def rename(ls: AgentLanguageServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
    found = _rename_target(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    target = found[2]
    plan = await _rename_plan(ls, plan_rename, target.kind, target.name, params.new_name, params.work_done_token)
    _refuse_if(plan.refusal or _move_problem(ls, plan))
    return _workspace_edit(ls, plan, target.name)


async def will_rename_files(ls: AgentLanguageServer, params: types.RenameFilesParams) -> types.WorkspaceEdit | None:
    plans = []
    for file in params.files:
        old, new = ls.path_of(file.old_uri), ls.path_of(file.new_uri)
        found = file_rename_target(ls.index.current, old, new) if old and new and ls.index.scanned else None
        if found is not None:
            plans.append(await _rename_plan(ls, plan_file_rename, *found, None))
    for plan in plans:
        if plan.refusal:
            ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=(
                f"agent-lsp: uses not updated: {plan.refusal}")))
    changes = tuple(change for plan in plans if not plan.refusal for change in plan.changes)
    return _workspace_edit(ls, RenamePlan(changes, skipped=sum(p.skipped for p in plans)), "") if changes else None


def document_color(ls: AgentLanguageServer, params: types.DocumentColorParams) -> list[types.ColorInformation]:
    snapshot = ls.snapshot(params.text_document.uri)
    found = colour_of(snapshot[1].model) if snapshot is not None else None
    if found is None:
        return []
    start, end, (red, green, blue) = found
    return [types.ColorInformation(range=PositionMapper(snapshot[0], snapshot[1].model).offsets(start, end),
                                   color=types.Color(red=red, green=green, blue=blue, alpha=1.0))]


def color_presentation(ls: AgentLanguageServer, params: types.ColorPresentationParams
                       ) -> list[types.ColorPresentation]:
    name = nearest_colour(params.color.red, params.color.green, params.color.blue)
    return [types.ColorPresentation(label=name, text_edit=types.TextEdit(range=params.range, new_text=name))]


def document_link(ls: AgentLanguageServer, params: types.DocumentLinkParams) -> list[types.DocumentLink]:
    snapshot = ls.snapshot(params.text_document.uri)
    if snapshot is None:
        return []
    document, analysis = snapshot
    links = find_links(analysis.model, ls.index.plugin_roots)
    # A guessed path (`docs/guide.md` in prose) is a link only when it names something: one stat each, here.
    guessed = existing_paths([link.path for link in links if link.path and not link.checked])
    mapper = PositionMapper(document, analysis.model)
    return [to_document_link(mapper, link, _link_tooltips(ls)) for link in links
            if link.kind is LinkKind.URL or (link.path is not None and (link.checked or link.path in guessed))]


def inlay_hint(ls: AgentLanguageServer, params: types.InlayHintParams) -> list[types.InlayHint]:
    snapshot = ls.snapshot(params.text_document.uri)
    if snapshot is None:
        return []
    document, analysis = snapshot
    start, end = (document.offset_at_client_position(p) for p in (params.range.start, params.range.end))
    mapper = PositionMapper(document, analysis.model)
    return [to_inlay_hint(mapper, hint) for hint in inlay_hints(analysis.model, analysis.findings)
            if start <= hint.offset <= end]


def formatting(ls: AgentLanguageServer, params: types.DocumentFormattingParams) -> list[types.TextEdit]:
    snapshot = ls.snapshot(params.text_document.uri)
    if snapshot is None:
        return []
    document, analysis = snapshot
    edit = format_edit(analysis, Context(config=ls.settings.config))  # lossless for Claude Code: core/formatting.py
    if edit is None:
        return []
    span = PositionMapper(document, analysis.model).offsets(edit.start_offset, edit.end_offset)
    return [types.TextEdit(range=span, new_text=edit.new_text)]


_RENAMED = [("**/skills/*", types.FileOperationPatternKind.Folder),
            ("**/agents/**/*.md", types.FileOperationPatternKind.File),
            ("**/commands/**/*.md", types.FileOperationPatternKind.File)]
"""What `workspace/willRenameFiles` asks about: skill folders, agent and command files."""

_CONTAINER_KINDS = {"agent": types.SymbolKind.Class, "command": types.SymbolKind.Function,
                    "skill": types.SymbolKind.Module}

HANDLERS = [
    (types.INITIALIZE, None, initialize),
    (types.INITIALIZED, None, initialized),
    (types.WORKSPACE_DID_CHANGE_CONFIGURATION, None, did_change_configuration),
    (types.TEXT_DOCUMENT_DID_OPEN, None, did_open),
    (types.TEXT_DOCUMENT_DID_CHANGE, None, did_change),
    (types.TEXT_DOCUMENT_DID_SAVE, None, did_save),
    (types.TEXT_DOCUMENT_DID_CLOSE, None, did_close),
    (types.WORKSPACE_DID_CHANGE_WATCHED_FILES, None, did_change_watched_files),
    (types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(
        identifier="agent-lsp", inter_file_dependencies=True, workspace_diagnostics=False), document_diagnostic),
    (types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=_TRIGGERS, resolve_provider=False),
     completion),
    (types.TEXT_DOCUMENT_HOVER, None, hover),
    (types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]), code_action),
    (types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False), code_lens),
    (types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, None, document_symbol),
    (types.TEXT_DOCUMENT_FOLDING_RANGE, None, folding_range),
    (types.TEXT_DOCUMENT_DEFINITION, None, definition),
    (types.TEXT_DOCUMENT_REFERENCES, None, references),
    (types.WORKSPACE_SYMBOL, None, workspace_symbol),
    (types.TEXT_DOCUMENT_PREPARE_RENAME, None, prepare_rename),
    (types.TEXT_DOCUMENT_RENAME, None, rename),
    (types.WORKSPACE_WILL_RENAME_FILES, types.FileOperationRegistrationOptions(filters=[
        types.FileOperationFilter(pattern=types.FileOperationPattern(glob=glob, matches=kind))
        for glob, kind in _RENAMED]), will_rename_files),
    (types.TEXT_DOCUMENT_DOCUMENT_COLOR, None, document_color),
    (types.TEXT_DOCUMENT_COLOR_PRESENTATION, None, color_presentation),
    (types.TEXT_DOCUMENT_DOCUMENT_LINK, types.DocumentLinkOptions(resolve_provider=False), document_link),
    (types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False), inlay_hint),
    (types.TEXT_DOCUMENT_FORMATTING, None, formatting),
]
"""(method, options, handler) of every LSP method the server answers."""

WHO_LOADS_COMMAND = "agent-lsp.whoLoads"
SHOW_REFERENCES_COMMAND = "agent-lsp.showReferences"
"""Arguments as VS Code's `editor.action.showReferences` takes them: [uri, position, locations] (in JSON)."""
COMMANDS = [(WHO_LOADS_COMMAND, who_loads_command), (SHOW_REFERENCES_COMMAND, show_references_command)]
"""(name, handler) of every `workspace/executeCommand` command (advertised in executeCommandProvider)."""


# ---------------------------------------------------------------------- helpers

def _link_tooltips(ls: AgentLanguageServer) -> bool:
    caps = ls.client_capabilities.text_document
    return bool(caps and caps.document_link and caps.document_link.tooltip_support)


def _wants(params: types.CodeActionParams, kind: str) -> bool:
    only = params.context.only
    return not only or any(kind.startswith(o) for o in only)


def _fix_all(document, mapper: PositionMapper, findings) -> list[types.CodeAction]:
    fixed, count = apply_fixes(document.source, findings)
    if not count:
        return []
    edit = types.TextEdit(range=mapper.offsets(0, len(document.source)), new_text=fixed)
    return [types.CodeAction(title=fix_all_title(count), kind=types.CodeActionKind.SourceFixAll,
                             edit=types.WorkspaceEdit(changes={document.uri: [edit]}))]


async def _pull_configuration(ls: AgentLanguageServer) -> None:
    caps = ls.client_capabilities.workspace
    if not (caps and caps.configuration):
        return
    try:
        result = await ls.workspace_configuration_async(types.ConfigurationParams(
            items=[types.ConfigurationItem(section=SETTINGS_SECTION)]))
    except Exception as error:  # noqa: BLE001 - a client may not answer; defaults stay
        log.warning("workspace/configuration failed: %s", error)
        return
    raw = result[0] if result else None
    options, problems = options_layer(raw, "workspace/configuration")
    if options is not None and _has_values(raw):
        await _apply_editor_settings(ls, options, problems)


def _reload_project_settings(ls: AgentLanguageServer) -> None:
    """`.agent-lsp.toml` or pyproject.toml changed on disk: read the project layer again and revalidate."""
    old = ls.settings.config
    project, problems = project_options(ls.workspace_roots())
    ls.settings.project = project
    _settings_changed(ls, old, problems + ls.settings.recompute())


async def _apply_editor_settings(ls: AgentLanguageServer, options, problems: list[str]) -> None:
    old = ls.settings.config
    ls.settings.editor = options
    _settings_changed(ls, old, problems + ls.settings.recompute())


def _settings_changed(ls: AgentLanguageServer, old, problems: list[str]) -> None:
    ls.show_problems(problems)
    logging.getLogger("agent_lsp").setLevel(ls.settings.config.log_level.upper())
    new = ls.settings.config
    if (old.claude_config_dir, old.extra_skill_directories) != (new.claude_config_dir, new.extra_skill_directories):
        ls.start_scan()
    ls.revalidate_open_documents()


def _has_values(raw) -> bool:
    raw = unwrap_settings(raw)
    return isinstance(raw, dict) and bool(raw)


def _register_watchers(ls: AgentLanguageServer) -> None:
    caps = ls.client_capabilities.workspace
    watched = caps.did_change_watched_files if caps else None
    if not (watched and watched.dynamic_registration):
        return
    watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in _WATCHED]
    # Any file created or deleted may be a link's target (LK001, document links); edits to it do not matter.
    watchers.append(types.FileSystemWatcher(glob_pattern="**/*", kind=types.WatchKind.Create | types.WatchKind.Delete))
    registration = types.Registration(id="agent-lsp-watchers", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                      register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))
    ls.client_register_capability(types.RegistrationParams(registrations=[registration]))


def _reference(ls: AgentLanguageServer, uri: str, position: types.Position) -> tuple[str, str] | None:
    snapshot = ls.snapshot(uri)
    if snapshot is None:
        return None
    document, analysis = snapshot
    found = reference_at(analysis.model, document.offset_at_client_position(position))
    if found is None or found[0] == "tool":
        return None
    return found[0], found[1]


async def _skill_lens(ls: AgentLanguageServer, model) -> Lens | None:
    """A skill's or command's "used by" lens, once the workspace is indexed (before, every count would be 0)."""
    names = skill_names(model, ls.index.current)
    if not names or not ls.index.scanned:
        return None
    chunks = await search(ls, ls.index.summaries(), partial(skill_users, names=names, path=model.document.path), None)
    return skill_lens(model, sum(chunks, SkillUsers()))


def _who_loads_lens(mapper: PositionMapper, uri: str, start: int, end: int, title: str) -> types.CodeLens:
    command = types.Command(title=title, command=WHO_LOADS_COMMAND, arguments=[uri])
    return types.CodeLens(range=mapper.offsets(start, end), command=command)


def _to_code_lens(ls: AgentLanguageServer, mapper: PositionMapper, uri: str, lens: Lens) -> types.CodeLens:
    span = mapper.offsets(lens.start, lens.end)
    if not lens.places:  # it only informs: VS Code shows a lens without a command id as plain text
        return types.CodeLens(range=span, command=types.Command(title=lens.title, command=""))
    codec = ls.workspace.position_codec
    locations = [to_location(codec, place) for place in lens.places]
    return types.CodeLens(range=span, command=types.Command(title=lens.title, command=SHOW_REFERENCES_COMMAND,
                                                            arguments=[uri, span.start, locations]))


def _shown_path(ls: AgentLanguageServer, uri: str) -> str:
    path = ls.path_of(uri)
    if path is None:
        return uri
    for root in ls.workspace_roots():
        if Path(path).is_relative_to(root):
            return Path(path).relative_to(root).as_posix()
    return path


def _rename_target(ls: AgentLanguageServer, uri: str, position: types.Position
                   ) -> tuple[TextDocument, Analysis, Target] | None:
    """(document, analysis, target) of what a rename at `position` renames, None when nothing is there; raises
    Refused when it cannot be renamed (built in, in a plugin, the index not ready...)."""
    snapshot = ls.snapshot(uri)
    if snapshot is None:
        return None
    document, analysis = snapshot
    target = rename_target(analysis.model, document.offset_at_client_position(position))
    if target is None:
        return None
    _refuse_if(_target_problem(ls, target.kind, target.name))
    return document, analysis, target


def _refuse_if(problem: str | None) -> None:
    if problem:
        raise Refused(problem)


def _target_problem(ls: AgentLanguageServer, kind: str, name: str) -> str | None:
    if not ls.index.scanned:
        return "The workspace is still being indexed; rename in a moment."
    if moves_files(ls.index.current, kind, name) and not ls.rename_files:
        return (f"Renaming `{name}` renames its file or folder (a skill is named by its folder, a command by its file), "
                "and this editor does not accept file renames from a language server (it lacks "
                "workspace.workspaceEdit.documentChanges with resourceOperations `rename`).")
    return target_problem(ls.index.current, kind, name)


async def _rename_plan(ls: AgentLanguageServer, plan, kind: str, old: str, new: str, token) -> RenamePlan:
    """Find the uses off the loop (cancellable, with progress when large), then plan (`plan_rename` or
    `plan_file_rename`)."""
    chunks = await search(ls, ls.fresh_summaries(), partial(reference_changes, kind=kind, old=old, new=new),
                          "agent-lsp: renaming", token)
    changes = [change for found, _skipped in chunks for change in found]
    return plan(ls.index.current, kind, old, new, changes, sum(skipped for _found, skipped in chunks))


def _move_problem(ls: AgentLanguageServer, plan: RenamePlan) -> str | None:
    taken = [move.new for move in plan.moves if os.path.lexists(move.new)]
    return f"`{taken[0]}` already exists." if taken else None


def _workspace_edit(ls: AgentLanguageServer, plan: RenamePlan, name: str) -> types.WorkspaceEdit:
    if plan.skipped:
        ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=(
            f"agent-lsp: {plan.skipped} use{'s' if plan.skipped > 1 else ''} {name and f'of `{name}` '}left "
            "unchanged: written over several lines or escaped, not as the plain name.")))
    return to_workspace_edit(ls.workspace.position_codec, plan, ls.version_of, ls.document_changes)
