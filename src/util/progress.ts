// Progress for long inputs on a terminal: one self-overwriting stderr line (lines, bytes, lines/s); silent when
import { PROG } from './prog-name.js';

// stderr is not a TTY, so logs and pipes never see it.

const MiB = 1024 * 1024;

const count = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : String(n);

export class Progress {
  private readonly started = Date.now();
  private last = 0;
  private shown = false;

  constructor(
    private readonly label: string,
    private readonly enabled = process.stderr.isTTY === true,
    private readonly everyMs = 250,
  ) {}

  /** Cheap to call per line: looks at the clock every 4096 lines. */
  tick(lines: number, bytes: number): void {
    if (!this.enabled || (lines & 4095) !== 0) return;
    const now = Date.now();
    if (now - this.last < this.everyMs) return;
    this.last = now;
    this.shown = true;
    process.stderr.write(`\r\x1b[K${this.text(lines, bytes, now)}`);
  }

  text(lines: number, bytes: number, now = Date.now()): string {
    const secs = Math.max((now - this.started) / 1000, 1e-3);
    return `${PROG}: ${this.label}: ${count(lines)} lines, ${(bytes / MiB).toFixed(1)} MiB, ${count(Math.round(lines / secs))} lines/s`;
  }

  /** Clears the line (the command prints its own summary after). */
  done(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
    this.shown = false;
  }
}
