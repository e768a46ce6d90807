// Builds a report's aggregates from a stream of calls and process events in bounded memory: per-syscall
// latency histograms, failures grouped by errno, the process tree, and a sample of calls for the timeline.
import type { ErrorGroup, ProcessRow, ReportData, SummaryRow, ThreadRow } from './data.js';
import { LatencyHistogram } from './latency.js';
import { CallSampler } from './sampler.js';

/** One finished (or unfinished) call, as the report needs it. */
export interface ReportCall {
  readonly pid: number;
  readonly tid: number;
  readonly name: string;
  /** Entry time, ns since the epoch (0 when the trace has no times). */
  readonly ts: bigint;
  /** Time inside the call, ns; undefined when unknown (no -T) or the call never returned. */
  readonly dur: bigint | undefined;
  /** errno name when the call failed. */
  readonly errno: string | undefined;
  readonly errnoMessage: string | undefined;
  /** The call as a short strace-style line, quoted for display. */
  readonly line: string;
  /** The path the call named or worked on, when it had one. */
  readonly path: string | undefined;
}

/** Calls kept for the timeline and call list: enough to explore, small enough for a ~20 MB page. */
export const DEFAULT_SLICES = 60_000;
/** Distinct (syscall, path) rows kept per errno; the rest are counted as one row. */
const ERROR_ROWS = 300;
/** Lines are cut to this many characters in the page. */
const LINE_MAX = 160;

interface Kept {
  readonly tid: number;
  readonly startNs: bigint;
  readonly durNs: number;
  readonly name: number;
  readonly errno: number;
  readonly line: string;
}

interface Proc {
  pid: number;
  ppid: number;
  execs: { path: string; argv: string }[];
  end: string;
  failed: boolean;
  first: bigint;
  last: bigint;
  calls: number;
}

export class ReportCollector {
  private readonly names = new Map<string, number>();
  private readonly errnoNames = new Map<string, number>();
  private readonly latency = new Map<string, { h: LatencyHistogram; errors: number }>();
  private readonly errors = new Map<
    string,
    { message: string; count: number; rows: Map<string, number>; other: number }
  >();
  private readonly procs = new Map<number, Proc>();
  private readonly threads = new Map<number, ThreadRow & { busyUs: number; calls: number }>();
  private readonly signals: { tid: number; ts: bigint; name: string }[] = [];
  private readonly sampler: CallSampler<Kept>;
  private first: bigint | undefined;
  private last = 0n;
  private calls = 0;
  private failed = 0;
  private events = 0;
  private lost = 0;

  constructor(slices = DEFAULT_SLICES) {
    this.sampler = new CallSampler<Kept>(slices);
  }

  private index(map: Map<string, number>, key: string): number {
    let i = map.get(key);
    if (i === undefined) {
      i = map.size;
      map.set(key, i);
    }
    return i;
  }

  private proc(pid: number, ts: bigint): Proc {
    let p = this.procs.get(pid);
    if (!p) {
      p = { pid, ppid: 0, execs: [], end: '', failed: false, first: ts, last: ts, calls: 0 };
      this.procs.set(pid, p);
    }
    if (ts > 0n && (p.first === 0n || ts < p.first)) p.first = ts;
    if (ts > p.last) p.last = ts;
    return p;
  }

  private time(ts: bigint): void {
    this.events++;
    if (ts <= 0n) return;
    if (this.first === undefined || ts < this.first) this.first = ts;
    if (ts > this.last) this.last = ts;
  }

  call(c: ReportCall): void {
    this.time(c.ts);
    const end = c.dur !== undefined ? c.ts + c.dur : c.ts;
    if (end > this.last) this.last = end;
    this.calls++;
    const p = this.proc(c.pid, c.ts);
    p.calls++;
    if (end > p.last) p.last = end;
    const t = this.threads.get(c.tid) ?? { tid: c.tid, pid: c.pid, calls: 0, busyUs: 0 };
    t.calls++;
    const us = c.dur !== undefined ? Number(c.dur) / 1000 : 0;
    t.busyUs += us;
    this.threads.set(c.tid, t);
    const lat = this.latency.get(c.name) ?? { h: new LatencyHistogram(), errors: 0 };
    lat.h.add(us);
    if (c.errno !== undefined) {
      lat.errors++;
      this.failed++;
      this.failure(c);
    }
    this.latency.set(c.name, lat);
    const line = c.line.length > LINE_MAX ? `${c.line.slice(0, LINE_MAX - 3)}...` : c.line;
    this.sampler.add(
      {
        tid: c.tid,
        startNs: c.ts,
        durNs: c.dur !== undefined ? Number(c.dur) : 0,
        name: this.index(this.names, c.name),
        errno: c.errno !== undefined ? this.index(this.errnoNames, c.errno) : -1,
        line,
      },
      us,
    );
  }

  private failure(c: ReportCall): void {
    const key = c.errno ?? '';
    const g = this.errors.get(key) ?? { message: c.errnoMessage ?? '', count: 0, rows: new Map(), other: 0 };
    g.count++;
    const row = `${c.name}\0${c.path ?? ''}`;
    if (g.rows.has(row) || g.rows.size < ERROR_ROWS) g.rows.set(row, (g.rows.get(row) ?? 0) + 1);
    else g.other++;
    this.errors.set(key, g);
  }

  fork(parent: number, child: number, ts: bigint): void {
    this.time(ts);
    this.proc(child, ts).ppid = parent;
  }

  exec(pid: number, path: string, argv: string, ts: bigint): void {
    this.time(ts);
    this.proc(pid, ts).execs.push({ path, argv });
  }

  exit(pid: number, end: string, failed: boolean, ts: bigint): void {
    this.time(ts);
    const p = this.proc(pid, ts);
    p.end = end;
    p.failed = failed;
  }

  signal(tid: number, name: string, ts: bigint): void {
    this.time(ts);
    if (this.signals.length < 10_000) this.signals.push({ tid, ts, name });
  }

  lostEvents(n: number): void {
    this.lost += n;
  }

  /** The page's data, less the views other analyses fill in (files, findings, profile). */
  result(title: string): Omit<ReportData, 'files' | 'findings' | 'profile'> {
    const t0 = this.first ?? 0n;
    const us = (ts: bigint): number => (ts > t0 ? Number(ts - t0) / 1000 : 0);
    const threadList = [...this.threads.values()].sort((a, b) => a.pid - b.pid || a.tid - b.tid);
    const threadIndex = new Map(threadList.map((t, i) => [t.tid, i]));
    const kept = this.sampler.items().sort((a, b) => {
      const ta = threadIndex.get(a.tid) ?? 0;
      const tb = threadIndex.get(b.tid) ?? 0;
      return ta - tb || (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0);
    });
    const slices: number[] = [];
    const lines: string[] = [];
    for (const k of kept) {
      slices.push(threadIndex.get(k.tid) ?? 0, round(us(k.startNs)), round(k.durNs / 1000), k.name, k.errno);
      lines.push(k.line);
    }
    const summary: SummaryRow[] = [...this.latency.entries()]
      .map(([name, { h, errors }]) => ({
        name,
        calls: h.count,
        errors,
        totalUs: round(h.total),
        minUs: round(h.count ? h.min : 0),
        maxUs: round(h.max),
        p50Us: round(h.quantile(0.5)),
        p90Us: round(h.quantile(0.9)),
        p99Us: round(h.quantile(0.99)),
      }))
      .sort((a, b) => b.totalUs - a.totalUs || b.calls - a.calls);
    const errors: ErrorGroup[] = [...this.errors.entries()]
      .map(([errno, g]) => ({
        errno,
        message: g.message,
        count: g.count,
        calls: [
          ...[...g.rows.entries()].map(([k, count]) => {
            const [name = '', path = ''] = k.split('\0');
            return { name, path, count };
          }),
          ...(g.other > 0 ? [{ name: '(other calls)', path: '', count: g.other }] : []),
        ].sort((a, b) => b.count - a.count),
      }))
      .sort((a, b) => b.count - a.count);
    const processes: ProcessRow[] = [...this.procs.values()]
      .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.pid - b.pid))
      .map((p) => ({
        pid: p.pid,
        ppid: p.ppid,
        execs: p.execs,
        end: p.end,
        failed: p.failed,
        startUs: round(us(p.first)),
        endUs: round(us(p.last)),
        calls: p.calls,
      }));
    const total = this.sampler.total;
    return {
      v: 1,
      title,
      startMs: Number(t0 / 1_000_000n),
      spanUs: round(us(this.last)),
      totals: {
        events: this.events,
        calls: this.calls,
        failed: this.failed,
        processes: this.procs.size,
        threads: this.threads.size,
        lost: this.lost,
      },
      sampling: {
        calls: total,
        kept: kept.length,
        note: this.sampler.sampled
          ? `The timeline and call list show ${kept.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} calls: the longest half, and a random sample of the rest. Counts, the summary, errors and files cover every call.`
          : '',
      },
      names: [...this.names.keys()],
      processes,
      threads: threadList.map((t) => ({ tid: t.tid, pid: t.pid, calls: t.calls, busyUs: round(t.busyUs) })),
      slices,
      lines,
      signals: this.signals.map((s) => ({ tid: s.tid, us: round(us(s.ts)), name: s.name })),
      summary,
      errors,
    };
  }
}

/** Microseconds with one decimal: enough for the page, and it keeps the JSON small. */
const round = (x: number): number => Math.round(x * 10) / 10;
