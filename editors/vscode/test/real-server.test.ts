/**
 * The bundled extension against the real agent-lsp server, when this
 * machine's default interpreter (python3 / python on Windows, or
 * $AGENT_LSP_TEST_PYTHON) can import agent_lsp. Skipped otherwise, so the
 * extension builds and tests on a machine with node only, and skipped on
 * request with AGENT_LSP_TEST_REAL_SERVER=0.
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { waitFor as waitUntil } from './wait';
import { createVscodeMock, document } from './vscode-mock';

const ROOT = path.resolve(__dirname, '..', '..');
const BUNDLE = path.join(ROOT, 'dist', 'extension.js');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const DEFAULTS: Record<string, unknown> = Object.fromEntries(
    Object.entries(pkg.contributes.configuration.properties as Record<string, { default: unknown }>).map(([k, v]) => [k, v.default]),
);

const python = process.env.AGENT_LSP_TEST_PYTHON ?? (process.platform === 'win32' ? 'python' : 'python3');
const disabled = process.env.AGENT_LSP_TEST_REAL_SERVER === '0';
const hasServer = !disabled && spawnSync(python, ['-c', 'import agent_lsp'], { stdio: 'ignore' }).status === 0;

type ModuleWithLoad = typeof Module & { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
const moduleInternals = Module as ModuleWithLoad;
const originalLoad = moduleInternals._load;

let tmp: string;

before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-lsp-real-'));
});

after(() => {
    moduleInternals._load = originalLoad;
    fs.rmSync(tmp, { recursive: true, force: true });
});

function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
    return waitUntil(what, probe, timeoutMs, 100);
}

describe('bundled extension with the real agent-lsp server', {
    skip: disabled ? 'AGENT_LSP_TEST_REAL_SERVER=0' : hasServer && fs.existsSync(BUNDLE) ? false : `${python} cannot import agent_lsp`,
    timeout: 90_000,
}, () => {
    it('starts `python -m agent_lsp serve` and gets diagnostics for a broken agent only', async () => {
        const folder = path.join(tmp, 'proj');
        const agentPath = path.join(folder, '.claude', 'agents', 'broken.md');
        fs.mkdirSync(path.dirname(agentPath), { recursive: true });
        const agentText = '---\nname: Not A Valid Name!\nmodel: 42\ncolour: [\n---\nDo things.\n';
        fs.writeFileSync(agentPath, agentText);
        const readmePath = path.join(folder, 'README.md');
        fs.writeFileSync(readmePath, '# hello\n');

        const mock = createVscodeMock({
            folder,
            trusted: true,
            defaults: DEFAULTS,
            global: { ...(process.env.AGENT_LSP_TEST_PYTHON ? { 'agentLsp.interpreter': python } : {}), ...(process.env.AGENT_LSP_TEST_DEBUG ? { 'agentLsp.trace.server': 'verbose' } : {}) },
            documents: [document(agentPath, 'markdown', agentText), document(readmePath, 'markdown', '# hello\n')],
        });
        moduleInternals._load = function (request: string, parent: unknown, isMain: boolean) {
            return request === 'vscode' ? mock.vscode : originalLoad.call(this, request, parent, isMain);
        };
        delete require.cache[BUNDLE];
        const ext = require(BUNDLE) as { activate(c: unknown): Promise<void>; deactivate(): Promise<void> };
        try {
            await ext.activate({ subscriptions: [], extension: { packageJSON: pkg } });
            await waitFor('server start', () => (mock.record.logs.some((l) => l.includes('Server started')) ? true : undefined));
            const agentUri = document(agentPath).uri.toString();
            const diagnostics = await waitFor('diagnostics for the broken agent', () => {
                const d = mock.record.diagnostics.get(agentUri);
                return d && d.length > 0 ? d : undefined;
            });
            for (const d of diagnostics as { source?: string; message?: string; range?: { start?: { line?: number } } }[]) {
                assert.equal(d.source, 'agent-lsp');
                assert.ok(d.message && d.message.length > 0);
                assert.equal(typeof d.range?.start?.line, 'number');
            }
            assert.equal(mock.record.diagnostics.get(document(readmePath).uri.toString()), undefined, 'README.md must not be linted');
            assert.deepEqual(
                mock.record.messages.filter((m) => m.kind === 'error'),
                [],
                'no error notifications',
            );
        } finally {
            if (process.env.AGENT_LSP_TEST_DEBUG) {
                console.log(mock.record.logs.join('\n'));
            }
            await ext.deactivate();
            moduleInternals._load = originalLoad;
        }
    });

    it('opens VS Code\'s references view from the "used by" lens of a skill', async () => {
        const folder = path.join(tmp, 'lens');
        const skillPath = path.join(folder, '.claude', 'skills', 'helper', 'SKILL.md');
        const agentPath = path.join(folder, '.claude', 'agents', 'user.md');
        const skillText = '---\nname: helper\ndescription: Helps\n---\nHelp.\n';
        fs.mkdirSync(path.dirname(skillPath), { recursive: true });
        fs.mkdirSync(path.dirname(agentPath), { recursive: true });
        fs.writeFileSync(skillPath, skillText);
        fs.writeFileSync(agentPath, '---\nname: user\ndescription: Uses it\nskills: [\u{1F600}, helper]\n---\nWork.\n');

        const mock = createVscodeMock({
            folder,
            trusted: true,
            defaults: DEFAULTS,
            global: process.env.AGENT_LSP_TEST_PYTHON ? { 'agentLsp.interpreter': python } : {},
            documents: [document(skillPath, 'markdown', skillText)],
        });
        moduleInternals._load = function (request: string, parent: unknown, isMain: boolean) {
            return request === 'vscode' ? mock.vscode : originalLoad.call(this, request, parent, isMain);
        };
        delete require.cache[BUNDLE];
        const ext = require(BUNDLE) as { activate(c: unknown): Promise<void>; deactivate(): Promise<void> };
        try {
            await ext.activate({ subscriptions: [], extension: { packageJSON: pkg } });
            const provider = await waitFor('a code lens provider', () => mock.record.codeLensProviders[0]);
            type Lens = { range: unknown; command?: { title: string; command: string; arguments?: unknown[] } };
            let lenses: Lens[] = [];
            for (let attempt = 0; attempt < 100 && !lenses.some((l) => l.command?.title === 'used by 1 agent'); attempt++) {
                const token = new mock.vscode.CancellationTokenSource().token;
                lenses = ((await provider.provideCodeLenses(document(skillPath, 'markdown', skillText), token)) ?? []) as Lens[];
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
            const used = lenses.find((l) => l.command?.title === 'used by 1 agent');
            assert.ok(used?.command, `no "used by 1 agent" lens in ${JSON.stringify(lenses.map((l) => l.command?.title))}`);
            assert.equal(used.command.command, 'agent-lsp.showReferences');

            // Clicking runs the command VS Code registered for the server's command: the middleware turns it into
            // VS Code's own references view, with real Uri, Position and Location objects.
            const run = mock.record.commands.get(used.command.command);
            assert.ok(run, 'the server\'s command is registered');
            await run(...(used.command.arguments ?? []));
            const shown = mock.record.executed.find((call) => call[0] === 'editor.action.showReferences');
            assert.ok(shown, `executed: ${JSON.stringify(mock.record.executed.map((call) => call[0]))}`);
            const [, uri, position, locations] = shown as [string, { fsPath: string }, unknown, unknown[]];
            assert.ok(uri instanceof mock.vscode.Uri && uri.fsPath === skillPath);
            assert.ok(position instanceof mock.vscode.Position);
            assert.deepEqual({ ...position }, { line: 0, character: 0 });
            assert.equal(locations.length, 1);
            const [location] = locations as InstanceType<typeof mock.vscode.Location>[];
            assert.ok(location instanceof mock.vscode.Location && location.uri.fsPath === agentPath);
            // `skills: [😀, helper]`: UTF-16 columns (VS Code's: the emoji is two), 13 to 19.
            assert.deepEqual({ ...location.range.start }, { line: 3, character: 13 });
            assert.deepEqual({ ...location.range.end }, { line: 3, character: 19 });
            assert.deepEqual(mock.record.messages.filter((m) => m.kind === 'information'), [], 'no message from the server');
        } finally {
            if (process.env.AGENT_LSP_TEST_DEBUG) {
                console.log(mock.record.logs.join('\n'));
            }
            await ext.deactivate();
            moduleInternals._load = originalLoad;
        }
    });
});
