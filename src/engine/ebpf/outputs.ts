// The eBPF engine's outputs, built on the thread that decodes (as the ptrace tracer thread builds its own):
// strace text or JSON Lines, the summary, and the write losses reported at the end.
import { VatError } from '../../errors.js';
import { lostNotice } from '../../format/strace-text.js';
import type { TraceEvent } from '../../model/events.js';
import { JsonlSink } from '../../sink/jsonl-sink.js';
import { cantFopen, isOpenError } from '../../sink/output-check.js';
import { reportWriteLosses } from '../../sink/output-file.js';
import { SummarySink } from '../../sink/summary-sink.js';
import { TextSink } from '../../sink/text-sink.js';
import { ProcThreadGroups } from '../../sys/procfs.js';
import type { TraceConfig } from '../engine.js';

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

  /** Opens every output before the command starts: one that cannot be opened stops vat first. */
  constructor(config: TraceConfig) {
    this.textToStderr = !config.json && config.text !== undefined && config.text.target.path === undefined;
    try {
      this.text = config.json
        ? new JsonlSink(config.json, new ProcThreadGroups())
        : config.text
          ? new TextSink(config.text.target, config.text.options)
          : undefined;
      this.summary = config.summary ? new SummarySink(config.summary) : undefined;
    } catch (err) {
      if (isOpenError(err)) throw new VatError(cantFopen(err), 'EOUTPUT', 2);
      throw err;
    }
  }

  /** Only a summary is asked for: it can be counted in the kernel. */
  get summaryOnly(): boolean {
    return this.summary !== undefined && this.text === undefined;
  }

  /** The strace-text output when it is the only one and shows every call: calls may go to it as text. */
  get callText(): TextSink | undefined {
    const t = this.text;
    return t instanceof TextSink && this.summary === undefined && t.showsAll ? t : undefined;
  }

  add(e: TraceEvent, toSummary: boolean): void {
    this.text?.add(e);
    if (toSummary || e.type === 'lost') this.summary?.add(e);
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
