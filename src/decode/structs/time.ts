// Time structs as strace prints them: timespec, timeval, timezone, itimerspec, itimerval, the utimes pairs,
// utimbuf and time_t. `timespecAt` and `timevalAt` are for other decoders (nanosleep's remaining time, ppoll).
import { int, ptr, type Value } from '../../model/value.js';
import { hasTime32 } from '../abi.js';
import type { CallContext } from '../context.js';
import { epochSeconds, readView, styledValue, timeComment, withComment } from './read.js';

/** struct __kernel_timespec (include/uapi/linux/time_types.h): tv_sec s64 @0, tv_nsec long @8. */
const TIMESPEC = { size: 16, sec: 0, nsec: 8 } as const;
/** struct __kernel_old_timeval (include/uapi/linux/time_types.h): tv_sec long @0, tv_usec long @8. */
const TIMEVAL = { size: 16, sec: 0, usec: 8 } as const;
/**
 * struct old_timespec32 / old_timeval32 (include/vdso/time32.h): two s32, seconds first: what an i386 call outside
 * the *_time64 ones reads (hasTime32). Checked by a test against gcc -m32.
 */
export const TIME32 = { size: 8, sec: 0, frac: 4 } as const;
/** struct timezone (include/uapi/linux/time.h): tz_minuteswest int @0, tz_dsttime int @4. */
const TIMEZONE = { size: 8, minuteswest: 0, dsttime: 4 } as const;
/** struct utimbuf (include/uapi/linux/utime.h): actime @0, modtime @8, both __kernel_old_time_t. */
const UTIMBUF = { size: 16, actime: 0, modtime: 8 } as const;
/** utimensat's UTIME_NOW and UTIME_OMIT (include/uapi/linux/stat.h). */
const UTIME_NOW = (1n << 30n) - 1n;
const UTIME_OMIT = (1n << 30n) - 2n;

/** Bytes of one timespec or timeval in the call's ABI: 16 (two 64-bit words) or 8 (i386's two s32). */
const timeSize = (c: CallContext): number => (hasTime32(c) ? TIME32.size : TIMESPEC.size);

/** Seconds and the fraction of the time struct at `off`, in the layout `size` says. */
function secFrac(v: DataView, off: number, size: number): [bigint, bigint] {
  return size === TIME32.size
    ? [BigInt(v.getInt32(off + TIME32.sec, true)), BigInt(v.getInt32(off + TIME32.frac, true))]
    : [v.getBigInt64(off + TIMESPEC.sec, true), v.getBigUint64(off + TIMESPEC.nsec, true)];
}

function timeOf(v: DataView, off: number, size: number, frac: 'tv_nsec' | 'tv_usec'): Value {
  const [sec, f] = secFrac(v, off, size);
  return {
    k: 'struct',
    fields: [
      ['tv_sec', int(sec)],
      [frac, int(f)],
    ],
  };
}

/** A timespec from a view: `{tv_sec=1, tv_nsec=500}` (tv_nsec unsigned, as strace prints it); 64-bit unless `size` is 8. */
export function timespecOf(v: DataView, off = 0, size: number = TIMESPEC.size): Value {
  return timeOf(v, off, size, 'tv_nsec');
}

/** A timeval from a view: `{tv_sec=1, tv_usec=500}`; 64-bit unless `size` is 8. */
export function timevalOf(v: DataView, off = 0, size: number = TIMEVAL.size): Value {
  return timeOf(v, off, size, 'tv_usec');
}

/** The struct timespec at `addr` in the call's ABI: NULL, the struct, or the address when unreadable. */
export function timespecAt(c: CallContext, addr: bigint): Value {
  if (addr === 0n) return ptr(0n);
  const size = timeSize(c);
  const v = readView(c, addr, size);
  return v ? timespecOf(v, 0, size) : ptr(addr);
}

/** The struct timeval at `addr` in the call's ABI: NULL, the struct, or the address when unreadable. */
export function timevalAt(c: CallContext, addr: bigint): Value {
  if (addr === 0n) return ptr(0n);
  const size = timeSize(c);
  const v = readView(c, addr, size);
  return v ? timevalOf(v, 0, size) : ptr(addr);
}

/** `{it_interval={...}, it_value={...}}` from two consecutive timespecs or timevals. */
function intervalPair(
  c: CallContext,
  addr: bigint,
  of: (v: DataView, off: number, size: number) => Value,
): Value {
  const size = timeSize(c);
  const v = readView(c, addr, 2 * size);
  if (!v) return ptr(addr);
  return {
    k: 'struct',
    fields: [
      ['it_interval', of(v, 0, size)],
      ['it_value', of(v, size, size)],
    ],
  };
}

/** utimensat's times[2]: each timespec with its date, or UTIME_NOW / UTIME_OMIT by name. */
function timespecPair(c: CallContext, addr: bigint): Value {
  const size = timeSize(c);
  const v = readView(c, addr, 2 * size);
  if (!v) return ptr(addr);
  const item = (off: number): Value => {
    const [sec, frac] = secFrac(v, off, size);
    const nsec = BigInt.asIntN(64, frac);
    if (nsec === UTIME_NOW) return styledValue(timespecOf(v, off, size), 'UTIME_NOW');
    if (nsec === UTIME_OMIT) return styledValue(timespecOf(v, off, size), 'UTIME_OMIT');
    return withComment(timespecOf(v, off, size), timeComment(sec, BigInt.asUintN(64, nsec), 999999999n, 9));
  };
  return { k: 'array', items: [item(0), item(size)] };
}

/** utimes/futimesat's times[2]: each timeval with its date. */
function timevalPair(c: CallContext, addr: bigint): Value {
  const size = timeSize(c);
  const v = readView(c, addr, 2 * size);
  if (!v) return ptr(addr);
  const item = (off: number): Value => {
    const [sec, usec] = secFrac(v, off, size);
    return withComment(timevalOf(v, off, size), timeComment(sec, usec, 999999n, 6));
  };
  return { k: 'array', items: [item(0), item(size)] };
}

function timezone(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, TIMEZONE.size);
  if (!v) return ptr(addr);
  return {
    k: 'struct',
    fields: [
      ['tz_minuteswest', int(v.getInt32(TIMEZONE.minuteswest, true))],
      ['tz_dsttime', int(v.getInt32(TIMEZONE.dsttime, true))],
    ],
  };
}

function utimbuf(c: CallContext, addr: bigint): Value {
  // i386's struct old_utimbuf32: two s32
  const size = hasTime32(c) ? TIME32.size : UTIMBUF.size;
  const v = readView(c, addr, size);
  if (!v) return ptr(addr);
  const [actime, modtime] =
    size === TIME32.size
      ? [BigInt(v.getInt32(0, true)), BigInt(v.getInt32(4, true))]
      : [v.getBigInt64(UTIMBUF.actime, true), v.getBigInt64(UTIMBUF.modtime, true)];
  return {
    k: 'struct',
    fields: [
      ['actime', epochSeconds(actime)],
      ['modtime', epochSeconds(modtime)],
    ],
  };
}

/** time(2)'s out-parameter: `[1700000000 /* 2023-11-14T22:13:20+0000 *\/]`. */
function timeT(c: CallContext, addr: bigint): Value {
  if (hasTime32(c)) {
    const w = readView(c, addr, 4);
    return w ? { k: 'array', items: [epochSeconds(BigInt(w.getInt32(0, true)))] } : ptr(addr);
  }
  const v = readView(c, addr, 8);
  return v ? { k: 'array', items: [epochSeconds(v.getBigInt64(0, true))] } : ptr(addr);
}

export const TIME_STRUCTS = {
  timespec: timespecAt,
  timeval: timevalAt,
  timezone,
  itimerspec: (c: CallContext, a: bigint) => intervalPair(c, a, timespecOf),
  itimerval: (c: CallContext, a: bigint) => intervalPair(c, a, timevalOf),
  timespec_pair: timespecPair,
  timeval_pair: timevalPair,
  utimbuf,
  time_t: timeT,
} as const;
