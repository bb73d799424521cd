/**
 * Settings resolution for the Agent LSP extension.
 *
 * Pure module: no `vscode` import, so it can be unit-tested in plain node.
 * The extension passes an inspect-like reader (a thin wrapper over
 * `workspace.getConfiguration('agentLsp', resource).inspect(key)`) and the
 * workspace trust flag.
 */

export const SECTION = 'agentLsp';

export const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const LOG_LEVELS = ['error', 'warning', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const TRACE_LEVELS = ['off', 'messages', 'verbose'] as const;
export type TraceLevel = (typeof TRACE_LEVELS)[number];

/** The tools a project may use (agent_lsp.core.dialects.Tool values; package.json's enum for agentLsp.tools). */
export const TOOLS = ['claude-code', 'copilot-cli', 'vscode', 'opencode', 'gemini-cli', 'codex', 'cursor'] as const;
export type ToolName = (typeof TOOLS)[number];

/** Where a value came from, highest precedence first. */
export const SCOPES = ['workspaceFolder', 'workspace', 'global', 'default'] as const;
export type Scope = (typeof SCOPES)[number];

/** Scopes whose values an untrusted workspace controls. */
const WORKSPACE_SCOPES: readonly Scope[] = ['workspaceFolder', 'workspace'];

/** Keys (relative to the `agentLsp` section) that start a process. */
export const LAUNCH_KEYS = ['interpreter', 'serverCommand'] as const;
export type LaunchKey = (typeof LAUNCH_KEYS)[number];

/** Keys (relative to the `agentLsp` section) sent to the server. */
export const SERVER_KEYS = [
    'severityOverrides',
    'disabledRules',
    'claudeConfigDir',
    'extraSkillDirectories',
    'logLevel',
    'tools',
] as const;
export type ServerKey = (typeof SERVER_KEYS)[number];

/** The subset of `vscode.WorkspaceConfiguration.inspect()` that we use. */
export interface InspectLike {
    defaultValue?: unknown;
    globalValue?: unknown;
    workspaceValue?: unknown;
    workspaceFolderValue?: unknown;
}

/** Reads one key relative to the `agentLsp` section, e.g. `interpreter`. */
export type InspectReader = (key: string) => InspectLike | undefined;

/** Values substituted into paths: `~`, `${userHome}`, `${workspaceFolder}`, `${env:NAME}`. */
export interface Vars {
    userHome: string;
    workspaceFolder?: string;
    env?: Readonly<Record<string, string | undefined>>;
}

/** Settings the server understands (initializationOptions / workspace/configuration). */
export interface ServerSettings {
    severityOverrides?: Record<string, Severity>;
    disabledRules?: string[];
    claudeConfigDir?: string;
    extraSkillDirectories?: string[];
    logLevel?: LogLevel;
    /** The tools the project uses; absent: the server detects them from the project's folders. */
    tools?: ToolName[];
}

export interface LaunchValue {
    value: string[];
    scope: Scope;
}

/** Settings that decide how the server process is started. */
export interface LaunchSettings {
    serverCommand?: LaunchValue;
    interpreter?: LaunchValue;
}

export type ProblemKind = 'invalid' | 'untrusted';

export interface Problem {
    kind: ProblemKind;
    /** Full setting id, e.g. `agentLsp.interpreter`. */
    setting: string;
    scope: Scope;
    message: string;
}

export interface ResolvedSettings {
    server: ServerSettings;
    launch: LaunchSettings;
    trace: TraceLevel;
    problems: Problem[];
}

// ---------------------------------------------------------------------------
// Validation helpers

type Validated<T> =
    | { ok: true; value: T; warnings: string[] }
    | { ok: false; reason: string };

function describe(value: unknown): string {
    if (value === null) {
        return 'null';
    }
    if (Array.isArray(value)) {
        return 'an array';
    }
    return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Thrown by `expand` when a variable cannot be substituted. */
class ExpansionError extends Error {}

const VARIABLE = /\$\{([^}]+)\}/g;

/** Does the string refer to the workspace (and so to files an untrusted workspace controls)? */
export function referencesWorkspace(value: string): boolean {
    return /\$\{workspaceFolder(Basename)?\}/.test(value);
}

/**
 * Expand `~` (leading), `${userHome}`, `${workspaceFolder}` and `${env:NAME}`.
 * Unknown `${...}` variables are an error so that a typo never reaches the server
 * or the process launcher as a literal path.
 */
export function expand(value: string, vars: Vars): string {
    let result = value;
    if (result === '~' || result.startsWith('~/') || result.startsWith('~\\')) {
        result = vars.userHome + result.slice(1);
    }
    return result.replace(VARIABLE, (_match, name: string) => {
        if (name === 'userHome') {
            return vars.userHome;
        }
        if (name === 'workspaceFolder') {
            if (vars.workspaceFolder === undefined) {
                throw new ExpansionError('${workspaceFolder} is used but no folder is open');
            }
            return vars.workspaceFolder;
        }
        if (name.startsWith('env:')) {
            return vars.env?.[name.slice(4)] ?? '';
        }
        throw new ExpansionError(`unknown variable \${${name}}`);
    });
}

function expandAll(values: string[], vars: Vars): Validated<string[]> {
    try {
        return { ok: true, value: values.map((v) => expand(v, vars)), warnings: [] };
    } catch (err) {
        if (err instanceof ExpansionError) {
            return { ok: false, reason: err.message };
        }
        throw err;
    }
}

/** A command: a non-empty string (one path, never split) or a non-empty array of strings. */
function validateCommand(raw: unknown, vars: Vars, allowString: boolean): Validated<string[]> {
    let parts: string[];
    if (typeof raw === 'string' && allowString) {
        parts = [raw];
    } else if (Array.isArray(raw) && raw.every((p): p is string => typeof p === 'string')) {
        parts = raw;
    } else {
        return {
            ok: false,
            reason: `expected ${allowString ? 'a string or ' : ''}an array of strings, got ${describe(raw)}`,
        };
    }
    if (parts.length > 0 && parts[0]!.trim() === '') {
        return { ok: false, reason: 'the program (first element) is empty' };
    }
    return expandAll(parts, vars);
}

function isEmptyCommand(raw: unknown): boolean {
    return (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0);
}

function validateStringArray(raw: unknown, vars: Vars | undefined): Validated<string[]> {
    if (!Array.isArray(raw)) {
        return { ok: false, reason: `expected an array of strings, got ${describe(raw)}` };
    }
    const warnings: string[] = [];
    const kept: string[] = [];
    for (const item of raw) {
        if (typeof item !== 'string' || item.trim() === '') {
            warnings.push(`ignored entry ${JSON.stringify(item) ?? String(item)}: expected a non-empty string`);
            continue;
        }
        if (vars) {
            try {
                kept.push(expand(item, vars));
            } catch (err) {
                if (!(err instanceof ExpansionError)) {
                    throw err;
                }
                warnings.push(`ignored entry ${JSON.stringify(item)}: ${err.message}`);
            }
        } else {
            kept.push(item);
        }
    }
    return { ok: true, value: [...new Set(kept)], warnings };
}

function validateSeverityOverrides(raw: unknown): Validated<Record<string, Severity>> {
    if (!isPlainObject(raw)) {
        return { ok: false, reason: `expected an object mapping rule codes to severities, got ${describe(raw)}` };
    }
    const warnings: string[] = [];
    const value: Record<string, Severity> = {};
    for (const [code, severity] of Object.entries(raw)) {
        if (code.trim() === '') {
            warnings.push('ignored an empty rule code');
        } else if (typeof severity === 'string' && (SEVERITIES as readonly string[]).includes(severity)) {
            value[code] = severity as Severity;
        } else {
            warnings.push(
                `ignored ${JSON.stringify(code)}: severity must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(severity) ?? String(severity)}`,
            );
        }
    }
    return { ok: true, value, warnings };
}

function validateTools(raw: unknown): Validated<ToolName[]> {
    const strings = validateStringArray(raw, undefined);
    if (!strings.ok) {
        return strings;
    }
    const known = strings.value.filter((name): name is ToolName => (TOOLS as readonly string[]).includes(name));
    const warnings = [
        ...strings.warnings,
        ...strings.value.filter((name) => !known.includes(name as ToolName)).map(
            (name) => `ignored unknown tool ${JSON.stringify(name)}: expected one of ${TOOLS.join(', ')}`,
        ),
    ];
    return { ok: true, value: known, warnings };
}

function validateEnum<T extends string>(raw: unknown, allowed: readonly T[]): Validated<T> {
    if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) {
        return { ok: true, value: raw as T, warnings: [] };
    }
    return { ok: false, reason: `expected one of ${allowed.join(', ')}, got ${JSON.stringify(raw) ?? String(raw)}` };
}

function validatePath(raw: unknown, vars: Vars): Validated<string> {
    if (typeof raw !== 'string') {
        return { ok: false, reason: `expected a string, got ${describe(raw)}` };
    }
    try {
        return { ok: true, value: expand(raw.trim(), vars), warnings: [] };
    } catch (err) {
        if (err instanceof ExpansionError) {
            return { ok: false, reason: err.message };
        }
        throw err;
    }
}

// ---------------------------------------------------------------------------
// Scope walking

function valueAt(inspected: InspectLike | undefined, scope: Scope): unknown {
    if (!inspected) {
        return undefined;
    }
    switch (scope) {
        case 'workspaceFolder':
            return inspected.workspaceFolderValue;
        case 'workspace':
            return inspected.workspaceValue;
        case 'global':
            return inspected.globalValue;
        case 'default':
            return inspected.defaultValue;
    }
}

interface Picked<T> {
    value: T;
    scope: Scope;
}

interface PickOptions {
    /** Values equal to "nothing" at one scope let a lower scope apply. */
    isEmpty?: (raw: unknown) => boolean;
    /** Only user/default values count unless the workspace is trusted. */
    trustedOnly?: boolean;
    trusted: boolean;
}

/**
 * Take the highest-precedence value that is valid. An invalid value (wrong type)
 * falls back to the next scope and is reported as a problem.
 */
function pick<T>(
    key: string,
    inspected: InspectLike | undefined,
    validate: (raw: unknown) => Validated<T>,
    options: PickOptions,
    problems: Problem[],
): Picked<T> | undefined {
    const setting = `${SECTION}.${key}`;
    for (const scope of SCOPES) {
        const raw = valueAt(inspected, scope);
        if (raw === undefined) {
            continue;
        }
        if (options.trustedOnly && !options.trusted && WORKSPACE_SCOPES.includes(scope)) {
            if (!(options.isEmpty?.(raw) ?? false)) {
                problems.push({
                    kind: 'untrusted',
                    setting,
                    scope,
                    message: `${setting} from ${scopeLabel(scope)} settings is ignored because the workspace is not trusted`,
                });
            }
            continue;
        }
        if (options.isEmpty?.(raw)) {
            continue;
        }
        const result = validate(raw);
        if (!result.ok) {
            problems.push({
                kind: 'invalid',
                setting,
                scope,
                message: `${setting} in ${scopeLabel(scope)} settings is invalid (${result.reason}); using the next value`,
            });
            continue;
        }
        for (const warning of result.warnings) {
            problems.push({ kind: 'invalid', setting, scope, message: `${setting} in ${scopeLabel(scope)} settings: ${warning}` });
        }
        return { value: result.value, scope };
    }
    return undefined;
}

export function scopeLabel(scope: Scope): string {
    switch (scope) {
        case 'workspaceFolder':
            return 'folder';
        case 'workspace':
            return 'workspace';
        case 'global':
            return 'user';
        case 'default':
            return 'default';
    }
}

/** Object settings merge key by key, as VS Code does: default < user < workspace < folder. */
function mergeSeverityOverrides(inspected: InspectLike | undefined, problems: Problem[]): Record<string, Severity> {
    const setting = `${SECTION}.severityOverrides`;
    const merged: Record<string, Severity> = {};
    for (const scope of [...SCOPES].reverse()) {
        const raw = valueAt(inspected, scope);
        if (raw === undefined) {
            continue;
        }
        const result = validateSeverityOverrides(raw);
        if (!result.ok) {
            problems.push({
                kind: 'invalid',
                setting,
                scope,
                message: `${setting} in ${scopeLabel(scope)} settings is invalid (${result.reason}); ignored`,
            });
            continue;
        }
        for (const warning of result.warnings) {
            problems.push({ kind: 'invalid', setting, scope, message: `${setting} in ${scopeLabel(scope)} settings: ${warning}` });
        }
        Object.assign(merged, result.value);
    }
    return merged;
}

// ---------------------------------------------------------------------------
// Public API

function resolveServerSettings(read: InspectReader, vars: Vars, problems: Problem[]): ServerSettings {
    const server: ServerSettings = {};
    const opts: PickOptions = { trusted: true };

    server.severityOverrides = mergeSeverityOverrides(read('severityOverrides'), problems);

    const disabled = pick('disabledRules', read('disabledRules'), (r) => validateStringArray(r, undefined), opts, problems);
    server.disabledRules = disabled?.value ?? [];

    const claude = pick(
        'claudeConfigDir',
        read('claudeConfigDir'),
        (r) => validatePath(r, vars),
        { ...opts, isEmpty: (r) => typeof r === 'string' && r.trim() === '' },
        problems,
    );
    if (claude) {
        server.claudeConfigDir = claude.value;
    }

    const extra = pick('extraSkillDirectories', read('extraSkillDirectories'), (r) => validateStringArray(r, vars), opts, problems);
    server.extraSkillDirectories = extra?.value ?? [];

    const logLevel = pick('logLevel', read('logLevel'), (r) => validateEnum(r, LOG_LEVELS), opts, problems);
    if (logLevel) {
        server.logLevel = logLevel.value;
    }

    // An empty list (the default) leaves the choice to the project file, else to detection from the folders.
    const tools = pick('tools', read('tools'), validateTools, { ...opts, isEmpty: (r) => Array.isArray(r) && r.length === 0 }, problems);
    if (tools && tools.value.length > 0) {
        server.tools = tools.value;
    }
    return server;
}

function resolveLaunchSettings(read: InspectReader, trusted: boolean, vars: Vars, problems: Problem[]): LaunchSettings {
    const launch: LaunchSettings = {};
    for (const key of LAUNCH_KEYS) {
        const picked = pick(
            key,
            read(key),
            (raw) => {
                const allowString = key === 'interpreter';
                const checked = validateCommand(raw, vars, allowString);
                // `${workspaceFolder}` in a user setting would still run a
                // program the (untrusted) workspace controls.
                if (checked.ok && !trusted) {
                    const parts = typeof raw === 'string' ? [raw] : (raw as string[]);
                    if (parts.some(referencesWorkspace)) {
                        return { ok: false, reason: 'it refers to ${workspaceFolder} and the workspace is not trusted' };
                    }
                }
                return checked;
            },
            { trusted, trustedOnly: true, isEmpty: isEmptyCommand },
            problems,
        );
        if (picked) {
            launch[key] = { value: picked.value, scope: picked.scope };
        }
    }
    return launch;
}

/**
 * Resolve every `agentLsp.*` setting.
 *
 * Precedence: folder > workspace > user > default. A value of the wrong type is
 * reported and the next scope is used. When `trusted` is false,
 * `agentLsp.interpreter` and `agentLsp.serverCommand` are only taken from user
 * (global) settings.
 */
export function resolveSettings(read: InspectReader, trusted: boolean, vars: Vars): ResolvedSettings {
    const problems: Problem[] = [];
    const server = resolveServerSettings(read, vars, problems);
    const launch = resolveLaunchSettings(read, trusted, vars, problems);
    const trace = pick('trace.server', read('trace.server'), (r) => validateEnum(r, TRACE_LEVELS), { trusted }, problems);
    return { server, launch, trace: trace?.value ?? 'off', problems };
}

/**
 * Normalise an already-merged `agentLsp` section object (what the default
 * `workspace/configuration` handler returns) into the server settings shape,
 * so the server sees the same shape as in initializationOptions.
 */
export function normalizeServerSection(section: unknown, vars: Vars): { server: ServerSettings; problems: Problem[] } {
    const problems: Problem[] = [];
    const obj = isPlainObject(section) ? section : {};
    const read: InspectReader = (key) => ({ globalValue: obj[key] });
    return { server: resolveServerSettings(read, vars, problems), problems };
}

/** Keys whose change requires a new server process rather than a configuration push. */
export function isLaunchSetting(settingId: string): boolean {
    return LAUNCH_KEYS.some((key) => settingId === `${SECTION}.${key}`);
}
