// MTD (flash) device ioctls (mtd/mtd-abi.h, type 'M'), as strace's mtd_ioctl prints them: erase ranges, out-of-band
// buffers, OTP regions and the OTP mode, write requests, and what the device reports (info, OOB layouts, ECC stats).
import { int, ptr, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import type { CallContext } from '../context.js';
import { localArray } from '../structs/array.js';
import { xint } from '../structs/read.js';
import type { Shape } from './ioctl-shape.js';
import { derefIndirect, derefView, enumOf, flagsOf, readInt, readU64, readUint, view } from './util.js';

type Fields = [string, Value][];
const struct = (fields: Fields): Value => ({ k: 'struct', fields });
const u32 = (v: DataView, off: number): number => v.getUint32(off, true);
const u64 = (v: DataView, off: number): bigint => v.getBigUint64(off, true);

/** umove_or_printaddr then a printer of the struct's fields. */
const readWith =
  (size: number, print: (c: CallContext, v: DataView) => Value) =>
  (c: CallContext, addr: bigint): Value => {
    const v = derefView(c, addr, size);
    return v ? print(c, v) : ptr(addr);
  };

const ERASE = STRUCTS.erase_info_user;
const eraseInfo = readWith(ERASE.size, (_c, v) =>
  struct([
    ['start', xint(u32(v, ERASE.fields.start.off))],
    ['length', xint(u32(v, ERASE.fields.length.off))],
  ]),
);
const ERASE64 = STRUCTS.erase_info_user64;
const eraseInfo64 = readWith(ERASE64.size, (_c, v) =>
  struct([
    ['start', xint(u64(v, ERASE64.fields.start.off))],
    ['length', xint(u64(v, ERASE64.fields.length.off))],
  ]),
);

const OOB = STRUCTS.mtd_oob_buf;
const oobBuf = readWith(OOB.size, (_c, v) =>
  struct([
    ['start', xint(u32(v, OOB.fields.start.off))],
    ['length', xint(u32(v, OOB.fields.length.off))],
    ['ptr', ptr(u64(v, OOB.fields.ptr.off))],
  ]),
);
const OOB64 = STRUCTS.mtd_oob_buf64;
const oobBuf64 = readWith(OOB64.size, (_c, v) =>
  struct([
    ['start', xint(u64(v, OOB64.fields.start.off))],
    ['length', xint(u32(v, OOB64.fields.length.off))],
    ['usr_ptr', ptr(u64(v, OOB64.fields.usr_ptr.off))],
  ]),
);

const OTP = STRUCTS.otp_info;
const otpInfo = readWith(OTP.size, (_c, v) =>
  struct([
    ['start', xint(u32(v, OTP.fields.start.off))],
    ['length', xint(u32(v, OTP.fields.length.off))],
    ['locked', int(u32(v, OTP.fields.locked.off))],
  ]),
);

const WRITE = STRUCTS.mtd_write_req;
const writeReq = readWith(WRITE.size, (_c, v) => {
  const f = WRITE.fields;
  return struct([
    ['start', xint(u64(v, f.start.off))],
    ['len', xint(u64(v, f.len.off))],
    ['ooblen', xint(u64(v, f.ooblen.off))],
    ['usr_data', ptr(u64(v, f.usr_data.off))],
    ['usr_oob', ptr(u64(v, f.usr_oob.off))],
    ['mode', enumOf('mtd_mode_options', v.getUint8(f.mode.off))],
  ]);
});

const INFO = STRUCTS.mtd_info_user;
const mtdInfo = readWith(INFO.size, (_c, v) => {
  const f = INFO.fields;
  return struct([
    ['type', enumOf('mtd_type_options', v.getUint8(f.type.off))],
    ['flags', flagsOf('mtd_flags_options', u32(v, f.flags.off))],
    ['size', xint(u32(v, f.size.off))],
    ['erasesize', xint(u32(v, f.erasesize.off))],
    ['writesize', xint(u32(v, f.writesize.off))],
    ['oobsize', xint(u32(v, f.oobsize.off))],
    ['padding', xint(u64(v, f.padding.off))],
  ]);
});

/** An array field of __u32 in hex, cut at -s like strace's print_local_array. */
const hexWords = (c: CallContext, v: DataView, off: number, count: number): Value =>
  localArray(c, new DataView(v.buffer, v.byteOffset + off, count * 4), count, 4, (d, o) =>
    xint(d.getUint32(o, true)),
  );

const OOBINFO = STRUCTS.nand_oobinfo;
const nandOobinfo = readWith(OOBINFO.size, (c, v) => {
  const f = OOBINFO.fields;
  // oobfree is __u32 [8][2]: eight pairs
  const pairs = f.oobfree.count / 2;
  const oobfree = localArray(
    c,
    new DataView(v.buffer, v.byteOffset + f.oobfree.off, pairs * 8),
    pairs,
    8,
    (d, o) => hexWords(c, d, o, 2),
  );
  return struct([
    ['useecc', enumOf('mtd_nandecc_options', u32(v, f.useecc.off))],
    ['eccbytes', xint(u32(v, f.eccbytes.off))],
    ['oobfree', oobfree],
    ['eccpos', hexWords(c, v, f.eccpos.off, f.eccpos.count)],
  ]);
});

const LAYOUT = STRUCTS.nand_ecclayout_user;
const FREE = STRUCTS.nand_oobfree;
const eccLayout = readWith(LAYOUT.size, (c, v) => {
  const f = LAYOUT.fields;
  const free = localArray(
    c,
    new DataView(v.buffer, v.byteOffset + f.oobfree.off, f.oobfree.count * FREE.size),
    f.oobfree.count,
    FREE.size,
    (d, o) =>
      struct([
        ['offset', xint(d.getUint32(o + FREE.fields.offset.off, true))],
        ['length', xint(d.getUint32(o + FREE.fields.length.off, true))],
      ]),
  );
  return struct([
    ['eccbytes', xint(u32(v, f.eccbytes.off))],
    ['eccpos', hexWords(c, v, f.eccpos.off, f.eccpos.count)],
    ['oobavail', xint(u32(v, f.oobavail.off))],
    ['oobfree', free],
  ]);
});

const STATS = STRUCTS.mtd_ecc_stats;
const eccStats = readWith(STATS.size, (_c, v) => {
  const f = STATS.fields;
  return struct([
    ['corrected', xint(u32(v, f.corrected.off))],
    ['failed', xint(u32(v, f.failed.off))],
    ['badblocks', xint(u32(v, f.badblocks.off))],
    ['bbtblocks', xint(u32(v, f.bbtblocks.off))],
  ]);
});

/** MEMGETREGIONINFO: the region asked for at entry, what the device said about it after a success. */
const REGION = STRUCTS.region_info_user;
const regionInfo: Shape = {
  inout: {
    in: (c, a) => derefView(c, a, REGION.size),
    out: (c, a, before) => {
      const f = REGION.fields;
      const fields: Fields = [['regionindex', xint(u32(before, f.regionindex.off))]];
      const after = c.failed ? undefined : view(c, a, REGION.size);
      if (after)
        fields.push(
          ['offset', xint(u32(after, f.offset.off))],
          ['erasesize', xint(u32(after, f.erasesize.off))],
          ['numblocks', xint(u32(after, f.numblocks.off))],
        );
      return struct(fields);
    },
  },
};

const otpSelect = (c: CallContext, a: bigint): Value =>
  derefIndirect(c, a, 4, (v) => enumOf('mtd_otp_options', v.getUint32(0, true)));

// biome-ignore format: one family of requests per line
export const MTD_SHAPES: Readonly<Record<string, Shape>> = {
  MEMERASE: { in: eraseInfo }, MEMLOCK: { in: eraseInfo }, MEMUNLOCK: { in: eraseInfo }, MEMISLOCKED: { in: eraseInfo },
  MEMERASE64: { in: eraseInfo64 },
  MEMWRITEOOB: { in: oobBuf }, MEMREADOOB: { in: oobBuf },
  MEMWRITEOOB64: { in: oobBuf64 }, MEMREADOOB64: { in: oobBuf64 },
  MEMWRITE: { in: writeReq },
  OTPGETREGIONINFO: { out: otpInfo }, OTPLOCK: { in: otpInfo },
  OTPSELECT: { in: otpSelect },
  MTDFILEMODE: { in: (_c, a) => enumOf('mtd_file_mode_options', a) },
  MEMGETBADBLOCK: { in: (c, a) => derefIndirect(c, a, 8, readU64) },
  MEMSETBADBLOCK: { in: (c, a) => derefIndirect(c, a, 8, readU64) },
  MEMGETINFO: { out: mtdInfo }, MEMGETOOBSEL: { out: nandOobinfo },
  ECCGETLAYOUT: { out: eccLayout }, ECCGETSTATS: { out: eccStats },
  OTPGETREGIONCOUNT: { out: (c, a) => derefIndirect(c, a, 4, readUint) },
  MEMGETREGIONCOUNT: { out: (c, a) => derefIndirect(c, a, 4, readInt) },
  MEMGETREGIONINFO: regionInfo,
};
