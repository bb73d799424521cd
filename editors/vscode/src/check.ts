/**
 * Check that the chosen interpreter can import `agent_lsp` before the server
 * is started, and explain what went wrong when it cannot.
 *
 * No `vscode` import: it only uses `child_process`, so it is tested in plain
 * node with a fake interpreter.
 */

import { execFile } from 'node:child_process';

import { describeVersions } from './bundle';
import {
    bundledProbeCommand,
    PACKAGE_NAME,
    type CommandLine,
    importCheckCommand,
    installCommand,
    replaceCommand,
    sourceInstallCommand,
    SERVER_MODULE,
    WRONG_PACKAGE_EXIT,
} from './command';

export const MINIMUM_PYTHON: readonly [number, number] = [3, 11];

export type CheckResult =
    /** `import agent_lsp` succeeded. */
    | { kind: 'ok'; executable?: string; version?: string; serverVersion?: string }
    /** The interpreter ran but has no `agent_lsp` module. */
    | { kind: 'notInstalled'; executable?: string; version?: string; output: string }
    /** `agent_lsp` is another project's module (the unrelated PyPI package `agent-lsp`). */
    | { kind: 'wrongPackage'; executable?: string; version?: string; distributions: string[] }
    /** The bundled server has no libraries for this Python version. */
    | { kind: 'unsupportedPython'; executable?: string; version?: string; supported: string[] }
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
/** run_server.py --probe: the bundle has no libraries for this Python. */
const UNSUPPORTED_EXIT = 3;

/** Parse what the check script printed and how it exited. Exported for tests. */
export function classifyCheck(
    exitCode: number | null,
    stdout: string,
    stderr: string,
): Exclude<CheckResult, { kind: 'spawnFailed' } | { kind: 'timeout' }> {
    const [executable, version, status] = stdout.split(/\r?\n/).map((l) => l.trim());
    const info = {
        ...(executable ? { executable } : {}),
        ...(version && /^\d+\.\d+/.test(version) ? { version } : {}),
    };
    const [statusWord, statusValue] = (status ?? '').split(/\s+/, 2);
    if (exitCode === 0) {
        return { kind: 'ok', ...info, ...(statusWord === SERVER_MODULE && statusValue ? { serverVersion: statusValue } : {}) };
    }
    if (exitCode === WRONG_PACKAGE_EXIT && statusWord === 'wrong-package') {
        const distributions = (statusValue ?? '').split(',').filter((d) => d && d !== 'unknown');
        return { kind: 'wrongPackage', ...info, distributions };
    }
    if (exitCode === UNSUPPORTED_EXIT && statusWord === 'unsupported') {
        return { kind: 'unsupportedPython', ...info, supported: (statusValue ?? '').split(',').filter(Boolean) };
    }
    const output = (stderr || stdout).trim();
    if (NOT_INSTALLED.test(stderr)) {
        return { kind: 'notInstalled', ...info, output };
    }
    return { kind: 'importFailed', ...info, output, exitCode };
}

/** Run `<interpreter> -c "...import agent_lsp"` and classify the outcome. */
export function checkServerModule(interpreter: readonly string[], options: CheckOptions = {}): Promise<CheckResult> {
    return runCheck(importCheckCommand(interpreter), options);
}

/** Run `<interpreter> -I <launcher> --probe`: can this Python run the bundled server? */
export function checkBundledServer(interpreter: readonly string[], launcher: string, options: CheckOptions = {}): Promise<CheckResult> {
    return runCheck(bundledProbeCommand(interpreter, launcher), options);
}

function runCheck({ command, args }: CommandLine, options: CheckOptions): Promise<CheckResult> {
    const timeoutMs = options.timeoutMs ?? 30_000;
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
        case 'wrongPackage': {
            const where = result.executable ?? shown;
            const others = result.distributions.length > 0 ? result.distributions : ['agent-lsp'];
            const replace = replaceCommand(interpreter, others, platform);
            return {
                message:
                    `Agent LSP: the wrong package is installed: the module '${SERVER_MODULE}' of ${where} comes from ` +
                    `${others.map((d) => `'${d}'`).join(', ')}, which is not this language server (the PyPI name 'agent-lsp' ` +
                    `belongs to an unrelated program; this server is '${PACKAGE_NAME}'). Replace it with: ${replace}, ` +
                    'then run "Agent LSP: Restart Server".',
                install: replace,
                details: [],
            };
        }
        case 'unsupportedPython': {
            const where = result.executable ?? shown;
            const supported = result.supported.length > 0 ? result.supported : [minimum];
            return {
                message:
                    `Agent LSP: ${where} is Python ${result.version ?? '(unknown version)'}; the server bundled with the extension runs on ` +
                    `Python ${describeVersions(supported)}. Install one of them or point agentLsp.interpreter at one, then run "Agent LSP: Restart Server".`,
                details: [],
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

export interface Attempt {
    interpreter: readonly string[];
    result: Exclude<CheckResult, { kind: 'ok' }>;
}

/** How to get a Python the bundled server runs on, per platform. */
export function pythonInstallHint(platform: string, versions: readonly string[]): string {
    const newest = versions[versions.length - 1] ?? `${MINIMUM_PYTHON[0]}.${MINIMUM_PYTHON[1]}`;
    switch (platform) {
        case 'win32':
            return `winget install Python.Python.${newest} (or the installer from python.org)`;
        case 'darwin':
            return `brew install python@${newest} (or the installer from python.org)`;
        default:
            return `your distribution's python3 package if it is ${describeVersions(versions)}, else Python ${newest} from python.org or pyenv/uv`;
    }
}

function describeAttempt(attempt: Attempt): string {
    const shown = attempt.interpreter.join(' ');
    const r = attempt.result;
    switch (r.kind) {
        case 'spawnFailed':
            return r.code === 'ENOENT' ? `${shown}: not found` : `${shown}: ${r.message}`;
        case 'unsupportedPython':
            return `${shown}: Python ${r.version ?? '?'}`;
        case 'timeout':
            return `${shown}: timed out`;
        default:
            return `${shown}: ${r.kind}`;
    }
}

/**
 * One message when no interpreter could run the bundled server. A Python of a
 * supported version that failed to import the bundle is reported as such (the
 * bundle, not the user's Python, is the problem); otherwise: what to install.
 */
export function describeNoPython(attempts: readonly Attempt[], versions: readonly string[], platform: string): CheckReport {
    const broken = attempts.find((a) => a.result.kind === 'importFailed');
    if (broken) {
        const report = describeFailure(broken.result, broken.interpreter, platform);
        return {
            message:
                `Agent LSP: the server bundled with the extension failed to import with ${broken.interpreter.join(' ')}. ` +
                'See the output for the traceback; setting agentLsp.interpreter to another Python may help.',
            details: report.details,
        };
    }
    return {
        message:
            `Agent LSP needs Python ${describeVersions(versions)} to run its bundled server and found none ` +
            `(tried ${attempts.map(describeAttempt).join('; ')}). Install it: ${pythonInstallHint(platform, versions)}; ` +
            'or choose one in the Python extension or with agentLsp.interpreter. Then run "Agent LSP: Restart Server".',
        details: attempts.flatMap((a) => ('output' in a.result && a.result.output ? [a.result.output] : [])),
    };
}

/** `agent-lsp --version` of this server: `agent-lsp X (agent-markdown-lsp, ...)`. */
const OWN_VERSION = new RegExp(`^agent-lsp (\\S+) \\(${PACKAGE_NAME}\\b`, 'm');

export type VersionCheck =
    | { kind: 'ok'; version: string }
    | { kind: 'wrongPackage'; output: string }
    /** Could not tell (did not run, timed out, failed): the server is started anyway. */
    | { kind: 'unknown'; reason: string };

/** Is `program` (a serverCommand named agent-lsp) this server? Asks `program --version`. */
export function checkAgentLspCommand(program: string, options: CheckOptions = {}): Promise<VersionCheck> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise((resolve) => {
        execFile(
            program,
            ['--version'],
            { cwd: options.cwd, env: options.env, timeout: timeoutMs, windowsHide: true, encoding: 'utf8', maxBuffer: 1024 * 1024 },
            (error, stdout, stderr) => {
                const code = (error as { code?: unknown } | null)?.code;
                const exitCode = !error ? 0 : typeof code === 'number' ? code : null;
                resolve(classifyVersionOutput(exitCode, stdout, stderr, error?.message));
            },
        );
    });
}

/** Exported for tests. `exitCode` null: the process did not run or was killed. */
export function classifyVersionOutput(exitCode: number | null, stdout: string, stderr: string, error?: string): VersionCheck {
    const own = OWN_VERSION.exec(stdout) ?? OWN_VERSION.exec(stderr);
    if (own) {
        return { kind: 'ok', version: own[1]! };
    }
    if (exitCode === 0) {
        return { kind: 'wrongPackage', output: (stdout || stderr).trim() };
    }
    return { kind: 'unknown', reason: error ?? `exit code ${exitCode}` };
}
