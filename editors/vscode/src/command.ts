/**
 * Build the command lines the extension runs: the server itself, the
 * "is agent_lsp importable?" check and the install command shown to users.
 *
 * Pure module: no `vscode` import, so it can be unit-tested in plain node.
 */

import type { LaunchSettings } from './settings';

/** Python module and arguments that start the server on stdio. */
export const SERVER_MODULE = 'agent_lsp';
export const SERVER_MODULE_ARGS: readonly string[] = ['-m', SERVER_MODULE, 'serve'];
/** Distribution name on PyPI. */
export const PACKAGE_NAME = 'agent-markdown-lsp';

export type LaunchSource = 'serverCommand' | 'interpreter' | 'pythonExtension' | 'default' | 'path';

/**
 * - `bundled`: the server shipped in the .vsix, run by a Python the extension found
 *   (`<python> -I <extension>/bundled/run_server.py serve`);
 * - `environment`: the server installed in that Python (`<python> -m agent_lsp serve`),
 *   for the universal .vsix that carries no server;
 * - `verbatim`: `agentLsp.serverCommand` as is.
 */
export type LaunchMode = 'bundled' | 'environment' | 'verbatim';

export interface CommandLine {
    command: string;
    args: string[];
}

export interface ServerLaunch {
    source: LaunchSource;
    mode: LaunchMode;
    /** The process to spawn (no shell involved, so spaces in paths need no quoting). */
    commandLine: CommandLine;
    /**
     * The interpreter prefix (program + leading args) when the server is run as
     * `<interpreter> -m agent_lsp serve`; undefined for a verbatim serverCommand.
     */
    interpreter?: string[];
}

/** `python3`, or `python` on Windows where `python3` is usually the Store stub or absent. */
export function defaultInterpreter(platform: string): string[] {
    return platform === 'win32' ? ['python'] : ['python3'];
}

/**
 * Whether the Python extension should be asked for its interpreter: only when
 * neither serverCommand nor interpreter is configured (after trust filtering).
 */
export function wantsPythonExtension(launch: LaunchSettings): boolean {
    return launch.serverCommand === undefined && launch.interpreter === undefined;
}

function split(parts: readonly string[]): CommandLine {
    if (parts.length === 0 || parts[0] === undefined || parts[0] === '') {
        throw new Error('empty command line');
    }
    return { command: parts[0], args: parts.slice(1) };
}

/**
 * Choose how to start the server. Precedence:
 * 1. `agentLsp.serverCommand`, verbatim;
 * 2. `agentLsp.interpreter` + `-m agent_lsp serve`;
 * 3. the Python extension's interpreter + `-m agent_lsp serve`;
 * 4. `python3` (`python` on Windows) + `-m agent_lsp serve`.
 */
export function buildServerLaunch(
    launch: LaunchSettings,
    pythonExtensionInterpreter: readonly string[] | undefined,
    platform: string,
): ServerLaunch {
    if (launch.serverCommand && launch.serverCommand.value.length > 0) {
        return { source: 'serverCommand', mode: 'verbatim', commandLine: split(launch.serverCommand.value) };
    }
    let source: LaunchSource;
    let interpreter: string[];
    if (launch.interpreter && launch.interpreter.value.length > 0) {
        source = 'interpreter';
        interpreter = [...launch.interpreter.value];
    } else if (pythonExtensionInterpreter && pythonExtensionInterpreter.length > 0 && pythonExtensionInterpreter[0]) {
        source = 'pythonExtension';
        interpreter = [...pythonExtensionInterpreter];
    } else {
        source = 'default';
        interpreter = defaultInterpreter(platform);
    }
    return { source, mode: 'environment', interpreter, commandLine: split([...interpreter, ...SERVER_MODULE_ARGS]) };
}

export interface InterpreterCandidate {
    source: LaunchSource;
    interpreter: string[];
}

/**
 * Pythons on PATH to try for the bundled server, after the Python extension's:
 * the generic names first (the user's usual Python), then versioned ones.
 */
export function pathInterpreters(platform: string, versions: readonly string[]): string[][] {
    const newestFirst = [...versions].reverse();
    if (platform === 'win32') {
        // The py launcher finds installed Pythons that are not on PATH.
        return [['python'], ...newestFirst.map((v) => ['py', `-${v}`]), ['python3']];
    }
    return [['python3'], ...newestFirst.map((v) => [`python${v}`]), ['python']];
}

/**
 * The interpreters to try, in order, for the bundled server (no serverCommand):
 * `agentLsp.interpreter` alone when set (the user's choice is not second-guessed),
 * else the Python extension's interpreter, then the Pythons on PATH.
 */
export function interpreterCandidates(
    launch: LaunchSettings,
    pythonExtensionInterpreter: readonly string[] | undefined,
    platform: string,
    versions: readonly string[],
): InterpreterCandidate[] {
    if (launch.interpreter && launch.interpreter.value.length > 0) {
        return [{ source: 'interpreter', interpreter: [...launch.interpreter.value] }];
    }
    const candidates: InterpreterCandidate[] = [];
    if (pythonExtensionInterpreter && pythonExtensionInterpreter.length > 0 && pythonExtensionInterpreter[0]) {
        candidates.push({ source: 'pythonExtension', interpreter: [...pythonExtensionInterpreter] });
    }
    for (const interpreter of pathInterpreters(platform, versions)) {
        candidates.push({ source: 'path', interpreter });
    }
    return candidates;
}

/** `<python> -I <launcher> serve`: -I keeps PYTHONPATH, user site-packages and the workspace off sys.path. */
export function bundledServerLaunch(candidate: InterpreterCandidate, launcher: string): ServerLaunch {
    return {
        source: candidate.source,
        mode: 'bundled',
        interpreter: [...candidate.interpreter],
        commandLine: split([...candidate.interpreter, '-I', launcher, 'serve']),
    };
}

/** `<python> -I <launcher> --probe`: version, then whether the bundled server imports (see run_server.py). */
export function bundledProbeCommand(interpreter: readonly string[], launcher: string): CommandLine {
    return split([...interpreter, '-I', launcher, '--probe']);
}

/** Exit status of the import check when `agent_lsp` is another project's module. */
export const WRONG_PACKAGE_EXIT = 5;

/**
 * Python snippet run before starting the server from the environment. It prints
 * the interpreter's path and version (for the log and for error messages), does
 * what `<python> -c "import agent_lsp"` does, then checks that this `agent_lsp`
 * is the language server: the unrelated PyPI project `agent-lsp` also installs
 * a module `agent_lsp` (and an `agent-lsp` command), without `agent_lsp.server`.
 * Then it prints `wrong-package <distributions>` and exits with WRONG_PACKAGE_EXIT;
 * else `agent_lsp <version>`.
 */
export const IMPORT_CHECK_SCRIPT = [
    'import sys',
    'sys.stdout.write(sys.executable + "\\n" + "%d.%d.%d" % sys.version_info[:3] + "\\n")',
    'sys.stdout.flush()',
    `import ${SERVER_MODULE}`,
    'import importlib.util as u',
    `if u.find_spec("${SERVER_MODULE}.server") is None or u.find_spec("${SERVER_MODULE}.core.rules") is None:`,
    '    try:',
    '        from importlib.metadata import packages_distributions as p',
    `        d = sorted(set(p().get("${SERVER_MODULE}", [])))`,
    '    except Exception:',
    '        d = []',
    `    sys.stdout.write("wrong-package " + (",".join(d) or "unknown") + "\\n")`,
    `    sys.exit(${WRONG_PACKAGE_EXIT})`,
    `sys.stdout.write("${SERVER_MODULE} " + str(getattr(${SERVER_MODULE}, "__version__", "unknown")) + "\\n")`,
].join('\n');

export function importCheckCommand(interpreter: readonly string[]): CommandLine {
    return split([...interpreter, '-c', IMPORT_CHECK_SCRIPT]);
}

const POSIX_SAFE = /^[A-Za-z0-9_\/.,:=@%+-]+$/;
const WINDOWS_SAFE = /^[A-Za-z0-9_\\\/.,:=@%+-]+$/;

/** Quote one argument for display in a shell (POSIX sh, or PowerShell/cmd on Windows). */
export function quoteArg(arg: string, platform: string): string {
    if (platform === 'win32') {
        return WINDOWS_SAFE.test(arg) ? arg : `"${arg.replace(/"/g, '""')}"`;
    }
    return POSIX_SAFE.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command line as a user would type it. */
export function formatCommandLine(parts: readonly string[], platform: string): string {
    const quoted = parts.map((p) => quoteArg(p, platform));
    // PowerShell (VS Code's default Windows terminal) needs `&` to run a quoted program path.
    if (platform === 'win32' && quoted.length > 0 && quoted[0]!.startsWith('"')) {
        return `& ${quoted.join(' ')}`;
    }
    return quoted.join(' ');
}

/** `<python> -m pip install agent-markdown-lsp` */
export function installCommand(interpreter: readonly string[], platform: string): string {
    return formatCommandLine([...interpreter, '-m', 'pip', 'install', PACKAGE_NAME], platform);
}

/** `<python> -m pip uninstall -y <other> && <python> -m pip install agent-markdown-lsp` */
export function replaceCommand(interpreter: readonly string[], wrong: readonly string[], platform: string): string {
    const uninstall = formatCommandLine([...interpreter, '-m', 'pip', 'uninstall', '-y', ...wrong], platform);
    return `${uninstall}${platform === 'win32' ? '; ' : ' && '}${installCommand(interpreter, platform)}`;
}

/** `<python> -m pip install <path-to-checkout>` (the form for a source checkout). */
export function sourceInstallCommand(interpreter: readonly string[], platform: string): string {
    return `${formatCommandLine([...interpreter, '-m', 'pip', 'install'], platform)} <path-to-checkout>`;
}

export function describeSource(source: LaunchSource): string {
    switch (source) {
        case 'serverCommand':
            return 'agentLsp.serverCommand';
        case 'interpreter':
            return 'agentLsp.interpreter';
        case 'pythonExtension':
            return 'the interpreter selected in the Python extension';
        case 'default':
            return 'the default interpreter';
        case 'path':
            return 'PATH';
    }
}

/** The shape of vscode-languageclient's `Executable` server option. */
export interface ExecutableLike {
    command: string;
    args: string[];
    options: { cwd?: string; env: NodeJS.ProcessEnv };
}

/**
 * The languageclient `Executable` for a launch. `transport` is deliberately
 * left unset: with `TransportKind.stdio` the client would append `--stdio` to
 * the arguments, which would break `agent_lsp serve` and a verbatim serverCommand.
 * Unset still means stdio.
 */
export function toExecutable(launch: ServerLaunch, cwd: string | undefined, baseEnv: NodeJS.ProcessEnv): ExecutableLike {
    return {
        command: launch.commandLine.command,
        args: [...launch.commandLine.args],
        options: {
            ...(cwd !== undefined ? { cwd } : {}),
            env: { ...baseEnv, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' },
        },
    };
}
