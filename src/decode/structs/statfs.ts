// struct statfs for statfs and fstatfs, as strace's print_struct_statfs prints it (never abbreviated).
import { ptr, sym, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { hex, lookupXlat, styled, xlatName } from '../xlat.js';
import { type Field, intFields, readView, xint, xlatText } from './read.js';

/** struct statfs on x86_64 (include/uapi/asm-generic/statfs.h, __statfs_word = long): byte offsets. */
const STATFS = { size: 120, type: 0, fsid: 56, flags: 80 } as const;
const COUNTS: readonly Field[] = [
  ['f_bsize', 8, 'u64'],
  ['f_blocks', 16, 'u64'],
  ['f_bfree', 24, 'u64'],
  ['f_bavail', 32, 'u64'],
  ['f_files', 40, 'u64'],
  ['f_ffree', 48, 'u64'],
];
const SIZES: readonly Field[] = [
  ['f_namelen', 64, 'u64'],
  ['f_frsize', 72, 'u64'],
];

/** f_flags is only meaningful (and only printed) with ST_VALID (include/linux/statfs.h). */
const ST_VALID = 0x20n;

/** xlat tables: filesystem magic numbers (f_type) and mount flags (f_flags). */
const MAGIC = 'fs_magic';
const FLAGS = 'statfs_flags';

export function statfs(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, STATFS.size);
  if (!v) return ptr(addr);
  const type = v.getBigUint64(STATFS.type, true);
  const table = lookupXlat(MAGIC);
  const name = table ? xlatName(table, type) : undefined;
  const fsid: Value = {
    k: 'struct',
    fields: [
      [
        'val',
        {
          k: 'array',
          items: [xint(v.getUint32(STATFS.fsid, true)), xint(v.getUint32(STATFS.fsid + 4, true))],
        },
      ],
    ],
  };
  const fields: [string, Value][] = [
    ['f_type', name === undefined ? xint(type) : sym(styled(hex(type), name))],
    ...intFields(v, COUNTS),
    ['f_fsid', fsid],
    ...intFields(v, SIZES),
  ];
  const flags = v.getBigUint64(STATFS.flags, true);
  if (flags & ST_VALID) fields.push(['f_flags', sym(xlatText(FLAGS, flags, 'flags'))]);
  return { k: 'struct', fields };
}

export const STATFS_STRUCTS = { statfs } as const;
