/**
 * Construction of the LanguageClient that talks to `agent_lsp serve` on stdio.
 */

import * as vscode from 'vscode';
import {
    DidChangeConfigurationNotification,
    LanguageClient,
    type LanguageClientOptions,
    type Middleware,
    RevealOutputChannelOn,
    type ServerOptions,
} from 'vscode-languageclient/node';

import { type ServerLaunch, toExecutable } from './command';
import { SHOW_REFERENCES_COMMAND, VSCODE_SHOW_REFERENCES, showReferencesArguments } from './references';
import { DOCUMENT_PATTERNS, documentFilters } from './selectors';
import { SECTION, type ServerSettings, type Vars, normalizeServerSection } from './settings';

export const CLIENT_ID = SECTION; // the client reads `${CLIENT_ID}.trace.server` itself
export const CLIENT_NAME = 'Agent LSP';

export interface ClientParams {
    launch: ServerLaunch;
    /** Resolved server settings, sent as initializationOptions and on configuration changes. */
    serverSettings: () => ServerSettings;
    /** Variables for `${workspaceFolder}` etc. for a configuration request's scope. */
    varsFor: (scope: vscode.Uri | undefined) => Vars;
    outputChannel: vscode.LogOutputChannel;
    cwd: string | undefined;
}

export interface CreatedClient {
    client: LanguageClient;
    /** File watchers owned by this client; dispose them when the client is gone. */
    disposables: vscode.Disposable[];
}

export function createLanguageClient(params: ClientParams): CreatedClient {
    const { launch, outputChannel } = params;

    const serverOptions: ServerOptions = toExecutable(launch, params.cwd, process.env);

    // Assigned right after construction; the middleware below only runs once the client is running.
    let client: LanguageClient | undefined;

    const middleware: Middleware = {
        // The skill lens' "used by" command: VS Code's own references view rather than the server's message.
        executeCommand: async (command, args, next) => {
            const converted = command === SHOW_REFERENCES_COMMAND && client
                ? showReferencesArguments(args, client.protocol2CodeConverter)
                : undefined;
            return converted ? vscode.commands.executeCommand(VSCODE_SHOW_REFERENCES, ...converted) : next(command, args);
        },
        workspace: {
            // The default handler reads `workspace.getConfiguration(section, scopeUri)`;
            // we only normalise the `agentLsp` section into the server settings shape
            // (validated, variables expanded, launch-only keys dropped).
            configuration: async (requestParams, token, next) => {
                const result = await next(requestParams, token);
                if (!Array.isArray(result)) {
                    return result;
                }
                return result.map((value: unknown, index: number) => {
                    const item = requestParams.items[index];
                    if (item?.section !== SECTION) {
                        return value;
                    }
                    const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
                    const { server, problems } = normalizeServerSection(value, params.varsFor(scope));
                    for (const problem of problems) {
                        outputChannel.debug(problem.message);
                    }
                    return server;
                });
            },
            // Push the same normalised settings the server got at initialize.
            didChangeConfiguration: async (sections, next) => {
                if (client && sections?.length === 1 && sections[0] === SECTION) {
                    await client.sendNotification(DidChangeConfigurationNotification.type, {
                        settings: { [SECTION]: params.serverSettings() },
                    });
                    return;
                }
                await next(sections);
            },
        },
    };

    const clientOptions: LanguageClientOptions = {
        // Only agent markdown: a README.md elsewhere is never sent.
        documentSelector: documentFilters(),
        synchronize: {
            configurationSection: SECTION,
            // No fileEvents: the server registers the file watchers it needs itself (one list, the server's).
        },
        initializationOptions: params.serverSettings(),
        outputChannel,
        traceOutputChannel: outputChannel,
        revealOutputChannelOn: RevealOutputChannelOn.Never,
        diagnosticCollectionName: 'agent-lsp',
        middleware,
        initializationFailedHandler: (error) => {
            outputChannel.error(`The server failed to initialize: ${error instanceof Error ? error.message : String(error)}`);
            return false;
        },
    };

    client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    outputChannel.debug(`Documents sent to the server: markdown files matching ${DOCUMENT_PATTERNS.join(', ')}`);
    return { client, disposables: [] };
}
