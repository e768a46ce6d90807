// SG_IO, as strace's scsi_ioctl, decode_sg_io_v3 and decode_sg_io_v4 print it: the interface id picks the header
// (sg_io_hdr 'S' of include/scsi/sg.h, sg_io_v4 'Q' of uapi/linux/bsg.h); the request's fields print at entry, the
// response's at exit (failed calls too: the header was read either way), data buffers in hex or as iovecs.
import { int, named, ptr, sym, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { iovecArray, iovString } from '../args/iovec.js';
import type { CallContext } from '../context.js';
import { xint } from '../structs/read.js';
import type { Shape, Staged } from './ioctl-shape.js';
import { derefView, enumOf, flagsOf, hexString, view, xv } from './util.js';

type Fields = [string, Value][];

/** The header as read at entry, whole (the interface id included), for the exit's comparisons. */
const atEntry = new WeakMap<CallContext, DataView>();

/** print_sg_io_buffer: `count` iovecs holding `size` bytes, else `size` bytes in hex. */
function sgBuffer(c: CallContext, addr: bigint, size: number, count: number): Value {
  return count ? iovecArray(c, addr, BigInt(count), BigInt(size), iovString) : hexString(c, addr, size);
}

/** The field the entry printed last, followed by ` => name=value` (strace's tprint_value_changed). */
function changeLast(fields: Fields, name: string, value: Value): void {
  const last = fields[fields.length - 1];
  if (last)
    fields[fields.length - 1] = [last[0], { k: 'changed', before: last[1], after: named(name, value) }];
}

/**
 * The header past its interface id (umoven_or_printaddr of `arg + 4`): a view of the whole struct with the id
 * the caller gave, or the struct `{interface_id='S', ADDR}` strace prints when the rest is unreadable.
 */
function readRest(
  c: CallContext,
  addr: bigint,
  size: number,
  idField: string,
  id: string,
): DataView | Staged {
  const rest = derefView(c, addr + 4n, size - 4);
  if (!rest)
    return {
      value: {
        k: 'struct',
        fields: [
          [idField, sym(id)],
          ['', ptr(addr + 4n)],
        ],
      },
      done: true,
    };
  const whole = new Uint8Array(size);
  whole.set(new Uint8Array(rest.buffer, rest.byteOffset, size - 4), 4);
  return new DataView(whole.buffer);
}

const V3 = STRUCTS.sg_io_hdr.fields;
const dxfer = (name: string): number => xv('sg_io_dxfer_direction', name);

function v3Request(c: CallContext, addr: bigint): Staged {
  const v = readRest(c, addr, STRUCTS.sg_io_hdr.size, 'interface_id', "'S'");
  if (!(v instanceof DataView)) return v;
  const u = (f: { off: number }) => v.getUint32(f.off, true);
  const dir = v.getInt32(V3.dxfer_direction.off, true);
  const cmdLen = v.getUint8(V3.cmd_len.off);
  const fields: Fields = [
    ['interface_id', sym("'S'")],
    // printxval of an int: its 32 bits unsigned
    ['dxfer_direction', enumOf('sg_io_dxfer_direction', dir >>> 0)],
    ['cmd_len', int(cmdLen)],
    ['cmdp', sgBuffer(c, v.getBigUint64(V3.cmdp.off, true), cmdLen, 0)],
    ['mx_sb_len', int(v.getUint8(V3.mx_sb_len.off))],
    ['iovec_count', int(v.getUint16(V3.iovec_count.off, true))],
    ['dxfer_len', int(u(V3.dxfer_len))],
    ['timeout', int(u(V3.timeout))],
    ['flags', flagsOf('sg_io_flags', u(V3.flags))],
  ];
  if (dir === dxfer('SG_DXFER_TO_DEV') || dir === dxfer('SG_DXFER_TO_FROM_DEV')) {
    const data = v.getBigUint64(V3.dxferp.off, true);
    fields.push(['dxferp', sgBuffer(c, data, u(V3.dxfer_len), v.getUint16(V3.iovec_count.off, true))]);
  }
  atEntry.set(c, v);
  return { value: { k: 'struct', fields } };
}

function v3Response(c: CallContext, addr: bigint, fields: Fields, before: DataView): void {
  const v = view(c, addr, STRUCTS.sg_io_hdr.size);
  if (!v) {
    // what entry fetched
    if (before.getInt32(V3.dxfer_direction.off, true) === dxfer('SG_DXFER_FROM_DEV'))
      fields.push(['dxferp', ptr(before.getBigUint64(V3.dxferp.off, true))]);
    fields.push(['sbp', ptr(before.getBigUint64(V3.sbp.off, true))]);
    return;
  }
  const u = (f: { off: number }) => v.getUint32(f.off, true);
  if (v.getInt32(V3.interface_id.off, true) !== 'S'.charCodeAt(0)) {
    changeLast(fields, 'interface_id', int(u(V3.interface_id)));
    return;
  }
  const dir = v.getInt32(V3.dxfer_direction.off, true);
  if (dir === dxfer('SG_DXFER_FROM_DEV') || dir === dxfer('SG_DXFER_TO_FROM_DEV')) {
    // the bytes the device sent: the length less the residue the driver reports
    const resid = v.getInt32(V3.resid.off, true);
    let len = u(V3.dxfer_len);
    if (resid > 0 && resid <= len) len -= resid;
    const data = () =>
      sgBuffer(c, v.getBigUint64(V3.dxferp.off, true), len, v.getUint16(V3.iovec_count.off, true));
    if (dir === dxfer('SG_DXFER_FROM_DEV')) fields.push(['dxferp', data()]);
    else if (len) changeLast(fields, 'dxferp', data());
  }
  const sbLen = v.getUint8(V3.sb_len_wr.off);
  fields.push(
    ['status', xint(v.getUint8(V3.status.off))],
    ['masked_status', xint(v.getUint8(V3.masked_status.off))],
    ['msg_status', xint(v.getUint8(V3.msg_status.off))],
    ['sb_len_wr', int(sbLen)],
    ['sbp', sgBuffer(c, v.getBigUint64(V3.sbp.off, true), sbLen, 0)],
    ['host_status', xint(v.getUint16(V3.host_status.off, true))],
    ['driver_status', xint(v.getUint16(V3.driver_status.off, true))],
    ['resid', int(v.getInt32(V3.resid.off, true))],
    ['duration', int(u(V3.duration))],
    ['info', flagsOf('sg_io_info', u(V3.info))],
  );
}

const V4 = STRUCTS.sg_io_v4.fields;

function v4Request(c: CallContext, addr: bigint): Staged {
  const v = readRest(c, addr, STRUCTS.sg_io_v4.size, 'guard', "'Q'");
  if (!(v instanceof DataView)) return v;
  const u = (f: { off: number }) => v.getUint32(f.off, true);
  const q = (f: { off: number }) => v.getBigUint64(f.off, true);
  const fields: Fields = [
    ['guard', sym("'Q'")],
    ['protocol', enumOf('bsg_protocol', u(V4.protocol))],
    ['subprotocol', enumOf('bsg_subprotocol', u(V4.subprotocol))],
    ['request_len', int(u(V4.request_len))],
    ['request', sgBuffer(c, q(V4.request), u(V4.request_len), 0)],
    ['request_tag', xint(q(V4.request_tag))],
    ['request_attr', int(u(V4.request_attr))],
    ['request_priority', int(u(V4.request_priority))],
    ['request_extra', int(u(V4.request_extra))],
    ['max_response_len', int(u(V4.max_response_len))],
    ['dout_iovec_count', int(u(V4.dout_iovec_count))],
    ['dout_xfer_len', int(u(V4.dout_xfer_len))],
    ['din_iovec_count', int(u(V4.din_iovec_count))],
    ['din_xfer_len', int(u(V4.din_xfer_len))],
    ['dout_xferp', sgBuffer(c, q(V4.dout_xferp), u(V4.dout_xfer_len), u(V4.dout_iovec_count))],
    ['timeout', int(u(V4.timeout))],
    ['flags', flagsOf('bsg_flags', u(V4.flags))],
    ['usr_ptr', xint(q(V4.usr_ptr))],
  ];
  atEntry.set(c, v);
  return { value: { k: 'struct', fields } };
}

function v4Response(c: CallContext, addr: bigint, fields: Fields, before: DataView): void {
  const v = view(c, addr, STRUCTS.sg_io_v4.size);
  if (!v) {
    fields.push(
      ['response', xint(before.getBigUint64(V4.response.off, true))],
      ['din_xferp', xint(before.getBigUint64(V4.din_xferp.off, true))],
    );
    return;
  }
  const u = (f: { off: number }) => v.getUint32(f.off, true);
  const q = (f: { off: number }) => v.getBigUint64(f.off, true);
  if (v.getInt32(V4.guard.off, true) !== 'Q'.charCodeAt(0)) {
    changeLast(fields, 'guard', int(u(V4.guard)));
    return;
  }
  const resid = v.getInt32(V4.din_resid.off, true);
  let dinLen = u(V4.din_xfer_len);
  if (resid > 0 && resid <= dinLen) dinLen -= resid;
  fields.push(
    ['response_len', int(u(V4.response_len))],
    ['response', sgBuffer(c, q(V4.response), u(V4.response_len), 0)],
    ['din_xferp', sgBuffer(c, q(V4.din_xferp), dinLen, u(V4.din_iovec_count))],
    ['driver_status', xint(u(V4.driver_status))],
    ['transport_status', xint(u(V4.transport_status))],
    ['device_status', xint(u(V4.device_status))],
    ['retry_delay', int(u(V4.retry_delay))],
    ['info', flagsOf('sg_io_info', u(V4.info))],
    ['duration', int(u(V4.duration))],
    ['response_len', int(u(V4.response_len))],
    ['din_resid', int(resid)],
    ['dout_resid', int(v.getInt32(V4.dout_resid.off, true))],
    ['generated_tag', xint(q(V4.generated_tag))],
  );
}

/** SG_IO: by the interface id; an unknown one prints as `[N]`, and that is all. */
export const SG_IO: Shape = {
  staged: {
    in: (c, addr) => {
      const idView = derefView(c, addr, 4);
      if (!idView) return { value: ptr(addr), done: true };
      const id = idView.getUint32(0, true);
      if (id === 'S'.charCodeAt(0)) return v3Request(c, addr);
      if (id === 'Q'.charCodeAt(0)) return v4Request(c, addr);
      return { value: { k: 'array', items: [int(id)] }, done: true };
    },
    out: (c, addr, entry) => {
      const before = atEntry.get(c);
      if (!before || entry.value.k !== 'struct') return entry.value;
      const fields = [...entry.value.fields] as Fields;
      if (entry.value.fields[0]?.[0] === 'interface_id') v3Response(c, addr, fields, before);
      else v4Response(c, addr, fields, before);
      return { k: 'struct', fields };
    },
  },
};
