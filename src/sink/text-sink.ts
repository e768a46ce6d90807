// The strace-text sink: formats events into buffers and writes each output with one write per flush (-ff: per file).
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
  private readonly dirty = new Set<Output>();

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

  /** Formats one event into its output's buffer; nothing is written until flush(). */
  add(e: TraceEvent): void {
    if (e.type === 'attach' || e.type === 'detach') this.notice(e.type, e.pid);
    const out = this.outputFor(e.type === 'exec' ? e.oldPid : e.pid);
    out.text += out.fmt.format(e);
    if (out.text !== '') this.dirty.add(out);
  }

  write(events: readonly TraceEvent[]): void {
    for (const e of events) this.add(e);
    this.flush();
  }

  /** One write per output that has text. */
  flush(): void {
    for (const out of this.dirty) {
      writeAll(out.fd, out.text);
      out.text = '';
    }
    this.dirty.clear();
  }

  /** `vat: Process N attached` on stderr, as strace says it (not with -q). */
  private notice(kind: 'attach' | 'detach', pid: number): void {
    if (this.options.quiet > 0) return;
    writeAll(2, `vat: Process ${pid} ${kind === 'attach' ? 'attached' : 'detached'}\n`);
  }

  close(): void {
    for (const out of [...this.outputs.values(), ...(this.shared ? [this.shared] : [])]) {
      out.text += out.fmt.finish();
      this.dirty.add(out);
      this.flush();
      if (out.fd !== 2) closeSync(out.fd);
    }
  }
}
