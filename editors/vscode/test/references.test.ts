import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SHOW_REFERENCES_COMMAND, showReferencesArguments, type ReferencesConverter } from '../src/references';

/** Tags what it converted, as the client's protocol2CodeConverter turns JSON into vscode objects. */
const converter: ReferencesConverter<string, string, string> = {
    asUri: (uri) => `Uri(${uri})`,
    asPosition: (p) => `Position(${p.line},${p.character})`,
    asLocation: (l) => `Location(${l.uri} ${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character})`,
};

const SKILL = 'file:///w/.claude/skills/helper/SKILL.md';
const AGENT = 'file:///w/.claude/agents/a.md';
const range = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });

describe('showReferencesArguments', () => {
    it('names the command the server puts on the lens', () => {
        assert.equal(SHOW_REFERENCES_COMMAND, 'agent-lsp.showReferences');
    });

    it('converts [uri, position, locations] into what editor.action.showReferences takes', () => {
        const args = [SKILL, { line: 0, character: 0 }, [{ uri: AGENT, range: range(3, 9, 15) }, { uri: AGENT, range: range(4, 19, 25) }]];
        assert.deepEqual(showReferencesArguments(args, converter), [
            `Uri(${SKILL})`,
            'Position(0,0)',
            [`Location(${AGENT} 3:9-3:15)`, `Location(${AGENT} 4:19-4:25)`],
        ]);
        assert.deepEqual(showReferencesArguments([SKILL, { line: 0, character: 0 }, []], converter), [`Uri(${SKILL})`, 'Position(0,0)', []]);
    });

    it('leaves arguments of another shape to the server', () => {
        const position = { line: 0, character: 0 };
        for (const args of [
            [],
            [SKILL],
            [SKILL, position],
            [42, position, []],
            [SKILL, { line: 'x', character: 0 }, []],
            [SKILL, position, {}],
            [SKILL, position, [{ uri: AGENT }]],
            [SKILL, position, [{ uri: AGENT, range: { start: position } }]],
            [SKILL, position, [], 'extra'],
        ]) {
            assert.equal(showReferencesArguments(args, converter), undefined, JSON.stringify(args));
        }
    });
});
