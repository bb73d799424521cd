"""Every LSP method the server answers. Each handler: take a snapshot, call the core, convert, return."""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path

from lsprotocol import types

from agent_lsp.core.catalogue import COLOURS
from agent_lsp.core.completion import complete
from agent_lsp.core.findings import Applicability
from agent_lsp.core.fixes import apply_fixes
from agent_lsp.core.hover import hover as core_hover
from agent_lsp.core.navigation import reference_at
from agent_lsp.core.outline import example_blocks, flat_sections, sections
from agent_lsp.core.yaml_frontmatter import show_yaml
from agent_lsp.server import documents
from agent_lsp.server.convert import PositionMapper, foreign_range, to_completion_item, to_text_edits
from agent_lsp.server.server import AgentLanguageServer, uri_for
from agent_lsp.server.state import options_layer, project_options

log = logging.getLogger("agent_lsp")

_TRIGGERS = [":", " ", ",", "(", "-", "["]


def create_server() -> AgentLanguageServer:
    server = AgentLanguageServer()
    _register(server)
    return server


def _register(server: AgentLanguageServer) -> None:  # noqa: C901 - a flat list of small handlers
    @server.feature(types.INITIALIZE)
    def initialize(ls: AgentLanguageServer, params: types.InitializeParams) -> None:
        documents.install(ls.workspace)
        ls.loop_thread = threading.get_ident()
        ls._loop_ref = asyncio.get_event_loop()
        caps = params.capabilities
        text_caps = caps.text_document
        ls.pull_diagnostics = bool(text_caps and text_caps.diagnostic)
        completion = text_caps.completion if text_caps else None
        item = completion.completion_item if completion else None
        ls.snippets = bool(item and item.snippet_support)
        ls.label_details = bool(item and item.label_details_support)
        diagnostics_ws = caps.workspace.diagnostics if caps.workspace else None
        ls.refresh_support = bool(diagnostics_ws and diagnostics_ws.refresh_support)
        options, problems = options_layer(params.initialization_options, "initializationOptions")
        ls.settings.init = options
        project, project_problems = project_options(ls.workspace_roots())
        ls.settings.project = project
        ls.settings.problems = problems + project_problems + ls.settings.recompute()
        logging.getLogger("agent_lsp").setLevel(ls.settings.config.log_level.upper())

    @server.feature(types.INITIALIZED)
    async def initialized(ls: AgentLanguageServer, params: types.InitializedParams) -> None:
        ls.show_problems(ls.settings.problems)
        _register_watchers(ls)
        ls.start_scan()
        ls.warm_up_when_idle()
        await _pull_configuration(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: AgentLanguageServer, params: types.DidChangeConfigurationParams) -> None:
        settings = options_layer(params.settings, "didChangeConfiguration") if params.settings else (None, [])
        if settings[0] is not None and _has_values(params.settings):
            await _apply_editor_settings(ls, settings[0], settings[1])
        else:
            await _pull_configuration(ls)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: AgentLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule_publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: AgentLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        # Only the analysis (off the loop) re-indexes the buffer: typing stays cheap here.
        ls.schedule_publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: AgentLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule_publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: AgentLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = ls.path_of(uri)
        ls.clear(uri)
        if path and ls.index.close_buffer(path):
            ls.revalidate_open_documents()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: AgentLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        paths = [path for event in params.changes if (path := ls.path_of(event.uri))]
        if any(Path(path).name in _PROJECT_SETTINGS_FILES for path in paths):
            _reload_project_settings(ls)  # revalidates every open document
        # Re-read off the loop, for what each path is now (the event's kind may be stale already).
        ls.note_file_events([path for path in paths if Path(path).name not in _PROJECT_SETTINGS_FILES])

    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC,
                    types.DiagnosticOptions(identifier="agent-lsp", inter_file_dependencies=True,
                                            workspace_diagnostics=False))
    def document_diagnostic(ls: AgentLanguageServer, params: types.DocumentDiagnosticParams):
        document = ls.document(params.text_document.uri)
        if document is None:
            return types.FullDocumentDiagnosticReport(items=[])
        items = ls.diagnostics(document)  # first: indexing this buffer may move the index generation
        # The text's hash too: a version number may come again with other text (str caches its hash).
        text_hash = hash(document.source) & 0xFFFFFFFFFFFF
        result_id = f"{document.version}:{text_hash:x}:{ls.index.generation}:{ls.settings.generation}"
        if params.previous_result_id == result_id:
            return types.UnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.FullDocumentDiagnosticReport(items=items, result_id=result_id)

    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=_TRIGGERS, resolve_provider=False))
    def completion(ls: AgentLanguageServer, params: types.CompletionParams) -> types.CompletionList:
        document = ls.document(params.text_document.uri)
        dialect = ls.dialect_of(params.text_document.uri) if document is not None else None
        if document is None or dialect is None:
            return types.CompletionList(is_incomplete=False, items=[])
        offset = document.offset_at_client_position(params.position)
        index = ls.index.index if ls.index.scanned else None
        candidates = complete(document.source, offset, dialect, index, ls.snippets, ls.path_of(document.uri))
        mapper = PositionMapper(document)
        return types.CompletionList(is_incomplete=False,
                                    items=[to_completion_item(mapper, c, ls.snippets, ls.label_details) for c in candidates])

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: AgentLanguageServer, params: types.HoverParams) -> types.Hover | None:
        snapshot = ls.snapshot(params.text_document.uri)
        if snapshot is None:
            return None
        document, analysis = snapshot
        offset = document.offset_at_client_position(params.position)
        info = core_hover(analysis.model, offset, ls.index.index, analysis.findings)
        if info is None:
            return None
        mapper = PositionMapper(document, analysis.model)
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=info.markdown),
                           range=mapper.offsets(info.start, info.end))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix,
                                                               types.CodeActionKind.SourceFixAll]))
    def code_action(ls: AgentLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        snapshot = ls.snapshot(params.text_document.uri)
        if snapshot is None:
            return []
        document, analysis = snapshot
        mapper = PositionMapper(document, analysis.model)
        only = params.context.only
        actions: list[types.CodeAction] = []
        wants = lambda kind: not only or any(kind.startswith(o) for o in only)  # noqa: E731
        if wants(types.CodeActionKind.QuickFix):
            start = document.offset_at_client_position(params.range.start)
            end = document.offset_at_client_position(params.range.end)
            diagnostics = {(d.code, d.range.start.line, d.range.start.character): d for d in params.context.diagnostics}
            for finding in analysis.findings:
                if finding.span.end_offset < start or finding.span.start_offset > end:
                    continue
                key = (finding.code, mapper.position(finding.span.start).line,
                       mapper.position(finding.span.start).character)
                safe_seen = False
                for fix in finding.fixes:
                    preferred = fix.applicability is Applicability.SAFE and not safe_seen
                    safe_seen = safe_seen or preferred
                    title = fix.title if fix.applicability is Applicability.SAFE else f"{fix.title} (unsafe)"
                    actions.append(types.CodeAction(
                        title=title, kind=types.CodeActionKind.QuickFix, is_preferred=preferred,
                        diagnostics=[diagnostics[key]] if key in diagnostics else None,
                        edit=types.WorkspaceEdit(changes={document.uri: to_text_edits(mapper, fix)})))
        if wants(types.CodeActionKind.SourceFixAll):
            fixed, count = apply_fixes(document.source, analysis.findings)
            if count:
                whole = mapper.offsets(0, len(document.source))
                actions.append(types.CodeAction(
                    title=f"Fix all safe problems in this file ({count})", kind=types.CodeActionKind.SourceFixAll,
                    edit=types.WorkspaceEdit(changes={document.uri: [types.TextEdit(range=whole, new_text=fixed)]})))
        return actions

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(ls: AgentLanguageServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        snapshot = ls.snapshot(params.text_document.uri)
        if snapshot is None:
            return []
        document, analysis = snapshot
        # Editors ask again after every change and on focus; the outline of one analysis never changes.
        cached = ls.symbol_cache.get(document.uri)
        if cached is not None and cached[0] is analysis:
            return cached[1]
        model = analysis.model
        mapper = PositionMapper(document, model)
        symbols: list[types.DocumentSymbol] = []
        if model.split.frontmatter is not None:
            span = model.frontmatter_span()
            keys = [types.DocumentSymbol(
                name=entry.key, detail=_short(entry.value), kind=types.SymbolKind.Property,
                range=mapper.offsets(entry.key_start, max(entry.value_end, entry.key_end)),
                selection_range=mapper.offsets(entry.key_start, entry.key_end)) for entry in model.entries]
            symbols.append(types.DocumentSymbol(name="frontmatter", kind=types.SymbolKind.Namespace,
                                                range=mapper.range(span), selection_range=mapper.range(model.opening_span()),
                                                children=keys))

        def convert(items):
            return [types.DocumentSymbol(
                name=" ".join(s.heading.title.split()) or "(untitled)", detail="#" * s.heading.level, kind=types.SymbolKind.String,
                range=mapper.offsets(s.heading.start, max(s.heading.title_end, s.end)),
                selection_range=mapper.offsets(s.heading.title_start, s.heading.title_end),
                children=convert(s.children)) for s in items]

        symbols.extend(convert(sections(model)))
        ls.symbol_cache[document.uri] = (analysis, symbols)
        return symbols

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    def folding_range(ls: AgentLanguageServer, params: types.FoldingRangeParams) -> list[types.FoldingRange]:
        snapshot = ls.snapshot(params.text_document.uri)
        if snapshot is None:
            return []
        document, analysis = snapshot
        model = analysis.model
        ranges: list[types.FoldingRange] = []
        if model.split.frontmatter is not None:
            span = model.frontmatter_span()
            if span.end.line > span.start.line:
                ranges.append(types.FoldingRange(start_line=span.start.line, end_line=span.end.line,
                                                 kind=types.FoldingRangeKind.Region))
        last_line = model.lines.position(len(model.text)).line
        for section in flat_sections(model):
            end_line = model.lines.position(max(section.heading.start, section.end - 1)).line
            end_line = min(end_line, last_line)
            if end_line > section.heading.line:
                ranges.append(types.FoldingRange(start_line=section.heading.line, end_line=end_line,
                                                 kind=types.FoldingRangeKind.Region))
        for start, end in example_blocks(model):
            first, last = model.lines.position(start).line, model.lines.position(end).line
            if last > first:
                ranges.append(types.FoldingRange(start_line=first, end_line=last, kind=types.FoldingRangeKind.Region))
        return ranges

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: AgentLanguageServer, params: types.DefinitionParams) -> list[types.Location]:
        target = _reference(ls, params.text_document.uri, params.position)
        if target is None:
            return []
        kind, name = target
        return _definitions(ls, kind, name)

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(ls: AgentLanguageServer, params: types.ReferenceParams) -> list[types.Location]:
        target = _reference(ls, params.text_document.uri, params.position)
        if target is None:
            return []
        kind, name = target
        codec = ls.workspace.position_codec
        locations = []
        for summary in ls.index.summaries():
            for ref_kind, ref_name, start, end, line_text in summary.references:
                if ref_kind == kind and ref_name == name:
                    if kind == "agent" and summary.agent is not None and summary.agent.name == name \
                            and not params.context.include_declaration and start == summary.agent.name_position:
                        continue
                    locations.append(types.Location(uri=uri_for(summary.path),
                                                    range=foreign_range(codec, start, end, line_text)))
        if params.context.include_declaration and kind == "skill":
            locations.extend(_definitions(ls, kind, name))
        return locations

    @server.feature(types.WORKSPACE_SYMBOL)
    def workspace_symbol(ls: AgentLanguageServer, params: types.WorkspaceSymbolParams) -> list[types.WorkspaceSymbol]:
        query = params.query.lower()
        codec = ls.workspace.position_codec
        found: list[types.WorkspaceSymbol] = []
        for summary in ls.index.summaries():
            if summary.agent is not None and query in summary.agent.name.lower():
                position = summary.agent.name_position or _origin()
                end = summary.agent.name_end or position
                found.append(types.WorkspaceSymbol(name=summary.agent.name, kind=types.SymbolKind.Class,
                                                   container_name="agent", location=types.Location(
                                                       uri=uri_for(summary.path),
                                                       range=foreign_range(codec, position, end, summary.agent.name_line))))
            if summary.skill is not None and query in summary.skill.name.lower():
                kind = types.SymbolKind.Function if summary.skill.source == "command" else types.SymbolKind.Module
                container = "command" if summary.skill.source == "command" else "skill"
                found.append(types.WorkspaceSymbol(name=summary.skill.name, kind=kind, container_name=container,
                                                   location=types.Location(uri=uri_for(summary.path),
                                                                           range=_range(_origin(), _origin()))))
        return found

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_COLOR)
    def document_color(ls: AgentLanguageServer, params: types.DocumentColorParams) -> list[types.ColorInformation]:
        snapshot = ls.snapshot(params.text_document.uri)
        if snapshot is None:
            return []
        document, analysis = snapshot
        entry = analysis.model.entry("color")
        if entry is None or not isinstance(entry.value, str):
            return []
        for colour in COLOURS:
            if colour.value == entry.value and colour.colour:
                mapper = PositionMapper(document, analysis.model)
                return [types.ColorInformation(range=mapper.offsets(entry.value_start, entry.value_end),
                                               color=_rgb(colour.colour))]
        return []

    @server.feature(types.TEXT_DOCUMENT_COLOR_PRESENTATION)
    def color_presentation(ls: AgentLanguageServer, params: types.ColorPresentationParams):
        nearest = min(COLOURS, key=lambda c: _distance(_rgb(c.colour or "#000000"), params.color))
        return [types.ColorPresentation(label=nearest.value, text_edit=types.TextEdit(range=params.range,
                                                                                      new_text=nearest.value))]


async def _pull_configuration(ls: AgentLanguageServer) -> None:
    caps = ls.client_capabilities.workspace
    if not (caps and caps.configuration):
        return
    try:
        result = await ls.workspace_configuration_async(types.ConfigurationParams(
            items=[types.ConfigurationItem(section="agentLsp")]))
    except Exception as error:  # noqa: BLE001 - a client may not answer; defaults stay
        log.warning("workspace/configuration failed: %s", error)
        return
    raw = result[0] if result else None
    options, problems = options_layer(raw, "workspace/configuration")
    if options is not None and _has_values(raw):
        await _apply_editor_settings(ls, options, problems)


_PROJECT_SETTINGS_FILES = (".agent-lsp.toml", "pyproject.toml")


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
    from agent_lsp.server.state import unwrap_settings

    raw = unwrap_settings(raw)
    return isinstance(raw, dict) and bool(raw)


def _register_watchers(ls: AgentLanguageServer) -> None:
    caps = ls.client_capabilities.workspace
    watched = caps.did_change_watched_files if caps else None
    if not (watched and watched.dynamic_registration):
        return
    watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in
                ("**/*.md", "**/.mcp.json", "**/.claude-plugin/plugin.json", "**/.agent-lsp.toml",
                 "**/pyproject.toml")]
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


def _definitions(ls: AgentLanguageServer, kind: str, name: str) -> list[types.Location]:
    index = ls.index.index
    if kind == "skill":
        infos = index.skill(name) or (index.skill(name.split(":", 1)[1]) if ":" in name else ())
        return [types.Location(uri=uri_for(info.path), range=_range(_origin(), _origin()))
                for info in infos if info.path]
    codec = ls.workspace.position_codec
    return [types.Location(uri=uri_for(info.path), range=foreign_range(
        codec, info.name_position or _origin(), info.name_end or info.name_position or _origin(), info.name_line))
        for info in index.agent(name)]


def _origin():
    from agent_lsp.core.text import Position

    return Position(0, 0)


def _range(start, end) -> types.Range:
    return types.Range(start=types.Position(line=start.line, character=start.column),
                       end=types.Position(line=end.line, character=end.column))


def _short(value) -> str:
    text = value if isinstance(value, str) else "" if value is None else show_yaml(value, 200)
    text = text.replace("\n", " ")
    return text if len(text) <= 60 else text[:59] + "…"


def _rgb(hex_colour: str) -> types.Color:
    value = hex_colour.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return types.Color(red=red, green=green, blue=blue, alpha=1.0)


def _distance(a: types.Color, b: types.Color) -> float:
    # The client's components clamped into [0, 1] (NaN counts as 0): 1e308 squared overflows.
    return sum((x - min(max(y, 0.0), 1.0) if y == y else x) ** 2
               for x, y in ((a.red, b.red), (a.green, b.green), (a.blue, b.blue)))
