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
} as const;

/** Bytes of the shared control block. */
export const CONTROL_BYTES = 24;
