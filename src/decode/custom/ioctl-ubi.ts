// UBI (unsorted block images) ioctls (mtd/ubi-user.h, types 'o' and 'O'), as strace's ubi_ioctl prints them: the
// attach, volume create/resize/rename and LEB requests, the new volume's or device's number the kernel writes back.
import { int, ptr, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import type { CallContext } from '../context.js';
import { localArray } from '../structs/array.js';
import { charArray, xint } from '../structs/read.js';
import type { Shape } from './ioctl-shape.js';
import { derefIndirect, derefView, enumOf, flagsOf, readInt } from './util.js';

type Fields = [string, Value][];
const struct = (fields: Fields): Value => ({ k: 'struct', fields });
const i32 = (v: DataView, off: number): Value => int(v.getInt32(off, true));
const i16 = (v: DataView, off: number): Value => int(v.getInt16(off, true));

const readWith =
  (size: number, print: (c: CallContext, v: DataView) => Value) =>
  (c: CallContext, addr: bigint): Value => {
    const v = derefView(c, addr, size);
    return v ? print(c, v) : ptr(addr);
  };

/** A name of `len` bytes in a char array of `size`: strace shows min(len, size - 1) + 1 bytes up to a NUL. */
const sizedName = (v: DataView, off: number, len: number, size: number): Value =>
  charArray(v, off, 1 + Math.min(Math.max(len, 0), size - 1));

/** A request whose struct prints at entry, then ` => [N]` (the number the kernel assigned) after a success. */
const numbered = (entry: (c: CallContext, a: bigint) => Value): Shape => ({
  changes: { in: entry, out: (c, a) => derefIndirect(c, a, 4, readInt) },
});

const ATTACH = STRUCTS.ubi_attach_req.fields;
const attach = readWith(STRUCTS.ubi_attach_req.size, (_c, v) =>
  struct([
    ['ubi_num', i32(v, ATTACH.ubi_num.off)],
    ['mtd_num', i32(v, ATTACH.mtd_num.off)],
    ['vid_hdr_offset', i32(v, ATTACH.vid_hdr_offset.off)],
    ['max_beb_per1024', i16(v, ATTACH.max_beb_per1024.off)],
  ]),
);

const MKVOL = STRUCTS.ubi_mkvol_req.fields;
const mkvol = readWith(STRUCTS.ubi_mkvol_req.size, (_c, v) => {
  const len = v.getInt16(MKVOL.name_len.off, true);
  return struct([
    ['vol_id', i32(v, MKVOL.vol_id.off)],
    ['alignment', i32(v, MKVOL.alignment.off)],
    ['bytes', int(v.getBigInt64(MKVOL.bytes.off, true))],
    ['vol_type', enumOf('ubi_volume_types', v.getInt8(MKVOL.vol_type.off))],
    ['flags', flagsOf('ubi_volume_flags', v.getUint8(MKVOL.flags.off))],
    ['name_len', int(len)],
    ['name', sizedName(v, MKVOL.name.off, len, MKVOL.name.count)],
  ]);
});

const RSVOL = STRUCTS.ubi_rsvol_req.fields;
const rsvol = readWith(STRUCTS.ubi_rsvol_req.size, (_c, v) =>
  struct([
    ['bytes', int(v.getBigInt64(RSVOL.bytes.off, true))],
    ['vol_id', i32(v, RSVOL.vol_id.off)],
  ]),
);

const RNVOL = STRUCTS.ubi_rnvol_req;
/** One of ents[]: its size, and each field's offset within it. */
const ENT = {
  size: RNVOL.fields.ents.size,
  volId: RNVOL.fields['ents.vol_id'].off - RNVOL.fields.ents.off,
  nameLen: RNVOL.fields['ents.name_len'].off - RNVOL.fields.ents.off,
  name: RNVOL.fields['ents.name'].off - RNVOL.fields.ents.off,
  nameSize: RNVOL.fields['ents.name'].count,
};
const rnvol = readWith(RNVOL.size, (c, v) => {
  const count = v.getInt32(RNVOL.fields.count.off, true);
  const n = Math.min(Math.max(count, 0), RNVOL.fields.ents.count);
  const base = RNVOL.fields.ents.off;
  const ents = localArray(
    c,
    new DataView(v.buffer, v.byteOffset + base, n * ENT.size),
    n,
    ENT.size,
    (d, o) => {
      const len = d.getInt16(o + ENT.nameLen, true);
      return struct([
        ['vol_id', i32(d, o + ENT.volId)],
        ['name_len', int(len)],
        ['name', sizedName(d, o + ENT.name, len, ENT.nameSize)],
      ]);
    },
  );
  return struct([
    ['count', int(count)],
    ['ents', ents],
  ]);
});

const LEB = STRUCTS.ubi_leb_change_req.fields;
const lebChange = readWith(STRUCTS.ubi_leb_change_req.size, (_c, v) =>
  struct([
    ['lnum', i32(v, LEB.lnum.off)],
    ['bytes', i32(v, LEB.bytes.off)],
    ['dtype', enumOf('ubi_data_types', v.getInt8(LEB.dtype.off))],
  ]),
);

const MAP = STRUCTS.ubi_map_req.fields;
const map = readWith(STRUCTS.ubi_map_req.size, (_c, v) =>
  struct([
    ['lnum', i32(v, MAP.lnum.off)],
    ['dtype', enumOf('ubi_data_types', v.getInt8(MAP.dtype.off))],
  ]),
);

const PROP = STRUCTS.ubi_set_vol_prop_req.fields;
const volProp = readWith(STRUCTS.ubi_set_vol_prop_req.size, (_c, v) =>
  struct([
    ['property', enumOf('ubi_volume_props', v.getUint8(PROP.property.off))],
    ['value', xint(v.getBigUint64(PROP.value.off, true))],
  ]),
);

const intArg: Shape = { in: (c, a) => derefIndirect(c, a, 4, readInt) };
const NO_ARG: Shape = { none: true };

// biome-ignore format: one family of requests per line
export const UBI_SHAPES: Readonly<Record<string, Shape>> = {
  UBI_IOCATT: numbered(attach), UBI_IOCMKVOL: numbered(mkvol),
  UBI_IOCEBCH: { in: lebChange }, UBI_IOCEBMAP: { in: map },
  UBI_IOCRNVOL: { in: rnvol }, UBI_IOCRSVOL: { in: rsvol }, UBI_IOCSETVOLPROP: { in: volProp },
  UBI_IOCVOLUP: { in: (c, a) => derefIndirect(c, a, 8, (v) => int(v.getBigInt64(0, true))) },
  UBI_IOCDET: intArg, UBI_IOCEBER: intArg, UBI_IOCEBISMAP: intArg, UBI_IOCEBUNMAP: intArg,
  UBI_IOCRMVOL: intArg, UBI_IOCRPEB: intArg, UBI_IOCSPEB: intArg,
  UBI_IOCVOLCRBLK: NO_ARG, UBI_IOCVOLRMBLK: NO_ARG,
};
