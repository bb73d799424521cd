/**
 * The bundled server: manifest reading, interpreter candidates, and the real
 * launcher (src/python/run_server.py) run by a real Python on a stand-in
 * bundle, so that choosing libs per CPython version, isolation from the
 * user's PYTHONPATH and the "unsupported version" answer are exercised.
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { describeVersions, readBundle } from '../src/bundle';
import { checkBundledServer, describeFailure, describeNoPython } from '../src/check';
import { bundledServerLaunch, interpreterCandidates, pathInterpreters } from '../src/command';

const ROOT = path.resolve(__dirname, '..', '..');
const LAUNCHER = path.join(ROOT, 'src', 'python', 'run_server.py');

let tmp: string;

before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-lsp-bundle-test-'));
});

after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
});

function write(file: string, text: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
}

/** A stand-in extension folder with bundled/ for `versions`. */
function fakeExtension(name: string, versions: string[]): string {
    const ext = path.join(tmp, name);
    write(path.join(ext, 'bundled', 'manifest.json'), JSON.stringify({ target: 'linux-x64', serverVersion: '1.2.3', pythonVersions: versions }));
    fs.copyFileSync(LAUNCHER, path.join(ext, 'bundled', 'run_server.py'));
    return ext;
}

describe('readBundle', () => {
    it('reads the manifest of a platform-specific build', () => {
        const ext = fakeExtension('ext-ok', ['3.11', '3.12', '3.13']);
        const bundle = readBundle(ext);
        assert.deepEqual(bundle, {
            root: path.join(ext, 'bundled'),
            launcher: path.join(ext, 'bundled', 'run_server.py'),
            pythonVersions: ['3.11', '3.12', '3.13'],
            serverVersion: '1.2.3',
            target: 'linux-x64',
        });
    });

    it('is undefined for the universal build (no bundled/) and for a broken manifest', () => {
        assert.equal(readBundle(undefined), undefined);
        assert.equal(readBundle(path.join(tmp, 'nothing-here')), undefined);
        const ext = fakeExtension('ext-bad', ['3.11']);
        write(path.join(ext, 'bundled', 'manifest.json'), '{"pythonVersions": ["three"]}');
        assert.equal(readBundle(ext), undefined);
    });

    it('describes versions for messages', () => {
        assert.equal(describeVersions(['3.11', '3.12', '3.13']), '3.11, 3.12 or 3.13');
        assert.equal(describeVersions(['3.12']), '3.12');
    });
});

describe('interpreter candidates for the bundled server', () => {
    const versions = ['3.11', '3.12', '3.13'];

    it('uses agentLsp.interpreter alone when it is set', () => {
        const c = interpreterCandidates({ interpreter: { value: ['/opt/py/bin/python'], scope: 'global' } }, ['/venv/bin/python'], 'linux', versions);
        assert.deepEqual(c, [{ source: 'interpreter', interpreter: ['/opt/py/bin/python'] }]);
    });

    it('tries the Python extension first, then PATH, newest versioned names before the generic fallback', () => {
        const c = interpreterCandidates({}, ['/proj/.venv/bin/python'], 'linux', versions);
        assert.deepEqual(
            c.map((x) => [x.source, ...x.interpreter].join(' ')),
            [
                'pythonExtension /proj/.venv/bin/python',
                'path python3',
                'path python3.13',
                'path python3.12',
                'path python3.11',
                'path python',
            ],
        );
        assert.deepEqual(pathInterpreters('win32', versions), [['python'], ['py', '-3.13'], ['py', '-3.12'], ['py', '-3.11'], ['python3']]);
    });

    it('runs the launcher isolated (-I) with serve', () => {
        const launch = bundledServerLaunch({ source: 'path', interpreter: ['py', '-3.12'] }, 'C:\\ext\\bundled\\run_server.py');
        assert.equal(launch.mode, 'bundled');
        assert.deepEqual(launch.commandLine, { command: 'py', args: ['-3.12', '-I', 'C:\\ext\\bundled\\run_server.py', 'serve'] });
    });
});

describe('describeNoPython', () => {
    it('names what was tried and what to install', () => {
        const report = describeNoPython(
            [
                { interpreter: ['python3'], result: { kind: 'unsupportedPython', version: '3.10.12', supported: ['3.11', '3.12', '3.13'] } },
                { interpreter: ['python3.13'], result: { kind: 'spawnFailed', code: 'ENOENT', message: 'spawn python3.13 ENOENT' } },
            ],
            ['3.11', '3.12', '3.13'],
            'darwin',
        );
        assert.match(report.message, /needs Python 3\.11, 3\.12 or 3\.13/);
        assert.match(report.message, /python3: Python 3\.10\.12; python3\.13: not found/);
        assert.match(report.message, /brew install python@3\.13/);
    });

    it('blames the bundle, not the user, when a supported Python cannot import it', () => {
        const report = describeNoPython(
            [{ interpreter: ['python3'], result: { kind: 'importFailed', version: '3.12.0', output: 'ImportError: GLIBC_2.28 not found', exitCode: 1 } }],
            ['3.12'],
            'linux',
        );
        assert.match(report.message, /bundled with the extension failed to import/);
        assert.deepEqual(report.details, ['ImportError: GLIBC_2.28 not found']);
    });
});

const python3 = ['python3', 'python'].find((p) => spawnSync(p, ['-c', 'import sys; assert sys.version_info >= (3, 8)']).status === 0);
const pythonVersion = python3
    ? spawnSync(python3, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).stdout.trim()
    : '';

describe('the launcher run by a real Python', { skip: python3 ? false : 'no python on PATH' }, () => {
    /** A bundle whose libraries are stand-ins: yaml and pydantic_core in the per-version folder, agent_lsp in common. */
    function standInBundle(name: string, versions: string[]): string {
        const ext = fakeExtension(name, versions);
        const libs = path.join(ext, 'bundled', 'libs');
        const perVersion = path.join(libs, `cp${pythonVersion.replace('.', '')}`);
        write(path.join(perVersion, 'yaml', '__init__.py'), '');
        write(path.join(perVersion, 'pydantic_core', '__init__.py'), '');
        write(path.join(perVersion, 'pydantic_core', '_pydantic_core.py'), '');
        write(path.join(libs, 'common', 'agent_lsp', '__init__.py'), '__version__ = "1.2.3"\n');
        write(
            path.join(libs, 'common', 'agent_lsp', 'cli.py'),
            'import sys\ndef main(argv):\n    sys.stdout.write("main " + " ".join(argv) + " " + sys.path[0] + "\\n")\n    return 0\n',
        );
        return path.join(ext, 'bundled', 'run_server.py');
    }

    it('probes ok with the per-version and common libraries, ignoring the user PYTHONPATH', async () => {
        const launcher = standInBundle('ext-real', [pythonVersion]);
        // A broken agent_lsp on PYTHONPATH and in the working directory must not be picked up.
        const shadow = path.join(tmp, 'shadow');
        write(path.join(shadow, 'agent_lsp', '__init__.py'), 'raise RuntimeError("shadowed")\n');
        const r = await checkBundledServer([python3!], launcher, { cwd: shadow, env: { ...process.env, PYTHONPATH: shadow } });
        assert.equal(r.kind, 'ok', JSON.stringify(r));
        if (r.kind === 'ok') {
            assert.equal(r.serverVersion, '1.2.3');
            assert.equal(r.version?.split('.').slice(0, 2).join('.'), pythonVersion);
        }
        const served = spawnSync(python3!, ['-I', launcher, 'serve', '--x'], { encoding: 'utf8', cwd: shadow });
        assert.equal(served.status, 0, served.stderr);
        assert.equal(served.stdout.trim(), `main serve --x ${path.join(path.dirname(launcher), 'libs', `cp${pythonVersion.replace('.', '')}`)}`);
    });

    it('answers "unsupported" for a Python the bundle has no libraries for', async () => {
        const launcher = standInBundle('ext-other-version', ['3.99']);
        const r = await checkBundledServer([python3!], launcher, {});
        assert.equal(r.kind, 'unsupportedPython', JSON.stringify(r));
        if (r.kind === 'unsupportedPython') {
            assert.deepEqual(r.supported, ['3.99']);
            assert.match(describeFailure(r, [python3!], 'linux').message, /runs on Python 3\.99/);
        }
        const served = spawnSync(python3!, ['-I', launcher, 'serve'], { encoding: 'utf8' });
        assert.equal(served.status, 3);
        assert.match(served.stderr, /no libraries for cpython/);
    });

    it('reports a bundle that fails to import as importFailed, with the traceback', async () => {
        const launcher = standInBundle('ext-broken', [pythonVersion]);
        write(path.join(path.dirname(launcher), 'libs', `cp${pythonVersion.replace('.', '')}`, 'pydantic_core', '_pydantic_core.py'), 'raise ImportError("GLIBC_2.99 not found")\n');
        const r = await checkBundledServer([python3!], launcher, {});
        assert.equal(r.kind, 'importFailed', JSON.stringify(r));
        assert.match(r.kind === 'importFailed' ? r.output : '', /GLIBC_2\.99/);
    });
});
