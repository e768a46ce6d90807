// ioctl requests of a userfaultfd (linux/userfaultfd.h, type 0xaa), as strace's uffdio_ioctl prints them: the API
// handshake (features given, ` => features=` the kernel's when they differ, its ioctls), range registration and its
// ioctls, copy and zeropage with what they did, and the wake/unregister ranges.
import { ptr, text, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import type { CallContext } from '../context.js';
import { xint } from '../structs/read.js';
import { formatFlags, lookupXlat } from '../xlat.js';
import { bitNumberFlags, type Shape, type Staged } from './ioctl-shape.js';
import { flagsOf, view } from './util.js';

type Fields = (readonly [string, Value])[];
const API = STRUCTS.uffdio_api;
const RANGE = STRUCTS.uffdio_range;
const REGISTER = STRUCTS.uffdio_register;
const COPY = STRUCTS.uffdio_copy;
const ZEROPAGE = STRUCTS.uffdio_zeropage;

const xintText = (n: bigint): string => (n === 0n ? '0' : `0x${n.toString(16)}`);
const u64At = (v: DataView, off: number): bigint => v.getBigUint64(off, true);
const struct = (fields: Fields): Value => ({ k: 'struct', fields });
/** The ioctls a handshake or a registration allows: bit numbers named `1<<_UFFDIO_*`. */
const apiIoctls = bitNumberFlags('uffd_api_ioctl_bits', '<<', '_UFFDIO_???');
const rangeIoctls = bitNumberFlags('uffd_register_ioctl_bits', '<<', 'UFFDIO_???');

/** struct uffdio_range at `off`: start and len in hex. */
const range = (v: DataView, off: number): Value =>
  struct([
    ['start', xint(u64At(v, off + RANGE.fields.start.off))],
    ['len', xint(u64At(v, off + RANGE.fields.len.off))],
  ]);

/**
 * A request whose struct prints at entry (`entry`) and gains at exit, when the call worked, what the kernel wrote
 * (`exit`); an unreadable struct prints its address alone.
 */
function staged(
  size: number,
  entry: (v: DataView, c: CallContext) => Fields,
  exit: (v: DataView, fields: Fields, c: CallContext) => Fields,
): Shape {
  return {
    staged: {
      in: (c, a): Staged => {
        const v = view(c, a, size);
        return v ? { value: struct(entry(v, c)) } : { value: ptr(a), done: true };
      },
      out: (c: CallContext, a, before) => {
        const fields = before.value.k === 'struct' ? [...before.value.fields] : [];
        const v = c.failed ? undefined : view(c, a, size);
        return struct(v ? exit(v, fields, c) : fields);
      },
    },
  };
}

/** The features a UFFDIO_API caller asked for, kept from entry to tell whether the kernel changed them. */
const askedFeatures = new WeakMap<CallContext, bigint>();

/** UFFDIO_API: api and features at entry; at exit the features again when the kernel changed them, and ioctls. */
const api = staged(
  API.size,
  (v, c) => {
    askedFeatures.set(c, u64At(v, API.fields.features.off));
    return [
      ['api', xint(u64At(v, API.fields.api.off))],
      ['features', flagsOf('uffd_api_features', u64At(v, API.fields.features.off))],
    ];
  },
  (v, fields, c) => {
    const features = u64At(v, API.fields.features.off);
    const changed = askedFeatures.get(c) !== features;
    const table = lookupXlat('uffd_api_features');
    const now = `features=${table ? formatFlags(table, features) : xintText(features)}`;
    const out = fields.map(([n, val]): readonly [string, Value] =>
      n === 'features' && changed ? [n, { k: 'changed', before: val, after: text(now) }] : [n, val],
    );
    return [...out, ['ioctls', text(apiIoctls(u64At(v, API.fields.ioctls.off)))]];
  },
);

/** UFFDIO_UNREGISTER/UFFDIO_WAKE: the range, read at entry. */
const rangeIn: Shape = {
  in: (c, a) => {
    const v = view(c, a, RANGE.size);
    return v ? range(v, 0) : ptr(a);
  },
};

export const UFFDIO_SHAPES: Readonly<Record<string, Shape>> = {
  UFFDIO_API: api,
  UFFDIO_REGISTER: staged(
    REGISTER.size,
    (v) => [
      ['range', range(v, REGISTER.fields.range.off)],
      ['mode', flagsOf('uffd_register_mode_flags', u64At(v, REGISTER.fields.mode.off))],
    ],
    (v, fields) => [...fields, ['ioctls', text(rangeIoctls(u64At(v, REGISTER.fields.ioctls.off)))]],
  ),
  UFFDIO_COPY: staged(
    COPY.size,
    (v) => [
      ['dst', xint(u64At(v, COPY.fields.dst.off))],
      ['src', xint(u64At(v, COPY.fields.src.off))],
      ['len', xint(u64At(v, COPY.fields.len.off))],
      ['mode', flagsOf('uffd_copy_flags', u64At(v, COPY.fields.mode.off))],
    ],
    (v, fields) => [...fields, ['copy', xint(u64At(v, COPY.fields.copy.off))]],
  ),
  UFFDIO_ZEROPAGE: staged(
    ZEROPAGE.size,
    (v) => [
      ['range', range(v, ZEROPAGE.fields.range.off)],
      ['mode', flagsOf('uffd_zeropage_flags', u64At(v, ZEROPAGE.fields.mode.off))],
    ],
    (v, fields) => [...fields, ['zeropage', xint(u64At(v, ZEROPAGE.fields.zeropage.off))]],
  ),
  UFFDIO_UNREGISTER: rangeIn,
  UFFDIO_WAKE: rangeIn,
};
