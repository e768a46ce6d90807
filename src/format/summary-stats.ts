// Per-syscall counts, errors and time (strace -c), from exit events; the table is printed by format/summary-table.
import type { SyscallExit } from '../model/events.js';
import type { CallCounts } from '../util/call-counts.js';

export interface SyscallStats {
  readonly name: string;
  readonly nr: number;
  calls: number;
  errors: number;
  /** Total time in the call, nanoseconds. */
  total: bigint;
  min: bigint;
  max: bigint;
  /** Every duration in ns, kept only when latency percentiles were asked for. */
  readonly samples: number[] | undefined;
}

/** Calls of one syscall counted elsewhere, each call's time known only through the total, min and max. */
export interface CallTotals extends CallCounts {
  readonly name: string;
}

export class SummaryCollector {
  private readonly byName = new Map<string, SyscallStats>();

  /** `keepSamples`: remember each duration for p50/p90/p99 (--summary-latency). */
  constructor(readonly keepSamples = false) {}

  /** Counts one finished call; `time` is its system time or, with -w, its wall time (ns). */
  add(e: SyscallExit, time: bigint): void {
    if (e.ret === undefined) return; // never returned (exit_group, killed): strace does not count it
    let s = this.byName.get(e.name);
    if (!s) {
      s = {
        name: e.name,
        nr: e.nr,
        calls: 0,
        errors: 0,
        total: 0n,
        min: time,
        max: time,
        samples: this.keepSamples ? [] : undefined,
      };
      this.byName.set(e.name, s);
    }
    s.calls++;
    if (e.errno !== undefined) s.errors++;
    s.total += time;
    if (time < s.min) s.min = time;
    if (time > s.max) s.max = time;
    s.samples?.push(Number(time));
  }

  /**
   * Adds calls counted elsewhere (the ptrace stop step's -c) to those counted here: the same sums, minimum and
   * maximum as if each had been add()ed. Only without samples (their times are not kept one by one).
   */
  addCounts(t: CallTotals): void {
    if (t.calls === 0) return;
    const s = this.byName.get(t.name);
    if (!s) {
      this.byName.set(t.name, { ...t, samples: this.keepSamples ? [] : undefined });
      return;
    }
    s.calls += t.calls;
    s.errors += t.errors;
    s.total += t.total;
    if (t.min < s.min) s.min = t.min;
    if (t.max > s.max) s.max = t.max;
  }

  /** Adds totals counted elsewhere (the eBPF engine's in-kernel -c): no min/max or samples. */
  addTotals(t: { name: string; nr: number; calls: number; errors: number; total: bigint }): void {
    this.byName.set(t.name, {
      ...t,
      min: 0n,
      max: 0n,
      samples: this.keepSamples ? [] : undefined,
    });
  }

  /** Rows in syscall-number order (strace's order before sorting). */
  rows(): SyscallStats[] {
    return [...this.byName.values()].sort((a, b) => a.nr - b.nr || a.name.localeCompare(b.name));
  }
}
