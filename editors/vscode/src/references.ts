/**
 * The "used by N agents" code lens on a skill: its command, `agent-lsp.showReferences`, carries
 * [uri, position, locations] in JSON, as VS Code's `editor.action.showReferences` takes them (but as
 * real Uri/Position/Location objects). The server also answers the command itself (a message listing the
 * uses, for editors without a client-side command); in VS Code the client middleware converts the
 * arguments here and opens the references view instead.
 */

import type { Location as LspLocation, Position as LspPosition } from 'vscode-languageclient/node';

export const SHOW_REFERENCES_COMMAND = 'agent-lsp.showReferences';
export const VSCODE_SHOW_REFERENCES = 'editor.action.showReferences';

/** The part of the client's protocol2CodeConverter used here. */
export interface ReferencesConverter<U, P, L> {
    asUri(value: string): U;
    asPosition(value: LspPosition): P;
    asLocation(value: LspLocation): L;
}

function isPosition(value: unknown): value is LspPosition {
    const p = value as LspPosition | null;
    return typeof p === 'object' && p !== null && Number.isInteger(p.line) && Number.isInteger(p.character);
}

function isLocation(value: unknown): value is LspLocation {
    const l = value as LspLocation | null;
    return typeof l === 'object' && l !== null && typeof l.uri === 'string' && typeof l.range === 'object'
        && l.range !== null && isPosition(l.range.start) && isPosition(l.range.end);
}

/**
 * `editor.action.showReferences`' arguments from the lens command's JSON ones, or undefined when they do
 * not have that shape (then the command goes to the server, which lists the uses in a message).
 */
export function showReferencesArguments<U, P, L>(args: unknown[], converter: ReferencesConverter<U, P, L>): [U, P, L[]] | undefined {
    const [uri, position, locations] = args;
    if (args.length !== 3 || typeof uri !== 'string' || !isPosition(position) || !Array.isArray(locations) || !locations.every(isLocation)) {
        return undefined;
    }
    return [converter.asUri(uri), converter.asPosition(position), locations.map((location) => converter.asLocation(location))];
}
