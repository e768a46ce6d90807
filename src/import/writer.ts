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

/** Output is encoded into one reused buffer of this size (a line longer than a third of it goes out alone). */
const CHUNK = 1 << 20;

/**
 * Each line is encoded into the buffer as it comes (not kept as a string until a flush: strings held across
 * many records outlive the young generation and cost a full GC each, the writer's main cost on a big import).
 */
export class ChunkWriter {
  private readonly fd: number;
  private readonly name: string;
  private readonly buf = Buffer.allocUnsafe(CHUNK);
  private pos = 0;
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
    // UTF-8 takes at most 3 bytes per UTF-16 unit
    if (this.pos + text.length * 3 > CHUNK) {
      this.flush();
      if (text.length * 3 > CHUNK) {
        this.out(Buffer.from(text));
        return;
      }
    }
    this.pos += this.buf.write(text, this.pos);
  }

  /** `text` and a newline, without building their concatenation. */
  writeLine(text: string): void {
    this.write(text);
    if (this.pos >= CHUNK) this.flush();
    this.buf[this.pos++] = 0x0a;
  }

  flush(): void {
    if (this.pos === 0) return;
    const bytes = this.buf.subarray(0, this.pos);
    this.pos = 0;
    this.out(bytes);
  }

  private out(bytes: Buffer): void {
    if (this.broken) return;
    try {
      this.broken = !writeUnlessGone(this.fd, bytes);
    } catch (err) {
      throw outputError(err, this.name, this.fd === 1 ? 1 : 2);
    }
  }

  close(): void {
    this.flush();
    if (this.fd !== 1) closeSync(this.fd);
  }
}
