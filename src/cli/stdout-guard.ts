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

/** Guards stdout's stream where it is made: at its first use (a trace may never create it, src/cli/stdio-modes.ts). */
export function guardStdout(): void {
  const own = Object.getOwnPropertyDescriptor(process, 'stdout');
  const make = own?.get;
  if (own === undefined || make === undefined || own.configurable !== true) {
    guard(process.stdout);
    return;
  }
  let stream: NodeJS.WriteStream | undefined;
  Object.defineProperty(process, 'stdout', {
    configurable: true,
    enumerable: own.enumerable === true,
    get() {
      if (stream === undefined) {
        stream = make.call(process) as NodeJS.WriteStream;
        guard(stream);
      }
      return stream;
    },
  });
}

function guard(stdout: NodeJS.WriteStream): void {
  stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EPIPE_STATUS);
    fail(err.code ?? 'EIO');
  });
  const write = stdout.write.bind(stdout) as (...a: unknown[]) => boolean;
  let checked = false;
  stdout.write = ((...args: unknown[]): boolean => {
    if (!checked) {
      checked = true;
      if (stdoutWasClosed()) fail('EBADF');
    }
    return write(...args);
  }) as typeof stdout.write;
}
