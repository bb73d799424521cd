/**
 * A small fake of the `vscode` module, enough to load dist/extension.js and
 * run activate() → LanguageClient.start() against a fake server in plain node.
 * Anything not modelled here is an inert "magic" stub.
 */

import * as path from 'node:path';

import { minimatch } from 'minimatch';

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
    private listeners: Listener<T>[] = [];
    readonly event = (listener: Listener<T>) => {
        this.listeners.push(listener);
        return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
    };
    fire(e: T): void {
        for (const l of [...this.listeners]) {
            l(e);
        }
    }
    dispose(): void {
        this.listeners = [];
    }
}

export class Uri {
    private constructor(
        readonly scheme: string,
        readonly path: string,
    ) {}
    static file(p: string): Uri {
        return new Uri('file', p.replace(/\\/g, '/'));
    }
    static parse(s: string): Uri {
        const m = /^([a-z][\w+.-]*):\/\/(.*)$/i.exec(s);
        return m ? new Uri(m[1]!, decodeURIComponent(m[2]!)) : new Uri('file', s);
    }
    get fsPath(): string {
        return this.path;
    }
    get authority(): string {
        return '';
    }
    get query(): string {
        return '';
    }
    get fragment(): string {
        return '';
    }
    with(change: { path?: string }): Uri {
        return new Uri(this.scheme, change.path ?? this.path);
    }
    toString(): string {
        return `${this.scheme}://${encodeURI(this.path)}`;
    }
    toJSON(): unknown {
        return { scheme: this.scheme, path: this.path };
    }
}

export class Disposable {
    constructor(private readonly fn: () => void = () => undefined) {}
    static from(...items: { dispose(): unknown }[]): Disposable {
        return new Disposable(() => items.forEach((i) => i.dispose()));
    }
    dispose(): void {
        this.fn();
    }
}

export class Position {
    constructor(
        readonly line: number,
        readonly character: number,
    ) {}
}

export class Range {
    readonly start: Position;
    readonly end: Position;
    constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
        this.start = typeof a === 'number' ? new Position(a, b as number) : a;
        this.end = typeof a === 'number' ? new Position(c!, d!) : (b as Position);
    }
}

export class Location {
    constructor(
        readonly uri: Uri,
        readonly range: Range,
    ) {}
}

export class CodeLens {
    command?: { title: string; command: string; arguments?: unknown[] };
    constructor(readonly range: Range) {}
}

export enum DiagnosticSeverity {
    Error = 0,
    Warning = 1,
    Information = 2,
    Hint = 3,
}

export class Diagnostic {
    source?: string;
    code?: unknown;
    tags?: unknown[];
    relatedInformation?: unknown[];
    constructor(
        public range: Range,
        public message: string,
        public severity: DiagnosticSeverity = DiagnosticSeverity.Error,
    ) {}
}

export class CancellationTokenSource {
    private readonly emitter = new EventEmitter<void>();
    readonly token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };
    cancel(): void {
        if (!this.token.isCancellationRequested) {
            this.token.isCancellationRequested = true;
            this.emitter.fire();
        }
    }
    dispose(): void {
        this.emitter.dispose();
    }
}

/** Tabs: every fake document is shown in a tab (the client pulls diagnostics for visible documents). */
export class TabInputText {
    constructor(readonly uri: Uri) {}
}
export class TabInputTextDiff {
    constructor(
        readonly original: Uri,
        readonly modified: Uri,
    ) {}
}
export class TabInputCustom {
    constructor(readonly uri: Uri) {}
}

/** An inert stub: callable, constructible, every property is another stub, never a thenable. */
function magic(name = 'magic'): any {
    const target = function () {} as any;
    return new Proxy(target, {
        get(_t, prop) {
            if (prop === 'then') return undefined;
            if (prop === Symbol.toPrimitive) return () => 0;
            if (prop === Symbol.iterator) return function* () {};
            if (prop === 'toString') return () => name;
            if (prop === 'prototype') return target.prototype;
            if (prop === 'dispose') return () => undefined;
            return magic(`${name}.${String(prop)}`);
        },
        apply() {
            return magic(`${name}()`);
        },
        construct() {
            return magic(`new ${name}`);
        },
    });
}

/** Build a module object that falls back to stubs for anything not given. */
function withFallback<T extends object>(name: string, real: T): T {
    return new Proxy(real, {
        get(t, prop, receiver) {
            if (prop in t) return Reflect.get(t, prop, receiver);
            if (prop === 'then') return undefined;
            return magic(`${name}.${String(prop)}`);
        },
    });
}

export interface FakeDocument {
    uri: Uri;
    fileName: string;
    languageId: string;
    version: number;
    isClosed: boolean;
    isUntitled: boolean;
    getText(): string;
}

export function document(fsPath: string, languageId = 'markdown', text = '---\nname: x\n---\n'): FakeDocument {
    return { uri: Uri.file(fsPath), fileName: fsPath, languageId, version: 1, isClosed: false, isUntitled: false, getText: () => text };
}

export type Layer = Record<string, unknown>;

export interface MockOptions {
    folder?: string;
    trusted: boolean;
    /** Settings per scope, keyed by full id (`agentLsp.interpreter`). */
    defaults: Layer;
    global?: Layer;
    workspace?: Layer;
    documents?: FakeDocument[];
    /** Result of workspace.findFiles. */
    foundFiles?: string[];
}

export interface MockRecord {
    logs: string[];
    messages: { kind: string; text: string; items: string[] }[];
    commands: Map<string, (...args: unknown[]) => unknown>;
    clipboard: string[];
    executed: unknown[][];
    /** Last diagnostics set per document URI, over all diagnostic collections. */
    diagnostics: Map<string, unknown[]>;
    /** Glob patterns passed to workspace.createFileSystemWatcher. */
    watchers: unknown[];
    /** Providers passed to languages.registerCodeLensProvider. */
    codeLensProviders: { provideCodeLenses(document: unknown, token: unknown): unknown }[];
}

export function createVscodeMock(options: MockOptions) {
    const record: MockRecord = { logs: [], messages: [], commands: new Map(), clipboard: [], executed: [], diagnostics: new Map(), watchers: [], codeLensProviders: [] };
    const events = {
        didChangeConfiguration: new EventEmitter<{ affectsConfiguration(s: string): boolean }>(),
        didGrantWorkspaceTrust: new EventEmitter<void>(),
        didOpenTextDocument: new EventEmitter<FakeDocument>(),
    };
    const documents = [...(options.documents ?? [])];
    const tabsChanged = new EventEmitter<{ opened: unknown[]; closed: unknown[]; changed: unknown[] }>();
    const folders = options.folder ? [{ uri: Uri.file(options.folder), name: path.basename(options.folder), index: 0 }] : undefined;

    const merged = (id: string): unknown => {
        for (const layer of [options.workspace, options.global, options.defaults]) {
            if (layer && layer[id] !== undefined) return layer[id];
        }
        return undefined;
    };

    const getConfiguration = (section?: string) => {
        const full = (key: string) => (section ? `${section}.${key}` : key);
        return {
            get: (key: string, fallback?: unknown) => {
                const direct = merged(full(key));
                if (direct !== undefined) return direct;
                // A section object, e.g. get('agentLsp') or getConfiguration('agentLsp').get('trace')
                const prefix = `${full(key)}.`;
                const keys = new Set([options.defaults, options.global, options.workspace].flatMap((l) => Object.keys(l ?? {})));
                const obj: Record<string, unknown> = {};
                for (const k of keys) {
                    if (k.startsWith(prefix)) {
                        const parts = k.slice(prefix.length).split('.');
                        let cur = obj;
                        for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
                        cur[parts[parts.length - 1]!] = merged(k);
                    }
                }
                return Object.keys(obj).length > 0 ? obj : fallback;
            },
            has: (key: string) => merged(full(key)) !== undefined,
            inspect: (key: string) => ({
                key: full(key),
                defaultValue: options.defaults[full(key)],
                globalValue: options.global?.[full(key)],
                workspaceValue: options.workspace?.[full(key)],
                workspaceFolderValue: undefined,
            }),
            update: () => Promise.resolve(),
        };
    };

    const matchFilter = (filter: any, doc: FakeDocument): boolean => {
        if (typeof filter === 'string') return filter === doc.languageId;
        if (filter.language && filter.language !== doc.languageId) return false;
        if (filter.scheme && filter.scheme !== doc.uri.scheme) return false;
        if (filter.pattern && !minimatch(doc.uri.fsPath, filter.pattern, { dot: true })) return false;
        return true;
    };

    const channel = (name: string) => {
        const log =
            (level: string) =>
            (msg: unknown, ...rest: unknown[]) =>
                record.logs.push(`[${level}] ${String(msg)}${rest.length ? ' ' + rest.map(String).join(' ') : ''}`);
        return {
            name,
            logLevel: 2,
            onDidChangeLogLevel: new EventEmitter<number>().event,
            trace: log('trace'),
            debug: log('debug'),
            info: log('info'),
            warn: log('warn'),
            error: log('error'),
            append: (s: string) => record.logs.push(`[append] ${s}`),
            appendLine: (s: string) => record.logs.push(`[line] ${s}`),
            replace: () => undefined,
            clear: () => undefined,
            show: () => undefined,
            hide: () => undefined,
            dispose: () => undefined,
        };
    };

    const showMessage = (kind: string) => (text: string, ...items: unknown[]) => {
        record.messages.push({ kind, text, items: items.filter((i): i is string => typeof i === 'string') });
        return Promise.resolve(undefined);
    };

    const vscode = {
        version: '1.90.0',
        Uri,
        EventEmitter,
        Disposable,
        CancellationTokenSource,
        Position,
        Range,
        Location,
        CodeLens,
        Diagnostic,
        DiagnosticSeverity,
        TabInputText,
        TabInputTextDiff,
        TabInputCustom,
        window: withFallback('window', {
            createOutputChannel: channel,
            showErrorMessage: showMessage('error'),
            showWarningMessage: showMessage('warning'),
            showInformationMessage: showMessage('information'),
            visibleTextEditors: [],
            activeTextEditor: undefined,
            onDidChangeActiveTextEditor: new EventEmitter<unknown>().event,
            onDidChangeVisibleTextEditors: new EventEmitter<unknown>().event,
            tabGroups: withFallback('tabGroups', {
                get all() {
                    return [{ tabs: documents.map((d) => ({ input: new TabInputText(d.uri) })) }];
                },
                onDidChangeTabs: tabsChanged.event,
            }),
        }),
        workspace: withFallback('workspace', {
            get workspaceFolders() {
                return folders;
            },
            get isTrusted() {
                return options.trusted;
            },
            get textDocuments() {
                return documents;
            },
            getConfiguration,
            getWorkspaceFolder: (uri: Uri) => folders?.find((f) => uri.path.startsWith(f.uri.path)),
            asRelativePath: (uri: Uri) => uri.path,
            findFiles: () => Promise.resolve((options.foundFiles ?? []).map((f) => Uri.file(f))),
            createFileSystemWatcher: (pattern: unknown) => (record.watchers.push(pattern), {
                onDidCreate: new EventEmitter<Uri>().event,
                onDidChange: new EventEmitter<Uri>().event,
                onDidDelete: new EventEmitter<Uri>().event,
                dispose: () => undefined,
            }),
            onDidChangeConfiguration: events.didChangeConfiguration.event,
            onDidGrantWorkspaceTrust: events.didGrantWorkspaceTrust.event,
            onDidOpenTextDocument: events.didOpenTextDocument.event,
            onDidCloseTextDocument: new EventEmitter<unknown>().event,
            onDidChangeTextDocument: new EventEmitter<unknown>().event,
            onDidSaveTextDocument: new EventEmitter<unknown>().event,
            onWillSaveTextDocument: new EventEmitter<unknown>().event,
            onDidChangeWorkspaceFolders: new EventEmitter<unknown>().event,
        }),
        languages: withFallback('languages', {
            registerCodeLensProvider: (_selector: unknown, provider: MockRecord['codeLensProviders'][number]) => {
                record.codeLensProviders.push(provider);
                return new Disposable(() => record.codeLensProviders.splice(record.codeLensProviders.indexOf(provider), 1));
            },
            match: (selector: any, doc: FakeDocument) =>
                (Array.isArray(selector) ? selector : [selector]).some((f) => matchFilter(f, doc)) ? 10 : 0,
            createDiagnosticCollection: () =>
                withFallback('diagnostics', {
                    set: (uri: Uri | [Uri, unknown[]][], diagnostics?: unknown[]) => {
                        const entries: [Uri, unknown[] | undefined][] = Array.isArray(uri) ? uri : [[uri, diagnostics]];
                        for (const [u, d] of entries) {
                            record.diagnostics.set(u.toString(), [...(d ?? [])]);
                        }
                    },
                    delete: () => undefined,
                    clear: () => undefined,
                    dispose: () => undefined,
                    forEach: () => undefined,
                    get: () => undefined,
                    has: () => false,
                }),
        }),
        commands: withFallback('commands', {
            registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
                record.commands.set(id, fn);
                return new Disposable(() => record.commands.delete(id));
            },
            executeCommand: (...args: unknown[]) => {
                record.executed.push(args);
                return Promise.resolve(undefined);
            },
        }),
        extensions: withFallback('extensions', { getExtension: () => undefined, all: [] }),
        env: withFallback('env', {
            clipboard: { writeText: (s: string) => (record.clipboard.push(s), Promise.resolve()) },
            language: 'en',
            appName: 'Visual Studio Code',
            machineId: 'test',
            sessionId: 'test',
        }),
    };

    return {
        vscode: withFallback('vscode', vscode),
        record,
        events,
        /** Fire onDidChangeConfiguration for the given setting ids (and their sections). */
        changeConfiguration(affected: string[]) {
            events.didChangeConfiguration.fire({
                affectsConfiguration: (id: string) => affected.some((a) => a === id || a.startsWith(`${id}.`)),
            });
        },
        openDocument(doc: FakeDocument) {
            documents.push(doc);
            events.didOpenTextDocument.fire(doc);
            tabsChanged.fire({ opened: [{ input: new TabInputText(doc.uri) }], closed: [], changed: [] });
        },
    };
}
