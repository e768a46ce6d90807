// Structs of the i386 ABI that strace prints like their x86_64 forms: struct stat64 (fstat64, stat64, lstat64,
// fstatat64; arch/x86/include/uapi/asm/stat.h, packed, 96 bytes), _llseek's 64-bit result, and the structs whose
// longs and pointers are 32 bits there (the kernel's compat_* views: 32-bit time, rlimit, sigaction).
import { int, ptr, sym, type Value } from '../../model/value.js';
import { sigsetText } from '../args/sigset.js';
import type { CallContext } from '../context.js';
import { hex, lookupXlat, styled } from '../xlat.js';
import { devValue, epochSeconds, modeValue, readView, timeComment, withComment, xlatText } from './read.js';

/** struct stat64 on i386: byte offsets (checked by the tests against gcc -m32's view of <asm/stat.h>). */
export const STAT64 = {
  size: 96,
  dev: 0,
  mode: 16,
  nlink: 20,
  uid: 24,
  gid: 28,
  rdev: 32,
  size_: 44,
  blksize: 52,
  blocks: 56,
  atime: 64,
  mtime: 72,
  ctime: 80,
  ino: 88,
} as const;

const S_IFMT = 0o170000;
const S_IFCHR = 0o020000;
const S_IFBLK = 0o060000;

/** A 32-bit timestamp pair (seconds, then nanoseconds) as `st_atime=N /* date *\/, st_atime_nsec=N`. */
function stamp(v: DataView, name: string, off: number): [string, Value][] {
  const sec = BigInt(v.getUint32(off, true));
  const nsec = BigInt(v.getUint32(off + 4, true));
  return [
    [name, withComment(int(sec), timeComment(sec, nsec, 999999999n, 9))],
    [`${name}_nsec`, int(nsec)],
  ];
}

function stat64(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, STAT64.size);
  if (!v) return ptr(addr);
  const mode = v.getUint32(STAT64.mode, true);
  const u32 = (off: number): Value => int(v.getUint32(off, true));
  const u64 = (off: number): Value => int(v.getBigUint64(off, true));
  const fields: [string, Value][] = [];
  if (c.opts.verbose)
    fields.push(
      ['st_dev', devValue(v.getBigUint64(STAT64.dev, true))],
      ['st_ino', u64(STAT64.ino)],
      ['st_mode', modeValue(mode)],
      ['st_nlink', u32(STAT64.nlink)],
      ['st_uid', u32(STAT64.uid)],
      ['st_gid', u32(STAT64.gid)],
      ['st_blksize', u32(STAT64.blksize)],
      ['st_blocks', u64(STAT64.blocks)],
    );
  else fields.push(['st_mode', modeValue(mode)]);
  const type = mode & S_IFMT;
  if (type === S_IFCHR || type === S_IFBLK)
    fields.push(['st_rdev', devValue(v.getBigUint64(STAT64.rdev, true))]);
  else fields.push(['st_size', int(v.getBigInt64(STAT64.size_, true))]);
  if (!c.opts.verbose) return { k: 'struct', fields, more: true };
  fields.push(...stamp(v, 'st_atime', STAT64.atime), ...stamp(v, 'st_mtime', STAT64.mtime));
  fields.push(...stamp(v, 'st_ctime', STAT64.ctime));
  return { k: 'struct', fields };
}

/** _llseek's result: the new 64-bit offset, `[2]`. */
function llseekResult(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, 8);
  if (!v) return ptr(addr);
  return { k: 'array', items: [int(v.getBigInt64(0, true))] };
}

/** struct old_timespec32 / old_timeval32 (include/vdso/time32.h): two s32, seconds first. */
const TIME32 = { size: 8, sec: 0, frac: 4 } as const;

/** A 32-bit timespec or timeval from a view, as time.ts prints the 64-bit ones. */
function time32Of(v: DataView, off: number, frac: 'tv_nsec' | 'tv_usec'): Value {
  return {
    k: 'struct',
    fields: [
      ['tv_sec', int(BigInt(v.getInt32(off + TIME32.sec, true)))],
      [frac, int(BigInt(v.getInt32(off + TIME32.frac, true)))],
    ],
  };
}

/** NULL, the 32-bit time struct at `addr`, or its address when unreadable. */
function time32At(frac: 'tv_nsec' | 'tv_usec') {
  return (c: CallContext, addr: bigint): Value => {
    if (addr === 0n) return ptr(0n);
    const v = readView(c, addr, TIME32.size);
    return v ? time32Of(v, 0, frac) : ptr(addr);
  };
}

/** struct old_itimerspec32 / old_itimerval32: `{it_interval={...}, it_value={...}}`. */
function interval32(frac: 'tv_nsec' | 'tv_usec') {
  return (c: CallContext, addr: bigint): Value => {
    const v = readView(c, addr, 2 * TIME32.size);
    if (!v) return ptr(addr);
    return {
      k: 'struct',
      fields: [
        ['it_interval', time32Of(v, 0, frac)],
        ['it_value', time32Of(v, TIME32.size, frac)],
      ],
    };
  };
}

/** utimes/futimesat's times[2] and utimensat's, in 32-bit time: each with its date. */
function pair32(frac: 'tv_nsec' | 'tv_usec') {
  const [max, digits] = frac === 'tv_nsec' ? [999999999n, 9] : [999999n, 6];
  return (c: CallContext, addr: bigint): Value => {
    const v = readView(c, addr, 2 * TIME32.size);
    if (!v) return ptr(addr);
    const item = (off: number): Value => {
      const sec = BigInt(v.getInt32(off + TIME32.sec, true));
      const f = BigInt(v.getUint32(off + TIME32.frac, true));
      return withComment(time32Of(v, off, frac), timeComment(sec, f, max, digits));
    };
    return { k: 'array', items: [item(0), item(TIME32.size)] };
  };
}

/** time(2)'s 32-bit time_t. */
function time32T(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, 4);
  return v ? { k: 'array', items: [epochSeconds(BigInt(v.getInt32(0, true)))] } : ptr(addr);
}

/** struct compat_rlimit (getrlimit/setrlimit through int 0x80): two u32; COMPAT_RLIM_INFINITY is 0xffffffff. */
const RLIMIT32 = { size: 8, cur: 0, max: 4, infinity: 0xffffffffn } as const;

/** strace's print_rlim32_t: RLIM_INFINITY, `8192*1024` for whole KiB above 1 KiB, else decimal. */
function rlim32(n: bigint): Value {
  if (n === RLIMIT32.infinity) return sym(styled(String(n), 'RLIM_INFINITY'));
  if (n > 1024n && n % 1024n === 0n) return sym(styled(String(n), `${n / 1024n}*1024`));
  return int(n);
}

function rlimit32(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, RLIMIT32.size);
  if (!v) return ptr(addr);
  return {
    k: 'struct',
    fields: [
      ['rlim_cur', rlim32(BigInt(v.getUint32(RLIMIT32.cur, true)))],
      ['rlim_max', rlim32(BigInt(v.getUint32(RLIMIT32.max, true)))],
    ],
  };
}

/** struct compat_sigaction (rt_sigaction through int 0x80): handler, flags, restorer as u32, then a 64-bit mask. */
const SIGACTION32 = { size: 20, handler: 0, flags: 4, restorer: 8, mask: 12, maskSize: 8 } as const;
/** SA_RESTORER (arch/x86/include/uapi/asm/signal.h): sa_restorer is printed only when it is set. */
const SA_RESTORER = 0x04000000n;

function sigaction32(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, SIGACTION32.size);
  if (!v) return ptr(addr);
  const handler = BigInt(v.getUint32(SIGACTION32.handler, true));
  const flags = BigInt(v.getUint32(SIGACTION32.flags, true));
  const mask = new Uint8Array(v.buffer, v.byteOffset + SIGACTION32.mask, SIGACTION32.maskSize);
  // SIG_ERR is -1 in a 32-bit pointer
  const name = lookupXlat('sa_handler')?.values.find(
    ([, n]) => BigInt.asUintN(32, BigInt(n)) === handler,
  )?.[0];
  const fields: [string, Value][] = [
    ['sa_handler', name ? sym(styled(hex(handler), name)) : ptr(handler)],
    ['sa_mask', sym(sigsetText(mask))],
    ['sa_flags', sym(xlatText('sa_flags', flags, 'flags'))],
  ];
  if (flags & SA_RESTORER) fields.push(['sa_restorer', ptr(BigInt(v.getUint32(SIGACTION32.restorer, true)))]);
  return { k: 'struct', fields };
}

export const I386_STRUCTS = {
  stat64,
  llseek_result: llseekResult,
  timespec32: time32At('tv_nsec'),
  timeval32: time32At('tv_usec'),
  itimerspec32: interval32('tv_nsec'),
  itimerval32: interval32('tv_usec'),
  timespec_pair32: pair32('tv_nsec'),
  timeval_pair32: pair32('tv_usec'),
  time_t32: time32T,
  rlimit32,
  sigaction32,
} as const;
