// Chrome's Trace Event Format (JSON), which Perfetto and chrome://tracing open: one complete event ("X") per
// syscall, instants ("i") for signals, process start and exit, flow arrows ("s"/"f") from fork/clone to the
// child's first event, and process/thread names ("M"). Written as it goes: nothing is held but names and ids.
import { basename } from 'node:path';
import { JsonNumber, recordLine } from '../format/json-writer.js';
import type { ArgRecord, TraceRecord } from '../format/jsonl-record.js';
import { stackRecordText } from '../format/stack-json.js';

const FORKS = new Set(['clone', 'clone3', 'fork', 'vfork']);

/** Nanoseconds as microseconds with up to three decimals, exactly (no double rounding). */
export function microseconds(ns: bigint): string {
  const neg = ns < 0n;
  const a = neg ? -ns : ns;
  const whole = a / 1000n;
  const frac = a % 1000n;
  const text = frac === 0n ? String(whole) : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
  return neg ? `-${text}` : text;
}

const Num = JsonNumber;
type Num = JsonNumber;
const eventJson = recordLine;

export class PerfettoWriter {
  private t0: bigint | undefined;
  private first = true;
  private nextFlow = 1;
  /** Threads seen (for thread names and process start); processes named. */
  private readonly threads = new Set<number>();
  private readonly processNames = new Map<number, string>();
  /** Children whose first event has not been seen: their flow id. */
  private readonly pendingFlows = new Map<number, number>();
  /** First event time of each thread not yet linked to its parent (the child ran before clone returned). */
  private readonly unlinked = new Map<number, { ts: bigint; pid: number }>();

  /** Nothing is written before the first event: an input refused early leaves no half document. */
  constructor(private readonly write: (text: string) => void) {}

  private emit(o: Record<string, unknown>): void {
    this.write(this.first ? `{"traceEvents":[\n${eventJson(o)}` : `,\n${eventJson(o)}`);
    this.first = false;
  }

  private us(ts: bigint): Num {
    this.t0 ??= ts;
    return new Num(microseconds(ts - this.t0));
  }

  private name(pid: number, tid: number, name: string): void {
    if (tid === pid) {
      this.processNames.set(pid, name);
      this.emit({ ph: 'M', name: 'process_name', pid, tid, args: { name } });
    }
    this.emit({
      ph: 'M',
      name: 'thread_name',
      pid,
      tid,
      args: { name: tid === pid ? name : `${name} ${tid}` },
    });
  }

  /** The first event of a thread: its names, a start instant, and the end of a fork's flow arrow. */
  private seen(r: TraceRecord): void {
    if (this.threads.has(r.tid)) return;
    this.threads.add(r.tid);
    const name = this.processNames.get(r.pid) ?? `pid ${r.pid}`;
    this.name(r.pid, r.tid, name);
    const ts = this.us(r.ts);
    this.emit({
      ph: 'i',
      s: 't',
      name: r.tid === r.pid ? 'process start' : 'thread start',
      cat: 'process',
      ts,
      pid: r.pid,
      tid: r.tid,
    });
    const flow = this.pendingFlows.get(r.tid);
    if (flow !== undefined) {
      this.pendingFlows.delete(r.tid);
      this.emit({ ph: 'f', bp: 'e', id: flow, name: 'fork', cat: 'fork', ts, pid: r.pid, tid: r.tid });
    } else this.unlinked.set(r.tid, { ts: r.ts, pid: r.pid });
  }

  add(r: TraceRecord): void {
    this.seen(r);
    const base = { pid: r.pid, tid: r.tid, ts: this.us(r.ts) };
    switch (r.type) {
      case 'syscall':
        this.syscall(r, base);
        return;
      case 'signal':
        this.emit({
          ph: 'i',
          s: 't',
          name: String(r.signal),
          cat: 'signal',
          ...base,
          args: {
            ...(r.siginfo === undefined ? {} : { siginfo: r.siginfo }),
            ...(r.stack === undefined ? {} : { stack: stackRecordText(r.stack) }),
          },
        });
        return;
      case 'exit':
        this.emit({
          ph: 'i',
          s: 't',
          name: r.signal !== undefined ? `killed by ${r.signal}` : `exited with ${r.code}`,
          cat: 'process',
          ...base,
          args: r.signal !== undefined ? { signal: r.signal, core: r.core } : { code: r.code },
        });
        this.threads.delete(r.tid);
        this.unlinked.delete(r.tid);
        return;
      default:
        this.emit({
          ph: 'i',
          s: 't',
          name: r.type,
          cat: 'process',
          ...base,
          args: r.type === 'exec' ? { old_tid: r.old_tid } : {},
        });
    }
  }

  private syscall(r: TraceRecord, base: { pid: number; tid: number; ts: Num }): void {
    const args: Record<string, unknown> = {};
    for (const a of (r.args ?? []) as ArgRecord[]) if (a.value !== null) args[a.name] = a.value;
    args.ret = r.ret;
    if (r.ret_value !== undefined) args.ret_value = r.ret_value;
    if (r.ret_detail !== undefined) args.ret_detail = r.ret_detail;
    if (r.errno !== null && r.errno !== undefined) args.errno = r.errno;
    if (r.unfinished) args.unfinished = true;
    const stack = stackRecordText(r.stack);
    if (stack) args.stack = stack;
    const name = String(r.name);
    this.emit({ ph: 'X', name, cat: 'syscall', ...base, dur: new Num(microseconds(r.dur ?? 0n)), args });
    if (name === 'execve' || name === 'execveat') this.exec(r);
    if (FORKS.has(name) && r.errno === null && typeof r.ret !== 'object' && Number(r.ret) > 0)
      this.fork(r, base);
  }

  /** A successful exec names the process after the program (argv[0], else the path). */
  private exec(r: TraceRecord): void {
    if (r.errno !== null) return;
    const args = (r.args ?? []) as ArgRecord[];
    const path = args.find((a) => a.name === 'pathname' || a.name === 'filename')?.value;
    const argv = args.find((a) => a.name === 'argv')?.value;
    const argv0 = (argv as { array?: { str?: string }[] } | null)?.array?.[0]?.str;
    const p = (path as { str?: string } | null)?.str;
    const name = argv0 ? basename(argv0) : p ? basename(p) : undefined;
    if (name) this.name(r.pid, r.tid, name);
  }

  private fork(r: TraceRecord, base: { pid: number; tid: number; ts: Num }): void {
    const child = Number(r.ret);
    const id = this.nextFlow++;
    this.emit({ ph: 's', id, name: 'fork', cat: 'fork', ...base });
    const early = this.unlinked.get(child);
    if (early) {
      this.unlinked.delete(child);
      this.emit({
        ph: 'f',
        bp: 'e',
        id,
        name: 'fork',
        cat: 'fork',
        ts: this.us(early.ts),
        pid: early.pid,
        tid: child,
      });
    } else this.pendingFlows.set(child, id);
    // a forked process is named after its parent until it execs
    if (!this.processNames.has(child) && !this.threads.has(child)) {
      const parent = this.processNames.get(r.pid);
      if (parent) this.processNames.set(child, parent);
    }
  }

  /** Closes the JSON document. */
  finish(): void {
    if (this.first) this.write('{"traceEvents":[\n');
    this.write(`\n],"displayTimeUnit":"ns","otherData":{"generator":"vat","t0_ns":"${this.t0 ?? 0n}"}}\n`);
  }
}
