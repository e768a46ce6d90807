// struct statfs for statfs and fstatfs, as strace's print_struct_statfs prints it (never abbreviated).
import { ptr, sym, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { hex, lookupXlat, styled, xlatName } from '../xlat.js';
import { type Field, intFields, readView, xint, xlatText } from './read.js';

/** Where a struct statfs keeps its fields: f_type and f_flags are words (`long` on x86_64, u32 on i386). */
interface StatfsLayout {
  readonly size: number;
  readonly type: number;
  readonly fsid: number;
  readonly flags: number;
  readonly word: 'u32' | 'u64';
  readonly counts: readonly Field[];
  readonly sizes: readonly Field[];
}

/** struct statfs on x86_64 (include/uapi/asm-generic/statfs.h, __statfs_word = long): byte offsets. */
const STATFS: StatfsLayout = {
  size: 120,
  type: 0,
  fsid: 56,
  flags: 80,
  word: 'u64',
  counts: [
    ['f_bsize', 8, 'u64'],
    ['f_blocks', 16, 'u64'],
    ['f_bfree', 24, 'u64'],
    ['f_bavail', 32, 'u64'],
    ['f_files', 40, 'u64'],
    ['f_ffree', 48, 'u64'],
  ],
  sizes: [
    ['f_namelen', 64, 'u64'],
    ['f_frsize', 72, 'u64'],
  ],
};

/**
 * struct statfs64 on i386 (statfs64/fstatfs64; asm-generic/statfs.h with x86's ARCH_PACK_STATFS64, packed and
 * aligned to 4): 32-bit words, 64-bit counts from byte 8; 84 bytes. Checked by a test against gcc -m32.
 */
export const STATFS64_I386: StatfsLayout = {
  size: 84,
  type: 0,
  fsid: 48,
  flags: 64,
  word: 'u32',
  counts: [
    ['f_bsize', 4, 'u32'],
    ['f_blocks', 8, 'u64'],
    ['f_bfree', 16, 'u64'],
    ['f_bavail', 24, 'u64'],
    ['f_files', 32, 'u64'],
    ['f_ffree', 40, 'u64'],
  ],
  sizes: [
    ['f_namelen', 56, 'u32'],
    ['f_frsize', 60, 'u32'],
  ],
};

/** f_flags is only meaningful (and only printed) with ST_VALID (include/linux/statfs.h). */
const ST_VALID = 0x20n;

/** xlat tables: filesystem magic numbers (f_type) and mount flags (f_flags). */
const MAGIC = 'fs_magic';
const FLAGS = 'statfs_flags';

const word = (v: DataView, off: number, w: 'u32' | 'u64'): bigint =>
  w === 'u64' ? v.getBigUint64(off, true) : BigInt(v.getUint32(off, true));

/** The statfs at `addr` in layout `L` (x86_64's unless given). */
export function statfsOf(c: CallContext, addr: bigint, L: StatfsLayout = STATFS): Value {
  const v = readView(c, addr, L.size);
  if (!v) return ptr(addr);
  const type = word(v, L.type, L.word);
  const table = lookupXlat(MAGIC);
  const name = table ? xlatName(table, type) : undefined;
  const fsid: Value = {
    k: 'struct',
    fields: [
      [
        'val',
        {
          k: 'array',
          items: [xint(v.getUint32(L.fsid, true)), xint(v.getUint32(L.fsid + 4, true))],
        },
      ],
    ],
  };
  const fields: [string, Value][] = [
    ['f_type', name === undefined ? xint(type) : sym(styled(hex(type), name))],
    ...intFields(v, L.counts),
    ['f_fsid', fsid],
    ...intFields(v, L.sizes),
  ];
  const flags = word(v, L.flags, L.word);
  if (flags & ST_VALID) fields.push(['f_flags', sym(xlatText(FLAGS, flags, 'flags'))]);
  return { k: 'struct', fields };
}

export const statfs = (c: CallContext, addr: bigint): Value => statfsOf(c, addr);

export const STATFS_STRUCTS = { statfs } as const;
