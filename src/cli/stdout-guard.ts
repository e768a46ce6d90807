// vat's own stdout (reports, tables, JSON): a reader that went away ends vat quietly, as `head`'s writers end;
// a full disk or a closed stdout is one line and exit 1, never a Node stack or a silent success.
import { writeSync } from 'node:fs';
import { procFdLink, procFile } from '../sys/procfs.js';
import { errnoByName } from '../tables/errnos.js';
import { PROG } from '../util/prog-name.js';

/** 128 + SIGPIPE: what a shell reports for a writer whose reader went away. */
const EPIPE_STATUS = 141;

const fail = (code: string): never => {
  try {
    writeSync(2, `${PROG}: stdout: ${errnoByName(code)?.message ?? code}\n`);
  } catch {}
  process.exit(1);
};

/**
 * Node gives a process started with fd 1 closed (`>&-`) /dev/null opened read-write in its place, where a
 * shell's `>/dev/null` is write-only: the one sign left that stdout was closed.
 */
function stdoutWasClosed(): boolean {
  if (procFdLink('self', 1) !== '/dev/null') return false;
  const flags = /^flags:\s*([0-7]+)/m.exec(procFile('self', 'fdinfo/1') ?? '')?.[1];
  return flags !== undefined && (Number.parseInt(flags, 8) & 3) === 2;
}

export function guardStdout(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EPIPE_STATUS);
    fail(err.code ?? 'EIO');
  });
  const write = process.stdout.write.bind(process.stdout) as (...a: unknown[]) => boolean;
  let checked = false;
  process.stdout.write = ((...args: unknown[]): boolean => {
    if (!checked) {
      checked = true;
      if (stdoutWasClosed()) fail('EBADF');
    }
    return write(...args);
  }) as typeof process.stdout.write;
}
