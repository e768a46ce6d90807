// ioctl requests of the IDE disk driver (linux/hdreg.h, type 0x03), as strace's hdio_ioctl and its generated
// var_ioctl_HDIO print them: HDIO_GETGEO's geometry, HDIO_DRIVE_CMD's command and answer, the [N] the GET_*
// requests write back, the SET_* values in decimal, IDE_NICE_* bits and BUSSTATE_* states.
import { hex, int, sym, type Value } from '../../model/value.js';
import { errnoByName } from '../../tables/errnos.js';
import { byteBuffer } from '../args/strings.js';
import type { CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import { bitNumberFlags, type Layout, outStruct, readLayout, type Shape } from './ioctl-shape.js';
import { enumOf, hexString, indirect, readU64, view } from './util.js';

/** struct hd_geometry (include/uapi/linux/hdreg.h): two u8, a u16, then an unsigned long at 8. */
const HD_GEOMETRY: Layout = {
  size: 16,
  fields: [
    ['heads', 0, 'u8'],
    ['sectors', 1, 'u8'],
    ['cylinders', 2, 'u16'],
    ['start', 8, 'u64'],
  ],
};

/** struct hd_drive_cmd_hdr (include/uapi/linux/hdreg.h): four u8, followed by the sectors the command reads. */
const DRIVE_CMD_HDR: Layout = {
  size: 4,
  fields: [
    ['command', 0, { enum: 'hdio_drive_cmds', t: 'u8' }],
    ['sector_number', 1, 'u8'],
    ['feature', 2, 'u8'],
    ['sector_count', 3, 'u8'],
  ],
};
const SECTOR_SIZE = 512;

/** What the drive answered: status, error, sector count, then the sectors read when the header asked for any. */
function driveCmdOut(c: CallContext, addr: bigint): Value | undefined {
  const v = view(c, addr, DRIVE_CMD_HDR.size);
  if (!v) return undefined;
  const fields: [string, Value][] = [
    ['status', hex(v.getUint8(0))],
    ['error', int(v.getUint8(1))],
    ['nsector', int(v.getUint8(2))],
  ];
  const count = v.getUint8(3);
  if (count) fields.push(['buf', hexString(c, addr + 4n, count * SECTOR_SIZE)]);
  return { k: 'struct', fields };
}

const isEio = (c: CallContext): boolean => c.ret === -BigInt(errnoByName('EIO')?.value ?? 5);

/** IDE_NICE_* are bit numbers, printed `1 << NAME`. */
const niceText = bitNumberFlags('hdio_ide_nice', ' << ', 'IDE_NICE_???');

const OUT_ULONG: Shape = { out: (c, a) => indirect(c, a, 8, readU64) };
const IN_ULONG: Shape = { in: (_c, a) => int(a) };
/** Three u32 in hex, read whatever the outcome (HDIO_DRIVE_RESET, HDIO_SCAN_HWIF). */
const IN_3_HEX: Shape = { in: (c, a) => memArray(c, a, 3, 4, (v, off) => hex(v.getUint32(off, true))) };
const identity = (size: number): Shape => ({ out: (c, a) => byteBuffer(c, a, size) });

// biome-ignore format: one request per line
export const HDIO_SHAPES: Readonly<Record<string, Shape>> = {
  HDIO_GETGEO: outStruct(HD_GEOMETRY),
  HDIO_DRIVE_CMD: {
    changes: { in: (c, a) => readLayout(c, a, DRIVE_CMD_HDR), out: driveCmdOut, failedToo: isEio },
  },
  HDIO_DRIVE_RESET: IN_3_HEX, HDIO_SCAN_HWIF: IN_3_HEX,
  HDIO_GET_32BIT: OUT_ULONG, HDIO_GET_ACOUSTIC: OUT_ULONG, HDIO_GET_ADDRESS: OUT_ULONG, HDIO_GET_DMA: OUT_ULONG,
  HDIO_GET_KEEPSETTINGS: OUT_ULONG, HDIO_GET_MULTCOUNT: OUT_ULONG, HDIO_GET_NOWERR: OUT_ULONG,
  HDIO_GET_UNMASKINTR: OUT_ULONG, HDIO_GET_WCACHE: OUT_ULONG,
  HDIO_SET_32BIT: IN_ULONG, HDIO_SET_ACOUSTIC: IN_ULONG, HDIO_SET_ADDRESS: IN_ULONG, HDIO_SET_DMA: IN_ULONG,
  HDIO_SET_KEEPSETTINGS: IN_ULONG, HDIO_SET_MULTCOUNT: IN_ULONG, HDIO_SET_NOWERR: IN_ULONG,
  HDIO_SET_PIO_MODE: IN_ULONG, HDIO_SET_UNMASKINTR: IN_ULONG, HDIO_SET_WCACHE: IN_ULONG,
  HDIO_UNREGISTER_HWIF: IN_ULONG,
  HDIO_GET_IDENTITY: identity(512), HDIO_OBSOLETE_IDENTITY: identity(142),
  HDIO_GET_NICE: { out: (c, a) => indirect(c, a, 8, (v) => sym(niceText(v.getBigUint64(0, true)))) },
  HDIO_SET_NICE: { in: (_c, a) => sym(niceText(a)) },
  HDIO_GET_BUSSTATE: { out: (c, a) => indirect(c, a, 8, (v) => enumOf('hdio_busstates', v.getBigUint64(0, true))) },
  HDIO_SET_BUSSTATE: { in: (_c, a) => enumOf('hdio_busstates', a) },
};
