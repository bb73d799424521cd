import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { checkAgentLspCommand, checkServerModule, classifyCheck, classifyVersionOutput, describeFailure } from '../src/check';
import { IMPORT_CHECK_SCRIPT } from '../src/command';

let tmp: string;
let fakePython: string;

/**
 * A stand-in interpreter written in JS: run as `node fake.js -c <script>`.
 * FAKE_MODE decides what it does; it fails unless it got exactly the check script.
 */
const FAKE = `
const args = process.argv.slice(2);
if (args[0] !== '-c' || args[1] !== ${JSON.stringify(IMPORT_CHECK_SCRIPT)}) {
    process.stderr.write('unexpected arguments ' + JSON.stringify(args));
    process.exit(99);
}
const mode = process.env.FAKE_MODE;
if (mode === 'hang') { setTimeout(() => {}, 60000); return; }
process.stdout.write('/fake/bin/python\\n' + (process.env.FAKE_VERSION || '3.12.1') + '\\n');
if (mode === 'ok') process.exit(0);
if (mode === 'missing') {
    process.stderr.write("Traceback (most recent call last):\\n  File \\"<string>\\", line 4, in <module>\\nModuleNotFoundError: No module named 'agent_lsp'\\n");
    process.exit(1);
}
if (mode === 'broken') {
    process.stderr.write("Traceback (most recent call last):\\nModuleNotFoundError: No module named 'pygls'\\n");
    process.exit(1);
}
process.exit(2);
`;

function fakeInterpreter(): string[] {
    return [process.execPath, fakePython];
}

function withEnv(mode: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { ...process.env, FAKE_MODE: mode, ...extra };
}

before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-lsp-vscode-test-'));
    fakePython = path.join(tmp, 'fake python.js'); // a space in the path on purpose
    fs.writeFileSync(fakePython, `(function(){${FAKE}})();`);
});

after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
});

describe('classifyCheck', () => {
    it('reads executable and version and recognises a missing module', () => {
        assert.deepEqual(classifyCheck(0, '/usr/bin/python3\n3.11.7\n', ''), {
            kind: 'ok',
            executable: '/usr/bin/python3',
            version: '3.11.7',
        });
        const missing = classifyCheck(1, 'C:\\Python\\python.exe\r\n3.12.0\r\n', "ModuleNotFoundError: No module named 'agent_lsp'");
        assert.equal(missing.kind, 'notInstalled');
        assert.equal(missing.executable, 'C:\\Python\\python.exe');
        assert.equal(missing.version, '3.12.0');
    });

    it('does not mistake a missing submodule or dependency for "not installed"', () => {
        assert.equal(classifyCheck(1, '', "No module named 'agent_lsp.server'").kind, 'importFailed');
        assert.equal(classifyCheck(1, '', "No module named 'agent_lsp_extra'").kind, 'importFailed');
        assert.equal(classifyCheck(1, '', "No module named 'yaml'").kind, 'importFailed');
        assert.equal(classifyCheck(1, '', 'SyntaxError').kind, 'importFailed');
    });
});

describe('checkServerModule with a fake interpreter', () => {
    it('ok', async () => {
        const r = await checkServerModule(fakeInterpreter(), { env: withEnv('ok') });
        assert.deepEqual(r, { kind: 'ok', executable: '/fake/bin/python', version: '3.12.1' });
    });

    it('not installed', async () => {
        const r = await checkServerModule(fakeInterpreter(), { env: withEnv('missing') });
        assert.equal(r.kind, 'notInstalled');
    });

    it('installed but broken', async () => {
        const r = await checkServerModule(fakeInterpreter(), { env: withEnv('broken') });
        assert.equal(r.kind, 'importFailed');
        if (r.kind === 'importFailed') {
            assert.equal(r.exitCode, 1);
            assert.match(r.output, /pygls/);
        }
    });

    it('interpreter not found', async () => {
        const r = await checkServerModule([path.join(tmp, 'no such python')], {});
        assert.equal(r.kind, 'spawnFailed');
        if (r.kind === 'spawnFailed') {
            assert.equal(r.code, 'ENOENT');
        }
    });

    it('times out', async () => {
        const r = await checkServerModule(fakeInterpreter(), { env: withEnv('hang'), timeoutMs: 300 });
        assert.deepEqual(r, { kind: 'timeout', timeoutMs: 300 });
    });
});

const python3 = ['python3', 'python'].find((p) => spawnSync(p, ['-c', 'import sys; assert sys.version_info >= (3, 8)']).status === 0);

describe('checkServerModule with a real Python', { skip: python3 ? false : 'no python on PATH' }, () => {
    it('reports agent_lsp as missing when site-packages and the cwd are off the path', async () => {
        // -I: isolated (no PYTHONPATH, no cwd, no user site); -S: no site-packages.
        const r = await checkServerModule([python3!, '-I', '-S'], { cwd: tmp });
        assert.equal(r.kind, 'notInstalled', JSON.stringify(r));
        if (r.kind === 'notInstalled') {
            assert.match(r.version ?? '', /^3\.\d+\.\d+$/);
        }
    });

    it('finds agent_lsp when it is importable and is the language server', async () => {
        const pkg = path.join(tmp, 'site', 'agent_lsp');
        fs.mkdirSync(path.join(pkg, 'core'), { recursive: true });
        fs.writeFileSync(path.join(pkg, '__init__.py'), '__version__ = "7.8.9"\n');
        fs.writeFileSync(path.join(pkg, 'server.py'), '');
        fs.writeFileSync(path.join(pkg, 'core', '__init__.py'), '');
        fs.writeFileSync(path.join(pkg, 'core', 'rules.py'), '');
        const r = await checkServerModule([python3!, '-S'], { env: { ...process.env, PYTHONPATH: path.join(tmp, 'site') } });
        assert.equal(r.kind, 'ok', JSON.stringify(r));
        assert.equal(r.kind === 'ok' && r.serverVersion, '7.8.9');
    });

    it('says the wrong package is installed when agent_lsp is the unrelated PyPI project agent-lsp', async () => {
        // The layout of PyPI's agent-lsp 0.23: agent_lsp/__init__.py, __main__.py and a binary, no server module.
        const site = path.join(tmp, 'other-site');
        fs.mkdirSync(path.join(site, 'agent_lsp'), { recursive: true });
        fs.writeFileSync(path.join(site, 'agent_lsp', '__init__.py'), '');
        fs.writeFileSync(path.join(site, 'agent_lsp', '__main__.py'), '');
        const distInfo = path.join(site, 'agent_lsp-0.23.5.dist-info');
        fs.mkdirSync(distInfo);
        fs.writeFileSync(path.join(distInfo, 'METADATA'), 'Metadata-Version: 2.1\nName: agent-lsp\nVersion: 0.23.5\n');
        fs.writeFileSync(path.join(distInfo, 'top_level.txt'), 'agent_lsp\n');
        fs.writeFileSync(
            path.join(distInfo, 'RECORD'),
            'agent_lsp/__init__.py,,\nagent_lsp/__main__.py,,\nagent_lsp-0.23.5.dist-info/METADATA,,\n',
        );
        const r = await checkServerModule([python3!, '-S'], { env: { ...process.env, PYTHONPATH: site } });
        assert.equal(r.kind, 'wrongPackage', JSON.stringify(r));
        if (r.kind === 'wrongPackage') {
            assert.deepEqual(r.distributions, ['agent-lsp']);
            const report = describeFailure(r, ['/venv/bin/python'], 'linux');
            assert.match(report.message, /wrong package is installed/);
            assert.equal(
                report.install,
                '/venv/bin/python -m pip uninstall -y agent-lsp && /venv/bin/python -m pip install agent-markdown-lsp',
            );
        }
    });
});

describe('describeFailure', () => {
    it('gives the exact install command and the source-checkout form', () => {
        const report = describeFailure({ kind: 'notInstalled', executable: '/venv/bin/python', version: '3.12.0', output: '' }, ['/venv/bin/python'], 'linux');
        assert.equal(report.install, '/venv/bin/python -m pip install agent-markdown-lsp');
        assert.ok(report.message.includes('/venv/bin/python -m pip install agent-markdown-lsp'), report.message);
        assert.ok(report.message.includes('/venv/bin/python -m pip install <path-to-checkout>'), report.message);
        assert.doesNotMatch(report.message, /needs Python/);
    });

    it('mentions the Python version when it is too old', () => {
        const report = describeFailure({ kind: 'notInstalled', version: '3.10.4', output: '' }, ['python3'], 'linux');
        assert.match(report.message, /Python 3\.10\.4; agent-lsp needs Python 3\.11/);
    });

    it('explains a missing interpreter', () => {
        const report = describeFailure({ kind: 'spawnFailed', code: 'ENOENT', message: 'spawn python ENOENT' }, ['python'], 'win32');
        assert.match(report.message, /"python" was not found/);
        assert.equal(report.install, 'python -m pip install agent-markdown-lsp');
    });
});

describe('agent-lsp --version of a serverCommand', () => {
    it('recognises this server and the other package', () => {
        assert.deepEqual(classifyVersionOutput(0, 'agent-lsp 0.1.0 (agent-markdown-lsp, the language server for agent markdown)\n', ''), {
            kind: 'ok',
            version: '0.1.0',
        });
        assert.equal(classifyVersionOutput(0, 'agent-lsp 0.23.5\n', '').kind, 'wrongPackage');
        assert.equal(classifyVersionOutput(null, '', '', 'spawn agent-lsp ENOENT').kind, 'unknown');
        assert.equal(classifyVersionOutput(2, '', 'usage: ...').kind, 'unknown');
    });

    it('runs the program with --version', { skip: process.platform === 'win32' ? 'needs a shebang script' : false }, async () => {
        const bin = path.join(tmp, 'bin-own');
        fs.mkdirSync(bin, { recursive: true });
        const program = path.join(bin, 'agent-lsp');
        fs.writeFileSync(
            program,
            `#!${process.execPath}\nif (process.argv[2] !== '--version') process.exit(9);\nconsole.log(process.env.FAKE_VERSION_TEXT);\n`,
            { mode: 0o755 },
        );
        const ours = await checkAgentLspCommand(program, { env: { ...process.env, FAKE_VERSION_TEXT: 'agent-lsp 2.0.0 (agent-markdown-lsp, x)' } });
        assert.deepEqual(ours, { kind: 'ok', version: '2.0.0' });
        const other = await checkAgentLspCommand(program, { env: { ...process.env, FAKE_VERSION_TEXT: 'agent-lsp 0.23.5' } });
        assert.deepEqual(other, { kind: 'wrongPackage', output: 'agent-lsp 0.23.5' });
    });
});
