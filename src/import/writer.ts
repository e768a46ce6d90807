// Buffered synchronous output for the import/convert commands: a file or stdout, written in large chunks so
// memory stays flat; a reader that goes away (EPIPE, `| head`) ends the output quietly.
import { closeSync, openSync } from 'node:fs';
import { VatError } from '../errors.js';
import { errnoByName } from '../tables/errnos.js';
import { writeUnlessGone } from '../util/write-all.js';

/** A write or open error as one line: the destination and strerror; 2 for a file the user named, 1 for stdout. */
const outputError = (err: unknown, name: string, status: number): VatError => {
  const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
  return new VatError(`${name}: ${errnoByName(code)?.message ?? code}`, 'EOUTPUT', status);
};

const CHUNK = 1 << 18;

export class ChunkWriter {
  private readonly fd: number;
  private readonly name: string;
  private buf: string[] = [];
  private size = 0;
  /** The reader went away: further output is dropped. */
  broken = false;

  /** `path` undefined or `-` is stdout. */
  constructor(path: string | undefined) {
    const stdout = path === undefined || path === '-';
    this.name = stdout ? 'stdout' : path;
    try {
      this.fd = stdout ? 1 : openSync(path, 'w');
    } catch (err) {
      throw outputError(err, this.name, 2);
    }
  }

  write(text: string): void {
    this.buf.push(text);
    this.size += text.length;
    if (this.size >= CHUNK) this.flush();
  }

  flush(): void {
    if (this.size === 0) return;
    const text = this.buf.join('');
    this.buf = [];
    this.size = 0;
    if (this.broken) return;
    try {
      this.broken = !writeUnlessGone(this.fd, text);
    } catch (err) {
      throw outputError(err, this.name, this.fd === 1 ? 1 : 2);
    }
  }

  close(): void {
    this.flush();
    if (this.fd !== 1) closeSync(this.fd);
  }
}
