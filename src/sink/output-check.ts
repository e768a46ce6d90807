// Output paths are checked before the command runs (strace's `Can't fopen`), for the trace and every tool.
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PATH_MAX } from '../decode/args/strings.js';
import { VatError } from '../errors.js';
import { errnoByName } from '../tables/errnos.js';

/** A failed open/stat from node:fs (it carries the path and an errno code). */
export const isOpenError = (err: unknown): err is NodeJS.ErrnoException & { path: string } =>
  err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && 'path' in err;

/** strace's wording: `Can't fopen 'PATH': REASON`. */
export function cantFopen(err: NodeJS.ErrnoException & { path?: string }, path = err.path ?? ''): string {
  return `Can't fopen '${path}': ${errnoByName(err.code ?? '')?.message ?? err.code ?? 'error'}`;
}

/** Can PATH be opened for writing as the sink will open it? Checked without creating or truncating anything. */
function writable(path: string): void {
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (st?.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
  if (st) accessSync(path, constants.W_OK);
  else directory(dirname(path));
}

function directory(dir: string): void {
  if (!statSync(dir).isDirectory()) throw Object.assign(new Error('ENOTDIR'), { code: 'ENOTDIR' });
  accessSync(dir, constants.W_OK);
}

/**
 * Checks, before anything runs, that PATH can be written (for -ff, that its directory takes PATH.PID files),
 * with strace's wording. Pipes (`|cmd`, `!cmd`) and `-` (stdout) pass.
 */
export function checkOutputPath(path: string, perProcess = false): void {
  if (path.startsWith('|') || path.startsWith('!') || path === '-') return;
  // strace: -ff's PATH.PID must fit in PATH_MAX with room for any pid (sizeof(int) * 3 digits)
  if (perProcess && Buffer.byteLength(path) >= PATH_MAX - 12)
    throw new VatError(`${path}: ${errnoByName('ENAMETOOLONG')?.message ?? 'ENAMETOOLONG'}`, 'EOUTPUT');
  try {
    if (perProcess) directory(dirname(path));
    else writable(path);
  } catch (err) {
    throw new VatError(cantFopen(err as NodeJS.ErrnoException, perProcess ? `${path}.PID` : path), 'EOUTPUT');
  }
}

/** Writes a whole small output file; any failure (a full disk, EIO) is `PATH: REASON`, exit 2. */
export function writeOutputFile(path: string, text: string | Uint8Array): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new VatError(`${path}: ${errnoByName(code)?.message ?? code}`, 'EOUTPUT');
  }
}
