/**
 * Server lifecycle: resolve settings, choose the interpreter, check that
 * `agent_lsp` is importable, start/stop/restart the LanguageClient, and tell
 * the user (notification + output channel) whenever something goes wrong.
 */

import * as os from 'node:os';
import * as path from 'node:path';

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import type { Bundle } from './bundle';
import { type Attempt, checkAgentLspCommand, checkBundledServer, checkServerModule, type CheckReport, describeFailure, describeNoPython } from './check';
import {
    buildServerLaunch,
    bundledServerLaunch,
    describeSource,
    formatCommandLine,
    interpreterCandidates,
    PACKAGE_NAME,
    type ServerLaunch,
    wantsPythonExtension,
} from './command';
import { getPythonExtensionInterpreter, onDidChangePythonInterpreter } from './python';
import { createLanguageClient } from './server';
import { type InspectReader, type ResolvedSettings, SECTION, type ServerSettings, type Vars, resolveSettings } from './settings';

const RESTART_DEBOUNCE_MS = 300;
const STOP_TIMEOUT_MS = 2_000;

export const SHOW_OUTPUT = 'Show Output';
const COPY_INSTALL = 'Copy Install Command';
const OPEN_SETTINGS = 'Choose Interpreter';
const MANAGE_TRUST = 'Manage Workspace Trust';

export class ServerManager implements vscode.Disposable {
    private client: LanguageClient | undefined;
    private clientDisposables: vscode.Disposable[] = [];
    /** Serialises start/stop so overlapping restarts cannot race. */
    private queue: Promise<void> = Promise.resolve();
    private restartTimer: NodeJS.Timeout | undefined;
    private pythonWatcher: vscode.Disposable | undefined;
    private lastLaunch: ServerLaunch | undefined;
    /** The last start was limited by the lack of workspace trust. */
    private limitedByTrust = false;
    /** A start was requested (the server is wanted in this window). */
    private wanted = false;
    private readonly shownWarnings = new Set<string>();
    private disposed = false;

    constructor(
        private readonly channel: vscode.LogOutputChannel,
        /** The server shipped in a platform-specific .vsix; undefined for the universal one. */
        private readonly bundle?: Bundle,
    ) {}

    get isWanted(): boolean {
        return this.wanted;
    }

    /** Start the server if it is not already running. */
    start(reason: string): Promise<void> {
        this.wanted = true;
        return this.enqueue(async () => {
            if (this.client) {
                return;
            }
            await this.doStart(reason);
        });
    }

    restart(reason: string): Promise<void> {
        this.wanted = true;
        return this.enqueue(async () => {
            await this.doStop();
            await this.doStart(reason);
        });
    }

    /** Debounced restart, for bursts of settings changes. Does nothing until the server is wanted. */
    scheduleRestart(reason: string): void {
        if (!this.wanted || this.disposed) {
            return;
        }
        clearTimeout(this.restartTimer);
        this.restartTimer = setTimeout(() => {
            void this.restart(reason);
        }, RESTART_DEBOUNCE_MS);
    }

    /** Called when the workspace becomes trusted: restart only if trust limited the last start. */
    onTrustGranted(): void {
        this.channel.info('Workspace trust granted');
        if (this.limitedByTrust) {
            this.scheduleRestart('workspace trust granted');
        }
    }

    onPythonInterpreterChanged(): void {
        if (this.lastLaunch?.source === 'pythonExtension') {
            this.scheduleRestart('the Python extension interpreter changed');
        }
    }

    stop(): Promise<void> {
        return this.enqueue(() => this.doStop());
    }

    async dispose(): Promise<void> {
        this.disposed = true;
        clearTimeout(this.restartTimer);
        this.pythonWatcher?.dispose();
        await this.stop();
    }

    // -----------------------------------------------------------------------

    private enqueue(task: () => Promise<void>): Promise<void> {
        const next = this.queue.then(task).catch((err: unknown) => {
            this.channel.error(`Unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
            this.notifyError(`Agent LSP: unexpected error: ${err instanceof Error ? err.message : String(err)}`);
        });
        this.queue = next;
        return next;
    }

    private settingsResource(): vscode.Uri | undefined {
        return vscode.workspace.workspaceFolders?.[0]?.uri;
    }

    varsFor(scope: vscode.Uri | undefined): Vars {
        const folder = (scope && vscode.workspace.getWorkspaceFolder(scope)) ?? vscode.workspace.workspaceFolders?.[0];
        return {
            userHome: os.homedir(),
            ...(folder && folder.uri.scheme === 'file' ? { workspaceFolder: folder.uri.fsPath } : {}),
            env: process.env,
        };
    }

    resolve(): ResolvedSettings {
        const resource = this.settingsResource();
        const config = vscode.workspace.getConfiguration(SECTION, resource);
        const read: InspectReader = (key) => config.inspect(key);
        return resolveSettings(read, vscode.workspace.isTrusted, this.varsFor(resource));
    }

    private currentServerSettings(): ServerSettings {
        return this.resolve().server;
    }

    private async doStart(reason: string): Promise<void> {
        if (this.disposed) {
            return;
        }
        const trusted = vscode.workspace.isTrusted;
        this.channel.info(`Starting the server (${reason})${trusted ? '' : ' in an untrusted workspace'}`);
        const resolved = this.resolve();
        this.reportProblems(resolved);

        let pythonExtension: string[] | undefined;
        if (wantsPythonExtension(resolved.launch)) {
            if (trusted) {
                pythonExtension = await getPythonExtensionInterpreter(this.settingsResource(), this.channel);
                if (pythonExtension) {
                    this.channel.info(`Python extension interpreter: ${pythonExtension.join(' ')}`);
                }
                await this.watchPythonExtension();
            } else {
                // The Python extension may have picked a workspace-local environment.
                this.channel.info('Not asking the Python extension for an interpreter: the workspace is not trusted');
            }
        }
        this.limitedByTrust =
            !trusted && (resolved.problems.some((p) => p.kind === 'untrusted') || wantsPythonExtension(resolved.launch));

        const cwd = this.varsFor(this.settingsResource()).workspaceFolder;
        const launch = this.bundle && !resolved.launch.serverCommand
            ? await this.findBundledLaunch(resolved, pythonExtension, this.bundle, cwd)
            : await this.environmentLaunch(resolved, pythonExtension, cwd);
        if (!launch) {
            return;
        }
        this.lastLaunch = launch;
        const commandText = formatCommandLine([launch.commandLine.command, ...launch.commandLine.args], process.platform);
        this.channel.info(`Server command (${launch.mode}, from ${describeSource(launch.source)}): ${commandText}`);
        this.channel.debug(`Server settings: ${JSON.stringify(resolved.server)}`);

        const created = createLanguageClient({
            launch,
            serverSettings: () => this.currentServerSettings(),
            varsFor: (scope) => this.varsFor(scope),
            outputChannel: this.channel,
            cwd,
        });
        this.client = created.client;
        this.clientDisposables = created.disposables;
        try {
            await created.client.start();
            const info = created.client.initializeResult?.serverInfo;
            this.channel.info(`Server started${info ? `: ${info.name}${info.version ? ` ${info.version}` : ''}` : ''}`);
        } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            this.channel.error(`The server failed to start: ${message}`);
            this.notifyError(`Agent LSP: the server failed to start (${commandText}): ${message}`);
            await this.doStop();
        }
    }

    /**
     * The server installed in the user's environment (universal .vsix), or
     * serverCommand verbatim. Checks that the interpreter imports this agent_lsp.
     */
    private async environmentLaunch(
        resolved: ResolvedSettings,
        pythonExtension: string[] | undefined,
        cwd: string | undefined,
    ): Promise<ServerLaunch | undefined> {
        const launch = buildServerLaunch(resolved.launch, pythonExtension, process.platform);
        if (!launch.interpreter) {
            return (await this.checkServerCommand(launch, cwd)) ? launch : undefined;
        }
        this.channel.info(`Checking ${launch.interpreter.join(' ')} (from ${describeSource(launch.source)}) for the agent_lsp module`);
        const check = await checkServerModule(launch.interpreter, { cwd, env: process.env });
        if (check.kind !== 'ok') {
            this.reportCheckFailure(describeFailure(check, launch.interpreter, process.platform), launch.source);
            return undefined;
        }
        this.channel.info(
            `agent_lsp${check.serverVersion ? ` ${check.serverVersion}` : ''} is importable with ${check.executable ?? launch.interpreter.join(' ')}` +
                (check.version ? ` (Python ${check.version})` : ''),
        );
        return launch;
    }

    /**
     * The server shipped in the .vsix, run by the first interpreter that can:
     * agentLsp.interpreter if set, else the Python extension's, else PATH's.
     */
    private async findBundledLaunch(
        resolved: ResolvedSettings,
        pythonExtension: string[] | undefined,
        bundle: Bundle,
        cwd: string | undefined,
    ): Promise<ServerLaunch | undefined> {
        this.channel.info(
            `Bundled server agent-lsp ${bundle.serverVersion} (${bundle.target}, Python ${bundle.pythonVersions.join(', ')}) in ${bundle.root}`,
        );
        const candidates = interpreterCandidates(resolved.launch, pythonExtension, process.platform, bundle.pythonVersions);
        const attempts: Attempt[] = [];
        for (const candidate of candidates) {
            const check = await checkBundledServer(candidate.interpreter, bundle.launcher, { cwd, env: process.env });
            if (check.kind === 'ok') {
                this.channel.info(
                    `Using ${check.executable ?? candidate.interpreter.join(' ')} (Python ${check.version ?? '?'}, ` +
                        `from ${describeSource(candidate.source)}) to run the bundled server`,
                );
                return bundledServerLaunch(candidate, bundle.launcher);
            }
            this.channel.info(`Not usable for the bundled server: ${candidate.interpreter.join(' ')} (${check.kind}${
                'version' in check && check.version ? `, Python ${check.version}` : ''})`);
            attempts.push({ interpreter: candidate.interpreter, result: check });
        }
        // Not describeFailure: its advice (pip install) is for the universal package.
        this.reportCheckFailure(describeNoPython(attempts, bundle.pythonVersions, process.platform), candidates[0]?.source ?? 'path');
        return undefined;
    }

    /**
     * serverCommand is used verbatim; when its program is `agent-lsp`, make sure
     * it is this server and not the unrelated PyPI package's command of that name.
     */
    private async checkServerCommand(launch: ServerLaunch, cwd: string | undefined): Promise<boolean> {
        const program = launch.commandLine.command;
        if (!/^agent-lsp(\.exe|\.cmd)?$/i.test(path.basename(program))) {
            this.channel.info('agentLsp.serverCommand is set: starting it as is');
            return true;
        }
        const check = await checkAgentLspCommand(program, { cwd, env: process.env });
        if (check.kind === 'ok') {
            this.channel.info(`${program} --version: agent-lsp ${check.version} (${PACKAGE_NAME})`);
            return true;
        }
        if (check.kind === 'unknown') {
            this.channel.warn(`Could not run ${program} --version (${check.reason}); starting it anyway`);
            return true;
        }
        this.reportCheckFailure(
            {
                message:
                    `Agent LSP: the wrong package is installed: ${program} (agentLsp.serverCommand) is not this language server ` +
                    `(its --version says "${check.output.split(/\r?\n/)[0]}"; the PyPI name 'agent-lsp' belongs to an unrelated program). ` +
                    `Install '${PACKAGE_NAME}' and point agentLsp.serverCommand at its agent-lsp command.`,
                details: [check.output],
            },
            'serverCommand',
        );
        return false;
    }

    private reportCheckFailure(report: CheckReport, source: ServerLaunch['source']): void {
        this.channel.error(report.message);
        for (const line of report.details) {
            if (line) {
                this.channel.error(line);
            }
        }
        this.notifyCheckFailure(report.message, report.install, source);
    }

    private async doStop(): Promise<void> {
        const client = this.client;
        this.client = undefined;
        if (client) {
            try {
                if (client.needsStop()) {
                    this.channel.info('Stopping the server');
                    await client.stop(STOP_TIMEOUT_MS);
                }
            } catch (err) {
                this.channel.warn(`Error while stopping the server: ${err instanceof Error ? err.message : String(err)}`);
            }
            try {
                await client.dispose(STOP_TIMEOUT_MS);
            } catch {
                // already stopped
            }
        }
        for (const disposable of this.clientDisposables) {
            disposable.dispose();
        }
        this.clientDisposables = [];
    }

    private async watchPythonExtension(): Promise<void> {
        if (this.pythonWatcher) {
            return;
        }
        this.pythonWatcher = await onDidChangePythonInterpreter(() => this.onPythonInterpreterChanged(), this.channel);
    }

    private reportProblems(resolved: ResolvedSettings): void {
        for (const problem of resolved.problems) {
            this.channel.warn(problem.message);
        }
        const untrusted = resolved.problems.filter((p) => p.kind === 'untrusted');
        const fresh = untrusted.filter((p) => !this.shownWarnings.has(p.message));
        if (fresh.length > 0) {
            fresh.forEach((p) => this.shownWarnings.add(p.message));
            const settings = [...new Set(fresh.map((p) => p.setting))].join(' and ');
            void vscode.window
                .showWarningMessage(
                    `Agent LSP: ${settings} from this workspace's settings is ignored because the workspace is not trusted.`,
                    MANAGE_TRUST,
                    SHOW_OUTPUT,
                )
                .then((choice) => {
                    if (choice === MANAGE_TRUST) {
                        void vscode.commands.executeCommand('workbench.trust.manage');
                    } else if (choice === SHOW_OUTPUT) {
                        this.channel.show(true);
                    }
                });
        }
        const invalid = resolved.problems.filter((p) => p.kind === 'invalid' && !this.shownWarnings.has(p.message));
        if (invalid.length > 0) {
            invalid.forEach((p) => this.shownWarnings.add(p.message));
            const first = invalid[0]!.message;
            const more = invalid.length > 1 ? ` (and ${invalid.length - 1} more)` : '';
            void vscode.window.showWarningMessage(`Agent LSP: ${first}${more}`, SHOW_OUTPUT).then((choice) => {
                if (choice === SHOW_OUTPUT) {
                    this.channel.show(true);
                }
            });
        }
    }

    private notifyCheckFailure(message: string, install: string | undefined, source: ServerLaunch['source']): void {
        const buttons = [...(install ? [COPY_INSTALL] : []), SHOW_OUTPUT, OPEN_SETTINGS];
        void vscode.window.showErrorMessage(message, ...buttons).then(async (choice) => {
            if (choice === COPY_INSTALL && install) {
                await vscode.env.clipboard.writeText(install);
                this.channel.info(`Copied to the clipboard: ${install}`);
                void vscode.window.showInformationMessage(
                    `Copied "${install}". Run it in a terminal, then run "Agent LSP: Restart Server".`,
                );
            } else if (choice === SHOW_OUTPUT) {
                this.channel.show(true);
            } else if (choice === OPEN_SETTINGS) {
                if (source === 'pythonExtension') {
                    // "Python: Select Interpreter"
                    void vscode.commands.executeCommand('python.setInterpreter');
                } else {
                    void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.interpreter`);
                }
            }
        });
    }

    private notifyError(message: string): void {
        void vscode.window.showErrorMessage(message, SHOW_OUTPUT).then((choice) => {
            if (choice === SHOW_OUTPUT) {
                this.channel.show(true);
            }
        });
    }
}
