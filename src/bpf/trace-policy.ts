// The filter behind `--seccomp-bpf`: only the traced syscalls stop the tracee (SECCOMP_RET_TRACE, a
// PTRACE_EVENT_SECCOMP stop), everything else runs at full speed.
import { ALLOW, type SeccompAction, traceAction } from './actions.js';
import type { SeccompPolicy } from './policy.js';

export interface TracedNumbers {
  /** x86_64 numbers to stop at. */
  readonly x86_64: Iterable<number>;
  /** i386 numbers (a 64-bit process can still use `int $0x80`); without it every i386 call stops. */
  readonly i386?: Iterable<number>;
  /**
   * x86_64 numbers the tracer can name: when given, every other number stops too, as strace traces the
   * numbers it does not know whatever `-e trace=` says.
   */
  readonly known?: Iterable<number>;
}

/**
 * Traced numbers return TRACE(data), the rest ALLOW. Calls the tracer cannot otherwise see stop too: any
 * foreign architecture, and x32 numbers, so nothing slips past the trace through another ABI.
 */
export function tracingPolicy(traced: TracedNumbers, data = 0): SeccompPolicy {
  const trace: SeccompAction = traceAction(data);
  const stopAt = (nrs: Iterable<number>): ReadonlyMap<number, SeccompAction> =>
    new Map([...nrs].map((nr) => [nr, trace]));
  const stops = stopAt(traced.x86_64);
  const unlisted = traced.known ? [...traced.known].filter((nr) => !stops.has(nr)) : undefined;
  return {
    arch: 'x86_64',
    // with `known`: the known numbers not traced run free, anything else stops
    syscalls: unlisted ? new Map<number, SeccompAction>(unlisted.map((nr) => [nr, ALLOW])) : stops,
    defaultAction: unlisted ? trace : ALLOW,
    foreignArchAction: trace,
    x32Action: trace,
    ...(traced.i386 ? { i386: { syscalls: stopAt(traced.i386) } } : {}),
  };
}
