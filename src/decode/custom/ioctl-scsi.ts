// SCSI generic (sg) ioctls (the kernel's include/scsi/sg.h, type 0x22), as strace's scsi_ioctl prints them: ints
// passed or returned by pointer, SG_SCSI_RESET's reset kind, the device id and request table the driver fills, and
// SG_IO (ioctl-sg-io.ts).
import { ptr, sym, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { layout } from './gen-layout.js';
import { SG_IO } from './ioctl-sg-io.js';
import { outStruct, type Shape } from './ioctl-shape.js';
import { derefIndirect, enumOf, readInt, xv, xval } from './util.js';

/** printnum_int: through umove_or_printaddr, so -e verbose=none prints the address. */
const intAt = (c: CallContext, addr: bigint): Value => derefIndirect(c, addr, 4, readInt);
const symText = (v: Value): string => (v.k === 'sym' ? v.text : '');

/** SG_SCSI_RESET: the no-escalate bit by name first (`SG_SCSI_RESET_NO_ESCALATE|SG_SCSI_RESET_NOTHING`), then the kind. */
function resetKind(c: CallContext, addr: bigint): Value {
  return derefIndirect(c, addr, 4, (v) => {
    const value = v.getUint32(0, true);
    const noEscalate = xv('sg_scsi_reset', 'SG_SCSI_RESET_NO_ESCALATE');
    const kind = enumOf('sg_scsi_reset', (value & ~noEscalate) >>> 0);
    if (!(value & noEscalate)) return kind;
    return sym(`${symText(enumOf('sg_scsi_reset', noEscalate))}|${symText(kind)}`);
  });
}

/** struct sg_scsi_id (SG_GET_SCSI_ID): the host, channel, target and lun the driver reports. */
const SCSI_ID = layout('sg_scsi_id', [
  'host_no',
  'channel',
  ['scsi_id', { x: 'u32' }],
  'lun',
  ['scsi_type', { x: 'u32' }],
  'h_cmd_per_lun',
  'd_queue_depth',
]);

/** struct sg_req_info (SG_GET_REQUEST_TABLE): the first request's state. */
const REQ_INFO = layout('sg_req_info', [
  'req_state',
  'orphan',
  'sg_io_owned',
  'problem',
  'pack_id',
  ['usr_ptr', { custom: (v, off) => ptr(v.getBigUint64(off, true)) }],
  'duration',
]);

const IN_INT: Shape = { in: intAt };
const OUT_INT: Shape = { out: intAt };

// biome-ignore format: one group per line
export const SCSI_SHAPES: Readonly<Record<string, Shape>> = {
  SG_IO,
  SG_GET_SCSI_ID: outStruct(SCSI_ID),
  SG_GET_REQUEST_TABLE: outStruct(REQ_INFO),
  SG_SCSI_RESET: { in: resetKind },
  SG_NEXT_CMD_LEN: IN_INT, SG_SET_COMMAND_Q: IN_INT, SG_SET_DEBUG: IN_INT, SG_SET_FORCE_LOW_DMA: IN_INT,
  SG_SET_FORCE_PACK_ID: IN_INT, SG_SET_KEEP_ORPHAN: IN_INT, SG_SET_RESERVED_SIZE: IN_INT, SG_SET_TIMEOUT: IN_INT,
  SG_EMULATED_HOST: OUT_INT, SG_GET_ACCESS_COUNT: OUT_INT, SG_GET_COMMAND_Q: OUT_INT, SG_GET_KEEP_ORPHAN: OUT_INT,
  SG_GET_LOW_DMA: OUT_INT, SG_GET_NUM_WAITING: OUT_INT, SG_GET_PACK_ID: OUT_INT, SG_GET_RESERVED_SIZE: OUT_INT,
  SG_GET_SG_TABLESIZE: OUT_INT, SG_GET_TRANSFORM: OUT_INT, SG_GET_VERSION_NUM: OUT_INT,
  // the transform flag is the argument itself
  SG_SET_TRANSFORM: { in: (_c, a) => xval(Number(BigInt.asUintN(32, a))) },
  SG_GET_TIMEOUT: { none: true },
};
