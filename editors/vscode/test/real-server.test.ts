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
});
