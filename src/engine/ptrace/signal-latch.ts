// -I 2 with the tracer on the main thread: its JavaScript signal handlers cannot run while it waits in wait4 (the
// event loop is blocked there), so each fatal signal gets libc's sigignore as its handler, without SA_RESTART.
// The signal interrupts a blocking wait4 (EINTR) and leaves itself ignored, which the tracer reads back with
// sigaction between stops: no code of vat's own runs in the handler, whichever thread the kernel gave the signal
// to, and a second Ctrl-C changes nothing (strace's handler also only notes the signal).
import { allocNative, libc, type NativeBuffer } from '../../sys/libc.js';

/** glibc's struct sigaction on x86_64 and arm64: handler, 128-byte mask, flags, restorer (as wait-ticker.ts). */
const SIGACTION_BYTES = 152;
const SA_FLAGS_OFFSET = 136;
/** SIG_IGN is the handler value 1 in every C library. */
const SIG_IGN = 1n;

export interface SignalLatch {
  /** A signal that came since the latch was set and was not taken yet, else 0. */
  take(): number;
  /** Puts back the dispositions the latch found. */
  release(): void;
}

/** Whether this libc has the handler the latch needs (glibc and musl do). */
export const canLatchSignals = (): boolean => BigInt(libc.dlsym(0, 'sigignore')) !== 0n;

/** Latches `signals` until release(); undefined when this libc has no sigignore. */
export function latchSignals(signals: readonly number[]): SignalLatch | undefined {
  const handler = BigInt(libc.dlsym(0, 'sigignore'));
  if (handler === 0n) return undefined;
  const act = allocNative(SIGACTION_BYTES);
  act.bytes.fill(0); // an empty mask
  act.view.setBigUint64(0, handler, true);
  act.view.setInt32(SA_FLAGS_OFFSET, 0, true); // no SA_RESTART: the wait4 it interrupts returns EINTR
  const set: { readonly signo: number; readonly old: NativeBuffer }[] = [];
  for (const signo of signals) {
    const old = allocNative(SIGACTION_BYTES);
    if (libc.sigaction(signo, act.address, old.address) === 0) set.push({ signo, old });
  }
  const now = allocNative(SIGACTION_BYTES);
  const taken = new Set<number>();
  return {
    take(): number {
      for (const { signo } of set) {
        if (taken.has(signo) || libc.sigaction(signo, 0, now.address) !== 0) continue;
        if (now.view.getBigUint64(0, true) !== SIG_IGN) continue;
        taken.add(signo);
        return signo;
      }
      return 0;
    },
    release(): void {
      for (const { signo, old } of set) libc.sigaction(signo, old.address, 0);
    },
  };
}
