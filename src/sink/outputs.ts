// The trace's outputs (strace text or JSON Lines, the -c summary): plain data, apart from the engine's
// TraceConfig, that the Session hands the engine; the thread that decodes opens them (no per-event hand-off).
import type { StraceTextOptions } from '../format/strace-text.js';
import { ProcThreadGroups } from '../sys/procfs.js';
import { JsonlSink } from './jsonl-sink.js';
import { SummarySink, type SummarySpec } from './summary-sink.js';
import { TextSink, type TextTarget } from './text-sink.js';

export interface TextOutputSpec {
  readonly target: TextTarget;
  readonly options: StraceTextOptions;
}

export interface TraceOutputs {
  /** strace text. */
  readonly text?: TextOutputSpec;
  /** --json: JSON Lines instead of text. */
  readonly json?: TextTarget;
  /** -c / -C: the summary table, printed when the trace ends. */
  readonly summary?: SummarySpec;
}

export interface OpenOutputs {
  readonly text: JsonlSink | TextSink | undefined;
  readonly summary: SummarySink | undefined;
}

/** Opens every output, before the command starts: one that cannot be opened stops vat before anything ran. */
export function openOutputs(outputs: TraceOutputs): OpenOutputs {
  const text = outputs.json
    ? new JsonlSink(outputs.json, new ProcThreadGroups())
    : outputs.text
      ? new TextSink(outputs.text.target, outputs.text.options)
      : undefined;
  try {
    return { text, summary: outputs.summary ? new SummarySink(outputs.summary) : undefined };
  } catch (err) {
    text?.close();
    throw err;
  }
}
