// One clock's time now (clock_gettime), for decoders that relate a kernel timestamp to the wall clock.
import { allocNative, libc } from './libc.js';

let timespec: ReturnType<typeof allocNative> | undefined;

/** Nanoseconds on clock `clockId` (a CLOCK_* number), or undefined when the call fails. */
export function clockNs(clockId: number): bigint | undefined {
  timespec ??= allocNative(16);
  if (libc.clockGettime(clockId, timespec.address) !== 0) return undefined;
  return timespec.view.getBigInt64(0, true) * 1_000_000_000n + timespec.view.getBigInt64(8, true);
}
