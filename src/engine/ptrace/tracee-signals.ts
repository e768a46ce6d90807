// The traced program can signal vat (kill(getppid(), ...), kill(0, ...) to its process group): the signals
// that would end vat, or make Node open its debugger, must not reach their default action while it traces.
import { libc } from '../../sys/libc.js';

/** Signals whose default action ends a process and that Node lets a handler catch. */
export const ENDING_SIGNALS = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR2',
  'SIGALRM',
  'SIGVTALRM',
  'SIGXCPU',
] as const;

const SIGUSR1 = 10;
/** SIG_IGN is the handler value 1 in every C library. */
const SIG_IGN = 1;

/**
 * SIGUSR1 makes Node start its inspector (a debugger on 127.0.0.1:9229, running code as vat's user): ignored
 * for good. The launched command does not inherit it: the launcher resets every signal to its default.
 */
export function ignoreDebuggerSignal(): void {
  libc.signal(SIGUSR1, SIG_IGN);
}
