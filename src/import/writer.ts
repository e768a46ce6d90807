// Buffered synchronous output for the import/convert commands: a file or stdout, written in large chunks so
// memory stays flat; a reader that goes away (EPIPE, `| head`) ends the output quietly.
import { closeSync, openSync } from 'node:fs';
import { writeUnlessGone } from '../util/write-all.js';

const CHUNK = 1 << 18;

export class ChunkWriter {
  private readonly fd: number;
  private buf: string[] = [];
  private size = 0;
  /** The reader went away: further output is dropped. */
  broken = false;

  /** `path` undefined or `-` is stdout. */
  constructor(path: string | undefined) {
    this.fd = path === undefined || path === '-' ? 1 : openSync(path, 'w');
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
    if (!this.broken) this.broken = !writeUnlessGone(this.fd, text);
  }

  close(): void {
    this.flush();
    if (this.fd !== 1) closeSync(this.fd);
  }
}
