// The --json sink: JSON Lines to stderr, a file, a pipe, or one file per process with -ff.
import { jsonValueText } from '../format/json-value-text.js';
import { JsonlFormatter } from '../format/jsonl.js';
import type { ThreadGroups } from '../model/call.js';
import type { CallJsonExit, OpenCallJson } from '../model/call-json.js';
import type { TraceEvent } from '../model/events.js';
import type { Value } from '../model/value.js';
import { OutputFile } from './output-file.js';
import { PendingText } from './pending-text.js';
import type { TextTarget } from './text-sink.js';

interface Stream {
  readonly out: OutputFile;
  readonly fmt: JsonlFormatter;
  readonly text: PendingText;
}

export class JsonlSink {
  private readonly streams = new Map<number, Stream>();
  private readonly shared: Stream | undefined;
  /** -ff: processes whose file was closed when they went; a reused pid appends rather than truncates. */
  private readonly closed = new Set<number>();

  constructor(
    private readonly target: TextTarget,
    /** Which process each thread belongs to (the engine's /proc port). */
    private readonly threads: ThreadGroups,
  ) {
    if (!target.perProcess) this.shared = this.open(target.path);
  }

  private open(path: string | undefined, append = this.target.append): Stream {
    return {
      out: new OutputFile(path, append),
      fmt: new JsonlFormatter(this.threads),
      text: new PendingText(),
    };
  }

  private streamFor(pid: number): Stream {
    if (this.shared) return this.shared;
    let s = this.streams.get(pid);
    if (!s) {
      s = this.open(`${this.target.path}.${pid}`, this.target.append || this.closed.has(pid));
      this.streams.set(pid, s);
    }
    return s;
  }

  /** Characters formatted since the last flush. */
  buffered = 0;

  add(e: TraceEvent): void {
    const s = this.streamFor(e.pid);
    const text = s.fmt.format(e);
    s.text.add(text);
    this.buffered += text.length;
    // -ff: a process that is gone writes no more; its file is closed now, not at the end (fds are limited)
    if (!this.shared && (e.type === 'exited' || e.type === 'detach')) {
      this.streams.delete(e.pid);
      this.closed.add(e.pid);
      this.end(s);
    }
  }

  /** Thread `tid` is in process `tgid`, as the engine saw it (the lines' `pid`, once the thread has gone too). */
  know(tid: number, tgid: number): void {
    this.threads.know?.(tid, tgid);
  }

  /** How the live path writes a decoded value (its strings, buffers, flags): as the records' writer does. */
  readonly valueJson: (v: Value) => string = jsonValueText;

  /** A call of the ptrace engine's live path (model/call-json.ts): its entry half, then its exit half. */
  callEnter(tid: number, ts: bigint, nr: number, name: string): OpenCallJson {
    const s = this.streamFor(tid);
    const open = s.fmt.callEnter(tid, ts, nr, name);
    this.put(s, s.fmt.take());
    return open;
  }

  /** The exit half: its line written as bytes into the output's buffer. */
  callExit(c: OpenCallJson, x: CallJsonExit): void {
    const s = this.streamFor(c.from);
    const w = s.text.bytes();
    const was = w.at;
    s.fmt.callExit(c, x, w);
    this.buffered += w.at - was;
  }

  private put(s: Stream, text: string): void {
    if (text === '') return;
    s.text.add(text);
    this.buffered += text.length;
  }

  private end(s: Stream): void {
    s.text.add(s.fmt.finish());
    s.out.writeBytes(s.text.take());
    s.out.close();
  }

  /** One shared output to a regular file (--json -o FILE): it can be written in large blocks. */
  toRegularFile(): boolean {
    return this.shared?.out.isRegularFile() === true;
  }

  flush(): void {
    this.buffered = 0;
    for (const s of this.shared ? [this.shared] : this.streams.values()) s.out.writeBytes(s.text.take());
  }

  close(): void {
    for (const s of this.shared ? [this.shared] : this.streams.values()) this.end(s);
    this.streams.clear();
  }
}
