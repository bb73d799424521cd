/**
 * Which files are agent markdown. Pure data (no `vscode` import) so the
 * patterns are unit-tested and checked against package.json.
 *
 * The lists are the server's (agent_lsp/core/file_patterns.py: AGENT_FILE_GLOBS and WORKSPACE_GLOBS);
 * tests/core/test_file_patterns.py fails when they differ. The server decides from the whole path which
 * tools read a file, so these may match more than it analyses.
 */

/** Glob patterns of the documents sent to the server (`file:` scheme). */
export const DOCUMENT_PATTERNS: readonly string[] = [
    '**/.claude/agents/**/*.md',
    '**/.claude/commands/**/*.md',
    '**/SKILL.md',
    '**/agents/**/*.md',
    '**/commands/**/*.md',
    '**/.github/prompts/*.prompt.md',
    '**/.github/instructions/**/*.instructions.md',
    '**/.opencode/**/*.md',
    '**/opencode/**/*.md',
    '**/.codex/prompts/*.md',
    '**/.cursor/rules/**/*.mdc',
];

// No watched-file list here: the server registers its own file watchers (dynamic registration of
// workspace/didChangeWatchedFiles, which vscode-languageclient offers), so its list is the only one.

/** `workspaceContains:` activation globs, mirrored in package.json. */
export const WORKSPACE_CONTAINS: readonly string[] = [
    '**/.claude/agents/**/*.md',
    '**/.claude/commands/**/*.md',
    '**/SKILL.md',
    '**/agents/*.md',
    '**/.github/prompts/*.prompt.md',
    '**/.github/instructions/*.instructions.md',
    '**/.opencode/**/*.md',
    '**/.codex/prompts/*.md',
    '**/.cursor/rules/**/*.mdc',
];

export interface DocumentFilterLike {
    scheme: string;
    language?: string;
    pattern: string;
}

/**
 * Markdown documents matching the patterns; `.mdc` files (Cursor rules) whatever their language, since VS Code
 * does not know the extension (Cursor opens them as Markdown).
 */
export function documentFilters(): DocumentFilterLike[] {
    return DOCUMENT_PATTERNS.map((pattern) =>
        pattern.endsWith('.mdc') ? { scheme: 'file', pattern } : { scheme: 'file', language: 'markdown', pattern },
    );
}
