// The strace-text sink: formats events into buffers and writes each output with one write per flush (-ff: per file).
import { closeSync, openSync } from 'node:fs';
import { StraceTextFormatter, type StraceTextOptions, selector, timeColumns } from '../format/strace-text.js';
import type { AttachEvent, TraceEvent } from '../model/events.js';
import { writeAll, writeUnlessGone } from '../util/write-all.js';
import { closePipe, openPipeOutput, waitForExit } from './pipe-output.js';

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
  /** The fd is a pipe vat made itself (closed through libc, not node's fs). */
  readonly piped: boolean;
}

export class TextSink {
  private readonly outputs = new Map<number, Output>();
  private shared: Output | undefined;
  private readonly dirty = new Set<Output>();
  /** Commands reading the trace (`-o '|cmd'`), waited for at close so their output comes before vat exits. */
  private readonly pipes: number[] = [];
  private readonly broken = new Set<number>();
  /** What every output's formatter shares, as strace keeps it once: the -P decisions and the -r clock. */
  private readonly common: ConstructorParameters<typeof StraceTextFormatter>[1];

  constructor(
    private readonly target: TextTarget,
    private readonly options: StraceTextOptions,
  ) {
    const sel = selector(options);
    const time = timeColumns(options);
    this.common = { ...(sel ? { selector: sel } : {}), ...(time ? { time } : {}) };
    if (!target.perProcess) this.shared = this.open(target.path);
  }

  private open(path: string | undefined): Output {
    if (path?.startsWith('|') || path?.startsWith('!')) {
      const pipe = openPipeOutput(path.slice(1));
      this.pipes.push(pipe.pid);
      return { fd: pipe.fd, fmt: new StraceTextFormatter(this.options, this.common), text: '', piped: true };
    }
    const fd = path === undefined ? 2 : openSync(path, this.target.append ? 'a' : 'w');
    return { fd, fmt: new StraceTextFormatter(this.options, this.common), text: '', piped: false };
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
    if (e.type === 'exec' && !this.shared) this.handOver(e.oldPid, e.pid);
    const out = this.outputFor(e.pid);
    // strace says `Process N detached` before it ends the thread's open line with ` <detached ...>`
    if (e.type === 'attach' || e.type === 'detach') this.notice(e, out);
    out.text += out.fmt.format(e);
    if (out.text !== '') this.dirty.add(out);
  }

  /**
   * -ff, a non-leader thread exec'd: as strace, its own file ends (`<pid changed to N ...>` when its execve
   * line is open) and its trace goes on in the leader's file, which the exec event itself is written to.
   */
  private handOver(oldPid: number, pid: number): void {
    const old = this.outputs.get(oldPid);
    if (!old) return;
    this.outputs.delete(oldPid);
    this.dirty.delete(old);
    writeAll(old.fd, old.text + old.fmt.handOver(pid));
    old.text = '';
    if (old.fd !== 2) closeSync(old.fd);
  }

  write(events: readonly TraceEvent[]): void {
    for (const e of events) this.add(e);
    this.flush();
  }

  /** One write per output that has text; a reader that went away (`-o '|head'`) just stops getting it. */
  flush(): void {
    for (const out of this.dirty) {
      if (!this.broken.has(out.fd) && !writeUnlessGone(out.fd, out.text)) this.broken.add(out.fd);
      out.text = '';
    }
    this.dirty.clear();
  }

  /**
   * `vat: Process N attached [with M threads]` / `detached` on stderr, as strace says it (not with -q). When the
   * trace goes to stderr too, the notice takes its place in the stream, even mid-line as strace's does.
   */
  private notice(e: AttachEvent, out: Output): void {
    if (this.options.quiet.includes('attach')) return;
    const threads = e.threads && e.threads.length > 1 ? ` with ${e.threads.length} threads` : '';
    const line = `vat: Process ${e.pid} ${e.type === 'attach' ? 'attached' : 'detached'}${threads}\n`;
    if (out.fd === 2) out.text += line;
    else writeAll(2, line);
  }

  close(): void {
    for (const out of [...this.outputs.values(), ...(this.shared ? [this.shared] : [])]) {
      out.text += out.fmt.finish();
      this.dirty.add(out);
      this.flush();
      if (out.piped) closePipe(out.fd);
      else if (out.fd !== 2) closeSync(out.fd);
    }
    for (const pid of this.pipes) waitForExit(pid);
  }
}
