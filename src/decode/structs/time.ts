// Time structs as strace prints them: timespec, timeval, timezone, itimerspec, itimerval, the utimes pairs,
// utimbuf and time_t. `timespecAt` and `timevalAt` are for other decoders (nanosleep's remaining time, ppoll).
import { int, ptr, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { epochSeconds, readView, styledValue, timeComment, withComment } from './read.js';

/** struct __kernel_timespec (include/uapi/linux/time_types.h): tv_sec s64 @0, tv_nsec long @8. */
const TIMESPEC = { size: 16, sec: 0, nsec: 8 } as const;
/** struct __kernel_old_timeval (include/uapi/linux/time_types.h): tv_sec long @0, tv_usec long @8. */
const TIMEVAL = { size: 16, sec: 0, usec: 8 } as const;
/** struct timezone (include/uapi/linux/time.h): tz_minuteswest int @0, tz_dsttime int @4. */
const TIMEZONE = { size: 8, minuteswest: 0, dsttime: 4 } as const;
/** struct utimbuf (include/uapi/linux/utime.h): actime @0, modtime @8, both __kernel_old_time_t. */
const UTIMBUF = { size: 16, actime: 0, modtime: 8 } as const;
/** utimensat's UTIME_NOW and UTIME_OMIT (include/uapi/linux/stat.h). */
const UTIME_NOW = (1n << 30n) - 1n;
const UTIME_OMIT = (1n << 30n) - 2n;

/** A timespec from a view: `{tv_sec=1, tv_nsec=500}` (tv_nsec unsigned, as strace prints it). */
export function timespecOf(v: DataView, off = 0): Value {
  return {
    k: 'struct',
    fields: [
      ['tv_sec', int(v.getBigInt64(off + TIMESPEC.sec, true))],
      ['tv_nsec', int(v.getBigUint64(off + TIMESPEC.nsec, true))],
    ],
  };
}

/** A timeval from a view: `{tv_sec=1, tv_usec=500}`. */
export function timevalOf(v: DataView, off = 0): Value {
  return {
    k: 'struct',
    fields: [
      ['tv_sec', int(v.getBigInt64(off + TIMEVAL.sec, true))],
      ['tv_usec', int(v.getBigUint64(off + TIMEVAL.usec, true))],
    ],
  };
}

/** The struct timespec at `addr`: NULL, the struct, or the address when unreadable. */
export function timespecAt(c: CallContext, addr: bigint): Value {
  if (addr === 0n) return ptr(0n);
  const v = readView(c, addr, TIMESPEC.size);
  return v ? timespecOf(v) : ptr(addr);
}

/** The struct timeval at `addr`: NULL, the struct, or the address when unreadable. */
export function timevalAt(c: CallContext, addr: bigint): Value {
  if (addr === 0n) return ptr(0n);
  const v = readView(c, addr, TIMEVAL.size);
  return v ? timevalOf(v) : ptr(addr);
}

/** `{it_interval={...}, it_value={...}}` from two consecutive timespecs or timevals. */
function intervalPair(
  c: CallContext,
  addr: bigint,
  size: number,
  of: (v: DataView, off: number) => Value,
): Value {
  const v = readView(c, addr, 2 * size);
  if (!v) return ptr(addr);
  return {
    k: 'struct',
    fields: [
      ['it_interval', of(v, 0)],
      ['it_value', of(v, size)],
    ],
  };
}

/** utimensat's times[2]: each timespec with its date, or UTIME_NOW / UTIME_OMIT by name. */
function timespecPair(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, 2 * TIMESPEC.size);
  if (!v) return ptr(addr);
  const item = (off: number): Value => {
    const nsec = v.getBigInt64(off + TIMESPEC.nsec, true);
    if (nsec === UTIME_NOW) return styledValue(timespecOf(v, off), 'UTIME_NOW');
    if (nsec === UTIME_OMIT) return styledValue(timespecOf(v, off), 'UTIME_OMIT');
    const sec = v.getBigInt64(off + TIMESPEC.sec, true);
    return withComment(timespecOf(v, off), timeComment(sec, BigInt.asUintN(64, nsec), 999999999n, 9));
  };
  return { k: 'array', items: [item(0), item(TIMESPEC.size)] };
}

/** utimes/futimesat's times[2]: each timeval with its date. */
function timevalPair(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, 2 * TIMEVAL.size);
  if (!v) return ptr(addr);
  const item = (off: number): Value => {
    const sec = v.getBigInt64(off + TIMEVAL.sec, true);
    const usec = v.getBigUint64(off + TIMEVAL.usec, true);
    return withComment(timevalOf(v, off), timeComment(sec, usec, 999999n, 6));
  };
  return { k: 'array', items: [item(0), item(TIMEVAL.size)] };
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
  const v = readView(c, addr, UTIMBUF.size);
  if (!v) return ptr(addr);
  return {
    k: 'struct',
    fields: [
      ['actime', epochSeconds(v.getBigInt64(UTIMBUF.actime, true))],
      ['modtime', epochSeconds(v.getBigInt64(UTIMBUF.modtime, true))],
    ],
  };
}

/** time(2)'s out-parameter: `[1700000000 /* 2023-11-14T22:13:20+0000 *\/]`. */
function timeT(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, 8);
  return v ? { k: 'array', items: [epochSeconds(v.getBigInt64(0, true))] } : ptr(addr);
}

export const TIME_STRUCTS = {
  timespec: timespecAt,
  timeval: timevalAt,
  timezone,
  itimerspec: (c: CallContext, a: bigint) => intervalPair(c, a, TIMESPEC.size, timespecOf),
  itimerval: (c: CallContext, a: bigint) => intervalPair(c, a, TIMEVAL.size, timevalOf),
  timespec_pair: timespecPair,
  timeval_pair: timevalPair,
  utimbuf,
  time_t: timeT,
} as const;
