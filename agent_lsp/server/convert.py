"""Conversions between core values (code-point offsets) and LSP types (client position units)."""

from __future__ import annotations

import re
from typing import Any

from lsprotocol import types
from pygls.uris import from_fs_path
from pygls.workspace import TextDocument

from agent_lsp.core.code_actions import QuickFix
from agent_lsp.core.completion import Candidate
from agent_lsp.core.findings import Finding, Fix, Severity
from agent_lsp.core.inlay_hints import InlayHint
from agent_lsp.core.links import BASE_NAMES, Link, LinkKind
from agent_lsp.core.model import FileModel
from agent_lsp.core.references import Place
from agent_lsp.core.rename import RenamePlan
from agent_lsp.core.symbols import Symbol
from agent_lsp.core.text import LineIndex, Position, Span

SOURCE = "agent-lsp"
_SURROGATE = re.compile("[\ud800-\udfff]")
DOCS_URL = "https://github.com/agent-lsp/agent-lsp/blob/main/docs/rules.md#{anchor}"

_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning,
             Severity.INFORMATION: types.DiagnosticSeverity.Information, Severity.HINT: types.DiagnosticSeverity.Hint}


class PositionMapper:
    """Convert core positions of one text to the client's units (UTF-16, UTF-8 or UTF-32)."""

    def __init__(self, document: TextDocument, model: FileModel | None = None) -> None:
        self.codec = document.position_codec
        self.lines = model.lines if model is not None else LineIndex(document.source)

    def _line_text(self, line: int) -> str:
        return self.lines.line_text(line)

    def position(self, position: Position) -> types.Position:
        text = self._line_text(position.line)
        return types.Position(line=position.line, character=client_units(self.codec, text[: position.column]))

    def range(self, span: Span) -> types.Range:
        return types.Range(start=self.position(span.start), end=self.position(span.end))

    def offsets(self, start: int, end: int) -> types.Range:
        return self.range(self.lines.span(start, end))


def _encoding(codec) -> str:
    """The client's position encoding as "utf-8", "utf-16" or "utf-32" ("" for one pygls may add later)."""
    encoding = getattr(codec, "encoding", "utf-16")
    encoding = str(getattr(encoding, "value", encoding))  # a PositionEncodingKind, or a plain string
    return next((name for name in ("utf-8", "utf-16", "utf-32") if encoding.endswith(name)), "")


def client_units(codec, text: str) -> int:
    """Count `text` in the client's position units (pygls' codec decides which), at C speed."""
    if text.isascii():
        return len(text)
    encoding = _encoding(codec)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-16":
        return len(text.encode("utf-16-le", "surrogatepass")) // 2
    return codec.client_num_units(text)


def code_point_column(codec, line: str, units: int) -> int:
    """The code-point column of a client position `units` into `line` (without its break), at C speed.

    Like pygls: a column past the end clamps to the line's end, and one inside a character (half of a
    UTF-16 surrogate pair, part of a UTF-8 sequence) lands after that character.
    """
    if units <= 0:
        return 0
    prefix = line[:units]
    if prefix.isascii():
        return len(prefix)  # ASCII: one unit per character in every encoding
    encoding = _encoding(codec)
    if encoding == "utf-32":
        return len(prefix)
    if encoding == "utf-8":
        name, unit_bytes = "utf-8", 1
    elif encoding == "utf-16":
        name, unit_bytes = "utf-16-le", 2
    else:
        return _column_by_characters(codec, line, units)
    if _SURROGATE.search(line):
        # Lone surrogates (JSON allows them) would pair up when re-encoded: count them one by one.
        return _column_by_characters(codec, line, units)
    data = line.encode(name, "surrogatepass")
    budget = units * unit_bytes
    if budget >= len(data):
        return len(line)
    try:
        # A cut inside a surrogate pair decodes to a lone high surrogate: one more character, as wanted.
        return len(data[:budget].decode(name, "surrogatepass"))
    except UnicodeDecodeError as error:  # a cut inside a UTF-8 sequence: after that character
        return len(data[: error.start].decode(name, "surrogatepass")) + 1


def _column_by_characters(codec, line: str, units: int) -> int:
    counted = column = 0
    for char in line:
        if counted >= units:
            break
        counted += codec.impl.code_units_for_char(char)
        column += 1
    return column


def foreign_position(codec, position: Position, line_text: str | None) -> types.Position:
    """Convert a code-point position in another file, whose line text the index kept, to client units."""
    if line_text is None:
        return types.Position(line=position.line, character=position.column)
    return types.Position(line=position.line, character=client_units(codec, line_text[: position.column]))


def foreign_range(codec, start: Position, end: Position, line_text: str | None) -> types.Range:
    end_text = line_text if end.line == start.line else None
    return types.Range(start=foreign_position(codec, start, line_text), end=foreign_position(codec, end, end_text))


def to_diagnostic(mapper: PositionMapper, finding: Finding, codec=None) -> types.Diagnostic:
    tags = []
    if finding.unnecessary:
        tags.append(types.DiagnosticTag.Unnecessary)
    if finding.deprecated:
        tags.append(types.DiagnosticTag.Deprecated)
    related = None
    if finding.related:
        related = []
        for item in finding.related:
            if item.path is None or item.span is None:
                continue
            uri = from_fs_path(item.path) or item.path
            location = types.Location(uri=uri, range=foreign_range(codec or mapper.codec, item.span.start,
                                                                   item.span.end, item.line_text))
            related.append(types.DiagnosticRelatedInformation(location=location, message=item.message))
    from agent_lsp.core.rules import REGISTRY

    rule = REGISTRY[finding.code]
    return types.Diagnostic(
        range=mapper.range(finding.span),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=DOCS_URL.format(anchor=f"{finding.code.lower()}-{rule.name}")),
        source=SOURCE,
        tags=tags or None,
        related_information=related or None,
    )


def to_text_edits(mapper: PositionMapper, fix: Fix) -> list[types.TextEdit]:
    return [types.TextEdit(range=mapper.offsets(edit.start_offset, edit.end_offset), new_text=edit.new_text)
            for edit in fix.edits]


_COMPLETION_KIND = {"key": types.CompletionItemKind.Property, "value": types.CompletionItemKind.Value,
                    "enum": types.CompletionItemKind.EnumMember, "model": types.CompletionItemKind.Value,
                    "colour": types.CompletionItemKind.Color, "tool": types.CompletionItemKind.Function,
                    "skill": types.CompletionItemKind.Module, "agent": types.CompletionItemKind.Class,
                    "mcp": types.CompletionItemKind.Interface, "snippet": types.CompletionItemKind.Snippet}


def to_completion_item(mapper: PositionMapper, candidate: Candidate, snippets: bool,
                       label_details: bool = False) -> types.CompletionItem:
    use_snippet = candidate.snippet and snippets
    text = candidate.insert_text if use_snippet or not candidate.snippet else (
        candidate.plain_insert_text or candidate.label)
    documentation = candidate.documentation
    if candidate.kind == "colour" and candidate.colour:
        # VS Code paints a swatch when a Color item's documentation is a hex colour.
        documentation = candidate.colour
    return types.CompletionItem(
        label=candidate.label,
        kind=_COMPLETION_KIND.get(candidate.kind, types.CompletionItemKind.Text),
        detail=candidate.detail,
        documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value=documentation)
        if candidate.kind != "colour" else documentation,
        sort_text=candidate.sort_text,
        filter_text=candidate.label,
        insert_text_format=types.InsertTextFormat.Snippet if use_snippet else types.InsertTextFormat.PlainText,
        text_edit=types.TextEdit(range=mapper.offsets(candidate.replace_start, candidate.replace_end), new_text=text),
        tags=[types.CompletionItemTag.Deprecated] if candidate.deprecated else None,
        label_details=types.CompletionItemLabelDetails(description=candidate.detail) if label_details else None,
    )


def serialisation_samples() -> list[Any]:
    """One message of each kind the server sends, with every nested type it uses.

    cattrs writes (and compiles) the code that serialises a type the first time it meets one: 1-5 ms
    per type, which would land on the user's first completion, hover or diagnostics. Serialising these
    once, when the server is idle, moves that cost out of the way. Results are wrapped the way pygls
    answers a client's request: a JsonRPCResponseMessage whose result is typed at run time.
    """
    from pygls.protocol.json_rpc import JsonRPCResponseMessage

    uri = "file:///warm-up.md"
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=1))
    location = types.Location(uri=uri, range=whole)
    edit = types.TextEdit(range=whole, new_text="x")
    markup = types.MarkupContent(kind=types.MarkupKind.Markdown, value="x")
    diagnostic = types.Diagnostic(
        range=whole, message="x", severity=types.DiagnosticSeverity.Warning, code="FM001", source=SOURCE,
        code_description=types.CodeDescription(href="https://example.invalid"),
        tags=[types.DiagnosticTag.Unnecessary],
        related_information=[types.DiagnosticRelatedInformation(location=location, message="x")])
    symbol = types.DocumentSymbol(name="x", kind=types.SymbolKind.Key, range=whole, selection_range=whole,
                                  detail="x", children=[])
    item = types.CompletionItem(label="x", kind=types.CompletionItemKind.Value, detail="x", documentation=markup,
                                label_details=types.CompletionItemLabelDetails(detail="x", description="x"),
                                text_edit=edit, insert_text_format=types.InsertTextFormat.Snippet, sort_text="x",
                                filter_text="x", additional_text_edits=[edit])
    results: list[Any] = [
        types.CompletionList(is_incomplete=False, items=[item]),
        types.Hover(contents=markup, range=whole),
        [symbol],
        [types.CodeAction(title="x", kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic], is_preferred=True,
                          edit=types.WorkspaceEdit(changes={uri: [edit]}))],
        [types.FoldingRange(start_line=0, end_line=1, kind=types.FoldingRangeKind.Region)],
        [location],
        [types.WorkspaceSymbol(name="x", kind=types.SymbolKind.Class, location=location, container_name="x")],
        types.FullDocumentDiagnosticReport(items=[diagnostic], result_id="x"),
        types.UnchangedDocumentDiagnosticReport(result_id="x"),
        [types.ColorInformation(range=whole, color=types.Color(red=1.0, green=0.0, blue=0.0, alpha=1.0))],
        [types.ColorPresentation(label="red", text_edit=edit)],
        [types.DocumentLink(range=whole, target=uri, tooltip="x")],
        [types.InlayHint(position=whole.start, label="x", tooltip=markup, padding_left=True, padding_right=True)],
        [edit],
        [types.CodeLens(range=whole, command=types.Command(title="x", command="x", arguments=[uri]))],
        types.PrepareRenamePlaceholder(range=whole, placeholder="x"),
        types.WorkspaceEdit(document_changes=[
            types.TextDocumentEdit(text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=1),
                                   edits=[edit]),
            types.RenameFile(old_uri=uri, new_uri=uri, options=types.RenameFileOptions(overwrite=False,
                                                                                      ignore_if_exists=False))]),
    ]
    return [
        types.PublishDiagnosticsNotification(params=types.PublishDiagnosticsParams(
            uri=uri, version=1, diagnostics=[diagnostic])),
        *(JsonRPCResponseMessage(id=0, result=result, jsonrpc="2.0") for result in results),
        types.LogMessageNotification(params=types.LogMessageParams(type=types.MessageType.Info, message="x")),
    ]


_SYMBOL_KINDS = {"frontmatter": types.SymbolKind.Namespace, "key": types.SymbolKind.Property,
                 "heading": types.SymbolKind.String}


def to_document_symbol(mapper: PositionMapper, symbol: Symbol) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=symbol.name, detail=symbol.detail, kind=_SYMBOL_KINDS[symbol.kind],
        range=mapper.offsets(symbol.start, symbol.end),
        selection_range=mapper.offsets(symbol.selection_start, symbol.selection_end),
        children=[to_document_symbol(mapper, child) for child in symbol.children] if symbol.kind != "key" else None)


def to_location(codec, place: Place) -> types.Location:
    return types.Location(uri=from_fs_path(place.path) or place.path,
                          range=foreign_range(codec, place.start, place.end, place.line_text))


def to_quick_fix(mapper: PositionMapper, uri: str, offered: QuickFix, diagnostics: list[types.Diagnostic]):
    """A quick fix, linked to the client's diagnostic for the same finding (same code and start) when it sent one."""
    start = mapper.position(offered.finding.span.start)
    linked = [d for d in diagnostics if (d.code, d.range.start.line, d.range.start.character)
              == (offered.finding.code, start.line, start.character)][-1:]
    return types.CodeAction(title=offered.title, kind=types.CodeActionKind.QuickFix, is_preferred=offered.preferred,
                            diagnostics=linked or None,
                            edit=types.WorkspaceEdit(changes={uri: to_text_edits(mapper, offered.fix)}))


def to_document_link(mapper: PositionMapper, link: Link, tooltips: bool) -> types.DocumentLink:
    """A link to its URL or file; with a tooltip saying what the path is relative to, if the client shows them."""
    if link.kind is LinkKind.URL or link.path is None:
        return types.DocumentLink(range=mapper.offsets(link.start, link.end), target=link.target)
    tooltip = f"Open {link.target} (relative to {BASE_NAMES[link.kind]})" if tooltips else None
    return types.DocumentLink(range=mapper.offsets(link.start, link.end), target=from_fs_path(link.path),
                              tooltip=tooltip)


def to_inlay_hint(mapper: PositionMapper, hint: InlayHint) -> types.InlayHint:
    return types.InlayHint(position=mapper.position(mapper.lines.position(hint.offset)), label=hint.label,
                           tooltip=types.MarkupContent(kind=types.MarkupKind.Markdown, value=hint.tooltip),
                           padding_left=hint.padding_left or None, padding_right=hint.padding_right or None)


def to_workspace_edit(codec, plan: RenamePlan, version_of, document_changes: bool) -> types.WorkspaceEdit:
    """A rename as a WorkspaceEdit: versioned edits then file renames (`documentChanges`), or plain `changes`
    when the client takes nothing else (the caller refuses a plan with moves for such a client)."""
    grouped: dict[str, list[types.TextEdit]] = {}
    for change in plan.changes:
        grouped.setdefault(from_fs_path(change.path) or change.path, []).append(types.TextEdit(
            range=foreign_range(codec, change.start, change.end, change.line_text), new_text=change.new_text))
    if not document_changes:
        return types.WorkspaceEdit(changes=grouped)
    operations: list[Any] = [types.TextDocumentEdit(
        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version_of(uri)), edits=edits)
        for uri, edits in grouped.items()]
    # After the edits, which name the files by their old URIs.
    operations += [types.RenameFile(old_uri=from_fs_path(move.old) or move.old, new_uri=from_fs_path(move.new) or move.new,
                                    options=types.RenameFileOptions(overwrite=False, ignore_if_exists=False))
                   for move in plan.moves]
    return types.WorkspaceEdit(document_changes=operations)
