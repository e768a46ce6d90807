// -c / -C: counts every finished call and prints strace's summary table when the trace ends.
import { lostNotice } from '../format/strace-text.js';
import { type CallTotals, SummaryCollector } from '../format/summary-stats.js';
import { formatSummary } from '../format/summary-table.js';
import type { TraceEvent } from '../model/events.js';
import { attachNotice } from './attach-notice.js';
import { OutputFile, stderrLine } from './output-file.js';

export interface SummarySpec {
  /** -U columns (strace's names), in order. */
  readonly columns: readonly string[];
  /** -S key. */
  readonly sortBy: string;
  /** -w: wall time from entry to exit instead of the tracee's system time. */
  readonly wall: boolean;
  /** -O: nanoseconds of tracing overhead taken off each call's time (never below 0). */
  readonly overhead?: bigint;
  /** Output file (-o), or stderr. */
  readonly path?: string;
  readonly append: boolean;
  /**
   * -c alone: say `Process N attached/detached` on stderr as strace does (with -C the trace text says them; -q,
   * and -o while launching, silence them).
   */
  readonly notices?: boolean;
}

export class SummarySink {
  private readonly collector: SummaryCollector;
  /** Opened before the command runs: a path that cannot be written is refused first, not after the run. */
  private readonly out: OutputFile;
  /** Events the engine could not record: the table says how many calls it may miss. */
  private lost = 0;

  constructor(private readonly spec: SummarySpec) {
    this.out = new OutputFile(spec.path, spec.append);
    this.collector = new SummaryCollector(spec.columns.some((c) => /^p\d+$/.test(c)));
  }

  add(e: TraceEvent): void {
    if (e.type === 'lost') this.lost += e.count;
    if ((e.type === 'attach' || e.type === 'detach') && this.spec.notices) {
      const line = attachNotice(e);
      if (line !== undefined) stderrLine(line);
    }
    if (e.type !== 'exit') return;
    const time = (this.spec.wall ? e.duration : (e.systemTime ?? e.duration)) ?? 0n;
    const overhead = this.spec.overhead ?? 0n;
    this.collector.add(e, time > overhead ? time - overhead : 0n);
  }

  /**
   * Where calls counted without an event go (the ptrace stop step's -c), with the overhead (-O) to take off each
   * call's time as add() does; undefined when each call's time is kept (--summary-latency's percentiles).
   */
  stepCounts(): { overhead: bigint; add(rows: readonly CallTotals[]): void } | undefined {
    if (this.collector.keepSamples) return undefined;
    return {
      overhead: this.spec.overhead ?? 0n,
      add: (rows) => {
        for (const r of rows) this.collector.addCounts(r);
      },
    };
  }

  /** Totals counted in the kernel (eBPF -c). */
  addTotals(t: Parameters<SummaryCollector['addTotals']>[0]): void {
    this.collector.addTotals(t);
  }

  /** Writes the table: after the trace text when both go to the same place (-C). */
  close(): void {
    this.out.write(
      formatSummary(this.collector.rows(), [...this.spec.columns], this.spec.sortBy) +
        (this.lost > 0 ? `${lostNotice(this.lost)}: the table does not count them\n` : ''),
    );
    this.out.close();
  }
}
