// Bundles src/extension.ts (and vscode-languageclient) into dist/extension.js.
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const options = {
    entryPoints: ['src/extension.ts'],
    bundle: true,
    outfile: 'dist/extension.js',
    external: ['vscode'],
    format: 'cjs',
    platform: 'node',
    target: 'node18',
    minify: production,
    sourcemap: production ? false : 'linked',
    sourcesContent: false,
    logLevel: 'info',
    metafile: true,
};

if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
} else {
    const result = await esbuild.build(options);
    if (result.errors.length > 0) {
        process.exit(1);
    }
}
