import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
    expand,
    type InspectLike,
    type InspectReader,
    isLaunchSetting,
    normalizeServerSection,
    resolveSettings,
    type Vars,
} from '../src/settings';

/** package.json defaults, as VS Code reports them in inspect().defaultValue. */
const DEFAULTS: Record<string, unknown> = {
    interpreter: [],
    serverCommand: [],
    severityOverrides: {},
    disabledRules: [],
    claudeConfigDir: '',
    extraSkillDirectories: [],
    logLevel: 'info',
    tools: [],
    'trace.server': 'off',
};

type Layer = Record<string, unknown>;

/** Build an inspect-like reader from per-scope layers of settings. */
function reader(layers: { global?: Layer; workspace?: Layer; folder?: Layer } = {}): InspectReader {
    return (key: string): InspectLike => ({
        defaultValue: DEFAULTS[key],
        globalValue: layers.global?.[key],
        workspaceValue: layers.workspace?.[key],
        workspaceFolderValue: layers.folder?.[key],
    });
}

const VARS: Vars = { userHome: '/home/ann', workspaceFolder: '/work/proj', env: { PYROOT: '/opt/py' } };

describe('resolveSettings: defaults', () => {
    it('yields the server defaults and no launch settings', () => {
        const r = resolveSettings(reader(), true, VARS);
        assert.deepEqual(r.server, {
            severityOverrides: {},
            disabledRules: [],
            extraSkillDirectories: [],
            logLevel: 'info',
        });
        assert.deepEqual(r.launch, {});
        assert.equal(r.trace, 'off');
        assert.deepEqual(r.problems, []);
    });

    it('omits an empty claudeConfigDir so the server default applies', () => {
        const r = resolveSettings(reader({ global: { claudeConfigDir: '   ' } }), true, VARS);
        assert.equal('claudeConfigDir' in r.server, false);
    });
});

describe('resolveSettings: precedence', () => {
    it('folder beats workspace beats user beats default', () => {
        const all = reader({
            global: { disabledRules: ['G'], logLevel: 'error' },
            workspace: { disabledRules: ['W'], logLevel: 'warning' },
            folder: { disabledRules: ['F'] },
        });
        const r = resolveSettings(all, true, VARS);
        assert.deepEqual(r.server.disabledRules, ['F']);
        assert.equal(r.server.logLevel, 'warning');

        const noFolder = resolveSettings(reader({ global: { disabledRules: ['G'] }, workspace: { disabledRules: ['W'] } }), true, VARS);
        assert.deepEqual(noFolder.server.disabledRules, ['W']);

        const userOnly = resolveSettings(reader({ global: { disabledRules: ['G'], logLevel: 'debug' } }), true, VARS);
        assert.deepEqual(userOnly.server.disabledRules, ['G']);
        assert.equal(userOnly.server.logLevel, 'debug');
    });

    it('an explicit empty disabledRules in the workspace overrides the user list', () => {
        const r = resolveSettings(reader({ global: { disabledRules: ['G'] }, workspace: { disabledRules: [] } }), true, VARS);
        assert.deepEqual(r.server.disabledRules, []);
    });

    it('merges severityOverrides key by key, higher scopes winning', () => {
        const r = resolveSettings(
            reader({
                global: { severityOverrides: { A: 'off', B: 'hint' } },
                workspace: { severityOverrides: { B: 'error' } },
                folder: { severityOverrides: { C: 'warning' } },
            }),
            true,
            VARS,
        );
        assert.deepEqual(r.server.severityOverrides, { A: 'off', B: 'error', C: 'warning' });
    });

    it('a trusted workspace interpreter beats the user one; serverCommand is resolved independently', () => {
        const r = resolveSettings(
            reader({
                global: { interpreter: '/usr/bin/python3', serverCommand: ['agent-lsp', 'serve'] },
                workspace: { interpreter: ['/work/proj/.venv/bin/python'] },
            }),
            true,
            VARS,
        );
        assert.deepEqual(r.launch.interpreter, { value: ['/work/proj/.venv/bin/python'], scope: 'workspace' });
        assert.deepEqual(r.launch.serverCommand, { value: ['agent-lsp', 'serve'], scope: 'global' });
        assert.deepEqual(r.problems, []);
    });

    it('an empty interpreter at a higher scope lets the lower one apply', () => {
        const r = resolveSettings(reader({ global: { interpreter: '/usr/bin/python3.12' }, workspace: { interpreter: '' } }), true, VARS);
        assert.deepEqual(r.launch.interpreter, { value: ['/usr/bin/python3.12'], scope: 'global' });
        const r2 = resolveSettings(reader({ global: { interpreter: ['py', '-3.12'] }, folder: { interpreter: [] } }), true, VARS);
        assert.deepEqual(r2.launch.interpreter, { value: ['py', '-3.12'], scope: 'global' });
    });

    it('keeps an interpreter path with spaces as one element', () => {
        const path = 'C:\\Program Files\\Python312\\python.exe';
        const r = resolveSettings(reader({ global: { interpreter: path } }), true, VARS);
        assert.deepEqual(r.launch.interpreter?.value, [path]);
    });
});

describe('resolveSettings: workspace trust', () => {
    const layers = {
        global: { interpreter: '/usr/bin/python3' },
        workspace: { interpreter: './evil/python', serverCommand: ['./evil.sh'], disabledRules: ['W'] },
        folder: { serverCommand: ['./evil-folder.sh'] },
    };

    it('ignores workspace and folder interpreter/serverCommand when untrusted', () => {
        const r = resolveSettings(reader(layers), false, VARS);
        assert.deepEqual(r.launch.interpreter, { value: ['/usr/bin/python3'], scope: 'global' });
        assert.equal(r.launch.serverCommand, undefined);
        const untrusted = r.problems.filter((p) => p.kind === 'untrusted');
        assert.deepEqual(
            untrusted.map((p) => [p.setting, p.scope]).sort(),
            [
                ['agentLsp.interpreter', 'workspace'],
                ['agentLsp.serverCommand', 'workspace'],
                ['agentLsp.serverCommand', 'workspaceFolder'],
            ].sort(),
        );
    });

    it('still applies workspace server settings when untrusted', () => {
        const r = resolveSettings(reader(layers), false, VARS);
        assert.deepEqual(r.server.disabledRules, ['W']);
    });

    it('uses the same values once trusted', () => {
        const r = resolveSettings(reader(layers), true, VARS);
        assert.deepEqual(r.launch.interpreter, { value: ['./evil/python'], scope: 'workspace' });
        assert.deepEqual(r.launch.serverCommand, { value: ['./evil-folder.sh'], scope: 'workspaceFolder' });
        assert.equal(r.problems.length, 0);
    });

    it('untrusted with only workspace values leaves no launch settings (default interpreter)', () => {
        const r = resolveSettings(reader({ workspace: { interpreter: '/x/python' } }), false, VARS);
        assert.deepEqual(r.launch, {});
    });

    it('does not report empty workspace values as ignored', () => {
        const r = resolveSettings(reader({ workspace: { interpreter: [], serverCommand: [] } }), false, VARS);
        assert.deepEqual(r.problems, []);
    });

    it('refuses a user interpreter that points into the untrusted workspace', () => {
        const r = resolveSettings(reader({ global: { interpreter: '${workspaceFolder}/.venv/bin/python' } }), false, VARS);
        assert.equal(r.launch.interpreter, undefined);
        assert.equal(r.problems.length, 1);
        assert.match(r.problems[0]!.message, /workspaceFolder/);
        const trusted = resolveSettings(reader({ global: { interpreter: '${workspaceFolder}/.venv/bin/python' } }), true, VARS);
        assert.deepEqual(trusted.launch.interpreter?.value, ['/work/proj/.venv/bin/python']);
    });
});

describe('resolveSettings: bad types fall back', () => {
    it('falls back from a non-string interpreter to the user value', () => {
        const r = resolveSettings(reader({ global: { interpreter: 'python3.12' }, workspace: { interpreter: 42 } }), true, VARS);
        assert.deepEqual(r.launch.interpreter, { value: ['python3.12'], scope: 'global' });
        assert.equal(r.problems.length, 1);
        assert.equal(r.problems[0]!.kind, 'invalid');
        assert.equal(r.problems[0]!.setting, 'agentLsp.interpreter');
        assert.equal(r.problems[0]!.scope, 'workspace');
    });

    it('rejects an interpreter array with non-strings or an empty program', () => {
        for (const bad of [['python', 3], [''], { path: 'python' }, null, true]) {
            const r = resolveSettings(reader({ workspace: { interpreter: bad } }), true, VARS);
            assert.equal(r.launch.interpreter, undefined, JSON.stringify(bad));
            assert.equal(r.problems.length, 1, JSON.stringify(bad));
        }
    });

    it('requires serverCommand to be an array (a string is invalid)', () => {
        const r = resolveSettings(reader({ global: { serverCommand: ['agent-lsp', 'serve'] }, workspace: { serverCommand: 'agent-lsp serve' } }), true, VARS);
        assert.deepEqual(r.launch.serverCommand, { value: ['agent-lsp', 'serve'], scope: 'global' });
        assert.equal(r.problems.length, 1);
    });

    it('falls back to the default logLevel and trace on unknown values', () => {
        const r = resolveSettings(reader({ global: { logLevel: 'verbose', 'trace.server': 'loud' } }), true, VARS);
        assert.equal(r.server.logLevel, 'info');
        assert.equal(r.trace, 'off');
        assert.equal(r.problems.length, 2);
    });

    it('falls back from a string disabledRules and drops bad entries', () => {
        const r = resolveSettings(reader({ global: { disabledRules: ['G'] }, workspace: { disabledRules: 'W' } }), true, VARS);
        assert.deepEqual(r.server.disabledRules, ['G']);
        const r2 = resolveSettings(reader({ workspace: { disabledRules: ['A', 1, '', null, 'A', 'B'] } }), true, VARS);
        assert.deepEqual(r2.server.disabledRules, ['A', 'B']);
        assert.equal(r2.problems.length, 3);
    });

    it('drops invalid severities and ignores a non-object severityOverrides', () => {
        const r = resolveSettings(
            reader({ global: { severityOverrides: { A: 'error', B: 'fatal', C: 3 } }, workspace: { severityOverrides: ['nope'] } }),
            true,
            VARS,
        );
        assert.deepEqual(r.server.severityOverrides, { A: 'error' });
        assert.equal(r.problems.length, 3);
    });

    it('falls back from a non-string claudeConfigDir', () => {
        const r = resolveSettings(reader({ global: { claudeConfigDir: '/etc/claude' }, workspace: { claudeConfigDir: ['x'] } }), true, VARS);
        assert.equal(r.server.claudeConfigDir, '/etc/claude');
        assert.equal(r.problems.length, 1);
    });

    it('reports an unknown ${variable} instead of passing it on', () => {
        const r = resolveSettings(reader({ global: { interpreter: '${python}/bin/python' } }), true, VARS);
        assert.equal(r.launch.interpreter, undefined);
        assert.match(r.problems[0]!.message, /unknown variable/);
    });
});

describe('variables', () => {
    it('expands ~, ${userHome}, ${workspaceFolder} and ${env:NAME}', () => {
        assert.equal(expand('~/.claude', VARS), '/home/ann/.claude');
        assert.equal(expand('~', VARS), '/home/ann');
        assert.equal(expand('a~b', VARS), 'a~b');
        assert.equal(expand('${userHome}/x', VARS), '/home/ann/x');
        assert.equal(expand('${workspaceFolder}/skills', VARS), '/work/proj/skills');
        assert.equal(expand('${env:PYROOT}/bin/python', VARS), '/opt/py/bin/python');
        assert.equal(expand('${env:NOPE}x', VARS), 'x');
        assert.throws(() => expand('${workspaceFolder}', { userHome: '/h' }));
    });

    it('expands variables in directory settings and drops unresolved entries', () => {
        const r = resolveSettings(
            reader({ global: { claudeConfigDir: '~/.claude-work', extraSkillDirectories: ['${workspaceFolder}/skills', '/abs'] } }),
            true,
            VARS,
        );
        assert.equal(r.server.claudeConfigDir, '/home/ann/.claude-work');
        assert.deepEqual(r.server.extraSkillDirectories, ['/work/proj/skills', '/abs']);

        const noFolder = resolveSettings(reader({ global: { extraSkillDirectories: ['${workspaceFolder}/skills', '/abs'] } }), true, {
            userHome: '/home/ann',
        });
        assert.deepEqual(noFolder.server.extraSkillDirectories, ['/abs']);
        assert.equal(noFolder.problems.length, 1);
    });
});

describe('normalizeServerSection', () => {
    it('keeps only the server keys, validated, from a merged section object', () => {
        const { server, problems } = normalizeServerSection(
            {
                interpreter: '/usr/bin/python3',
                serverCommand: ['x'],
                trace: { server: 'verbose' },
                severityOverrides: { A: 'hint', B: 'nope' },
                disabledRules: ['R1'],
                claudeConfigDir: '',
                extraSkillDirectories: ['~/skills'],
                logLevel: 'debug',
            },
            VARS,
        );
        assert.deepEqual(server, {
            severityOverrides: { A: 'hint' },
            disabledRules: ['R1'],
            extraSkillDirectories: ['/home/ann/skills'],
            logLevel: 'debug',
        });
        assert.equal(problems.length, 1);
    });

    it('copes with a missing or malformed section', () => {
        for (const section of [null, undefined, 'x', [1]]) {
            const { server } = normalizeServerSection(section, VARS);
            assert.deepEqual(server, { severityOverrides: {}, disabledRules: [], extraSkillDirectories: [] });
        }
    });
});

describe('isLaunchSetting', () => {
    it('is true only for interpreter and serverCommand', () => {
        assert.equal(isLaunchSetting('agentLsp.interpreter'), true);
        assert.equal(isLaunchSetting('agentLsp.serverCommand'), true);
        assert.equal(isLaunchSetting('agentLsp.logLevel'), false);
        assert.equal(isLaunchSetting('python.interpreter'), false);
    });
});

describe('resolveSettings: tools', () => {
    it('sends no tools by default, so the server detects them from the folders', () => {
        assert.equal('tools' in resolveSettings(reader(), true, VARS).server, false);
        assert.equal('tools' in resolveSettings(reader({ folder: { tools: [] } }), true, VARS).server, false);
    });

    it('takes the highest scope that names tools, and drops unknown names with a problem', () => {
        const r = resolveSettings(
            reader({ global: { tools: ['claude-code'] }, workspace: { tools: ['copilot-cli', 'windsurf', 'opencode'] } }),
            true,
            VARS,
        );
        assert.deepEqual(r.server.tools, ['copilot-cli', 'opencode']);
        assert.equal(r.problems.length, 1);
        assert.match(r.problems[0]!.message, /agentLsp\.tools in workspace settings: ignored unknown tool "windsurf"/);
    });

    it('falls back to a lower scope when the value is not a list', () => {
        const r = resolveSettings(reader({ global: { tools: ['cursor'] }, folder: { tools: 'codex' } }), true, VARS);
        assert.deepEqual(r.server.tools, ['cursor']);
        assert.match(r.problems[0]!.message, /agentLsp\.tools in folder settings is invalid/);
    });

    it('normalises a merged section too', () => {
        assert.deepEqual(normalizeServerSection({ tools: ['gemini-cli', 'codex'] }, VARS).server.tools, ['gemini-cli', 'codex']);
    });
});
