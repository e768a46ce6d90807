// Where a sink writes: stderr, a file (-o, -A), or a command's stdin (-o '|cmd'); one writer per destination.
import { closeSync, openSync } from 'node:fs';
import { writeUnlessGone } from '../util/write-all.js';
import { closePipe, openPipeOutput, waitForExit } from './pipe-output.js';

export class OutputFile {
  private readonly fd: number;
  private readonly pipePid: number | undefined;
  private broken = false;

  /** `path` undefined is stderr; `|cmd` or `!cmd` pipes into cmd. */
  constructor(path: string | undefined, append: boolean) {
    if (path?.startsWith('|') || path?.startsWith('!')) {
      const pipe = openPipeOutput(path.slice(1));
      this.fd = pipe.fd;
      this.pipePid = pipe.pid;
    } else {
      this.fd = path === undefined ? 2 : openSync(path, append ? 'a' : 'w');
      this.pipePid = undefined;
    }
  }

  /** Writes all of `text`; a reader that went away stops getting output, tracing goes on. */
  write(text: string): void {
    if (this.broken || text === '') return;
    this.broken = !writeUnlessGone(this.fd, text);
  }

  close(): void {
    if (this.pipePid !== undefined) {
      closePipe(this.fd);
      waitForExit(this.pipePid);
    } else if (this.fd !== 2) closeSync(this.fd);
  }
}
