// struct stat for stat, fstat, lstat and newfstatat, as strace's print_struct_stat prints it: the mode and the
// size (or st_rdev for devices) then `...`, or every field with -v.
import { int, ptr, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { devValue, modeValue, readView, timeComment, withComment } from './read.js';

/** struct stat on x86_64 (arch/x86/include/uapi/asm/stat.h): byte offsets of the fields strace prints. */
export const STAT = {
  size: 144,
  dev: 0,
  ino: 8,
  nlink: 16,
  mode: 24,
  uid: 28,
  gid: 32,
  rdev: 40,
  size_: 48,
  blksize: 56,
  blocks: 64,
  atime: 72,
  mtime: 88,
  ctime: 104,
} as const;

const S_IFMT = 0o170000;
const S_IFCHR = 0o020000;
const S_IFBLK = 0o060000;

/** Whether a mode is a device's: strace then prints st_rdev where it prints st_size for other files. */
export const isDevice = (mode: number): boolean => (mode & S_IFMT) === S_IFCHR || (mode & S_IFMT) === S_IFBLK;

/** A timestamp pair (seconds at `off`, nanoseconds after them) as `st_atime=N /* date *\/, st_atime_nsec=N`. */
function stamp(v: DataView, name: string, off: number): [string, Value][] {
  const sec = v.getBigInt64(off, true);
  const nsec = v.getBigUint64(off + 8, true);
  return [
    [name, withComment(int(sec), timeComment(sec, nsec, 999999999n, 9))],
    [`${name}_nsec`, int(nsec)],
  ];
}

export function stat(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, STAT.size);
  if (!v) return ptr(addr);
  const mode = v.getUint32(STAT.mode, true);
  const u64 = (off: number): Value => int(v.getBigUint64(off, true));
  const fields: [string, Value][] = [];
  if (c.opts.verbose) {
    fields.push(
      ['st_dev', devValue(v.getBigUint64(STAT.dev, true))],
      ['st_ino', u64(STAT.ino)],
      ['st_mode', modeValue(mode)],
      ['st_nlink', u64(STAT.nlink)],
      ['st_uid', int(v.getUint32(STAT.uid, true))],
      ['st_gid', int(v.getUint32(STAT.gid, true))],
      ['st_blksize', u64(STAT.blksize)],
      ['st_blocks', u64(STAT.blocks)],
    );
  } else fields.push(['st_mode', modeValue(mode)]);
  if (isDevice(mode)) fields.push(['st_rdev', devValue(v.getBigUint64(STAT.rdev, true))]);
  else fields.push(['st_size', u64(STAT.size_)]);
  if (!c.opts.verbose) return { k: 'struct', fields, more: true };
  fields.push(...stamp(v, 'st_atime', STAT.atime), ...stamp(v, 'st_mtime', STAT.mtime));
  fields.push(...stamp(v, 'st_ctime', STAT.ctime));
  return { k: 'struct', fields };
}

export const STAT_STRUCTS = { stat } as const;
