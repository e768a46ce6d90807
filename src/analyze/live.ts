// Live sources: a command run under the ptrace engine, or processes attached. The engine's events go through
// the live runner security uses too (engine/live-run.ts: one Session, one CallJoiner) and reach the analysis as
// Calls while the run goes on: no records or JSON in between, no whole trace kept. Loaded only when tracing
// (the engine brings in the FFI).
import type { TraceOutcome } from '../engine/engine.js';
import { ProcThreadGroups } from '../sys/procfs.js';
import { checkPid, happening, liveStep, type Step, type Trace } from './source.js';

export interface LiveSpec {
  readonly command: readonly string[];
  readonly attach: readonly number[];
  /** Stop (detach) after this many milliseconds; attach mode otherwise runs until Ctrl-C. */
  readonly forMs?: number;
  readonly strsize?: number;
  /** -y: fds carry their paths. Off by default, so that a live run reads exactly like a recorded trace. */
  readonly fdPaths?: boolean;
}

/** A trace that runs the ptrace engine when it is read; it can be read once (a run is not repeated). */
export async function liveTrace(spec: LiveSpec): Promise<Trace> {
  for (const pid of spec.attach) checkPid(pid);
  // loaded only for live runs: the engine brings in the FFI
  const { liveConfig, runLive } = await import('../engine/live-run.js');
  const config = liveConfig({
    command: spec.command,
    attach: spec.attach,
    followForks: true,
    strsize: spec.strsize ?? 128,
    fdPaths: spec.fdPaths === true,
  });
  const attaching = spec.command.length === 0;
  let outcome: TraceOutcome | undefined;
  let read = false;
  const each = async (visit: (s: Step) => void): Promise<void> => {
    if (read) throw new Error('a live trace is read once');
    read = true;
    // each thread's process from /proc (let go when the thread exits: its id may come back)
    const threads = new ProcThreadGroups();
    const pidOf = (tid: number): number => threads.pidOf(tid);
    // attach: Ctrl-C detaches and the analysis runs on what was seen; launch: the command gets the signal
    const { outcome: o } = await runLive(
      config,
      {
        join: { pidOf, resumed: true },
        call: (c) => visit(liveStep(c)),
        event: (e) => {
          const h = happening(e, pidOf);
          if (h) visit(h);
          if (e.type === 'exited') threads.forget(e.pid);
        },
      },
      spec.forMs,
    );
    if (!attaching) outcome = o;
  };
  const source = attaching
    ? `pid ${spec.attach.join(',')}`
    : spec.command.map((a) => (/[\s'"\\]/.test(a) ? JSON.stringify(a) : a)).join(' ');
  return {
    source,
    each,
    get outcome() {
      return outcome;
    },
  };
}
