// The words the main thread and the tracer worker share (an Int32Array over a SharedArrayBuffer).
export const CONTROL = {
  /** Set by the main thread: detach from every tracee and finish. */
  stop: 0,
  /** Set by the worker while it blocks in wait4 with trace text not yet written (lazy output). */
  blocked: 1,
  /** Counts the worker's returns from blocking waits: the watchdog sees whether a wait is still the same one. */
  waits: 2,
  /** Set by the watchdog before it wakes the worker: write what is buffered. */
  flush: 3,
} as const;

/** Bytes of the shared control block. */
export const CONTROL_BYTES = 16;
