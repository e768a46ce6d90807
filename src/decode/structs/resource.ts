// Resource structs: rlimit (getrlimit, setrlimit, prlimit64), rusage (getrusage, wait4, waitid) and tms (times).

import { int, ptr, sym, type Value } from '../../model/value.js';
import { isI386 } from '../abi.js';
import type { CallContext } from '../context.js';
import { styled } from '../xlat.js';
import { clockTicks, type Field, intFields, readView } from './read.js';
import { timevalOf } from './time.js';

/** struct rlimit64 (include/uapi/linux/resource.h): rlim_cur u64 @0, rlim_max u64 @8; x86_64's rlimit is the same. */
const RLIMIT = { size: 16, cur: 0, max: 8 } as const;
const RLIM64_INFINITY = 0xffffffffffffffffn;

/** strace's print_rlim64_t: RLIM64_INFINITY, `8192*1024` for whole KiB above 1 KiB, else decimal. */
function rlim(n: bigint): Value {
  if (n === RLIM64_INFINITY) return sym(styled(String(n), 'RLIM64_INFINITY'));
  if (n > 1024n && n % 1024n === 0n) return sym(styled(String(n), `${n / 1024n}*1024`));
  return int(n);
}

function rlimit(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, RLIMIT.size);
  if (!v) return ptr(addr);
  return {
    k: 'struct',
    fields: [
      ['rlim_cur', rlim(v.getBigUint64(RLIMIT.cur, true))],
      ['rlim_max', rlim(v.getBigUint64(RLIMIT.max, true))],
    ],
  };
}

/** struct rusage (include/uapi/linux/resource.h): two timevals, then 14 longs from byte 32. */
const RUSAGE = { size: 144, utime: 0, stime: 16 } as const;
const RUSAGE_COUNTS: readonly Field[] = [
  'ru_maxrss',
  'ru_ixrss',
  'ru_idrss',
  'ru_isrss',
  'ru_minflt',
  'ru_majflt',
  'ru_nswap',
  'ru_inblock',
  'ru_oublock',
  'ru_msgsnd',
  'ru_msgrcv',
  'ru_nsignals',
  'ru_nvcsw',
  'ru_nivcsw',
].map((name, i) => [name, 32 + 8 * i, 'u64'] as const);

/** `{ru_utime={...}, ru_stime={...}, ...}`, every count with -v. */
/** struct compat_rusage (an i386 call's): two old_timeval32, then 14 s32 from byte 16; 72 bytes. */
export const RUSAGE32 = { size: 72, utime: 0, stime: 8, time: 8 } as const;
const RUSAGE32_COUNTS: readonly Field[] = RUSAGE_COUNTS.map(
  ([name], i) => [name, 16 + 4 * i, 'i32'] as const,
);

export function rusage(c: CallContext, addr: bigint): Value {
  const i386 = isI386(c);
  const L = i386 ? RUSAGE32 : RUSAGE;
  const v = readView(c, addr, L.size);
  if (!v) return ptr(addr);
  const time = i386 ? RUSAGE32.time : undefined;
  const fields: [string, Value][] = [
    ['ru_utime', timevalOf(v, L.utime, time)],
    ['ru_stime', timevalOf(v, L.stime, time)],
  ];
  if (!c.opts.verbose) return { k: 'struct', fields, more: true };
  return { k: 'struct', fields: [...fields, ...intFields(v, i386 ? RUSAGE32_COUNTS : RUSAGE_COUNTS)] };
}

/** struct tms (include/uapi/linux/times.h): four __kernel_clock_t (long) tick counts. */
const TMS = ['tms_utime', 'tms_stime', 'tms_cutime', 'tms_cstime'] as const;

function tms(c: CallContext, addr: bigint): Value {
  // an i386 call's compat_clock_t is an s32
  const w = isI386(c) ? 4 : 8;
  const v = readView(c, addr, w * TMS.length);
  if (!v) return ptr(addr);
  const at = (i: number): bigint => (w === 4 ? BigInt(v.getInt32(4 * i, true)) : v.getBigUint64(8 * i, true));
  return {
    k: 'struct',
    fields: TMS.map((name, i) => [name, clockTicks(at(i))] as [string, Value]),
  };
}

export const RESOURCE_STRUCTS = { rlimit, rusage, tms } as const;
