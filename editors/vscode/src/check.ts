/**
 * Check that the chosen interpreter can import `agent_lsp` before the server
 * is started, and explain what went wrong when it cannot.
 *
 * No `vscode` import: it only uses `child_process`, so it is tested in plain
 * node with a fake interpreter.
 */

import { execFile } from 'node:child_process';

import { importCheckCommand, installCommand, sourceInstallCommand, SERVER_MODULE } from './command';

export const MINIMUM_PYTHON: readonly [number, number] = [3, 11];

export type CheckResult =
    /** `import agent_lsp` succeeded. */
    | { kind: 'ok'; executable?: string; version?: string }
    /** The interpreter ran but has no `agent_lsp` module. */
    | { kind: 'notInstalled'; executable?: string; version?: string; output: string }
    /** `agent_lsp` exists but raised while importing (broken install, missing dependency...). */
    | { kind: 'importFailed'; executable?: string; version?: string; output: string; exitCode: number | null }
    /** The interpreter could not be started at all (not found, not executable). */
    | { kind: 'spawnFailed'; code?: string; message: string }
    | { kind: 'timeout'; timeoutMs: number };

export interface CheckOptions {
    timeoutMs?: number;
    cwd?: string;
    env?: NodeJS.ProcessEnv;
}

const NOT_INSTALLED = new RegExp(`No module named '?${SERVER_MODULE}'?(?![.\\w])`);

/** Parse what the check script printed and how it exited. Exported for tests. */
export function classifyCheck(
    exitCode: number | null,
    stdout: string,
    stderr: string,
): Exclude<CheckResult, { kind: 'spawnFailed' } | { kind: 'timeout' }> {
    const [executable, version] = stdout.split(/\r?\n/).map((l) => l.trim());
    const info = {
        ...(executable ? { executable } : {}),
        ...(version && /^\d+\.\d+/.test(version) ? { version } : {}),
    };
    if (exitCode === 0) {
        return { kind: 'ok', ...info };
    }
    const output = (stderr || stdout).trim();
    if (NOT_INSTALLED.test(stderr)) {
        return { kind: 'notInstalled', ...info, output };
    }
    return { kind: 'importFailed', ...info, output, exitCode };
}

/** Run `<interpreter> -c "...import agent_lsp"` and classify the outcome. */
export function checkServerModule(interpreter: readonly string[], options: CheckOptions = {}): Promise<CheckResult> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const { command, args } = importCheckCommand(interpreter);
    return new Promise((resolve) => {
        execFile(
            command,
            args,
            {
                cwd: options.cwd,
                env: options.env,
                timeout: timeoutMs,
                windowsHide: true,
                encoding: 'utf8',
                maxBuffer: 1024 * 1024,
            },
            (error, stdout, stderr) => {
                if (!error) {
                    resolve(classifyCheck(0, stdout, stderr));
                    return;
                }
                const err = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: unknown };
                if (typeof err.code === 'string') {
                    // ENOENT, EACCES, ...: the process never ran.
                    resolve({ kind: 'spawnFailed', code: err.code, message: err.message });
                    return;
                }
                if (err.killed || (err.signal && typeof err.code !== 'number')) {
                    resolve({ kind: 'timeout', timeoutMs });
                    return;
                }
                resolve(classifyCheck(typeof err.code === 'number' ? err.code : null, stdout, stderr));
            },
        );
    });
}

function isTooOld(version: string | undefined): boolean {
    if (!version) {
        return false;
    }
    const [major, minor] = version.split('.').map((n) => Number.parseInt(n, 10));
    if (major === undefined || minor === undefined || Number.isNaN(major) || Number.isNaN(minor)) {
        return false;
    }
    return major < MINIMUM_PYTHON[0] || (major === MINIMUM_PYTHON[0] && minor < MINIMUM_PYTHON[1]);
}

export interface CheckReport {
    /** One-line message for the notification. */
    message: string;
    /** Command to copy into a terminal, when installing is the fix. */
    install?: string;
    /** Extra lines for the output channel. */
    details: string[];
}

/** Turn a failed check into what the user is told. */
export function describeFailure(
    result: Exclude<CheckResult, { kind: 'ok' }>,
    interpreter: readonly string[],
    platform: string,
): CheckReport {
    const shown = interpreter.join(' ');
    const install = installCommand(interpreter, platform);
    const fromSource = sourceInstallCommand(interpreter, platform);
    const minimum = `${MINIMUM_PYTHON[0]}.${MINIMUM_PYTHON[1]}`;
    switch (result.kind) {
        case 'notInstalled': {
            const where = result.executable ?? shown;
            const old = isTooOld(result.version)
                ? ` Note: this is Python ${result.version}; agent-lsp needs Python ${minimum} or newer, so choose a newer interpreter first.`
                : '';
            return {
                message:
                    `Agent LSP: the Python module '${SERVER_MODULE}' is not installed for ${where}. ` +
                    `Install it with: ${install} (from a source checkout: ${fromSource}), then run "Agent LSP: Restart Server".${old}`,
                install,
                details: [result.output],
            };
        }
        case 'importFailed':
            return {
                message:
                    `Agent LSP: '${SERVER_MODULE}' failed to import with ${result.executable ?? shown} ` +
                    `(exit code ${result.exitCode ?? 'unknown'}). See the output for the traceback; reinstalling may help: ${install}`,
                install,
                details: [result.output],
            };
        case 'spawnFailed':
            return {
                message:
                    result.code === 'ENOENT'
                        ? `Agent LSP: the Python interpreter "${shown}" was not found. Install Python ${minimum}+ or set agentLsp.interpreter, then install the server: ${install}`
                        : `Agent LSP: could not run the Python interpreter "${shown}": ${result.message}`,
                install,
                details: [result.message],
            };
        case 'timeout':
            return {
                message: `Agent LSP: "${shown}" did not finish importing '${SERVER_MODULE}' within ${Math.round(result.timeoutMs / 1000)} s.`,
                details: [],
            };
    }
}
