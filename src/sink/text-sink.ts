// The strace-text sink: formats event batches and writes each batch with one write (per file with -ff).
import { closeSync, openSync } from 'node:fs';
import { StraceTextFormatter, type StraceTextOptions } from '../format/strace-text.js';
import type { TraceEvent } from '../model/events.js';
import { writeAll } from '../util/write-all.js';

export interface TextTarget {
  /** Output file; undefined writes to stderr as strace does. */
  readonly path?: string;
  readonly append: boolean;
  /** -ff: FILE.PID per process. */
  readonly perProcess: boolean;
}

interface Output {
  readonly fd: number;
  readonly fmt: StraceTextFormatter;
  text: string;
}

export class TextSink {
  private readonly outputs = new Map<number, Output>();
  private shared: Output | undefined;

  constructor(
    private readonly target: TextTarget,
    private readonly options: StraceTextOptions,
  ) {
    if (!target.perProcess) this.shared = this.open(target.path);
  }

  private open(path: string | undefined): Output {
    const fd = path === undefined ? 2 : openSync(path, this.target.append ? 'a' : 'w');
    return { fd, fmt: new StraceTextFormatter(this.options), text: '' };
  }

  private outputFor(pid: number): Output {
    if (this.shared) return this.shared;
    let out = this.outputs.get(pid);
    if (!out) {
      out = this.open(`${this.target.path}.${pid}`);
      this.outputs.set(pid, out);
    }
    return out;
  }

  write(events: readonly TraceEvent[]): void {
    const touched = new Set<Output>();
    for (const e of events) {
      const out = this.outputFor(e.type === 'exec' ? e.oldPid : e.pid);
      out.text += out.fmt.format(e);
      touched.add(out);
    }
    for (const out of touched) this.flush(out);
  }

  private flush(out: Output): void {
    if (out.text === '') return;
    writeAll(out.fd, out.text);
    out.text = '';
  }

  close(): void {
    for (const out of [...this.outputs.values(), ...(this.shared ? [this.shared] : [])]) {
      out.text += out.fmt.finish();
      this.flush(out);
      if (out.fd !== 2) closeSync(out.fd);
    }
  }
}
