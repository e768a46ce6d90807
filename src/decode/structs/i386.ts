// Structs of the i386 ABI that strace prints like their x86_64 forms: struct stat64 (fstat64, stat64, lstat64,
// fstatat64; arch/x86/include/uapi/asm/stat.h, packed, 96 bytes) and _llseek's 64-bit result.
import { int, ptr, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { devValue, modeValue, readView, timeComment, withComment } from './read.js';

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

export const I386_STRUCTS = { stat64, llseek_result: llseekResult } as const;
