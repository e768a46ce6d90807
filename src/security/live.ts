// Security's live runs (profile record and check, sandbox --mode log) on the live runner the analyses use
// (engine/live-run.ts): each finished call to `onCall` on the main thread; and the programs of attached processes.
import type { TraceConfig, TraceOutcome } from '../engine/engine.js';
import { liveConfig, runLive as runEngineLive } from '../engine/live-run.js';
import type { PtraceEngine } from '../engine/ptrace/ptrace-engine.js';
import type { Call } from '../model/call.js';
import type { TraceEvent } from '../model/events.js';
import { procExe, procTasks } from '../sys/procfs.js';

export interface SecurityRun {
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

/** profile record and check, sandbox's log mode: every call joined, fds with their paths, strings at -s 32. */
export async function runLive(
  run: SecurityRun,
  onCall: (call: Call) => void,
  onEvent?: (e: TraceEvent) => void,
): Promise<{ outcome: TraceOutcome; engine: PtraceEngine }> {
  const config = liveConfig({
    ...run,
    // paths are never cut at -s; -y gives the directory behind a dirfd, to place relative paths
    strsize: 32,
    fdPaths: true,
    // a child that escaped tracing must not run on unseen
    killUntraced: true,
  });
  return runEngineLive(config, { call: onCall, ...(onEvent ? { event: onEvent } : {}) });
}
