// A tracer on the main thread has no watchdog thread to wake it from wait4: a timer signal, caught by a handler
// that does nothing and installed without SA_RESTART, makes a blocking wait4 return EINTR every few tens of ms,
// so that text held for a block-sized write still reaches the file while the command sleeps.
import { allocNative, libc } from '../../sys/libc.js';

const SIGALRM = 14;
const CLOCK_MONOTONIC = 1;
const SIGEV_THREAD_ID = 4;
/** glibc's struct sigaction on x86_64 and arm64: handler, 128-byte mask, flags, restorer. */
const SIGACTION_BYTES = 152;
const SA_FLAGS_OFFSET = 136;

export interface WaitTicker {
  /** Disarms the timer and puts SIGALRM's previous disposition back. */
  stop(): void;
}

/**
 * Every `ms`, SIGALRM to the calling thread. Undefined when the pieces are not
 * there (no dlsym in libc): the caller then keeps a watchdog thread.
 */
export function startWaitTicker(ms: number): WaitTicker | undefined {
  // getpid(): async-signal-safe, takes no argument that matters, changes nothing
  const handler = BigInt(libc.dlsym(0, 'getpid'));
  if (handler === 0n) return undefined;
  const act = allocNative(SIGACTION_BYTES);
  const old = allocNative(SIGACTION_BYTES);
  act.view.setBigUint64(0, handler, true);
  act.view.setInt32(SA_FLAGS_OFFSET, 0, true); // no SA_RESTART: the point is the EINTR
  if (libc.sigaction(SIGALRM, act.address, old.address) !== 0) return undefined;
  const sev = allocNative(64);
  sev.view.setInt32(8, SIGALRM, true); // sigev_signo
  sev.view.setInt32(12, SIGEV_THREAD_ID, true); // sigev_notify
  sev.view.setInt32(16, libc.gettid(), true); // sigev_notify_thread_id: this thread
  const id = allocNative(8);
  if (libc.timerCreate(CLOCK_MONOTONIC, sev.address, id.address) !== 0) {
    libc.sigaction(SIGALRM, old.address, 0);
    return undefined;
  }
  const timer = id.view.getBigUint64(0, true);
  const spec = allocNative(32);
  const ns = BigInt(ms) * 1_000_000n;
  for (const at of [0, 16]) {
    spec.view.setBigInt64(at, ns / 1_000_000_000n, true);
    spec.view.setBigInt64(at + 8, ns % 1_000_000_000n, true);
  }
  libc.timerSettime(timer, 0, spec.address, 0);
  return {
    stop(): void {
      libc.timerDelete(timer);
      libc.sigaction(SIGALRM, old.address, 0);
    },
  };
}
