// Which ABI a call was made through, for decoders whose memory layouts differ between x86_64 and i386 (a
// 32-bit program's int 0x80 calls: 32-bit pointers, longs and, outside the *_time64 calls, 32-bit time).
import type { CallContext } from './context.js';

/**
 * i386 calls that take 64-bit time and 64-bit rlimits as x86_64 does: the *_time64 calls, the calls born with
 * __kernel_timespec (epoll_pwait2, futex_waitv, futex_wait) and prlimit64.
 */
export const WIDE_CALL =
  /_time64$|^(clock|timer|timerfd)_\w*64$|^(epoll_pwait2|futex_waitv|futex_wait|prlimit64)$/;

/** True for a call made through the i386 ABI: pointers, longs and size_t are 32 bits in its structs. */
export const isI386 = (c: CallContext): boolean => c.abi === 'i386';

/** True when the call's timespec and timeval are the 32-bit old_timespec32 and old_timeval32. */
export const hasTime32 = (c: CallContext): boolean => c.abi === 'i386' && !WIDE_CALL.test(c.name);
