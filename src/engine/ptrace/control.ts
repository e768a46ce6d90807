// The words the main thread and the tracer worker share (an Int32Array over a SharedArrayBuffer).
export const CONTROL = {
  /** Set by the main thread: detach from every tracee and finish. */
  stop: 0,
  /** Set by the worker while it blocks in wait4 with trace text not yet written (lazy output). */
  blocked: 1,
  /** The watchdog's tick count, advanced by the main thread. */
  tick: 2,
  /** Set by the watchdog: write what is buffered (and, when blocked, the worker was woken to do it). */
  flush: 3,
  /** The tick at which the worker's buffered text became non-empty; -1 when nothing is buffered. */
  dirtySince: 4,
  /** Set by the main thread before `stop`: the fatal signal that ended the trace (0: none). */
  stopSignal: 5,
  /** Wake-up processes started / recorded by the main thread: unequal while one is being started. */
  wakeBegun: 6,
  wakeRecorded: 7,
  /** The last WAKE_SLOTS wake-up pids (a ring indexed by wakeRecorded). */
  wakePids: 8,
} as const;

/** Wake-up pids remembered: far more than can be unreaped at once (one is started per 50 ms tick at most). */
export const WAKE_SLOTS = 16;

/** Bytes of the shared control block. */
export const CONTROL_BYTES = (CONTROL.wakePids + WAKE_SLOTS) * 4;

/**
 * The tracer's wait4(-1) also reaps the wake-up processes the main thread starts: true when `pid` is one. A
 * start under way when it was reaped is waited for (its pid is recorded right after posix_spawn returns).
 */
export function isWakeProcess(flags: Int32Array, pid: number): boolean {
  for (let spins = 0; spins < 200; spins++) {
    const recorded = Atomics.load(flags, CONTROL.wakeRecorded);
    if (Atomics.load(flags, CONTROL.wakeBegun) === recorded) break;
    Atomics.wait(flags, CONTROL.wakeRecorded, recorded, 5);
  }
  for (let i = 0; i < WAKE_SLOTS; i++) if (Atomics.load(flags, CONTROL.wakePids + i) === pid) return true;
  return false;
}

/** Records a wake-up process started by the main thread (`start` returns its pid). */
export function recordWake(flags: Int32Array, start: () => number): void {
  Atomics.add(flags, CONTROL.wakeBegun, 1);
  const pid = start();
  const n = Atomics.load(flags, CONTROL.wakeRecorded);
  Atomics.store(flags, CONTROL.wakePids + (n % WAKE_SLOTS), pid);
  Atomics.add(flags, CONTROL.wakeRecorded, 1);
  Atomics.notify(flags, CONTROL.wakeRecorded);
}
