/**
 * The agent-lsp server bundled in a platform-specific .vsix (see bundle.py):
 * `bundled/manifest.json`, `bundled/run_server.py` and `bundled/libs/`.
 * A universal .vsix has no `bundled/` folder and uses the server installed in
 * the user's Python environment instead.
 *
 * No `vscode` import: only `fs`, so it is tested in plain node.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Bundle {
    /** `<extension>/bundled` */
    root: string;
    /** The launcher, run as `<python> -I <launcher> serve`. */
    launcher: string;
    /** CPython minor versions the bundle has libraries for, e.g. ["3.11", "3.12", "3.13"]. */
    pythonVersions: string[];
    serverVersion: string;
    /** The vsce target it was built for, e.g. "linux-x64". */
    target: string;
}

/** Read `<extensionPath>/bundled/manifest.json`; undefined when there is no (valid) bundle. */
export function readBundle(extensionPath: string | undefined): Bundle | undefined {
    if (!extensionPath) {
        return undefined;
    }
    const root = path.join(extensionPath, 'bundled');
    const launcher = path.join(root, 'run_server.py');
    let manifest: unknown;
    try {
        manifest = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8'));
    } catch {
        return undefined;
    }
    const m = manifest as { pythonVersions?: unknown; serverVersion?: unknown; target?: unknown };
    if (
        !Array.isArray(m.pythonVersions) ||
        m.pythonVersions.length === 0 ||
        !m.pythonVersions.every((v) => typeof v === 'string' && /^\d+\.\d+$/.test(v)) ||
        !fs.existsSync(launcher)
    ) {
        return undefined;
    }
    return {
        root,
        launcher,
        pythonVersions: [...(m.pythonVersions as string[])],
        serverVersion: typeof m.serverVersion === 'string' ? m.serverVersion : 'unknown',
        target: typeof m.target === 'string' ? m.target : 'unknown',
    };
}

/** "3.11, 3.12 or 3.13" */
export function describeVersions(versions: readonly string[]): string {
    if (versions.length <= 1) {
        return versions.join('');
    }
    return `${versions.slice(0, -1).join(', ')} or ${versions[versions.length - 1]}`;
}
