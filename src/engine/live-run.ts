// A command run (or processes attached) under the ptrace engine for vat's commands that consume its calls as
// they come: the analyses (`vat why -- CMD`, `-p PID`) and security (profile record and check, sandbox's log
// mode). One Session, one CallJoiner, the same signals: attached, Ctrl-C, SIGTERM and SIGHUP detach and the
// command writes its result; launched, the command gets a terminal's signals itself and vat ignores them. Either
// way a signal the tracee sends vat (kill(getppid(), ...), kill(0, ...)) cannot end it before its output, and
// after the run the signals stay held while that output is written.
import type { TraceConfig, TraceOutcome } from './engine.js';
import { resolveCommand } from './ptrace/launch.js';
import { PtraceEngine } from './ptrace/ptrace-engine.js';
import { ENDING_SIGNALS, ignoreDebuggerSignal } from './ptrace/tracee-signals.js';
import { Session, type SessionConsumer } from './session.js';

export interface LiveRun {
  readonly command: readonly string[];
  readonly attach: readonly number[];
  readonly followForks: boolean;
  /** -s: string arguments cut at this length. */
  readonly strsize: number;
  /** -y: fds carry their paths (the directory behind a dirfd, to place relative paths). */
  readonly fdPaths: boolean;
  /** A child that escaped tracing (CLONE_UNTRACED set again by a racing thread) is killed, not left unseen. */
  readonly killUntraced?: boolean;
  readonly sandbox?: TraceConfig['sandbox'];
}

/** The signals that detach from attached processes. */
const DETACHING: ReadonlySet<string> = new Set(['SIGINT', 'SIGTERM', 'SIGHUP']);

/** The engine's config for a live run; the command is looked for now (strace's `Can't stat`, before any run). */
export function liveConfig(run: LiveRun): TraceConfig {
  const commandPath = run.command.length > 0 ? resolveCommand(run.command[0] as string) : undefined;
  return {
    command: run.command,
    ...(commandPath ? { commandPath } : {}),
    attach: run.attach,
    followForks: run.followForks,
    ...(run.killUntraced ? { killUntraced: true } : {}),
    decode: { strsize: run.strsize, xflag: 0, verbose: false, yflag: run.fdPaths ? 1 : 0 },
    ...(run.sandbox ? { sandbox: run.sandbox } : {}),
  };
}

/** Runs the trace to its end, feeding `consumer` as it goes; the outcome is the launched command's. */
export async function runLive(
  config: TraceConfig,
  consumer: SessionConsumer,
  forMs?: number,
): Promise<{ outcome: TraceOutcome; engine: PtraceEngine }> {
  const attaching = config.command.length === 0;
  const engine = new PtraceEngine();
  const session = new Session(engine, config, {
    signals: ENDING_SIGNALS,
    stopOn: (signal) => attaching && DETACHING.has(signal),
    holdSignals: true,
    ...(forMs !== undefined ? { forMs } : {}),
  });
  ignoreDebuggerSignal();
  const outcome = await session.run(consumer);
  return { outcome, engine };
}
