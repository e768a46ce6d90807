// The eBPF engine's outputs, built on the thread that decodes (as the ptrace tracer thread builds its own):
// strace text or JSON Lines, the summary, and the write losses reported at the end.
import { VatError } from '../../errors.js';
import { lostNotice } from '../../format/strace-text.js';
import type { TraceEvent } from '../../model/events.js';
import type { JsonlSink } from '../../sink/jsonl-sink.js';
import { cantFopen, isOpenError } from '../../sink/output-check.js';
import { reportWriteLosses } from '../../sink/output-file.js';
import { openOutputs, type TraceOutputs } from '../../sink/outputs.js';
import type { SummarySink } from '../../sink/summary-sink.js';
import { TextSink } from '../../sink/text-sink.js';
import { summaryOnly } from './ring-size.js';

export { lostNotice };

export interface Totals {
  readonly name: string;
  readonly nr: number;
  readonly calls: number;
  readonly errors: number;
  readonly total: bigint;
}

export class Outputs {
  private readonly text: JsonlSink | TextSink | undefined;
  private readonly summary: SummarySink | undefined;
  private readonly textToStderr: boolean;
  private readonly only: boolean;

  /** Opens every output before the command starts: one that cannot be opened stops vat first. */
  constructor(outputs: TraceOutputs) {
    this.only = summaryOnly(outputs);
    this.textToStderr = !outputs.json && outputs.text !== undefined && outputs.text.target.path === undefined;
    try {
      ({ text: this.text, summary: this.summary } = openOutputs(outputs));
    } catch (err) {
      if (isOpenError(err)) throw new VatError(cantFopen(err), 'EOUTPUT', 2);
      throw err;
    }
  }

  /** Only a summary is asked for: it can be counted in the kernel. */
  get summaryOnly(): boolean {
    return this.only;
  }

  /** The strace-text output when it is the only one and shows every call: calls may go to it as text. */
  get callText(): TextSink | undefined {
    const t = this.text;
    return t instanceof TextSink && this.summary === undefined && t.showsAll ? t : undefined;
  }

  /** The JSON Lines output when it is the only one: calls may go to it as their records' JSON items. */
  get callJson(): JsonlSink | undefined {
    const t = this.text;
    return t !== undefined && !(t instanceof TextSink) && this.summary === undefined ? t : undefined;
  }

  /**
   * An event to the outputs; `toSummary` false when the kernel counts the calls (eBPF -c): the summary still takes
   * losses and the `Process N attached` notices strace prints under -c -f.
   */
  add(e: TraceEvent, toSummary: boolean): void {
    this.text?.add(e);
    if (toSummary || e.type === 'lost' || e.type === 'attach' || e.type === 'detach') this.summary?.add(e);
  }

  /** The trace is written as JSON Lines (whose lines carry each thread's process). */
  get jsonLines(): boolean {
    return this.text !== undefined && !(this.text instanceof TextSink);
  }

  /** Thread `tid` is in process `tgid` (a record's ids): JSON Lines' `pid` (text shows thread ids alone). */
  know(tid: number, tgid: number): void {
    const t = this.text;
    if (t !== undefined && !(t instanceof TextSink)) t.know(tid, tgid);
  }

  /** Whether the trace text goes to stderr (where vat's own notices go too). */
  get textOnStderr(): boolean {
    return this.textToStderr;
  }

  addTotals(t: Totals): void {
    this.summary?.addTotals(t);
  }

  flush(): void {
    this.text?.flush();
  }

  close(): void {
    this.text?.flush();
    this.text?.close();
    this.summary?.close();
    reportWriteLosses();
  }
}
