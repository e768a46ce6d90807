// Writes a whole string to an fd, retrying when a non-blocking pipe is momentarily full.
import { writeSync } from 'node:fs';

export function writeAll(fd: number, text: string | Buffer): void {
  let buf = typeof text === 'string' ? Buffer.from(text) : text;
  while (buf.length > 0) {
    try {
      const n = writeSync(fd, buf);
      buf = buf.subarray(n);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

/** writeAll, except that a reader that went away (EPIPE: `| head`) is not an error: returns false instead. */
export function writeUnlessGone(fd: number, text: string | Buffer): boolean {
  try {
    writeAll(fd, text);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err;
    return false;
  }
}
