/**
 * End-to-end smoke test of the bundled extension (dist/extension.js) in plain
 * node: a fake `vscode` module, and a fake "python" (test/fixtures/fake-python.js)
 * that answers the import check and speaks minimal LSP on stdio.
 *
 * It checks what only the assembled pieces can show: the bundle loads, the
 * server is spawned with `-m agent_lsp serve` (no `--stdio` appended), the
 * initializationOptions and workspace/configuration answers carry the
 * normalised settings, only agent markdown is opened on the server, and a
 * missing module produces an error with the install command.
 */

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';

import { waitFor as waitUntil } from './wait';
import { createVscodeMock, document, type MockOptions } from './vscode-mock';

const ROOT = path.resolve(__dirname, '..', '..');
const BUNDLE = path.join(ROOT, 'dist', 'extension.js');
const FAKE_PYTHON = path.join(ROOT, 'test', 'fixtures', 'fake-python.js');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Defaults from package.json, as VS Code would report them. */
const DEFAULTS: Record<string, unknown> = Object.fromEntries(
    Object.entries(pkg.contributes.configuration.properties as Record<string, { default: unknown }>).map(([k, v]) => [k, v.default]),
);

type ModuleWithLoad = typeof Module & { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
const moduleInternals = Module as ModuleWithLoad;
const originalLoad = moduleInternals._load;

let tmp: string;
let folder: string;
/** The extension loaded by the running test; deactivated after it even if it fails. */
let active: Extension | undefined;

interface Extension {
    activate(context: unknown): Promise<void>;
    deactivate(): Promise<void>;
}

interface ServerRecord {
    argv: string[];
    cwd: string;
    messages: { method?: string; id?: number; params?: any; result?: unknown }[];
    configuration: unknown;
    startedAt: number;
}

function loadExtension(mock: ReturnType<typeof createVscodeMock>): Extension {
    moduleInternals._load = function (request: string, parent: unknown, isMain: boolean) {
        if (request === 'vscode') {
            return mock.vscode;
        }
        return originalLoad.call(this, request, parent, isMain);
    };
    delete require.cache[BUNDLE];
    active = require(BUNDLE) as Extension;
    return active;
}

function dump(mock: ReturnType<typeof createVscodeMock>): void {
    if (process.env.AGENT_LSP_TEST_DEBUG) {
        console.log([...mock.record.logs, ...mock.record.messages.map((m) => `[${m.kind} message] ${m.text} ${JSON.stringify(m.items)}`)].join('\n'));
    }
}

function context(extensionPath?: string) {
    return { subscriptions: [] as { dispose(): unknown }[], extension: { packageJSON: pkg }, ...(extensionPath ? { extensionPath } : {}) };
}

/** An installed platform .vsix: bundled/manifest.json and the launcher (never run: the fake python answers). */
function bundledExtension(): string {
    const ext = path.join(tmp, 'installed extension');
    fs.mkdirSync(path.join(ext, 'bundled'), { recursive: true });
    fs.writeFileSync(path.join(ext, 'bundled', 'manifest.json'), JSON.stringify({ target: 'linux-x64', serverVersion: '9.9.9', pythonVersions: ['3.11', '3.12', '3.13'] }));
    fs.writeFileSync(path.join(ext, 'bundled', 'run_server.py'), '');
    return ext;
}

function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
    return waitUntil(what, probe, timeoutMs, 50);
}

/** Records of every fake server process started with FAKE_RECORD=prefix, oldest first. */
function readRecords(prefix: string): ServerRecord[] {
    const dir = path.dirname(prefix);
    const base = path.basename(prefix);
    return fs
        .readdirSync(dir)
        .filter((f) => f.startsWith(`${base}-`) && f.endsWith('.json'))
        .map((f) => {
            const file = path.join(dir, f);
            try {
                return JSON.parse(fs.readFileSync(file, 'utf8')) as ServerRecord;
            } catch {
                return undefined; // being written
            }
        })
        .filter((r): r is ServerRecord => r !== undefined)
        .sort((a, b) => a.startedAt - b.startedAt);
}

function readRecord(prefix: string): ServerRecord | undefined {
    const all = readRecords(prefix);
    return all[all.length - 1];
}

const count = (r: ServerRecord, method: string) => r.messages.filter((m) => m.method === method).length;

before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-lsp-ext-test-'));
    folder = path.join(tmp, 'my project'); // a space on purpose
    fs.mkdirSync(path.join(folder, '.claude', 'agents'), { recursive: true });
});

after(() => {
    moduleInternals._load = originalLoad;
    fs.rmSync(tmp, { recursive: true, force: true });
});

afterEach(async () => {
    // Stop any server a failed test left running, so the test process can exit.
    await Promise.race([active?.deactivate(), new Promise((r) => setTimeout(r, 5_000))]);
    active = undefined;
    moduleInternals._load = originalLoad;
    delete process.env.FAKE_RECORD;
    delete process.env.FAKE_MISSING;
    delete process.env.FAKE_VERSION;
});

describe('bundled extension with a fake server', { skip: fs.existsSync(BUNDLE) ? false : 'dist/extension.js not built', timeout: 60_000 }, () => {
    it('starts the server from the user interpreter in an untrusted workspace and sends only agent files', async () => {
        const recordFile = path.join(tmp, 'record-1.json');
        process.env.FAKE_RECORD = recordFile;
        const agent = document(path.join(folder, '.claude', 'agents', 'reviewer.md'));
        const readme = document(path.join(folder, 'README.md'));
        const options: MockOptions = {
            folder,
            trusted: false,
            defaults: DEFAULTS,
            global: {
                'agentLsp.interpreter': [process.execPath, FAKE_PYTHON],
                'agentLsp.disabledRules': ['R1', 7],
                'agentLsp.severityOverrides': { X: 'off', Y: 'loud' },
                'agentLsp.claudeConfigDir': '~/.claude-test',
            },
            workspace: {
                'agentLsp.serverCommand': ['/tmp/evil', 'serve'],
                'agentLsp.logLevel': 'debug',
            },
            documents: [agent, readme],
        };
        const mock = createVscodeMock(options);
        const ext = loadExtension(mock);
        await ext.activate(context());

        const server = await waitFor('didOpen', () => {
            const r = readRecord(recordFile);
            return r?.messages.some((m) => m.method === 'textDocument/didOpen') && r.configuration ? r : undefined;
        });

        assert.deepEqual(server.argv, ['-m', 'agent_lsp', 'serve']);
        assert.equal(fs.realpathSync(server.cwd), fs.realpathSync(folder));

        const expected = {
            severityOverrides: { X: 'off' },
            disabledRules: ['R1'],
            claudeConfigDir: `${os.homedir()}/.claude-test`,
            extraSkillDirectories: [],
            logLevel: 'debug',
        };
        const init = server.messages.find((m) => m.method === 'initialize');
        assert.deepEqual(init?.params.initializationOptions, expected);
        // One list of watched files, the server's: the client lets it register watchers and makes none itself.
        assert.equal(init?.params.capabilities.workspace.didChangeWatchedFiles.dynamicRegistration, true);
        assert.deepEqual(mock.record.watchers, []);
        assert.deepEqual(server.configuration, [expected, 'debug']);

        const opened = server.messages.filter((m) => m.method === 'textDocument/didOpen').map((m) => m.params.textDocument.uri as string);
        assert.deepEqual(opened, [agent.uri.toString()]);

        // The workspace serverCommand was ignored, and the user was told.
        assert.ok(
            mock.record.messages.some((m) => m.kind === 'warning' && /serverCommand.*not trusted/.test(m.text)),
            JSON.stringify(mock.record.messages),
        );
        // Invalid entries were reported too.
        assert.ok(mock.record.logs.some((l) => l.includes('ignored entry 7')));
        assert.ok(mock.record.logs.some((l) => l.includes('Server started: fake-agent-lsp 0.0.0')), mock.record.logs.join('\n'));
        assert.ok(mock.record.logs.some((l) => l.includes('fake server says hello')), 'server log messages reach the channel');
        assert.ok(mock.record.commands.has('agentLsp.restart'));
        assert.ok(mock.record.commands.has('agentLsp.showOutput'));

        // The client pushes the same normalised settings on didChangeConfiguration.
        const pushed = server.messages.filter((m) => m.method === 'workspace/didChangeConfiguration');
        assert.deepEqual(pushed[pushed.length - 1]?.params, { settings: { agentLsp: expected } });

        // A server setting change is pushed to the running server, without a restart.
        options.global!['agentLsp.disabledRules'] = ['R2'];
        mock.changeConfiguration(['agentLsp', 'agentLsp.disabledRules']);
        await waitFor('second didChangeConfiguration', () => {
            const r = readRecord(recordFile)!;
            return count(r, 'workspace/didChangeConfiguration') >= pushed.length + 1 ? r : undefined;
        });
        const afterChange = readRecord(recordFile)!;
        const lastPush = afterChange.messages.filter((m) => m.method === 'workspace/didChangeConfiguration').pop();
        assert.deepEqual(lastPush?.params.settings.agentLsp.disabledRules, ['R2']);
        await new Promise((r) => setTimeout(r, 500));
        assert.equal(readRecords(recordFile).length, 1, 'no restart for a server setting');

        // Changing the interpreter restarts the server.
        mock.changeConfiguration(['agentLsp', 'agentLsp.interpreter']);
        await waitFor('a second server process', () => {
            const all = readRecords(recordFile);
            return all.length === 2 && all[1]!.messages.some((m) => m.method === 'textDocument/didOpen') ? all : undefined;
        });
        const [first] = readRecords(recordFile);
        assert.ok(first && count(first, 'shutdown') === 1 && count(first, 'exit') === 1, 'the old server was shut down');

        // So does the restart command.
        await mock.record.commands.get('agentLsp.restart')!();
        await waitFor('a third server process', () => (readRecords(recordFile).length === 3 ? true : undefined));

        await ext.deactivate();
        dump(mock);
        const final = await waitFor('exit', () => {
            const r = readRecord(recordFile);
            return r && count(r, 'exit') === 1 ? r : undefined;
        });
        assert.equal(count(final, 'shutdown'), 1);
    });

    it('shows the install command when agent_lsp is missing, and does not start', async () => {
        const recordFile = path.join(tmp, 'record-2.json');
        process.env.FAKE_RECORD = recordFile;
        process.env.FAKE_MISSING = '1';
        const mock = createVscodeMock({
            folder,
            trusted: true,
            defaults: DEFAULTS,
            global: { 'agentLsp.interpreter': [process.execPath, FAKE_PYTHON] },
            documents: [document(path.join(folder, '.claude', 'agents', 'reviewer.md'))],
        });
        const ext = loadExtension(mock);
        await ext.activate(context());
        const error = await waitFor('error message', () => mock.record.messages.find((m) => m.kind === 'error'));
        assert.match(error.text, /not installed/);
        assert.ok(error.text.includes('-m pip install agent-markdown-lsp'), error.text);
        assert.ok(error.text.includes('-m pip install <path-to-checkout>'), error.text);
        assert.ok(error.items.includes('Copy Install Command'));
        assert.ok(error.items.includes('Show Output'));
        assert.ok(mock.record.logs.some((l) => l.startsWith('[error]') && l.includes("No module named 'agent_lsp'")));
        assert.equal(readRecord(recordFile), undefined, 'the server must not be started');
        await ext.deactivate();
        dump(mock);
    });

    it('waits for an agent file before starting when the workspace has none', async () => {
        const recordFile = path.join(tmp, 'record-3.json');
        process.env.FAKE_RECORD = recordFile;
        const mock = createVscodeMock({
            folder,
            trusted: true,
            defaults: DEFAULTS,
            global: { 'agentLsp.serverCommand': [process.execPath, FAKE_PYTHON, '-m', 'agent_lsp', 'serve'] },
            documents: [document(path.join(folder, 'README.md'))],
            foundFiles: [],
        });
        const ext = loadExtension(mock);
        await ext.activate(context());
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(readRecord(recordFile), undefined, 'no server for a plain README');

        const skill = document(path.join(folder, 'skills', 'pdf', 'SKILL.md'));
        mock.openDocument(skill);
        const server = await waitFor('didOpen', () => {
            const r = readRecord(recordFile);
            return r?.messages.some((m) => m.method === 'textDocument/didOpen') ? r : undefined;
        });
        const opened = server.messages.filter((m) => m.method === 'textDocument/didOpen').map((m) => m.params.textDocument.uri as string);
        assert.deepEqual(opened, [skill.uri.toString()]);
        assert.ok(mock.record.logs.some((l) => l.includes('agentLsp.serverCommand is set: starting it as is')));
        await ext.deactivate();
    });
    it('runs the bundled server isolated with the interpreter it found, and no pip advice when none fits', async () => {
        const ext = bundledExtension();
        const recordFile = path.join(tmp, 'record-bundled.json');
        process.env.FAKE_RECORD = recordFile;
        const agent = document(path.join(folder, '.claude', 'agents', 'reviewer.md'));
        const mock = createVscodeMock({
            folder,
            trusted: true,
            defaults: DEFAULTS,
            global: { 'agentLsp.interpreter': [process.execPath, FAKE_PYTHON] },
            documents: [agent],
        });
        const extension = loadExtension(mock);
        await extension.activate(context(ext));
        const server = await waitFor('didOpen', () => {
            const r = readRecord(recordFile);
            return r?.messages.some((m) => m.method === 'textDocument/didOpen') ? r : undefined;
        });
        assert.deepEqual(server.argv, ['-I', path.join(ext, 'bundled', 'run_server.py'), 'serve']);
        assert.ok(mock.record.logs.some((l) => l.includes('Server command (bundled, from agentLsp.interpreter)')), mock.record.logs.join('\n'));
        await extension.deactivate();

        // The same interpreter, now Python 3.10: one error naming it and what to install, and no server.
        process.env.FAKE_VERSION = '3.10.4';
        const recordFile2 = path.join(tmp, 'record-bundled-old.json');
        process.env.FAKE_RECORD = recordFile2;
        const mock2 = createVscodeMock({
            folder,
            trusted: true,
            defaults: DEFAULTS,
            global: { 'agentLsp.interpreter': [process.execPath, FAKE_PYTHON] },
            documents: [agent],
        });
        const extension2 = loadExtension(mock2);
        await extension2.activate(context(ext));
        const error = await waitFor('error message', () => mock2.record.messages.find((m) => m.kind === 'error'));
        assert.match(error.text, /needs Python 3\.11, 3\.12 or 3\.13 to run its bundled server and found none \(tried .*: Python 3\.10\.4\)/);
        assert.doesNotMatch(error.text, /pip install/);
        assert.equal(readRecord(recordFile2), undefined);
        await extension2.deactivate();
    });
});
