// Compiles C fixtures at test time (once per process) into a temporary directory.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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
/**
 * Every temporary directory a test process makes through these helpers, removed when the process ends (each
 * test file runs in a process of its own): a test run leaves nothing in the temporary directory.
 */
const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
/** A fresh temporary directory, removed when this test process ends. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

let outDir: string | undefined;
const built = new Map<string, string>();

/** Path of the compiled fixture test/fixtures/NAME.c (extra gcc flags such as -pthread allowed). */
export function fixture(name: string, flags: readonly string[] = []): string {
  const key = `${name} ${flags.join(' ')}`;
  const hit = built.get(key);
  if (hit) return hit;
  outDir ??= tempDir('vat-fixtures-');
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `${name}${flags.length ? `-${built.size}` : ''}`);
  execFileSync('gcc', ['-O0', '-g0', '-o', out, join(ROOT, 'test', 'fixtures', `${name}.c`), ...flags], {
    stdio: 'inherit',
  });
  built.set(key, out);
  return out;
}

/** A fresh empty directory for one test's outputs. */
export const scratch = (): string => tempDir('vat-test-');

/**
 * Whether this kernel runs the i386 ABI (`int $0x80`). Some hosts turn IA-32 emulation off: the gate then
 * faults before seccomp or ptrace see the call, so there is no i386 call to filter or decode.
 */
export function ia32Available(): boolean {
  ia32 ??= spawnSync(fixture('ia32-probe'), { encoding: 'utf8' }).stdout === 'ia32 ok\n';
  return ia32;
}
let ia32: boolean | undefined;

/** A `skip` value for tests that need the kernel to run i386 calls. */
export const needsIa32 = (): string | false =>
  ia32Available() ? false : 'this kernel runs no i386 code (IA-32 emulation is off: int $0x80 faults)';
