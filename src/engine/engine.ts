// The engine interface: whatever traces (ptrace today, eBPF later) takes a TraceConfig and streams TraceEvents.
import type { DecodeOptions } from '../decode/options.js';
import type { StraceTextOptions } from '../format/strace-text.js';
import type { TraceEvent } from '../model/events.js';
import type { TextTarget } from '../sink/text-sink.js';

/** Everything an engine needs to run a trace; plain data so that it crosses into a worker thread. */
export interface TraceConfig {
  /** Command to launch (argv[0] resolved by the caller), or empty to only attach. */
  readonly command: readonly string[];
  /** Absolute path of command[0]. */
  readonly commandPath?: string;
  readonly attach: readonly number[];
  readonly followForks: boolean;
  readonly decode: DecodeOptions;
  /** Syscall names to report; undefined reports all. */
  readonly traceSet?: readonly string[];
  /** strace text written by the tracer thread itself: no per-event hand-off on the hot path. */
  readonly text?: TextOutputSpec;
}

export interface TextOutputSpec {
  readonly target: TextTarget;
  readonly options: StraceTextOptions;
}

export interface TraceOutcome {
  /** Exit status of the launched command (128+signal when killed), or 0 when only attaching. */
  readonly status: number;
  /** The signal that killed the launched command, if any: vat re-raises it as strace does. */
  readonly killedBy?: number;
}

/** Receives events in order, in batches. */
export type EventSink = (events: readonly TraceEvent[]) => void;

export interface Engine {
  readonly name: string;
  /** Traces until every tracee is gone (or stop() detached them); events go to `sink` when one is given. */
  run(config: TraceConfig, sink?: EventSink): Promise<TraceOutcome>;
  /** Detach from every tracee and finish; safe to call from a signal handler. */
  stop(): void;
}
