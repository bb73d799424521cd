/**
 * Optional integration with the Python extension (ms-python.python): use the
 * interpreter the user selected there. Never a hard dependency: every access
 * is guarded and any failure means "no interpreter from the Python extension".
 */

import * as vscode from 'vscode';

export const PYTHON_EXTENSION_ID = 'ms-python.python';

/** The parts of the Python extension's public API we use (see @vscode/python-extension). */
interface EnvironmentPath {
    readonly id: string;
    readonly path: string;
}

interface ResolvedEnvironment {
    readonly executable?: { readonly uri?: vscode.Uri };
    readonly version?: { readonly major?: number; readonly minor?: number; readonly micro?: number };
}

interface EnvironmentsApi {
    getActiveEnvironmentPath(resource?: vscode.Uri): EnvironmentPath;
    resolveEnvironment(environment: EnvironmentPath | string): Promise<ResolvedEnvironment | undefined>;
    readonly onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
}

interface PythonExtensionApi {
    readonly environments?: EnvironmentsApi;
    /** Older API, kept as a fallback. */
    readonly settings?: {
        getExecutionDetails?(resource?: vscode.Uri): { execCommand?: string[] };
    };
}

type Log = Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'debug'>;

const ACTIVATION_TIMEOUT_MS = 15_000;

async function getApi(log: Log): Promise<PythonExtensionApi | undefined> {
    const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
    if (!extension) {
        log.debug(`${PYTHON_EXTENSION_ID} is not installed`);
        return undefined;
    }
    try {
        if (extension.isActive) {
            return extension.exports;
        }
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<undefined>((resolve) => {
            timer = setTimeout(() => resolve(undefined), ACTIVATION_TIMEOUT_MS);
        });
        const api = await Promise.race([Promise.resolve(extension.activate()), timeout]);
        clearTimeout(timer);
        if (api === undefined) {
            log.warn(`${PYTHON_EXTENSION_ID} did not activate within ${ACTIVATION_TIMEOUT_MS / 1000} s; not using its interpreter`);
        }
        return api;
    } catch (err) {
        log.warn(`${PYTHON_EXTENSION_ID} failed to activate: ${String(err)}`);
        return undefined;
    }
}

/**
 * The interpreter selected in the Python extension for `resource`, as a command
 * prefix (usually one element), or undefined.
 */
export async function getPythonExtensionInterpreter(resource: vscode.Uri | undefined, log: Log): Promise<string[] | undefined> {
    const api = await getApi(log);
    if (!api) {
        return undefined;
    }
    try {
        const environments = api.environments;
        if (environments && typeof environments.getActiveEnvironmentPath === 'function') {
            const active = environments.getActiveEnvironmentPath(resource);
            let executable: string | undefined;
            if (typeof environments.resolveEnvironment === 'function') {
                const resolved = await environments.resolveEnvironment(active);
                executable = resolved?.executable?.uri?.fsPath;
                const v = resolved?.version;
                log.debug(
                    `Python extension environment ${active.path}` +
                        (v?.major !== undefined ? ` (Python ${v.major}.${v.minor ?? '?'}.${v.micro ?? '?'})` : ''),
                );
            }
            executable = executable ?? active.path;
            if (executable) {
                return [executable];
            }
        }
        const execCommand = api.settings?.getExecutionDetails?.(resource)?.execCommand;
        if (Array.isArray(execCommand) && execCommand.length > 0 && execCommand.every((p) => typeof p === 'string' && p)) {
            return [...execCommand];
        }
    } catch (err) {
        log.warn(`could not read the interpreter from ${PYTHON_EXTENSION_ID}: ${String(err)}`);
    }
    return undefined;
}

/** Subscribe to interpreter changes in the Python extension, if it is there. */
export async function onDidChangePythonInterpreter(listener: () => void, log: Log): Promise<vscode.Disposable | undefined> {
    const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
    if (!extension) {
        return undefined;
    }
    const api = await getApi(log);
    try {
        const event = api?.environments?.onDidChangeActiveEnvironmentPath;
        return typeof event === 'function' ? event(() => listener()) : undefined;
    } catch (err) {
        log.warn(`could not watch ${PYTHON_EXTENSION_ID} interpreter changes: ${String(err)}`);
        return undefined;
    }
}
