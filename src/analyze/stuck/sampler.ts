// `vat stuck`'s sample: attach for a moment, trace every thread, detach, and tally per thread what it called,
// how often, and how much CPU it used meanwhile.
import { VatError } from '../../errors.js';
import type { Call } from '../../model/call.js';
import { signalName } from '../../tables/signals.js';
import { callText } from '../call-text.js';
import { FdTable } from '../fd-table.js';
import { isSyscall, type Step } from '../source.js';
import { errnoOf } from '../values.js';
import { cpuTicks } from './snapshot.js';
import type { ThreadSample } from './types.js';

const CLK_TCK = 100;

export interface Sampled {
  /** The sampled window in milliseconds (from the attach to the detach as the trace saw them). */
  readonly elapsedMs: number;
  /** `exited with N` / `was killed by SIG` when the process ended during the sample. */
  readonly end: string | undefined;
  /** Each asked thread's tally, in the order asked. */
  readonly samples: ReadonlyMap<number, ThreadSample>;
}

/** Traces `pid` for `forMs` and tallies threads `tids`; `refused` when it cannot be attached (EPERM). */
export async function sampleThreads(
  pid: number,
  tids: readonly number[],
  forMs: number,
): Promise<Sampled | { readonly refused: string }> {
  const before = new Map(tids.map((tid) => [tid, cpuTicks(pid, tid)]));
  const started = Date.now();
  const { liveTrace } = await import('../live.js');
  // a sample: what a few seconds of one process did
  const records: Step[] = [];
  try {
    const sampled = await liveTrace({ command: [], attach: [pid], forMs, strsize: 32, fdPaths: true });
    await sampled.each((r) => records.push(r));
  } catch (err) {
    // another tracer holds it, or a kernel thread: what /proc tells is still worth showing
    if (!(err instanceof VatError) || err.code !== 'EPERM') throw err;
    return { refused: err.message.replace(/^attach: /, 'cannot attach: ') };
  }
  const first = tsOf(records[0]);
  const last = tsOf(records.at(-1));
  const seen = first !== undefined && last !== undefined ? Number((last - first) / 1_000_000n) : 0;
  const wall = Math.max(1, Date.now() - started);
  const elapsedMs = seen > 0 ? seen : wall;
  const end = exitOf(records, pid);
  const fds = new FdTable();
  const byTid = new Map<number, Call[]>();
  for (const r of records) {
    if (!isSyscall(r)) continue;
    const list = byTid.get(r.tid) ?? [];
    list.push(r);
    byTid.set(r.tid, list);
  }
  const samples = new Map<number, ThreadSample>();
  for (const tid of tids) {
    const recs = byTid.get(tid) ?? [];
    const done = recs.filter((r) => r.ret !== undefined);
    const open = recs.filter((r) => r.ret === undefined).at(-1);
    const counts = new Map<string, number>();
    for (const r of done) {
      const errno = errnoOf(r);
      const key = `${callText(r, fds, 2)} = ${errno ? `-1 ${errno}` : r.ret}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const top = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([call, count]) => ({ call, count }));
    // CPU over the whole wall time (from before the attach), scaled to the sampled window
    // (a thread gone by now reads as 0 ticks: no CPU known, not negative CPU)
    const ticks = Math.max(0, cpuTicks(pid, tid) - (before.get(tid) ?? 0));
    const cpuMs = ((ticks * 1000) / CLK_TCK) * (elapsedMs / wall);
    samples.set(tid, {
      calls: done.length,
      perSecond: Math.round((done.length * 1000) / elapsedMs),
      top,
      unfinished: open ? callText(open, fds) : null,
      cpuMs,
    });
  }
  return { elapsedMs, end, samples };
}

/** `exited with N` / `was killed by SIG` when the sampled trace saw the process end. */
function exitOf(records: readonly Step[], pid: number): string | undefined {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i] as Step;
    if (r.type !== 'event' || r.event.type !== 'exited' || r.pid !== pid || r.event.pid !== pid) continue;
    const e = r.event;
    return e.signo !== undefined ? `was killed by ${signalName(e.signo)}` : `exited with ${e.code ?? 0}`;
  }
  return undefined;
}

const tsOf = (s: Step | undefined): bigint | undefined =>
  s === undefined ? undefined : s.type === 'event' ? s.event.ts : s.ts;
