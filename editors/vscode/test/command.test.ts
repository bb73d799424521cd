import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
    buildServerLaunch,
    defaultInterpreter,
    formatCommandLine,
    importCheckCommand,
    IMPORT_CHECK_SCRIPT,
    installCommand,
    quoteArg,
    sourceInstallCommand,
    toExecutable,
    wantsPythonExtension,
} from '../src/command';
import type { LaunchSettings } from '../src/settings';

const NONE: LaunchSettings = {};

describe('buildServerLaunch', () => {
    it('uses serverCommand verbatim, ignoring the interpreter and the Python extension', () => {
        const launch = buildServerLaunch(
            {
                serverCommand: { value: ['/opt/agent lsp/bin/agent-lsp', 'serve', '--flag'], scope: 'global' },
                interpreter: { value: ['/usr/bin/python3'], scope: 'global' },
            },
            ['/venv/bin/python'],
            'linux',
        );
        assert.equal(launch.source, 'serverCommand');
        assert.deepEqual(launch.commandLine, { command: '/opt/agent lsp/bin/agent-lsp', args: ['serve', '--flag'] });
        assert.equal(launch.interpreter, undefined);
    });

    it('runs an interpreter string as one program, spaces included', () => {
        const launch = buildServerLaunch(
            { interpreter: { value: ['/Users/ann/My Envs/py 3.12/bin/python'], scope: 'global' } },
            undefined,
            'darwin',
        );
        assert.equal(launch.source, 'interpreter');
        assert.deepEqual(launch.commandLine, {
            command: '/Users/ann/My Envs/py 3.12/bin/python',
            args: ['-m', 'agent_lsp', 'serve'],
        });
        assert.deepEqual(launch.interpreter, ['/Users/ann/My Envs/py 3.12/bin/python']);
    });

    it('runs an interpreter array as program + leading arguments', () => {
        const launch = buildServerLaunch({ interpreter: { value: ['uv', 'run', 'python'], scope: 'workspace' } }, ['/venv/bin/python'], 'linux');
        assert.deepEqual(launch.commandLine, { command: 'uv', args: ['run', 'python', '-m', 'agent_lsp', 'serve'] });
        assert.deepEqual(launch.interpreter, ['uv', 'run', 'python']);
    });

    it('uses the Python extension interpreter when nothing is configured', () => {
        const launch = buildServerLaunch(NONE, ['/proj/.venv/bin/python'], 'linux');
        assert.equal(launch.source, 'pythonExtension');
        assert.deepEqual(launch.commandLine, { command: '/proj/.venv/bin/python', args: ['-m', 'agent_lsp', 'serve'] });
    });

    it('defaults to python3, or python on Windows', () => {
        for (const platform of ['linux', 'darwin', 'freebsd']) {
            const launch = buildServerLaunch(NONE, undefined, platform);
            assert.equal(launch.source, 'default');
            assert.deepEqual(launch.commandLine, { command: 'python3', args: ['-m', 'agent_lsp', 'serve'] });
        }
        const win = buildServerLaunch(NONE, [], 'win32');
        assert.equal(win.source, 'default');
        assert.deepEqual(win.commandLine, { command: 'python', args: ['-m', 'agent_lsp', 'serve'] });
        assert.deepEqual(defaultInterpreter('win32'), ['python']);
        assert.deepEqual(defaultInterpreter('linux'), ['python3']);
    });

    it('does not mutate its inputs', () => {
        const interpreter = ['py', '-3.12'];
        const launch = buildServerLaunch({ interpreter: { value: interpreter, scope: 'global' } }, undefined, 'win32');
        launch.interpreter?.push('x');
        assert.deepEqual(interpreter, ['py', '-3.12']);
    });
});

describe('wantsPythonExtension', () => {
    it('only when neither serverCommand nor interpreter is set', () => {
        assert.equal(wantsPythonExtension(NONE), true);
        assert.equal(wantsPythonExtension({ interpreter: { value: ['python3'], scope: 'global' } }), false);
        assert.equal(wantsPythonExtension({ serverCommand: { value: ['agent-lsp', 'serve'], scope: 'global' } }), false);
    });
});

describe('import check', () => {
    it('runs the interpreter with -c and a script that imports agent_lsp', () => {
        const cmd = importCheckCommand(['uv', 'run', 'python']);
        assert.equal(cmd.command, 'uv');
        assert.deepEqual(cmd.args, ['run', 'python', '-c', IMPORT_CHECK_SCRIPT]);
        assert.match(IMPORT_CHECK_SCRIPT, /^import agent_lsp$/m);
    });
});

describe('install command text', () => {
    it('is plain for simple interpreters', () => {
        assert.equal(installCommand(['python3'], 'linux'), 'python3 -m pip install agent-markdown-lsp');
        assert.equal(installCommand(['/usr/bin/python3.12'], 'linux'), '/usr/bin/python3.12 -m pip install agent-markdown-lsp');
        assert.equal(installCommand(['py', '-3.12'], 'win32'), 'py -3.12 -m pip install agent-markdown-lsp');
        assert.equal(installCommand(['C:\\Python312\\python.exe'], 'win32'), 'C:\\Python312\\python.exe -m pip install agent-markdown-lsp');
    });

    it('quotes paths with spaces for POSIX shells', () => {
        assert.equal(
            installCommand(['/Users/ann/My Envs/bin/python'], 'darwin'),
            `'/Users/ann/My Envs/bin/python' -m pip install agent-markdown-lsp`,
        );
        assert.equal(quoteArg(`it's`, 'linux'), `'it'\\''s'`);
    });

    it('quotes paths with spaces for PowerShell on Windows', () => {
        assert.equal(
            installCommand(['C:\\Program Files\\Python312\\python.exe'], 'win32'),
            '& "C:\\Program Files\\Python312\\python.exe" -m pip install agent-markdown-lsp',
        );
        assert.equal(formatCommandLine(['python', 'a b'], 'win32'), 'python "a b"');
    });

    it('has a source-checkout form', () => {
        assert.equal(sourceInstallCommand(['python3'], 'linux'), 'python3 -m pip install <path-to-checkout>');
    });
});

describe('toExecutable', () => {
    it('never asks the client for a transport (which would append --stdio)', () => {
        const launch = buildServerLaunch({ serverCommand: { value: ['agent-lsp', 'serve'], scope: 'global' } }, undefined, 'linux');
        const exe = toExecutable(launch, '/work/proj', { PATH: '/usr/bin' });
        assert.equal('transport' in exe, false);
        assert.equal(exe.command, 'agent-lsp');
        assert.deepEqual(exe.args, ['serve']);
        assert.equal(exe.options.cwd, '/work/proj');
        assert.equal(exe.options.env.PATH, '/usr/bin');
        assert.equal(exe.options.env.PYTHONUNBUFFERED, '1');
    });

    it('omits cwd when there is no folder', () => {
        const exe = toExecutable(buildServerLaunch(NONE, undefined, 'linux'), undefined, {});
        assert.equal('cwd' in exe.options, false);
        assert.deepEqual([exe.command, ...exe.args], ['python3', '-m', 'agent_lsp', 'serve']);
    });
});
