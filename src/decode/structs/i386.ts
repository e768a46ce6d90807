// Structs of the i386 ABI that strace prints like their x86_64 forms: struct stat64 (fstat64, stat64, lstat64,
// fstatat64; arch/x86/include/uapi/asm/stat.h, packed, 96 bytes), _llseek's 64-bit result, and the structs whose
// longs and pointers are 32 bits there (the kernel's compat_* views: rlimit, sigaction, statfs64); the time structs
// follow the call's ABI in time.ts.
import { int, ptr, sym, type Value } from '../../model/value.js';
import { sigsetText } from '../args/sigset.js';
import type { CallContext } from '../context.js';
import { hex, lookupXlat, styled } from '../xlat.js';
import { devValue, modeValue, readView, timeComment, withComment, xlatText } from './read.js';
import { STATFS64_I386, statfsOf } from './statfs.js';

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

/** struct compat_rlimit (getrlimit/setrlimit through int 0x80): two u32; COMPAT_RLIM_INFINITY is 0xffffffff. */
export const RLIMIT32 = { size: 8, cur: 0, max: 4, infinity: 0xffffffffn } as const;

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
export const SIGACTION32 = { size: 20, handler: 0, flags: 4, restorer: 8, mask: 12, maskSize: 8 } as const;
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

/** semctl's union semun through ipc(SEMCTL): the kernel reads it behind ptr, strace shows it as `[0x5]` or `[NULL]`. */
function semunPtr32(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, 4);
  return v ? { k: 'array', items: [ptr(BigInt(v.getUint32(0, true)))] } : ptr(addr);
}

export const I386_STRUCTS = {
  stat64,
  semun_ptr32: semunPtr32,
  llseek_result: llseekResult,
  rlimit32,
  sigaction32,
  statfs64: (c: CallContext, addr: bigint): Value => statfsOf(c, addr, STATFS64_I386),
} as const;
