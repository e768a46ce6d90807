// The strace-text sink: formats events into buffers and writes each output with one write per flush (-ff: per file).
import { processContextText, type SecontextOptions } from '../decode/args/secontext.js';
import { CallSelector } from '../filter/path-trace.js';
import { StraceTextFormatter, type StraceTextOptions, timeColumns } from '../format/strace-text.js';
import type { CallText } from '../model/call-text.js';
import type { AttachEvent, TraceEvent } from '../model/events.js';
import { pidInTracerNs } from '../sys/pidns.js';
import { procComm } from '../sys/procfs.js';
import { attachNotice } from './attach-notice.js';
import { OutputFile, stderrLine } from './output-file.js';
import { PendingText } from './pending-text.js';

export interface TextTarget {
  /** Output file; undefined writes to stderr as strace does. */
  readonly path?: string;
  readonly append: boolean;
  /** -ff: FILE.PID per process. */
  readonly perProcess: boolean;
}

interface Output {
  readonly out: OutputFile;
  readonly fmt: StraceTextFormatter;
  readonly text: PendingText;
  /** In `dirty` (a flag, not a Set lookup per event). */
  queued: boolean;
}

export class TextSink {
  private readonly outputs = new Map<number, Output>();
  private shared: Output | undefined;
  private readonly dirty = new Set<Output>();
  /** Characters formatted since the last flush, over every output. */
  buffered = 0;
  /** -ff: processes whose file was closed when they went; a reused pid appends rather than truncates. */
  private readonly closed = new Set<number>();
  /** What every output's formatter shares, as strace keeps it once: the -r clock. */
  private readonly common: ConstructorParameters<typeof StraceTextFormatter>[1];
  /** -P / -e trace-fds=: which calls are shown, decided once for every output (it reads /proc, the formatters do not). */
  private readonly selector: CallSelector | undefined;
  /**
   * A call's entry half held back (one at most): when its exit comes next, the two are formatted as one line
   * (callWhole), as they would print; anything else that reaches the sink prints it first, as it came.
   */
  private held: CallText | undefined;

  constructor(
    private readonly target: TextTarget,
    private readonly options: StraceTextOptions,
  ) {
    this.selector = options.pathTrace ? new CallSelector(options.pathTrace) : undefined;
    const time = timeColumns(options);
    this.common = {
      ...(time ? { time } : {}),
      // -Y: a process's command name while it exists, as strace reads it when printing (the ProcFs port)
      ...(options.decodePids ? { comm: procComm } : {}),
      ...(options.pidns ? { pidOutside: pidInTracerNs } : {}),
      ...(options.secontext ? { context: contextOf(options.secontext, options.xflag) } : {}),
    };
    if (!target.perProcess) this.shared = this.open(target.path);
  }

  private open(path: string | undefined, append = this.target.append): Output {
    const out = new OutputFile(path, append);
    return {
      out,
      fmt: new StraceTextFormatter(this.options, this.common),
      text: new PendingText(),
      queued: false,
    };
  }

  private outputFor(pid: number): Output {
    if (this.shared) return this.shared;
    let out = this.outputs.get(pid);
    if (!out) {
      out = this.open(`${this.target.path}.${pid}`, this.target.append || this.closed.has(pid));
      this.outputs.set(pid, out);
    }
    return out;
  }

  /** Formats one event into its output's buffer; nothing is written until flush(). */
  add(e: TraceEvent): void {
    if (this.held !== undefined) this.release();
    if (e.type === 'lost' && !this.shared) return; // -ff: no process's file; vat says it on stderr
    if (e.type === 'exec' && !this.shared) this.handOver(e.oldPid, e.pid);
    const out = this.outputFor(e.pid);
    // strace says `Process N detached` before it ends the thread's open line with ` <detached ...>`
    if (e.type === 'attach' || e.type === 'detach') this.notice(e, out);
    const text = out.fmt.format(e, this.shown(e));
    if (text !== '') {
      out.text.add(text);
      this.buffered += text.length;
      this.queue(out);
    } else if (!out.text.empty) this.queue(out);
    // -ff: a process that is gone writes no more; its file is closed now, not at the end (fds are limited)
    if (!this.shared && (e.type === 'exited' || e.type === 'detach')) this.retire(e.pid, out);
  }

  private queue(out: Output): void {
    if (out.queued) return;
    out.queued = true;
    this.dirty.add(out);
  }

  /** Whether lines show a time (-t, -tt, -ttt, -r, -T): a call's exit stamp may then be printed. */
  get showsTime(): boolean {
    return this.common?.time !== undefined;
  }

  /** Whether every call is shown (no -P / -e trace-fds=): calls may then come as text (call()). */
  get showsAll(): boolean {
    return this.selector === undefined;
  }

  /**
   * A call as text (the engines' record-to-text paths): whole, or its entry or exit half. An entry half is held
   * until the next thing the sink gets; its own exit then makes one line with it.
   */
  call(c: CallText, part: 'whole' | 'enter' | 'exit'): void {
    const held = this.held;
    if (held !== undefined) {
      this.held = undefined;
      if (part === 'exit' && held.pid === c.pid) {
        const out = this.outputFor(c.pid);
        this.buffered -= held.head.length;
        this.put(out, out.fmt.callWhole(held, c));
        return;
      }
      this.print(held);
    }
    if (part === 'enter') {
      this.held = c;
      // counted now: a lazy output's block and watchdog see it as text waiting
      this.buffered += c.head.length;
      return;
    }
    const out = this.outputFor(c.pid);
    const fmt = out.fmt;
    this.put(out, part === 'whole' ? fmt.callWhole(c) : fmt.callExit(c));
  }

  /** The held entry half printed as it came (something else reached the sink before its exit). */
  private release(): void {
    const held = this.held;
    if (held === undefined) return;
    this.held = undefined;
    this.print(held);
  }

  private print(held: CallText): void {
    const out = this.outputFor(held.pid);
    const text = out.fmt.callEnter(held);
    this.buffered -= held.head.length;
    this.put(out, text);
  }

  /** Formatted text into its output's buffer. */
  private put(out: Output, text: string): void {
    if (text !== '') {
      out.text.add(text);
      this.buffered += text.length;
      this.queue(out);
    } else if (!out.text.empty) this.queue(out);
  }

  /** The -P decision for a syscall's entry or exit (its exit gets its entry's); an exec moves a thread's call. */
  private shown(e: TraceEvent): boolean {
    const sel = this.selector;
    if (!sel) return true;
    if (e.type === 'enter') return sel.enter(e);
    if (e.type === 'exit') return sel.exit(e);
    if (e.type === 'exec') sel.exec(e.oldPid, e.pid);
    return true;
  }

  private retire(pid: number, out: Output): void {
    this.outputs.delete(pid);
    this.dirty.delete(out);
    out.text.add(out.fmt.finish());
    out.out.writeBytes(out.text.take());
    out.out.close();
    this.closed.add(pid);
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
    old.text.add(old.fmt.handOver(pid));
    old.out.writeBytes(old.text.take());
    old.out.close();
    this.closed.add(oldPid);
  }

  write(events: readonly TraceEvent[]): void {
    for (const e of events) this.add(e);
    this.flush();
  }

  /** One write per output that has text; a reader that went away (`-o '|head'`) just stops getting it. */
  flush(): void {
    if (this.held !== undefined) this.release();
    this.buffered = 0;
    if (this.dirty.size === 0) return;
    for (const out of this.dirty) {
      out.out.writeBytes(out.text.take());
      out.queued = false;
    }
    this.dirty.clear();
  }

  /** One shared output to a regular file (-o FILE): it can be written in large blocks. */
  toRegularFile(): boolean {
    return this.shared?.out.isRegularFile() === true;
  }

  /**
   * `vat: Process N attached [with M threads]` / `detached` on stderr, as strace says it (not with -q). When the
   * trace goes to stderr too, the notice takes its place in the stream, even mid-line as strace's does.
   */
  private notice(e: AttachEvent, out: Output): void {
    if (this.options.quiet.includes('attach')) return;
    const line = attachNotice(e);
    if (line === undefined) return;
    if (out.out.fd === 2) out.text.add(line);
    else stderrLine(line);
  }

  close(): void {
    this.release();
    for (const out of [...this.outputs.values(), ...(this.shared ? [this.shared] : [])]) {
      out.text.add(out.fmt.finish());
      this.queue(out);
      this.flush();
      out.out.close();
    }
    this.outputs.clear();
  }
}

/** --secontext: the lookup of a process's context for the start of its lines. */
const contextOf =
  (o: SecontextOptions, xflag: 0 | 1 | 2 | 3) =>
  (pid: number): string | undefined =>
    processContextText(pid, o, xflag);
