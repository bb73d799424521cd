/**
 * Agent LSP for VS Code: activation and wiring only. The logic lives in
 * settings.ts / command.ts (pure), check.ts, python.ts, server.ts and manager.ts.
 */

import * as vscode from 'vscode';

import { readBundle } from './bundle';
import { ServerManager } from './manager';
import { DOCUMENT_PATTERNS, documentFilters } from './selectors';
import { LAUNCH_KEYS, SECTION } from './settings';

let manager: ServerManager | undefined;

function isAgentDocument(document: vscode.TextDocument): boolean {
    return vscode.languages.match(documentFilters(), document) > 0;
}

/** Is there anything for the server to do in this window? */
async function workspaceHasAgentFiles(channel: vscode.LogOutputChannel): Promise<boolean> {
    if (vscode.workspace.textDocuments.some(isAgentDocument)) {
        return true;
    }
    if (!vscode.workspace.workspaceFolders?.length) {
        return false;
    }
    try {
        const found = await vscode.workspace.findFiles(`{${DOCUMENT_PATTERNS.join(',')}}`, '**/node_modules/**', 1);
        return found.length > 0;
    } catch (err) {
        channel.warn(`Could not search the workspace for agent files: ${String(err)}`);
        return true;
    }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const channel = vscode.window.createOutputChannel('Agent LSP', { log: true });
    context.subscriptions.push(channel);
    const version = (context.extension.packageJSON as { version?: string }).version ?? 'unknown';
    channel.info(`Agent LSP extension ${version} activated (VS Code ${vscode.version}, ${process.platform})`);

    // Platform-specific .vsix files carry the server (bundled/); the universal one does not.
    const bundle = readBundle(context.extensionPath);
    if (!bundle) {
        channel.info('No bundled server in this build: using the agent_lsp installed in your Python environment');
    }
    const mgr = new ServerManager(channel, bundle);
    manager = mgr;
    context.subscriptions.push({ dispose: () => void mgr.dispose() });

    context.subscriptions.push(
        vscode.commands.registerCommand('agentLsp.restart', () => mgr.restart('"Agent LSP: Restart Server" command')),
        vscode.commands.registerCommand('agentLsp.showOutput', () => channel.show()),
        vscode.workspace.onDidChangeConfiguration((event) => {
            const launchChanged = LAUNCH_KEYS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`));
            if (launchChanged) {
                channel.info('agentLsp.interpreter or agentLsp.serverCommand changed');
                mgr.scheduleRestart('launch settings changed');
            }
            // Other agentLsp.* settings reach the running server via workspace/didChangeConfiguration.
        }),
        vscode.workspace.onDidGrantWorkspaceTrust(() => mgr.onTrustGranted()),
    );

    // Not awaited: activation must not wait for the Python extension or the import check.
    void startWhenNeeded(context, mgr, channel);
}

async function startWhenNeeded(
    context: vscode.ExtensionContext,
    mgr: ServerManager,
    channel: vscode.LogOutputChannel,
): Promise<void> {
    if (await workspaceHasAgentFiles(channel)) {
        await mgr.start('agent files found in the workspace');
        return;
    }
    // Activated by a plain markdown file: wait until an agent file is opened.
    channel.info('No agent files found yet; the server starts when one is opened');
    const listener = vscode.workspace.onDidOpenTextDocument((document) => {
        if (isAgentDocument(document)) {
            listener.dispose();
            void mgr.start(`opened ${vscode.workspace.asRelativePath(document.uri)}`);
        }
    });
    context.subscriptions.push(listener);
}

export async function deactivate(): Promise<void> {
    const mgr = manager;
    manager = undefined;
    await mgr?.dispose();
}
