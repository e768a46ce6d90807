// btrfs ioctl requests (linux/btrfs.h, type 0x94), as strace's btrfs_ioctl prints them: what each passes in at
// entry and, for the read-write ones, what the kernel wrote back (` => {...}`) when the call succeeded.
import { int, ptr, type Value } from '../../model/value.js';
import { errnoByName } from '../../tables/errnos.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { fdValue } from '../args/fds.js';
import type { CallContext } from '../context.js';
import { localArray, MORE, memArray } from '../structs/array.js';
import { charArray, epochSeconds, withComment, xint } from '../structs/read.js';
import {
  balance,
  btrfsTime,
  dataContainer,
  decimalNameText,
  devId,
  FEATURES_SIZE,
  features,
  isZero,
  keyType,
  objectId,
  qgroupInherit,
  qgroupLimit,
  u64At,
  u64Value,
  uuidValue,
} from './ioctl-btrfs-fields.js';
import type { Shape } from './ioctl-shape.js';
import { derefIndirect, derefView, enumOf, flagsOf, readU64, xv } from './util.js';

type Fields = [string, Value][];
const struct = (fields: Fields, more = false): Value => ({ k: 'struct', fields, ...(more && { more }) });
/** An fd kept in a 64-bit field: the kernel and strace's printfd read its low 32 bits as an int. */
const fd64 = (c: CallContext, v: DataView, off: number): Value => fdValue(c, v.getInt32(off, true));

/** Reads `size` bytes at `addr` and prints them, or the address (strace's umove_or_printaddr). */
const readWith =
  (size: number, print: (c: CallContext, v: DataView, addr: bigint) => Value) =>
  (c: CallContext, addr: bigint): Value => {
    const v = derefView(c, addr, size);
    return v ? print(c, v, addr) : ptr(addr);
  };

/** A request whose struct prints at entry, and (when it succeeded) again at exit as the kernel left it. */
const changes = (
  size: number,
  entry: (c: CallContext, v: DataView, addr: bigint) => Value,
  exit: (c: CallContext, v: DataView, addr: bigint) => Value,
): Shape => ({ changes: { in: readWith(size, entry), out: readWith(size, exit) } });

const VOL = STRUCTS.btrfs_ioctl_vol_args;
const volArgs: Shape = {
  in: readWith(VOL.size, (c, v) =>
    struct([
      ['fd', fd64(c, v, VOL.fields.fd.off)],
      ['name', charArray(v, VOL.fields.name.off, VOL.fields.name.count)],
    ]),
  ),
};

const VOL2 = STRUCTS.btrfs_ioctl_vol_args_v2;
const volArgsV2 = changes(
  VOL2.size,
  (c, v) => {
    const f = VOL2.fields;
    const flags = u64At(v, f.flags.off);
    const fields: Fields = [
      ['fd', fd64(c, v, f.fd.off)],
      ['flags', flagsOf('btrfs_snap_flags_v2', flags)],
    ];
    if (flags & BigInt(xv('btrfs_snap_flags_v2', 'BTRFS_SUBVOL_QGROUP_INHERIT')))
      fields.push(
        ['size', int(u64At(v, f.size.off))],
        ['qgroup_inherit', qgroupInherit(c, u64At(v, f.qgroup_inherit.off))],
      );
    fields.push(['name', charArray(v, f.name.off, f.name.count)]);
    return struct(fields);
  },
  (_c, v) => struct([['transid', int(u64At(v, VOL2.fields.transid.off))]]),
);

const u64Arg: Shape = { in: (c, a) => derefIndirect(c, a, 8, readU64) };
const subvolFlags = readWith(8, (_c, v) => flagsOf('btrfs_snap_flags_v2', u64At(v, 0)));

const DEFRAG = STRUCTS.btrfs_ioctl_defrag_range_args;
const defragRange = readWith(DEFRAG.size, (_c, v) => {
  const f = DEFRAG.fields;
  return struct([
    ['start', int(u64At(v, f.start.off))],
    ['len', u64Value(u64At(v, f.len.off))],
    ['flags', flagsOf('btrfs_defrag_flags', u64At(v, f.flags.off))],
    ['extent_thresh', int(v.getUint32(f.extent_thresh.off, true))],
    ['compress_type', enumOf('btrfs_compress_types', v.getUint32(f.compress_type.off, true))],
  ]);
});

const DEV_INFO = STRUCTS.btrfs_ioctl_dev_info_args;
const devInfo = changes(
  DEV_INFO.size,
  (_c, v) => {
    const f = DEV_INFO.fields;
    const fields: Fields = [['devid', devId(v, f.devid.off)]];
    if (!isZero(v, f.uuid.off, f.uuid.count)) fields.push(['uuid', uuidValue(v, f.uuid.off)]);
    return struct(fields);
  },
  (_c, v) => {
    const f = DEV_INFO.fields;
    const fields: Fields = isZero(v, f.uuid.off, f.uuid.count) ? [] : [['uuid', uuidValue(v, f.uuid.off)]];
    fields.push(
      ['bytes_used', int(u64At(v, f.bytes_used.off))],
      ['total_bytes', int(u64At(v, f.total_bytes.off))],
      ['path', charArray(v, f.path.off, f.path.count)],
    );
    return struct(fields);
  },
);

const REPLACE = STRUCTS.btrfs_ioctl_dev_replace_args;
const START = STRUCTS.btrfs_ioctl_dev_replace_start_params.fields;
const STATUS = STRUCTS.btrfs_ioctl_dev_replace_status_params.fields;
const replaceCmd = (v: DataView): bigint => u64At(v, REPLACE.fields.cmd.off);

/** The status's progress in per mille, with its percentage when it is one. */
function progress(n: bigint): Value {
  return withComment(int(n), n <= 1000n ? `${n / 10n}.${n % 10n}%` : undefined);
}

const devReplace = changes(
  REPLACE.size,
  (_c, v) => {
    const fields: Fields = [['cmd', enumOf('btrfs_dev_replace_cmds', replaceCmd(v))]];
    if (replaceCmd(v) === BigInt(xv('btrfs_dev_replace_cmds', 'BTRFS_IOCTL_DEV_REPLACE_CMD_START'))) {
      const b = REPLACE.fields.start.off;
      const mode = u64At(v, b + START.cont_reading_from_srcdev_mode.off);
      fields.push([
        'start',
        struct([
          ['srcdevid', devId(v, b + START.srcdevid.off)],
          ['cont_reading_from_srcdev_mode', enumOf('btrfs_cont_reading_from_srcdev_mode', mode)],
          ['srcdev_name', charArray(v, b + START.srcdev_name.off, START.srcdev_name.count)],
          ['tgtdev_name', charArray(v, b + START.tgtdev_name.off, START.tgtdev_name.count)],
        ]),
      ]);
    }
    return struct(fields);
  },
  (_c, v) => {
    const fields: Fields = [
      ['result', enumOf('btrfs_dev_replace_results', u64At(v, REPLACE.fields.result.off))],
    ];
    if (replaceCmd(v) === BigInt(xv('btrfs_dev_replace_cmds', 'BTRFS_IOCTL_DEV_REPLACE_CMD_STATUS'))) {
      const b = REPLACE.fields.status.off;
      const u = (off: number) => u64At(v, b + off);
      fields.push([
        'status',
        struct([
          ['replace_state', enumOf('btrfs_dev_replace_state', u(STATUS.replace_state.off))],
          ['progress_1000', progress(u(STATUS.progress_1000.off))],
          ['time_started', epochSeconds(u(STATUS.time_started.off))],
          ['time_stopped', epochSeconds(u(STATUS.time_stopped.off))],
          ['num_write_errors', int(u(STATUS.num_write_errors.off))],
          ['num_uncorrectable_read_errors', int(u(STATUS.num_uncorrectable_read_errors.off))],
        ]),
      ]);
    }
    return struct(fields);
  },
);

/** SET_FEATURES' pair (the flags to set, the mask) and GET_SUPPORTED_FEATURES' three sets, each commented. */
const featureArray = (n: number, comments?: readonly string[]) =>
  readWith(FEATURES_SIZE * n, (_c, v) => ({
    k: 'array',
    items: Array.from({ length: n }, (_, i) => {
      const item = features(v, i * FEATURES_SIZE);
      const comment = comments?.[i];
      return comment ? withComment(item, comment) : item;
    }),
  }));

const FS_INFO = STRUCTS.btrfs_ioctl_fs_info_args;
const fsInfo = readWith(FS_INFO.size, (_c, v) => {
  const f = FS_INFO.fields;
  const flags = u64At(v, f.flags.off);
  const has = (name: string): boolean => (flags & BigInt(xv('btrfs_fs_info_flags', name))) !== 0n;
  const fields: Fields = [
    ['max_id', int(u64At(v, f.max_id.off))],
    ['num_devices', int(u64At(v, f.num_devices.off))],
    ['fsid', uuidValue(v, f.fsid.off)],
    ['nodesize', int(v.getUint32(f.nodesize.off, true))],
    ['sectorsize', int(v.getUint32(f.sectorsize.off, true))],
    ['clone_alignment', int(v.getUint32(f.clone_alignment.off, true))],
  ];
  if (has('BTRFS_FS_INFO_FLAG_CSUM_INFO'))
    fields.push(
      ['csum_type', enumOf('btrfs_csum_types', v.getUint16(f.csum_type.off, true))],
      ['csum_size', int(v.getUint16(f.csum_size.off, true))],
    );
  fields.push(['flags', flagsOf('btrfs_fs_info_flags', flags)]);
  if (has('BTRFS_FS_INFO_FLAG_GENERATION')) fields.push(['generation', int(u64At(v, f.generation.off))]);
  if (has('BTRFS_FS_INFO_FLAG_METADATA_UUID'))
    fields.push(['metadata_uuid', uuidValue(v, f.metadata_uuid.off)]);
  return struct(fields);
});

const STATS = STRUCTS.btrfs_ioctl_get_dev_stats;
const devStats = changes(
  STATS.size,
  (_c, v) =>
    struct([
      ['devid', devId(v, STATS.fields.devid.off)],
      ['nr_items', int(u64At(v, STATS.fields.nr_items.off))],
      ['flags', flagsOf('btrfs_dev_stats_flags', u64At(v, STATS.fields.flags.off))],
    ]),
  (_c, v) => {
    const f = STATS.fields;
    const n = u64At(v, f.nr_items.off);
    const items: Value[] = [];
    // the struct holds f.values.count values: past them strace stops with `...`
    for (let i = 0; BigInt(i) < n; i++) {
      if (i >= f.values.count) {
        items.push(MORE);
        break;
      }
      const index = decimalNameText('btrfs_dev_stats_values', i);
      items.push({ k: 'named', name: `[${index}]`, value: int(u64At(v, f.values.off + 8 * i)) });
    }
    return struct([
      ['nr_items', int(n)],
      ['flags', flagsOf('btrfs_dev_stats_flags', u64At(v, f.flags.off))],
      ['', { k: 'array', items }],
    ]);
  },
);

const LOOKUP = STRUCTS.btrfs_ioctl_ino_lookup_args;
/** INO_LOOKUP with tree id 0 looks in the fd's own subvolume: the kernel's answer then names it. */
const lookupOwnTree = new WeakMap<CallContext, boolean>();
const inoLookup = changes(
  LOOKUP.size,
  (c, v) => {
    const treeid = u64At(v, LOOKUP.fields.treeid.off);
    lookupOwnTree.set(c, treeid === 0n);
    return struct([
      ['treeid', objectId(treeid)],
      ['objectid', objectId(u64At(v, LOOKUP.fields.objectid.off))],
    ]);
  },
  (c, v) => {
    const f = LOOKUP.fields;
    const fields: Fields = lookupOwnTree.get(c) ? [['treeid', objectId(u64At(v, f.treeid.off))]] : [];
    fields.push(['name', charArray(v, f.name.off, f.name.count)]);
    return struct(fields);
  },
);

const PATHS = STRUCTS.btrfs_ioctl_ino_path_args.fields;
const inoPaths = changes(
  STRUCTS.btrfs_ioctl_ino_path_args.size,
  (_c, v) =>
    struct([
      ['inum', int(u64At(v, PATHS.inum.off))],
      ['size', int(u64At(v, PATHS.size.off))],
      ['fspath', ptr(u64At(v, PATHS.fspath.off))],
    ]),
  (c, v) => struct([['fspath', dataContainer(c, u64At(v, PATHS.fspath.off), true)]]),
);

const LOGICAL = STRUCTS.btrfs_ioctl_logical_ino_args.fields;
const logicalIno = changes(
  STRUCTS.btrfs_ioctl_logical_ino_args.size,
  (c, v) => {
    const fields: Fields = [
      ['logical', int(u64At(v, LOGICAL.logical.off))],
      ['size', int(u64At(v, LOGICAL.size.off))],
    ];
    const r = LOGICAL.reserved;
    if (!isZero(v, r.off, r.count * 8))
      fields.push([
        'reserved',
        localArray(c, new DataView(v.buffer, v.byteOffset + r.off, r.count * 8), r.count, 8, (d, o) =>
          xint(u64At(d, o)),
        ),
      ]);
    fields.push(
      ['flags', flagsOf('btrfs_logical_ino_args_flags', u64At(v, LOGICAL.flags.off))],
      ['inodes', ptr(u64At(v, LOGICAL.inodes.off))],
    );
    return struct(fields);
  },
  (c, v) => struct([['inodes', dataContainer(c, u64At(v, LOGICAL.inodes.off), false)]]),
);

const ASSIGN = STRUCTS.btrfs_ioctl_qgroup_assign_args.fields;
const CREATE = STRUCTS.btrfs_ioctl_qgroup_create_args.fields;
const LIMIT_ARGS = STRUCTS.btrfs_ioctl_qgroup_limit_args.fields;
const RESCAN = STRUCTS.btrfs_ioctl_quota_rescan_args.fields;
const qgroupAssign = readWith(STRUCTS.btrfs_ioctl_qgroup_assign_args.size, (_c, v) =>
  struct([
    ['assign', int(u64At(v, ASSIGN.assign.off))],
    ['src', int(u64At(v, ASSIGN.src.off))],
    ['dst', int(u64At(v, ASSIGN.dst.off))],
  ]),
);
const qgroupCreate = readWith(STRUCTS.btrfs_ioctl_qgroup_create_args.size, (_c, v) =>
  struct([
    ['create', int(u64At(v, CREATE.create.off))],
    ['qgroupid', int(u64At(v, CREATE.qgroupid.off))],
  ]),
);
const qgroupLimitArgs = readWith(STRUCTS.btrfs_ioctl_qgroup_limit_args.size, (_c, v) =>
  struct([
    ['qgroupid', int(u64At(v, LIMIT_ARGS.qgroupid.off))],
    ['lim', qgroupLimit(v, LIMIT_ARGS.lim.off)],
  ]),
);
const quotaCtl = readWith(STRUCTS.btrfs_ioctl_quota_ctl_args.size, (_c, v) =>
  struct([
    ['cmd', enumOf('btrfs_qgroup_ctl_cmds', u64At(v, STRUCTS.btrfs_ioctl_quota_ctl_args.fields.cmd.off))],
  ]),
);
const RESCAN_SIZE = STRUCTS.btrfs_ioctl_quota_rescan_args.size;
const quotaRescan = readWith(RESCAN_SIZE, (_c, v) => struct([['flags', int(u64At(v, RESCAN.flags.off))]]));
const quotaRescanStatus = readWith(RESCAN_SIZE, (_c, v) =>
  struct([
    ['flags', int(u64At(v, RESCAN.flags.off))],
    ['progress', objectId(u64At(v, RESCAN.progress.off))],
  ]),
);

const RECEIVED = STRUCTS.btrfs_ioctl_received_subvol_args;
const receivedSubvol = changes(
  RECEIVED.size,
  (_c, v) => {
    const f = RECEIVED.fields;
    return struct([
      ['uuid', uuidValue(v, f.uuid.off)],
      ['stransid', int(u64At(v, f.stransid.off))],
      ['stime', btrfsTime(v, f.stime.off)],
      ['flags', int(u64At(v, f.flags.off))],
    ]);
  },
  (_c, v) =>
    struct([
      ['rtransid', int(u64At(v, RECEIVED.fields.rtransid.off))],
      ['rtime', btrfsTime(v, RECEIVED.fields.rtime.off)],
    ]),
);

const SCRUB = STRUCTS.btrfs_ioctl_scrub_args;
const PROGRESS = STRUCTS.btrfs_scrub_progress;
const scrub = (full: boolean): Shape =>
  changes(
    SCRUB.size,
    (_c, v) => {
      const f = SCRUB.fields;
      const fields: Fields = [['devid', devId(v, f.devid.off)]];
      if (full)
        fields.push(
          ['start', int(u64At(v, f.start.off))],
          ['end', u64Value(u64At(v, f.end.off))],
          ['flags', flagsOf('btrfs_scrub_flags', u64At(v, f.flags.off))],
        );
      return struct(fields);
    },
    // struct btrfs_scrub_progress: every field a __u64 counter, in the header's order
    (_c, v) => {
      const base = SCRUB.fields.progress.off;
      const counters = Object.entries(PROGRESS.fields).map(
        ([name, f]) => [name, int(u64At(v, base + f.off))] as [string, Value],
      );
      return struct([['progress', struct(counters)]]);
    },
  );

const KEY = STRUCTS.btrfs_ioctl_search_key;
const HEADER = STRUCTS.btrfs_ioctl_search_header;

/** struct btrfs_ioctl_search_key: the whole query at entry (the default object id bounds only with -v). */
function searchKey(c: CallContext, v: DataView): Value {
  const f = KEY.fields;
  const u = (off: number) => u64At(v, off);
  const fields: Fields = [['tree_id', objectId(u(f.tree_id.off))]];
  const min = u(f.min_objectid.off);
  const max = u(f.max_objectid.off);
  if (min !== BigInt(xv('btrfs_tree_objectids', 'BTRFS_FIRST_FREE_OBJECTID')) || c.opts.verbose)
    fields.push(['min_objectid', objectId(min)]);
  if (
    max !== BigInt.asUintN(64, BigInt(xv('btrfs_tree_objectids', 'BTRFS_LAST_FREE_OBJECTID'))) ||
    c.opts.verbose
  )
    fields.push(['max_objectid', objectId(max)]);
  fields.push(
    ['min_offset', u64Value(u(f.min_offset.off))],
    ['max_offset', u64Value(u(f.max_offset.off))],
    ['min_transid', u64Value(u(f.min_transid.off))],
    ['max_transid', u64Value(u(f.max_transid.off))],
    ['min_type', keyType(v.getUint32(f.min_type.off, true))],
    ['max_type', keyType(v.getUint32(f.max_type.off, true))],
    ['nr_items', int(v.getUint32(f.nr_items.off, true))],
  );
  return struct(fields);
}

/** The items the search found: `...` without -v, else each item's header (its data skipped by its length). */
function searchBuf(c: CallContext, addr: bigint, bufSize: bigint, items: number): Value {
  if (!c.opts.verbose) return MORE;
  const out: Value[] = [];
  let off = 0n;
  for (let i = 0; i < items; i++) {
    if (off + BigInt(HEADER.size) > bufSize || i > c.opts.strsize) {
      out.push(MORE);
      break;
    }
    const h = derefView(c, addr + off, HEADER.size);
    if (!h) {
      out.push({ k: 'text', text: `... /* 0x${(addr + off).toString(16)} */` });
      break;
    }
    const f = HEADER.fields;
    out.push(
      struct([
        ['transid', int(u64At(h, f.transid.off))],
        ['objectid', objectId(u64At(h, f.objectid.off))],
        ['offset', int(u64At(h, f.offset.off))],
        ['type', keyType(h.getUint32(f.type.off, true))],
        ['len', int(h.getUint32(f.len.off, true))],
      ]),
    );
    off += BigInt(HEADER.size) + BigInt(h.getUint32(f.len.off, true));
  }
  return { k: 'array', items: out };
}

const SEARCH_BUF_SIZE = STRUCTS.btrfs_ioctl_search_args.fields.buf.count;
const treeSearch: Shape = changes(
  KEY.size,
  (c, v) => struct([['key', searchKey(c, v)]]),
  (c, v, a) => {
    const items = v.getUint32(KEY.fields.nr_items.off, true);
    const buf = searchBuf(
      c,
      a + BigInt(STRUCTS.btrfs_ioctl_search_args.fields.buf.off),
      BigInt(SEARCH_BUF_SIZE),
      items,
    );
    return struct([['key', struct([['nr_items', int(items)]])], buf === MORE ? ['', MORE] : ['buf', buf]]);
  },
);

const V2 = STRUCTS.btrfs_ioctl_search_args_v2;
const EOVERFLOW = errnoByName('EOVERFLOW')?.value;
const treeSearchV2: Shape = {
  changes: {
    in: readWith(V2.size, (c, v) =>
      struct([
        ['key', searchKey(c, v)],
        ['buf_size', int(u64At(v, V2.fields.buf_size.off))],
      ]),
    ),
    out: readWith(V2.size, (c, v, a) => {
      const size = u64At(v, V2.fields.buf_size.off);
      // EOVERFLOW: the buffer was too small, and buf_size says how large it must be
      if (c.failed) return struct([['buf_size', int(size)]]);
      const items = v.getUint32(KEY.fields.nr_items.off, true);
      const buf = searchBuf(c, a + BigInt(V2.fields.buf.off), size, items);
      return struct([
        ['key', struct([['nr_items', int(items)]])],
        ['buf_size', int(size)],
        buf === MORE ? ['', MORE] : ['buf', buf],
      ]);
    }),
    failedToo: (c) =>
      EOVERFLOW !== undefined && c.ret !== undefined && -BigInt.asIntN(64, c.ret) === BigInt(EOVERFLOW),
  },
};

const SEND = STRUCTS.btrfs_ioctl_send_args;
const send = readWith(SEND.size, (c, v) => {
  const f = SEND.fields;
  const count = u64At(v, f.clone_sources_count.off);
  const sources = u64At(v, f.clone_sources.off);
  return struct([
    ['send_fd', fd64(c, v, f.send_fd.off)],
    ['clone_sources_count', int(count)],
    [
      'clone_sources',
      c.opts.verbose ? memArray(c, sources, count, 8, (d, o) => objectId(u64At(d, o))) : ptr(sources),
    ],
    ['parent_root', objectId(u64At(v, f.parent_root.off))],
    ['flags', flagsOf('btrfs_send_flags', u64At(v, f.flags.off))],
  ]);
});

const SPACE = STRUCTS.btrfs_ioctl_space_args;
const SPACE_INFO = STRUCTS.btrfs_ioctl_space_info;
const spaceInfo = changes(
  SPACE.size,
  (_c, v) => struct([['space_slots', int(u64At(v, SPACE.fields.space_slots.off))]]),
  (c, v, a) => {
    const total = u64At(v, SPACE.fields.total_spaces.off);
    const fields: Fields = [['total_spaces', int(total)]];
    // a query for the count alone (no slots) gets the count alone
    if (u64At(v, SPACE.fields.space_slots.off) === 0n && total !== 0n) return struct(fields);
    if (!c.opts.verbose) return struct(fields, true);
    const f = SPACE_INFO.fields;
    const spaces = memArray(c, a + BigInt(SPACE.fields.spaces.off), total, SPACE_INFO.size, (d, o) =>
      struct([
        ['flags', flagsOf('btrfs_space_info_flags', u64At(d, o + f.flags.off))],
        ['total_bytes', int(u64At(d, o + f.total_bytes.off))],
        ['used_bytes', int(u64At(d, o + f.used_bytes.off))],
      ]),
    );
    return struct([...fields, ['spaces', spaces]]);
  },
);

const NO_ARG: Shape = { none: true };

// biome-ignore format: one family of requests per line
export const BTRFS_SHAPES: Readonly<Record<string, Shape>> = {
  BTRFS_IOC_TRANS_START: NO_ARG, BTRFS_IOC_TRANS_END: NO_ARG, BTRFS_IOC_SYNC: NO_ARG,
  BTRFS_IOC_SCRUB_CANCEL: NO_ARG, BTRFS_IOC_QUOTA_RESCAN_WAIT: NO_ARG, BTRFS_IOC_DEFRAG: NO_ARG,
  BTRFS_IOC_BALANCE: NO_ARG,
  BTRFS_IOC_BALANCE_CTL: { in: (_c, a) => enumOf('btrfs_balance_ctl_cmds', a) },
  BTRFS_IOC_START_SYNC: { out: (c, a) => derefIndirect(c, a, 8, readU64) },
  BTRFS_IOC_DEFAULT_SUBVOL: u64Arg, BTRFS_IOC_WAIT_SYNC: u64Arg,
  BTRFS_IOC_SUBVOL_GETFLAGS: { out: subvolFlags }, BTRFS_IOC_SUBVOL_SETFLAGS: { in: subvolFlags },
  BTRFS_IOC_BALANCE_V2: { changes: { in: (c, a) => balance(c, a, false), out: (c, a) => balance(c, a, true) } },
  BTRFS_IOC_BALANCE_PROGRESS: { out: (c, a) => balance(c, a, true) },
  BTRFS_IOC_DEFRAG_RANGE: { in: defragRange },
  BTRFS_IOC_DEV_INFO: devInfo, BTRFS_IOC_DEV_REPLACE: devReplace,
  BTRFS_IOC_GET_FEATURES: { out: readWith(FEATURES_SIZE, (_c, v) => features(v, 0)) },
  BTRFS_IOC_SET_FEATURES: { in: featureArray(2) },
  BTRFS_IOC_GET_SUPPORTED_FEATURES: { out: featureArray(3, ['supported', 'safe to set', 'safe to clear']) },
  BTRFS_IOC_FS_INFO: { out: fsInfo },
  BTRFS_IOC_GET_DEV_STATS: devStats,
  BTRFS_IOC_INO_LOOKUP: inoLookup, BTRFS_IOC_INO_PATHS: inoPaths, BTRFS_IOC_LOGICAL_INO: logicalIno,
  BTRFS_IOC_QGROUP_ASSIGN: { in: qgroupAssign }, BTRFS_IOC_QGROUP_CREATE: { in: qgroupCreate },
  BTRFS_IOC_QGROUP_LIMIT: { out: qgroupLimitArgs },
  BTRFS_IOC_QUOTA_CTL: { in: quotaCtl }, BTRFS_IOC_QUOTA_RESCAN: { in: quotaRescan },
  BTRFS_IOC_QUOTA_RESCAN_STATUS: { out: quotaRescanStatus },
  BTRFS_IOC_SET_RECEIVED_SUBVOL: receivedSubvol,
  BTRFS_IOC_SCRUB: scrub(true), BTRFS_IOC_SCRUB_PROGRESS: scrub(false),
  BTRFS_IOC_TREE_SEARCH: treeSearch, BTRFS_IOC_TREE_SEARCH_V2: treeSearchV2,
  BTRFS_IOC_SEND: { in: send },
  BTRFS_IOC_SPACE_INFO: spaceInfo,
  BTRFS_IOC_SNAP_CREATE: volArgs, BTRFS_IOC_RESIZE: volArgs, BTRFS_IOC_SCAN_DEV: volArgs,
  BTRFS_IOC_FORGET_DEV: volArgs, BTRFS_IOC_ADD_DEV: volArgs, BTRFS_IOC_RM_DEV: volArgs,
  BTRFS_IOC_SUBVOL_CREATE: volArgs, BTRFS_IOC_SNAP_DESTROY: volArgs, BTRFS_IOC_DEVICES_READY: volArgs,
  BTRFS_IOC_SNAP_CREATE_V2: volArgsV2, BTRFS_IOC_SUBVOL_CREATE_V2: volArgsV2,
};
