// trace(): run a command (or attach) under vat and get its events as an async iterable, on the tracer's own
// thread: the caller's event loop never blocks.

import { EbpfEngine } from '../engine/ebpf/ebpf-engine.js';
import type { Engine, TraceConfig, TraceOutcome } from '../engine/engine.js';
import { resolveCommand } from '../engine/ptrace/launch.js';
import { PtraceEngine } from '../engine/ptrace/ptrace-engine.js';
import { type EngineChoice, selectEngine } from '../engine/select.js';
import { parseTraceSet } from '../filter/trace-set.js';
import type { TraceEvent } from '../model/events.js';
import { EventAdapter } from './adapt.js';
import { asTraceError, TraceError } from './errors.js';
import type { VatEvent } from './events.js';

export interface TraceOptions {
  /** Follow forks, vforks, clones and threads (strace's -f). Default true. */
  readonly follow?: boolean;
  /** strace's `-e trace=SET` (e.g. `trace=%file`, `trace=openat,read`); `SET` alone works too. */
  readonly filter?: string;
  /** Attach to these running processes instead of (or besides) launching the command. */
  readonly attach?: readonly number[];
  /** Aborting detaches from every tracee (they run on) and ends the iteration. */
  readonly signal?: AbortSignal;
  /** Which engine traces: ptrace (default), ebpf (root), auto (eBPF when it can, else ptrace). */
  readonly engine?: EngineChoice;
  /** Bytes of each string argument kept (strace's -s). Default 256. */
  readonly stringLimit?: number;
  /** Resolve file descriptors to paths (strace's -y). Default true. */
  readonly fdPaths?: boolean;
}

/** The events of one traced run; `outcome` settles when the run ends (the command's exit status). */
export interface TraceRun extends AsyncIterable<VatEvent> {
  readonly outcome: Promise<TraceOutcome>;
}

function configOf(command: readonly string[], o: TraceOptions): TraceConfig {
  const spec = o.filter?.replace(/^trace=/, '');
  const traceSet = spec === undefined ? undefined : parseTraceSet(spec);
  const follow = o.follow ?? true;
  const commandPath = command.length > 0 ? resolveCommand(command[0] as string) : undefined;
  return {
    command,
    ...(commandPath ? { commandPath } : {}),
    attach: o.attach ?? [],
    followForks: follow,
    decode: { strsize: o.stringLimit ?? 256, xflag: 0, verbose: false, yflag: o.fdPaths === false ? 0 : 1 },
    ...(traceSet ? { traceSet: [...traceSet] } : {}),
    // the seccomp filter only when children are followed: an unfollowed child would inherit it
    seccompBpf: traceSet !== undefined && follow && (o.attach ?? []).length === 0,
  };
}

export function trace(command: readonly string[], options: TraceOptions = {}): TraceRun {
  if (command.length === 0 && (options.attach ?? []).length === 0)
    throw new TraceError('trace: give a command or attach: [pids]', 'EUSAGE');
  let config: TraceConfig;
  let engine: Engine;
  try {
    config = configOf(command, options);
    engine =
      selectEngine(options.engine ?? 'ptrace', config).engine === 'ebpf'
        ? new EbpfEngine()
        : new PtraceEngine();
  } catch (err) {
    throw asTraceError(err);
  }
  const adapter = new EventAdapter();
  const queue: VatEvent[] = [];
  let done = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  const onAbort = (): void => engine.stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) engine.stop();
  const outcome = engine
    .run(config, (events: readonly TraceEvent[]) => {
      for (const e of events) adapter.add(e, queue);
      notify();
    })
    .then(
      (o) => {
        adapter.finish(queue);
        return o;
      },
      (err: unknown) => {
        failure = asTraceError(err);
        throw failure;
      },
    )
    .finally(() => {
      done = true;
      options.signal?.removeEventListener('abort', onAbort);
      notify();
    });
  // the outcome is also reported through the iterator; an unobserved rejection must not crash the caller
  outcome.catch(() => {});
  return {
    outcome,
    async *[Symbol.asyncIterator]() {
      for (;;) {
        // take what arrived in one move: events keep coming while the caller handles these
        for (const e of queue.splice(0)) yield e;
        if (done && queue.length === 0) break;
        if (!done)
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
      }
      if (failure !== undefined) throw failure;
    },
  };
}
