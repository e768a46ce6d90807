// Where a sink writes: stderr, a file (-o, -A), or a command's stdin (-o '|cmd'). Write errors end here: a
// reader that went away (EPIPE) stops getting output; any other failure (ENOSPC, EIO, /dev/full) is counted
// and said once when the output closes, and tracing goes on (the command must never pay for vat's output).
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { errnoByName } from '../tables/errnos.js';
import { PROG } from '../util/prog-name.js';
import { closePipe, openPipeOutput, waitForExit } from './pipe-output.js';

/** One line on stderr that may itself fail (stderr on a full disk): nothing else can be done then. */
export function stderrLine(text: string): void {
  try {
    writeSync(2, text);
  } catch {}
}

const newlines = (buf: Buffer): number => {
  let n = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
  return n;
};

/** Write failures by destination, said once per destination when the trace ends (-C writes twice to one file). */
const losses = new Map<string, { failure: string; lost: number }>();

/**
 * One line per destination that lost lines; call when every output is closed. strace says `strace: FILE: ERROR` at
 * each line it fails to write: one line lost reads as strace's, more add how many (one message, never silence).
 */
export function reportWriteLosses(): void {
  for (const [name, { failure, lost }] of losses)
    stderrLine(`${PROG}: ${name}: ${failure}${lost > 1 ? `: ${lost} lines of the trace lost` : ''}\n`);
  losses.clear();
}

export class OutputFile {
  readonly fd: number;
  private readonly pipePid: number | undefined;
  private readonly name: string;
  private broken = false;
  /** The first write error other than EPIPE, and how many lines were not written because of it or later ones. */
  private failure: string | undefined;
  private lost = 0;

  /** `path` undefined is stderr; `|cmd` or `!cmd` pipes into cmd. Opening errors are thrown (checked earlier). */
  constructor(path: string | undefined, append: boolean) {
    this.name = path ?? 'stderr';
    if (path?.startsWith('|') || path?.startsWith('!')) {
      const pipe = openPipeOutput(path.slice(1));
      this.fd = pipe.fd;
      this.pipePid = pipe.pid;
    } else {
      this.fd = path === undefined ? 2 : openSync(path, append ? 'a' : 'w');
      this.pipePid = undefined;
    }
  }

  /** Writes all of `text` (retrying a momentarily full non-blocking pipe); failures are counted, not thrown. */
  write(text: string): void {
    if (this.broken || text === '') return;
    this.writeBytes(Buffer.from(text));
  }

  /** write() of text already encoded (a sink's PendingText). */
  writeBytes(bytes: Buffer): void {
    if (this.broken) return;
    let buf = bytes;
    while (buf.length > 0) {
      try {
        buf = buf.subarray(writeSync(this.fd, buf));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
        if (code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
          continue;
        }
        if (code === 'EPIPE') this.broken = true;
        else {
          this.failure ??= errnoByName(code)?.message ?? code;
          this.lost += newlines(buf) + (buf.at(-1) === 10 ? 0 : 1);
        }
        return;
      }
    }
  }

  /** A regular file (not a terminal, pipe or device): nobody reads it line by line as it is written. */
  isRegularFile(): boolean {
    if (this.pipePid !== undefined) return false;
    try {
      return fstatSync(this.fd).isFile();
    } catch {
      return false;
    }
  }

  /** Closes the destination; what was lost is said by reportWriteLosses(). */
  close(): void {
    if (this.pipePid !== undefined) {
      closePipe(this.fd);
      waitForExit(this.pipePid);
    } else if (this.fd !== 2)
      try {
        closeSync(this.fd);
      } catch (err) {
        this.failure ??= errnoByName((err as NodeJS.ErrnoException).code ?? '')?.message ?? 'close failed';
      }
    if (this.failure === undefined) return;
    const seen = losses.get(this.name);
    losses.set(this.name, { failure: seen?.failure ?? this.failure, lost: (seen?.lost ?? 0) + this.lost });
  }
}
