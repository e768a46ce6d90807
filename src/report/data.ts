// What a report page shows: aggregates and a sample of a trace, computed once in Node and embedded as JSON.
// Shared by the collector (Node) and the page (browser): plain data only, numbers in microseconds.

export interface ReportData {
  readonly v: 1;
  /** What was traced: a file name or the command line. */
  readonly title: string;
  /** Wall-clock time of the first event, in milliseconds since the epoch (0 when the trace has none). */
  readonly startMs: number;
  /** From the first event to the last, in microseconds. */
  readonly spanUs: number;
  readonly totals: Totals;
  /** How the timeline and call list were sampled: said on the page, never hidden. */
  readonly sampling: Sampling;
  /** Syscall names; slices and rows refer to them by index. */
  readonly names: readonly string[];
  readonly processes: readonly ProcessRow[];
  readonly threads: readonly ThreadRow[];
  /** Timeline: SLICE_FIELDS numbers per call, ordered by thread then start. */
  readonly slices: readonly number[];
  /** One strace-style line per slice (shortened), same order as `slices`. */
  readonly lines: readonly string[];
  readonly signals: readonly SignalRow[];
  readonly summary: readonly SummaryRow[];
  readonly errors: readonly ErrorGroup[];
  readonly files: readonly FileRow[];
  readonly findings: readonly Finding[];
  /** The seccomp profile learned from the trace (`vat profile from`), as JSON text; empty when none. */
  readonly profile: string;
}

export interface Totals {
  readonly events: number;
  readonly calls: number;
  readonly failed: number;
  readonly processes: number;
  readonly threads: number;
  /** Events the tracer said it lost (`lost` records), or lines that could not be read. */
  readonly lost: number;
}

export interface Sampling {
  /** Calls in the trace. */
  readonly calls: number;
  /** Calls kept for the timeline and the call list. */
  readonly kept: number;
  /** One sentence on how the rest was chosen; empty when nothing was left out. */
  readonly note: string;
}

/** Slice layout: thread index, start (µs from the first event), duration (µs), name index, errno index or -1. */
export const SLICE_FIELDS = 5;

export interface ProcessRow {
  readonly pid: number;
  /** The process that forked it, when the trace saw the fork; 0 otherwise. */
  readonly ppid: number;
  /** Programs it ran, in order: path and argv (as the trace printed them). */
  readonly execs: readonly { readonly path: string; readonly argv: string }[];
  /** `exited with 0`, `killed by SIGKILL`, or empty when the trace ended first. */
  readonly end: string;
  /** Non-zero exit code or a signal: shown as a failure. */
  readonly failed: boolean;
  readonly startUs: number;
  readonly endUs: number;
  readonly calls: number;
}

export interface ThreadRow {
  readonly tid: number;
  readonly pid: number;
  readonly calls: number;
  /** Time spent inside calls, in µs: blocked time shows here. */
  readonly busyUs: number;
}

export interface SignalRow {
  readonly tid: number;
  readonly us: number;
  readonly name: string;
}

export interface SummaryRow {
  readonly name: string;
  readonly calls: number;
  readonly errors: number;
  readonly totalUs: number;
  readonly minUs: number;
  readonly maxUs: number;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p99Us: number;
}

export interface ErrorGroup {
  readonly errno: string;
  readonly message: string;
  readonly count: number;
  /** The calls that failed so, by syscall and path (when the call had one), most frequent first. */
  readonly calls: readonly { readonly name: string; readonly path: string; readonly count: number }[];
}

export interface FileRow {
  readonly path: string;
  readonly opens: number;
  readonly reads: number;
  readonly writes: number;
  readonly failed: number;
  /** errno names of failed calls on this path. */
  readonly errnos: readonly string[];
  readonly pids: readonly number[];
}

export interface Finding {
  readonly title: string;
  readonly detail: string;
}
