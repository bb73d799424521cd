/**
 * Which files are agent markdown. Pure data (no `vscode` import) so the
 * patterns are unit-tested and checked against package.json.
 */

/** Glob patterns of the documents sent to the server (all markdown, `file:` scheme). */
export const DOCUMENT_PATTERNS: readonly string[] = [
    // Claude Code subagents (project or ~/.claude)
    '**/.claude/agents/**/*.md',
    // Slash commands
    '**/.claude/commands/**/*.md',
    // Skills, wherever they live (.claude/skills, plugins, extra skill directories)
    '**/SKILL.md',
    // Plugin agents (<plugin>/agents/*.md)
    '**/agents/**/*.md',
];

// No watched-file list here: the server registers its own file watchers (dynamic registration of
// workspace/didChangeWatchedFiles, which vscode-languageclient offers), so its list is the only one.

/** `workspaceContains:` activation globs, mirrored in package.json. */
export const WORKSPACE_CONTAINS: readonly string[] = [
    '**/.claude/agents/**/*.md',
    '**/.claude/commands/**/*.md',
    '**/SKILL.md',
    '**/agents/*.md',
];

export interface DocumentFilterLike {
    scheme: string;
    language: string;
    pattern: string;
}

export function documentFilters(): DocumentFilterLike[] {
    return DOCUMENT_PATTERNS.map((pattern) => ({ scheme: 'file', language: 'markdown', pattern }));
}
