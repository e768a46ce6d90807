// struct statx as strace prints it: the fields the kernel says it filled (stx_mask), abbreviated unless -v.
import { int, ptr, sym, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { idValue, modeValue, readView, timeComment, withComment, xint, xlatText } from './read.js';

/** struct statx (include/uapi/linux/stat.h): byte offsets; the kernel fills 256 bytes. */
const STATX = {
  size: 256,
  mask: 0,
  blksize: 4,
  attributes: 8,
  nlink: 16,
  uid: 20,
  gid: 24,
  mode: 28,
  ino: 32,
  size_: 40,
  blocks: 48,
  attributes_mask: 56,
  atime: 64,
  btime: 80,
  ctime: 96,
  mtime: 112,
  rdev_major: 128,
  rdev_minor: 132,
  dev_major: 136,
  dev_minor: 140,
  mnt_id: 144,
  dio_mem_align: 152,
  dio_offset_align: 156,
} as const;

/** struct statx_timestamp: tv_sec s64 @0, tv_nsec u32 @8. */
const STAMP = { sec: 0, nsec: 8 } as const;

/** stx_mask bits (include/uapi/linux/stat.h) that decide which fields strace prints. */
const STATX_TYPE = 0x1;
const STATX_MODE = 0x2;
const STATX_NLINK = 0x4;
const STATX_UID = 0x8;
const STATX_GID = 0x10;
const STATX_ATIME = 0x20;
const STATX_MTIME = 0x40;
const STATX_CTIME = 0x80;
const STATX_INO = 0x100;
const STATX_SIZE = 0x200;
const STATX_BLOCKS = 0x400;
const STATX_BTIME = 0x800;
const STATX_MNT_ID = 0x1000;
const STATX_DIOALIGN = 0x2000;

function stamp(v: DataView, off: number): Value {
  const sec = v.getBigInt64(off + STAMP.sec, true);
  const nsec = v.getUint32(off + STAMP.nsec, true);
  const value: Value = {
    k: 'struct',
    fields: [
      ['tv_sec', int(sec)],
      ['tv_nsec', int(nsec)],
    ],
  };
  return withComment(value, timeComment(sec, BigInt(nsec), 999999999n, 9));
}

export function statx(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, STATX.size);
  if (!v) return ptr(addr);
  const mask = v.getUint32(STATX.mask, true);
  const has = (bit: number): boolean => (mask & bit) !== 0;
  const u32 = (off: number): Value => int(v.getUint32(off, true));
  const u64 = (off: number): Value => int(v.getBigUint64(off, true));
  const attrs = (off: number): Value => sym(xlatText(ATTRS, v.getBigUint64(off, true), 'flags'));
  const verbose = c.opts.verbose;
  const fields: [string, Value][] = [['stx_mask', sym(xlatText('statx_mask', mask, 'flags'))]];
  if (verbose) fields.push(['stx_blksize', u32(STATX.blksize)]);
  fields.push(['stx_attributes', attrs(STATX.attributes)]);
  if (verbose) {
    if (has(STATX_NLINK)) fields.push(['stx_nlink', u32(STATX.nlink)]);
    if (has(STATX_UID)) fields.push(['stx_uid', idValue(v.getUint32(STATX.uid, true))]);
    if (has(STATX_GID)) fields.push(['stx_gid', idValue(v.getUint32(STATX.gid, true))]);
  }
  if (has(STATX_TYPE | STATX_MODE)) fields.push(['stx_mode', modeValue(v.getUint16(STATX.mode, true))]);
  if (verbose && has(STATX_INO)) fields.push(['stx_ino', u64(STATX.ino)]);
  if (has(STATX_SIZE)) fields.push(['stx_size', u64(STATX.size_)]);
  if (!verbose) return { k: 'struct', fields, more: true };
  if (has(STATX_BLOCKS)) fields.push(['stx_blocks', u64(STATX.blocks)]);
  fields.push(['stx_attributes_mask', attrs(STATX.attributes_mask)]);
  if (has(STATX_ATIME)) fields.push(['stx_atime', stamp(v, STATX.atime)]);
  if (has(STATX_BTIME)) fields.push(['stx_btime', stamp(v, STATX.btime)]);
  if (has(STATX_CTIME)) fields.push(['stx_ctime', stamp(v, STATX.ctime)]);
  if (has(STATX_MTIME)) fields.push(['stx_mtime', stamp(v, STATX.mtime)]);
  fields.push(
    ['stx_rdev_major', u32(STATX.rdev_major)],
    ['stx_rdev_minor', u32(STATX.rdev_minor)],
    ['stx_dev_major', u32(STATX.dev_major)],
    ['stx_dev_minor', u32(STATX.dev_minor)],
  );
  if (has(STATX_MNT_ID)) fields.push(['stx_mnt_id', xint(v.getBigUint64(STATX.mnt_id, true))]);
  if (has(STATX_DIOALIGN)) {
    fields.push(['stx_dio_mem_align', u32(STATX.dio_mem_align)]);
    fields.push(['stx_dio_offset_align', u32(STATX.dio_offset_align)]);
  }
  return { k: 'struct', fields };
}

/** The xlat table of STATX_ATTR_* bits. */
const ATTRS = 'statx_attributes';

export const STATX_STRUCTS = { statx } as const;
