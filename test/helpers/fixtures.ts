// Compiles C fixtures at test time (once per process) into a temporary directory.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: the nearest directory above this file (test/helpers/ or build/test/helpers/) with package.json. */
export const ROOT = ((): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
})();
export const CLI = join(ROOT, 'dist', 'cli.js');
const outDir = mkdtempSync(join(tmpdir(), 'vat-fixtures-'));
const built = new Map<string, string>();

/** Path of the compiled fixture test/fixtures/NAME.c (extra gcc flags such as -pthread allowed). */
export function fixture(name: string, flags: readonly string[] = []): string {
  const key = `${name} ${flags.join(' ')}`;
  const hit = built.get(key);
  if (hit) return hit;
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `${name}${flags.length ? `-${built.size}` : ''}`);
  execFileSync('gcc', ['-O0', '-g0', '-o', out, join(ROOT, 'test', 'fixtures', `${name}.c`), ...flags], {
    stdio: 'inherit',
  });
  built.set(key, out);
  return out;
}

/** A fresh empty directory for one test's outputs. */
export const scratch = (): string => mkdtempSync(join(tmpdir(), 'vat-test-'));
