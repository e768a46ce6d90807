// ioctl requests of the 'X', 'f' and 0x94 families with a struct argument, as strace's fs_x_ioctl, fs_f_ioctl and
// fs_0x94_ioctl print them: FITRIM's range, FS_IOC_FS[GS]ETXATTR's fsxattr, FS_IOC_FIEMAP's request and the extents
// the kernel mapped, FICLONERANGE's and FIDEDUPERANGE's ranges, the filesystem label.
import { int, ptr, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { fdValue } from '../args/fds.js';
import type { CallContext } from '../context.js';
import { MORE, memArray } from '../structs/array.js';
import { charArray } from '../structs/read.js';
import { inStruct, type Layout, layoutValue, outStruct, readLayout, type Shape } from './ioctl-shape.js';
import { customConst, derefView, flagsOf, view } from './util.js';

/** struct fstrim_range (include/uapi/linux/fs.h): three __u64. */
const FSTRIM_RANGE: Layout = {
  size: 24,
  fields: [
    ['start', 0, { x: 'u64' }],
    ['len', 8, 'u64'],
    ['minlen', 16, 'u64'],
  ],
};

/** struct fsxattr (include/uapi/linux/fs.h): five __u32 then 8 bytes of padding; a set does not show nextents. */
const FSXATTR_SIZE = 28;
const FSX_XFLAGS: Layout['fields'][number] = ['fsx_xflags', 0, { flags: 'fs_xflags', t: 'u32' }];
const FSX_TAIL: Layout['fields'] = [
  ['fsx_projid', 12, { x: 'u32' }],
  ['fsx_cowextsize', 16, 'u32'],
];
const FSXATTR_GET: Layout = {
  size: FSXATTR_SIZE,
  fields: [FSX_XFLAGS, ['fsx_extsize', 4, 'u32'], ['fsx_nextents', 8, 'u32'], ...FSX_TAIL],
};
const FSXATTR_SET: Layout = {
  size: FSXATTR_SIZE,
  fields: [FSX_XFLAGS, ['fsx_extsize', 4, 'u32'], ...FSX_TAIL],
};

/** struct fiemap (include/uapi/linux/fiemap.h): the request part; the extents follow at offset 32. */
const FIEMAP = { size: 32, flags: 16, mappedExtents: 20, extents: 32 } as const;
const FIEMAP_IN: Layout = {
  size: FIEMAP.size,
  fields: [
    ['fm_start', 0, 'u64'],
    ['fm_length', 8, 'u64'],
    ['fm_flags', 16, { flags: 'fiemap_flags', t: 'u32' }],
    ['fm_extent_count', 24, 'u32'],
  ],
};
/** struct fiemap_extent (include/uapi/linux/fiemap.h): 56 bytes. */
const FIEMAP_EXTENT: Layout = {
  size: 56,
  fields: [
    ['fe_logical', 0, 'u64'],
    ['fe_physical', 8, 'u64'],
    ['fe_length', 16, 'u64'],
    ['fe_flags', 40, { flags: 'fiemap_extent_flags', t: 'u32' }],
  ],
};

/** The kernel's answer: the flags, the count, and (with -v) the extents; `...` for them otherwise. */
function fiemapOut(c: CallContext, addr: bigint): Value {
  const v = view(c, addr, FIEMAP.size);
  if (!v) return ptr(addr);
  const mapped = v.getUint32(FIEMAP.mappedExtents, true);
  const head: [string, Value][] = [
    ['fm_flags', flagsOf('fiemap_flags', v.getUint32(FIEMAP.flags, true))],
    ['fm_mapped_extents', int(mapped)],
  ];
  if (!c.opts.verbose) return { k: 'struct', fields: head, more: true };
  const extents = memArray(c, addr + BigInt(FIEMAP.extents), mapped, FIEMAP_EXTENT.size, (ev, off) =>
    layoutValue(ev, FIEMAP_EXTENT, off),
  );
  return { k: 'struct', fields: [...head, ['fm_extents', extents]] };
}

/** struct file_clone_range (FICLONERANGE). */
const CLONE = STRUCTS.file_clone_range;
const cloneRange = (c: CallContext, a: bigint): Value => {
  const v = derefView(c, a, CLONE.size);
  if (!v) return ptr(a);
  const f = CLONE.fields;
  return {
    k: 'struct',
    fields: [
      ['src_fd', fdValue(c, v.getInt32(f.src_fd.off, true))],
      ['src_offset', int(v.getBigUint64(f.src_offset.off, true))],
      ['src_length', int(v.getBigUint64(f.src_length.off, true))],
      ['dest_offset', int(v.getBigUint64(f.dest_offset.off, true))],
    ],
  };
};

/** struct file_dedupe_range (FIDEDUPERANGE) and its info array: what to compare at entry, the results at exit. */
const DEDUPE = STRUCTS.file_dedupe_range;
const DEDUPE_INFO = STRUCTS.file_dedupe_range_info;
/** Without -v strace shows the first two destinations of a longer list. */
const DEDUPE_ABBREV = 2;

function dedupeInfo(c: CallContext, a: bigint, v: DataView, entering: boolean): Value {
  const count = v.getUint16(DEDUPE.fields.dest_count.off, true);
  const limit = !c.opts.verbose && count > DEDUPE_ABBREV ? DEDUPE_ABBREV : count;
  const f = DEDUPE_INFO.fields;
  return memArray(c, a + BigInt(DEDUPE.fields.info.off), count, DEDUPE_INFO.size, (d, o, i) => {
    if (i >= limit) return MORE;
    return {
      k: 'struct',
      fields: entering
        ? [
            ['dest_fd', fdValue(c, d.getInt32(o + f.dest_fd.off, true))],
            ['dest_offset', int(d.getBigUint64(o + f.dest_offset.off, true))],
          ]
        : [
            ['bytes_deduped', int(d.getBigUint64(o + f.bytes_deduped.off, true))],
            ['status', int(d.getInt32(o + f.status.off, true))],
          ],
    };
  });
}

const dedupeRange: Shape = {
  changes: {
    in: (c, a) => {
      const v = derefView(c, a, DEDUPE.size);
      if (!v) return ptr(a);
      const f = DEDUPE.fields;
      return {
        k: 'struct',
        fields: [
          ['src_offset', int(v.getBigUint64(f.src_offset.off, true))],
          ['src_length', int(v.getBigUint64(f.src_length.off, true))],
          ['dest_count', int(v.getUint16(f.dest_count.off, true))],
          ['info', dedupeInfo(c, a, v, true)],
        ],
      };
    },
    out: (c, a) => {
      const v = derefView(c, a, DEDUPE.size);
      return v ? { k: 'struct', fields: [['info', dedupeInfo(c, a, v, false)]] } : ptr(a);
    },
  },
};

/** FS_IOC_[GS]ETFSLABEL: the label, a char[FSLABEL_MAX] printed up to its NUL. */
const FSLABEL_MAX = customConst('FSLABEL_MAX');
const fsLabel = (c: CallContext, a: bigint): Value => {
  const v = derefView(c, a, FSLABEL_MAX);
  return v ? charArray(v, 0, FSLABEL_MAX) : ptr(a);
};

// biome-ignore format: one request per line
export const FS_SHAPES: Readonly<Record<string, Shape>> = {
  FITRIM: inStruct(FSTRIM_RANGE),
  FS_IOC_FSGETXATTR: outStruct(FSXATTR_GET),
  FS_IOC_FSSETXATTR: inStruct(FSXATTR_SET),
  FS_IOC_FIEMAP: { changes: { in: (c, a) => readLayout(c, a, FIEMAP_IN), out: fiemapOut } },
  // fs_0x94_ioctl: the file requests of btrfs's type that moved to the VFS
  FICLONERANGE: { in: cloneRange },
  FIDEDUPERANGE: dedupeRange,
  FS_IOC_GETFSLABEL: { out: fsLabel }, FS_IOC_SETFSLABEL: { in: fsLabel },
};
