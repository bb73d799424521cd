/**
 * package.json must agree with the code: activation events, document
 * selectors, settings (names, types, defaults, enums), trust declaration,
 * commands, and what gets packaged.
 */

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { minimatch } from 'minimatch';

import { DOCUMENT_PATTERNS, documentFilters, WORKSPACE_CONTAINS } from '../src/selectors';
import { LAUNCH_KEYS, LOG_LEVELS, resolveSettings, SECTION, SERVER_KEYS, SEVERITIES, TOOLS, TRACE_LEVELS } from '../src/settings';

// Compiled to out/test/*.js; the extension root is two levels up.
const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const props: Record<string, { type: unknown; default: unknown; scope?: string; enum?: string[]; additionalProperties?: { enum?: string[] } }> =
    pkg.contributes.configuration.properties;

describe('package.json', () => {
    it('has the identity and entry point the Marketplace and vsce need', () => {
        assert.equal(pkg.name, 'agent-lsp');
        assert.equal(pkg.displayName, 'Agent LSP');
        assert.equal(pkg.publisher, 'agent-lsp');
        assert.equal(pkg.license, 'MIT');
        assert.equal(pkg.main, './dist/extension.js');
        assert.equal(pkg.engines.vscode, '^1.90.0');
        assert.ok(pkg.repository?.url, 'repository.url');
        assert.match(pkg.devDependencies['@types/vscode'], /^[~^]?1\.90\./, '@types/vscode must not be newer than engines.vscode');
        assert.match(pkg.dependencies['vscode-languageclient'], /^\^9\./);
    });

    it('has the version of the server (agent_lsp.__version__, the one version source)', { skip: fs.existsSync(path.join(ROOT, '..', '..', 'agent_lsp', '__init__.py')) ? false : 'no server source' }, () => {
        const init = fs.readFileSync(path.join(ROOT, '..', '..', 'agent_lsp', '__init__.py'), 'utf8');
        const version = /^__version__ = "([^"]+)"$/m.exec(init)?.[1];
        assert.ok(version, 'no __version__ in agent_lsp/__init__.py');
        assert.equal(pkg.version, version);
    });

    it('activates on agent files and markdown', () => {
        assert.deepEqual(pkg.activationEvents, [...WORKSPACE_CONTAINS.map((g) => `workspaceContains:${g}`), 'onLanguage:markdown']);
    });

    it('contributes exactly the settings the code reads', () => {
        const expected = [...LAUNCH_KEYS, ...SERVER_KEYS, 'trace.server'].map((k) => `${SECTION}.${k}`).sort();
        assert.deepEqual(Object.keys(props).sort(), expected);
    });

    it('declares enums that match the code', () => {
        assert.deepEqual(props['agentLsp.logLevel']!.enum, [...LOG_LEVELS]);
        assert.deepEqual(props['agentLsp.trace.server']!.enum, [...TRACE_LEVELS]);
        assert.deepEqual(props['agentLsp.severityOverrides']!.additionalProperties?.enum, [...SEVERITIES]);
        assert.deepEqual((props['agentLsp.tools'] as { items?: { enum?: string[] } }).items?.enum, [...TOOLS]);
    });

    it('has defaults that resolve without problems', () => {
        const r = resolveSettings((key) => ({ defaultValue: props[`${SECTION}.${key}`]?.default }), true, { userHome: '/h' });
        assert.deepEqual(r.problems, []);
        assert.deepEqual(r.launch, {});
        assert.equal(r.trace, 'off');
    });

    it('lets interpreter and serverCommand be set per workspace (scope) but restricts them when untrusted', () => {
        for (const key of LAUNCH_KEYS) {
            assert.equal(props[`${SECTION}.${key}`]!.scope, 'machine-overridable');
        }
        assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
        assert.deepEqual(
            [...pkg.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(),
            LAUNCH_KEYS.map((k) => `${SECTION}.${k}`).sort(),
        );
        assert.deepEqual(props['agentLsp.interpreter']!.type, ['array', 'string']);
        assert.equal(props['agentLsp.serverCommand']!.type, 'array');
    });

    it('contributes the restart and show-output commands', () => {
        const commands = new Map<string, { title: string; category: string }>(
            pkg.contributes.commands.map((c: { command: string; title: string; category: string }) => [c.command, c]),
        );
        assert.equal(`${commands.get('agentLsp.restart')?.category}: ${commands.get('agentLsp.restart')?.title}`, 'Agent LSP: Restart Server');
        assert.equal(`${commands.get('agentLsp.showOutput')?.category}: ${commands.get('agentLsp.showOutput')?.title}`, 'Agent LSP: Show Output');
    });

    it('packages only the bundle and the Marketplace files', () => {
        const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split(/\r?\n/);
        for (const line of ['src/**', 'test/**', 'node_modules/**', 'out/**', 'e2e/**', 'bundle.py', '**/__pycache__/**']) {
            assert.ok(ignore.includes(line), `.vscodeignore lacks ${line}`);
        }
        for (const file of ['LICENSE', 'CHANGELOG.md', 'README.md']) {
            assert.ok(fs.existsSync(path.join(ROOT, file)), file);
        }
        assert.ok(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').includes('images/demo.png'));
    });
});

describe('consistency with the server', () => {
    const REPO = path.resolve(ROOT, '..', '..');

    it('contributes a setting for every key the server reads from the agentLsp section', { skip: fs.existsSync(path.join(REPO, 'agent_lsp', 'core', 'options.py')) ? false : 'no server source' }, () => {
        const source = fs.readFileSync(path.join(REPO, 'agent_lsp', 'core', 'options.py'), 'utf8');
        // class Options: `snake_name: type = default` fields, read in camelCase (alias_generator=to_camel).
        const body = source.slice(source.indexOf('class Options'));
        const fields = [...body.matchAll(/^ {4}([a-z][a-z_]*): /gm)].map((m) => m[1]!.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()));
        assert.match(body, /alias_generator=to_camel/);
        assert.deepEqual(fields.sort(), [...SERVER_KEYS].sort());
    });
});

describe('tool names', () => {
    const REPO = path.resolve(ROOT, '..', '..');

    it('are the server\'s Tool values, in its order', { skip: fs.existsSync(path.join(REPO, 'agent_lsp', 'core', 'dialects.py')) ? false : 'no server source' }, () => {
        const source = fs.readFileSync(path.join(REPO, 'agent_lsp', 'core', 'dialects.py'), 'utf8');
        const body = source.slice(source.indexOf('class Tool('), source.indexOf('class FileKind'));
        const values = [...body.matchAll(/^ {4}[A-Z_]+ = "([a-z-]+)"$/gm)].map((m) => m[1]);
        assert.deepEqual(values, [...TOOLS]);
    });
});

describe('document selector', () => {
    const match = (file: string) => DOCUMENT_PATTERNS.some((p) => minimatch(file, p, { dot: true }));

    it('sends markdown files (and Cursor .mdc rules, whatever their language) with the file scheme', () => {
        for (const filter of documentFilters()) {
            assert.equal(filter.scheme, 'file');
            assert.equal(filter.language, filter.pattern.endsWith('.mdc') ? undefined : 'markdown');
        }
        assert.deepEqual(documentFilters().map((f) => f.pattern), [...DOCUMENT_PATTERNS]);
        assert.ok(DOCUMENT_PATTERNS.includes('**/.cursor/rules/**/*.mdc'));
    });

    it('matches agents, commands, skills and plugin agents', () => {
        for (const file of [
            '/home/ann/proj/.claude/agents/reviewer.md',
            '/home/ann/proj/.claude/agents/team/reviewer.md',
            '/home/ann/.claude/agents/global.md',
            '/home/ann/proj/.claude/commands/deploy.md',
            '/home/ann/proj/.claude/commands/git/commit.md',
            '/home/ann/proj/.claude/skills/pdf/SKILL.md',
            '/home/ann/proj/tools/skills/pdf/SKILL.md',
            '/home/ann/plugins/my-plugin/agents/helper.md',
            'C:/Users/ann/proj/.claude/agents/reviewer.md',
            '/home/ann/proj/.github/agents/planner.agent.md',
            '/home/ann/proj/.github/agents/old.chatmode.md',
            '/home/ann/proj/.github/prompts/review.prompt.md',
            '/home/ann/proj/.github/instructions/python.instructions.md',
            '/home/ann/proj/.opencode/agent/review.md',
            '/home/ann/proj/.opencode/command/test.md',
            '/home/ann/proj/.gemini/agents/reviewer.md',
            '/home/ann/proj/.codex/prompts/fix.md',
            '/home/ann/proj/.cursor/rules/style.mdc',
            '/home/ann/proj/.cursor/agents/reviewer.md',
            '/home/ann/proj/.agents/skills/pdf/SKILL.md',
        ]) {
            assert.ok(match(file), file);
        }
    });

    it('never matches a README.md or other markdown elsewhere', () => {
        for (const file of [
            '/home/ann/proj/README.md',
            '/home/ann/proj/docs/README.md',
            '/home/ann/proj/.claude/skills/pdf/reference.md',
            '/home/ann/proj/.claude/CLAUDE.md',
            '/home/ann/proj/.claude/settings.json',
            '/home/ann/proj/skill.md',
            '/home/ann/proj/agents.md',
            '/home/ann/proj/AGENTS.md',
            '/home/ann/proj/.claude/agents/notes.txt',
            '/home/ann/proj/.github/workflows/ci.md',
            '/home/ann/proj/notes.mdc',
        ]) {
            assert.ok(!match(file), file);
        }
    });
});
