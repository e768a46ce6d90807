// `vat advise`: where syscall overhead is the bottleneck — small I/O, repeated identical calls, stat storms,
// search-path misses, busy polling, files read piecemeal — each with counts, time spent and where. The
// detectors are a table (advise-detectors.ts); this is the one pass that feeds them.
import { DETECTORS, type Finding, Seen } from './advise-detectors.js';
import { FdTable } from './fd-table.js';
import type { Trace } from './source.js';
import { fdArgOf } from './values.js';

export interface AdviseReport {
  readonly source: string;
  readonly calls: number;
  /** Time in all syscalls, nanoseconds. */
  readonly timeNs: number;
  /** false: the trace has no call times (an strace log without -T), so every time above is 0. */
  readonly timed: boolean;
  readonly findings: Finding[];
}

export async function analyzeAdvice(trace: Trace): Promise<AdviseReport> {
  const fds = new FdTable();
  const detectors = DETECTORS.map((d) => d.make());
  let calls = 0;
  let total = 0n;
  let timed = false;
  await trace.each((r) => {
    if (r.type === 'event') {
      if (r.event.type === 'exited' && r.event.pid === r.pid) for (const d of detectors) d.retire?.(r.pid);
      return;
    }
    calls++;
    total += r.duration ?? 0n;
    if (r.duration !== undefined) timed = true;
    const seen = new Seen(r, fdArgOf(r, 0) ?? -1, fds);
    for (const d of detectors) d.watch(seen);
    fds.update(r);
  });
  const findings = detectors.flatMap((d) => d.verdict());
  findings.sort((a, b) => b.timeNs - a.timeNs || b.count - a.count);
  return { source: trace.source, calls, timeNs: Number(total), timed, findings };
}
