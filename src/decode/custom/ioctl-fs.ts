// ioctl requests of the 'X' and 'f' families with a struct argument, as strace's fs_x_ioctl and fs_f_ioctl print
// them: FITRIM's range, FS_IOC_FS[GS]ETXATTR's fsxattr, FS_IOC_FIEMAP's request and the extents the kernel mapped.
import { int, ptr, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import { inStruct, type Layout, layoutValue, outStruct, readLayout, type Shape } from './ioctl-shape.js';
import { flagsOf, view } from './util.js';

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

// biome-ignore format: one request per line
export const FS_SHAPES: Readonly<Record<string, Shape>> = {
  FITRIM: inStruct(FSTRIM_RANGE),
  FS_IOC_FSGETXATTR: outStruct(FSXATTR_GET),
  FS_IOC_FSSETXATTR: inStruct(FSXATTR_SET),
  FS_IOC_FIEMAP: { changes: { in: (c, a) => readLayout(c, a, FIEMAP_IN), out: fiemapOut } },
};
