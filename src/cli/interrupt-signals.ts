// -I/--interruptible: which signals end a trace, with strace 6.1's four levels and its default choice.
import { constants as osConstants } from 'node:os';
import { libc } from '../sys/libc.js';

/** 1 anywhere, 2 waiting, 3 never, 4 never_tstp (strace's INTR_* values). */
export type InterruptLevel = 1 | 2 | 3 | 4;

/** The signals strace calls fatal: caught at level 2, ignored at 3 and 4, left alone at 1. */
export const FATAL_SIGNALS = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGPIPE', 'SIGTERM'] as const;
export type FatalSignal = (typeof FATAL_SIGNALS)[number];

/** SIG_DFL and SIG_IGN are the handler values 0 and 1 in every C library. */
const SIG_DFL = 0;
const SIG_IGN = 1;

/**
 * strace's default: 4 with -D, 3 when it launches the command with -o FILE (the terminal's Ctrl-C is the
 * command's to handle), else 2 (-p, or the trace on stderr: Ctrl-C ends the trace).
 */
export function interruptLevel(
  explicit: number | undefined,
  how: { readonly daemonize: boolean; readonly toFile: boolean; readonly launching: boolean },
): InterruptLevel {
  if (explicit !== undefined) return explicit as InterruptLevel;
  if (how.daemonize) return 4;
  if (how.toFile && how.launching) return 3;
  return 2;
}

/**
 * Sets vat's dispositions for the trace, after the command was started (it inherits none of them). Level 2
 * calls `onFatal` from the main thread's loop; the tracer looks at the request between two stops, so a signal
 * never cuts a call's decoding in half. Dispositions are process-wide: a worker blocked in wait4 is covered by
 * the same ones, and a tracer on the main thread replaces them while it runs (engine/ptrace/signal-latch.ts).
 * Returns what undoes the level-2 handlers.
 */
export function guardSignals(level: InterruptLevel, onFatal: (signal: FatalSignal) => void): () => void {
  const set = (name: string, handler: number): void => {
    const signo = osConstants.signals[name as keyof typeof osConstants.signals];
    libc.signal(signo, handler);
  };
  // as strace: a tracer in the background is not stopped by reading or writing its terminal
  set('SIGTTOU', SIG_IGN);
  set('SIGTTIN', SIG_IGN);
  if (level === 1) {
    // nothing caught: each fatal signal ends vat at once (Node ignores SIGPIPE; strace does not)
    set('SIGPIPE', SIG_DFL);
    return () => {};
  }
  if (level === 4) set('SIGTSTP', SIG_IGN);
  if (level >= 3) {
    for (const s of FATAL_SIGNALS) set(s, SIG_IGN);
    return () => {};
  }
  for (const s of FATAL_SIGNALS) process.on(s, onFatal);
  return () => {
    for (const s of FATAL_SIGNALS) process.off(s, onFatal);
  };
}
