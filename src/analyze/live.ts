// Live sources: a command run under the ptrace engine, or processes attached, collected as trace records.
// Loaded only when tracing (it brings in the decoders, and the engine brings in the FFI).
import type { TraceConfig, TraceOutcome } from '../engine/engine.js';
import { JsonlFormatter } from '../format/jsonl.js';
import type { TraceEvent } from '../model/events.js';
import { ProcThreadGroups } from '../sys/procfs.js';
import { checkPid, parseRecord, type Rec, type Trace, traceOf } from './source.js';

/** Turns engine events into records, the same way `vat --json` writes them. */
export class RecordCollector {
  private readonly fmt = new JsonlFormatter(new ProcThreadGroups());
  readonly records: Rec[] = [];

  add(events: readonly TraceEvent[]): void {
    for (const e of events) this.push(this.fmt.format(e));
  }

  finish(): void {
    this.push(this.fmt.finish());
  }

  private push(text: string): void {
    if (!text) return;
    for (const line of text.split('\n')) {
      if (!line) continue;
      const rec = parseRecord(line);
      if (rec) this.records.push(rec);
    }
  }
}

export interface LiveSpec {
  readonly command: readonly string[];
  readonly attach: readonly number[];
  /** Stop (detach) after this many milliseconds; attach mode otherwise runs until Ctrl-C. */
  readonly forMs?: number;
  readonly strsize?: number;
  /** -y: fds carry their paths. Off by default, so that a live run reads exactly like a recorded trace. */
  readonly fdPaths?: boolean;
}

/** Runs the ptrace engine and collects records on the main thread. */
export async function liveTrace(spec: LiveSpec): Promise<Trace> {
  for (const pid of spec.attach) checkPid(pid);
  // loaded only for live runs: the engine brings in the FFI
  const { PtraceEngine } = await import('../engine/ptrace/ptrace-engine.js');
  const { resolveCommand } = await import('../engine/ptrace/launch.js');
  const commandPath = spec.command.length > 0 ? resolveCommand(spec.command[0] as string) : undefined;
  const config: TraceConfig = {
    command: spec.command,
    ...(commandPath ? { commandPath } : {}),
    attach: spec.attach,
    followForks: true,
    decode: { strsize: spec.strsize ?? 128, xflag: 0, verbose: false, yflag: spec.fdPaths ? 1 : 0 },
  };
  const engine = new PtraceEngine();
  const collector = new RecordCollector();
  const attaching = spec.command.length === 0;
  // attach: Ctrl-C detaches and the analysis runs on what was seen; launch: the command gets the signal
  const onSignal = (): void => {
    if (attaching) engine.stop();
  };
  const handled = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of handled) process.on(s, onSignal);
  // --for counts from the first event (the attach), not from the start of the tracer thread: on a loaded
  // machine starting it takes a while; a cap stops a run that never reports anything
  let timer: NodeJS.Timeout | undefined;
  const forMs = spec.forMs;
  const cap = forMs !== undefined ? setTimeout(() => engine.stop(), forMs + 15_000) : undefined;
  let outcome: TraceOutcome;
  try {
    outcome = await engine.run(config, (events) => {
      if (forMs !== undefined && timer === undefined) timer = setTimeout(() => engine.stop(), forMs);
      collector.add(events);
    });
  } finally {
    if (timer) clearTimeout(timer);
    if (cap) clearTimeout(cap);
    for (const s of handled) process.off(s, onSignal);
  }
  collector.finish();
  const source = attaching
    ? `pid ${spec.attach.join(',')}`
    : spec.command.map((a) => (/[\s'"\\]/.test(a) ? JSON.stringify(a) : a)).join(' ');
  return traceOf(source, collector.records, attaching ? undefined : outcome);
}
