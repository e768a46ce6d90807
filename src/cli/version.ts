// vat's version, read from its package.json (strace's -V line: `NAME -- version X`).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** vat's package.json, found upwards from this module (dist/cli/ unbundled, dist/ bundled). */
export function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version: string;
      };
      if (pkg.name === 'vat-trace') return pkg.version;
    } catch {}
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

/** What -V/--version prints. */
export const versionLine = (): string => `vat -- version ${version()}`;
