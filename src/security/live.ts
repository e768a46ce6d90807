// Runs a command (or attaches to processes) under the ptrace engine and hands each finished call to `onCall`
// on the main thread: what `profile record`, `profile check` and `sandbox --mode log` share.
import type { TraceConfig, TraceOutcome } from '../engine/engine.js';
import { resolveCommand } from '../engine/ptrace/launch.js';
import { PtraceEngine } from '../engine/ptrace/ptrace-engine.js';
import { ENDING_SIGNALS, ignoreDebuggerSignal } from '../engine/ptrace/tracee-signals.js';
import { Session } from '../engine/session.js';
import type { Call } from '../model/call.js';
import type { TraceEvent } from '../model/events.js';
import { procExe, procTasks } from '../sys/procfs.js';

export interface LiveRun {
  readonly command: readonly string[];
  readonly attach: readonly number[];
  readonly followForks: boolean;
  readonly sandbox?: TraceConfig['sandbox'];
}

/** The threads of attached processes and the program each runs, for attributing their calls. */
export function attachedPrograms(pids: readonly number[], follow: boolean): [number, string][] {
  const out: [number, string][] = [];
  for (const pid of pids) {
    const exe = procExe(pid);
    if (exe === undefined) continue;
    const tids = (follow ? procTasks(pid)?.map(Number) : undefined) ?? [pid];
    for (const tid of tids) out.push([tid, exe]);
  }
  return out;
}

export async function runLive(
  run: LiveRun,
  onCall: (call: Call) => void,
  onEvent?: (e: TraceEvent) => void,
): Promise<{ outcome: TraceOutcome; engine: PtraceEngine }> {
  const engine = new PtraceEngine();
  const commandPath = run.command.length > 0 ? resolveCommand(run.command[0] as string) : undefined;
  const config: TraceConfig = {
    command: run.command,
    ...(commandPath ? { commandPath } : {}),
    attach: run.attach,
    followForks: run.followForks,
    // a child that escaped tracing (CLONE_UNTRACED set again by a racing thread) must not run on unseen
    killUntraced: true,
    // paths are never cut at -s; -y gives the directory behind a dirfd, to place relative paths
    decode: { strsize: 32, xflag: 0, verbose: false, yflag: 1 },
    ...(run.sandbox ? { sandbox: run.sandbox } : {}),
  };
  // attach mode: Ctrl-C, SIGTERM, SIGHUP detach and the result is written; launch mode: as plain tracing, vat
  // ignores them (the command gets a terminal's signals itself), so the command cannot end vat before its
  // profile, alerts or summary are written (kill(getppid(), SIGTERM), kill(0, SIGINT))
  const detaching: ReadonlySet<string> = new Set(['SIGINT', 'SIGTERM', 'SIGHUP']);
  const session = new Session(engine, config, {
    signals: ENDING_SIGNALS,
    stopOn: (signal) => run.command.length === 0 && detaching.has(signal),
  });
  ignoreDebuggerSignal();
  const outcome = await session.run({
    call: onCall,
    ...(onEvent ? { event: onEvent } : {}),
  });
  return { outcome, engine };
}
