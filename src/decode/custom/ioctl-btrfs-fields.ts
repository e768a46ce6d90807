// The values btrfs ioctl structs share, as strace's btrfs decoder prints them: object ids and key types by name
// (decimal otherwise), UINT64_MAX by name, uuids, feature flags, quota group limits, balance arguments, and the
// data containers INO_PATHS and LOGICAL_INO fill.
import { int, ptr, sym, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { cString, PATH_MAX } from '../args/strings.js';
import type { CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import { devValue, styledValue, timeComment, withComment } from '../structs/read.js';
import { styled } from '../xlat.js';
import { derefView, flagsOf, nameOf, xv } from './util.js';

type Fields = [string, Value][];
const MAX_U64 = (1n << 64n) - 1n;

export const u64At = (v: DataView, off: number): bigint => v.getBigUint64(off, true);

/** strace's PRINT_FIELD_U64: decimal, UINT64_MAX by name. */
export const u64Value = (n: bigint): Value => (n === MAX_U64 ? styledValue(int(n), 'UINT64_MAX') : int(n));

/** printxval_u with no default: the name from `table` (styled by -X), else the number in decimal. */
export function decimalNameText(table: string, n: number | bigint): string {
  const name = nameOf(table, n);
  return name === undefined ? String(n) : styled(String(n), name);
}
const decimalName = (table: string, n: number | bigint): Value => sym(decimalNameText(table, n));

/** A tree or object id (btrfs_tree_objectids). */
export const objectId = (n: bigint): Value => decimalName('btrfs_tree_objectids', n);
/** An item key type (btrfs_key_types). */
export const keyType = (n: number): Value => decimalName('btrfs_key_types', n);
/** A device id: strace prints it as a dev_t (PRINT_FIELD_DEV). */
export const devId = (v: DataView, off: number): Value => devValue(u64At(v, off));

/** strace's print_uuid: 16 bytes as 8-4-4-4-12 hex digits, unquoted. */
export function uuidValue(v: DataView, off: number): Value {
  const hex = Array.from({ length: 16 }, (_, i) =>
    v
      .getUint8(off + i)
      .toString(16)
      .padStart(2, '0'),
  );
  const groups = [hex.slice(0, 4), hex.slice(4, 6), hex.slice(6, 8), hex.slice(8, 10), hex.slice(10)];
  return sym(groups.map((g) => g.join('')).join('-'));
}

export const isZero = (v: DataView, off: number, size: number): boolean => {
  for (let i = 0; i < size; i++) if (v.getUint8(off + i) !== 0) return false;
  return true;
};

const FEATURES = STRUCTS.btrfs_ioctl_feature_flags;

/** struct btrfs_ioctl_feature_flags at `base`. */
export function features(v: DataView, base: number): Value {
  const f = FEATURES.fields;
  // strace 6.1 names no compat flag: every set bit prints as unknown
  const compat = u64At(v, base + f.compat_flags.off);
  return {
    k: 'struct',
    fields: [
      ['compat_flags', flagsOf('btrfs_features_compat', compat)],
      ['compat_ro_flags', flagsOf('btrfs_features_compat_ro', u64At(v, base + f.compat_ro_flags.off))],
      ['incompat_flags', flagsOf('btrfs_features_incompat', u64At(v, base + f.incompat_flags.off))],
    ],
  };
}
export const FEATURES_SIZE = FEATURES.size;

const LIMIT = STRUCTS.btrfs_qgroup_limit.fields;

/** struct btrfs_qgroup_limit at `base`. */
export function qgroupLimit(v: DataView, base: number): Value {
  return {
    k: 'struct',
    fields: [
      ['flags', flagsOf('btrfs_qgroup_limit_flags', u64At(v, base + LIMIT.flags.off))],
      ['max_rfer', int(u64At(v, base + LIMIT.max_rfer.off))],
      ['max_excl', int(u64At(v, base + LIMIT.max_excl.off))],
      ['rsv_rfer', int(u64At(v, base + LIMIT.rsv_rfer.off))],
      ['rsv_excl', int(u64At(v, base + LIMIT.rsv_excl.off))],
    ],
  };
}

const INHERIT = STRUCTS.btrfs_qgroup_inherit;

/** struct btrfs_qgroup_inherit behind a pointer: its counts and limits, then (with -v) the qgroup ids. */
export function qgroupInherit(c: CallContext, addr: bigint): Value {
  const v = derefView(c, addr, INHERIT.size);
  if (!v) return ptr(addr);
  const f = INHERIT.fields;
  const count = u64At(v, f.num_qgroups.off);
  const fields: Fields = [
    ['flags', flagsOf('btrfs_qgroup_inherit_flags', u64At(v, f.flags.off))],
    ['num_qgroups', int(count)],
    ['num_ref_copies', int(u64At(v, f.num_ref_copies.off))],
    ['num_excl_copies', int(u64At(v, f.num_excl_copies.off))],
    ['lim', qgroupLimit(v, f.lim.off)],
  ];
  if (!c.opts.verbose) return { k: 'struct', fields, more: true };
  const ids = memArray(c, addr + BigInt(f.qgroups.off), count, 8, (d, o) => int(u64At(d, o)));
  return { k: 'struct', fields: [...fields, ['qgroups', ids]] };
}

const ARGS = STRUCTS.btrfs_balance_args.fields;

/** struct btrfs_balance_args at `base`. */
function balanceArgs(v: DataView, base: number): Value {
  const u = (off: number) => u64At(v, base + off);
  return {
    k: 'struct',
    fields: [
      ['profiles', flagsOf('btrfs_space_info_flags', u(ARGS.profiles.off))],
      ['usage', u64Value(u(ARGS.usage.off))],
      ['devid', devId(v, base + ARGS.devid.off)],
      ['pstart', u64Value(u(ARGS.pstart.off))],
      ['pend', u64Value(u(ARGS.pend.off))],
      ['vstart', u64Value(u(ARGS.vstart.off))],
      ['vend', u64Value(u(ARGS.vend.off))],
      ['target', u64Value(u(ARGS.target.off))],
      ['flags', flagsOf('btrfs_balance_args', u(ARGS.flags.off))],
    ],
  };
}

const BALANCE = STRUCTS.btrfs_ioctl_balance_args;

/** struct btrfs_ioctl_balance_args: the flags, the state the kernel reports (`out`), each selected group's args. */
export function balance(c: CallContext, addr: bigint, out: boolean): Value {
  const v = derefView(c, addr, BALANCE.size);
  if (!v) return ptr(addr);
  const f = BALANCE.fields;
  const flags = u64At(v, f.flags.off);
  const fields: Fields = [['flags', flagsOf('btrfs_balance_flags', flags)]];
  if (out) fields.push(['state', flagsOf('btrfs_balance_state', u64At(v, f.state.off))]);
  const groups = [
    ['data', 'BTRFS_BALANCE_DATA', f.data.off],
    ['meta', 'BTRFS_BALANCE_METADATA', f.meta.off],
    ['sys', 'BTRFS_BALANCE_SYSTEM', f.sys.off],
  ] as const;
  for (const [name, bit, off] of groups)
    if (flags & BigInt(xv('btrfs_balance_flags', bit))) fields.push([name, balanceArgs(v, off)]);
  return { k: 'struct', fields };
}

const TIMESPEC = STRUCTS.btrfs_ioctl_timespec.fields;

/** struct btrfs_ioctl_timespec at `base`, followed by its date. */
export function btrfsTime(v: DataView, base: number): Value {
  const sec = u64At(v, base + TIMESPEC.sec.off);
  const nsec = v.getUint32(base + TIMESPEC.nsec.off, true);
  const value: Value = {
    k: 'struct',
    fields: [
      ['sec', int(sec)],
      ['nsec', int(nsec)],
    ],
  };
  return withComment(value, timeComment(BigInt.asIntN(64, sec), BigInt(nsec), 999_999_999n, 9));
}

const CONTAINER = STRUCTS.btrfs_data_container;

/**
 * struct btrfs_data_container the kernel filled: its counts, then `...` without -v, else the values (`record`:
 * LOGICAL_INO's inum/offset/root triples; INO_PATHS' path offsets, each a path read from the values' start).
 */
export function dataContainer(c: CallContext, addr: bigint, paths: boolean): Value {
  const v = derefView(c, addr, CONTAINER.size);
  if (!v) return ptr(addr);
  const f = CONTAINER.fields;
  const count = v.getUint32(f.elem_cnt.off, true);
  const fields: Fields = [
    ['bytes_left', int(v.getUint32(f.bytes_left.off, true))],
    ['bytes_missing', int(v.getUint32(f.bytes_missing.off, true))],
    ['elem_cnt', int(count)],
    ['elem_missed', int(v.getUint32(f.elem_missed.off, true))],
  ];
  if (!c.opts.verbose) return { k: 'struct', fields, more: true };
  const values = addr + BigInt(f.val.off);
  const val = paths
    ? memArray(c, values, count, 8, (d, o) => cString(c, values + u64At(d, o), PATH_MAX - 1))
    : memArray(c, values, Math.floor(count / 3), 24, (d, o) => ({
        k: 'struct',
        fields: [
          ['inum', int(u64At(d, o))],
          ['offset', int(u64At(d, o + 8))],
          ['root', int(u64At(d, o + 16))],
        ],
      }));
  return { k: 'struct', fields: [...fields, ['val', val]] };
}
