// Netlink messages in socket buffers, as strace's decode_netlink prints them (src/netlink.c, nlattr.c,
// netlink_route.c): `[{nlmsg_len=20, nlmsg_type=RTM_GETADDR, nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP,
// nlmsg_seq=1, nlmsg_pid=0}, {ifa_family=AF_UNSPEC, ...}]`: the headers, NLMSG_ERROR, and each protocol's payload
// (route in netlink-route.ts); payloads vat does not decode print as hex strings.

import { int, ptr, sym, text, type Value } from '../../model/value.js';
import { hexText } from '../../model/value-text.js';
import { errnoByValue } from '../../tables/errnos.js';
import type { IovBasePrinter } from '../args/iovec.js';
import { pidValue } from '../args/numbers.js';
import { netlinkProtocol } from '../args/socket-details.js';
import { asInt, type CallContext } from '../context.js';
import { styled } from '../xlat.js';
import { arrayLimit } from './array.js';
import {
  type AttrDecoder,
  align4,
  attributes,
  type Buf,
  hexString,
  readable,
  str,
  u32,
} from './netlink-attr.js';
import { kobjectUevent } from './netlink-kobject.js';
import { familyData, routePayload } from './netlink-route.js';
import { sockDiagPayload } from './netlink-sock-diag.js';
import {
  NLMSG_MIN_TYPE,
  netfilterBatch,
  netlinkFlagsTable,
  netlinkTypeText,
  protocolName,
} from './netlink-types.js';
import { xlatText } from './read.js';
import { xlatValue } from './xlat-value.js';

/** struct nlmsghdr (include/uapi/linux/netlink.h): len u32 @0, type u16 @4, flags u16 @6, seq u32 @8, pid u32 @12. */
const NLMSGHDR = { size: 16, len: 0, type: 4, flags: 6, seq: 8, pid: 12 } as const;
/** struct nlmsgerr (include/uapi/linux/netlink.h): error int @0, then the offending nlmsghdr. */
const NLMSGERR = { size: 20, msg: 4 } as const;
/** NLM_F_CAPPED (include/uapi/linux/netlink.h): the acknowledged message is cut to its header. */
const NLM_F_CAPPED = 0x100;

function header(b: Buf, off: number): Value {
  const v = b.view;
  const type = v.getUint16(off + NLMSGHDR.type, true);
  return {
    k: 'struct',
    fields: [
      ['nlmsg_len', int(v.getUint32(off + NLMSGHDR.len, true))],
      ['nlmsg_type', sym(netlinkTypeText(type, b.family))],
      [
        'nlmsg_flags',
        sym(xlatText(netlinkFlagsTable(type, b.family), v.getUint16(off + NLMSGHDR.flags, true), 'flags')),
      ],
      ['nlmsg_seq', int(v.getUint32(off + NLMSGHDR.seq, true))],
      ['nlmsg_pid', pidValue(b.c, v.getUint32(off + NLMSGHDR.pid, true))],
    ],
  };
}

/** NLMSG_ERROR's extended-ack attributes (strace's nlmsgerr_nla_decoders): the cookie as decimal bytes. */
const NLMSGERR_DECODERS: Readonly<Record<string, AttrDecoder>> = {
  NLMSGERR_ATTR_MSG: str,
  NLMSGERR_ATTR_OFFS: u32,
  NLMSGERR_ATTR_COOKIE: (b, off, len) => {
    if (!readable(b, off, len)) return ptr(b.addr + BigInt(off));
    const items: Value[] = [];
    for (let i = 0; i < len; i++) {
      if (i === arrayLimit(b.c)) {
        items.push(text('...'));
        break;
      }
      items.push(int(b.view.getUint8(off + i)));
    }
    return { k: 'array', items };
  },
};

/** A struct of one 32-bit field, or the bytes in hex when the payload is shorter (strace's selinux messages). */
function oneField(b: Buf, off: number, len: number, name: string, signed: boolean): Value[] {
  if (len < 4) return [hexString(b, off, len)];
  if (!readable(b, off, 4)) return [ptr(b.addr + BigInt(off))];
  const v = signed ? b.view.getInt32(off, true) : b.view.getUint32(off, true);
  return [{ k: 'struct', fields: [[name, int(v)]] }];
}

/** struct nfgenmsg (include/uapi/linux/netfilter/nfnetlink.h): family u8 @0, version u8 @1, res_id be16 @2. */
const NFGENMSG = { size: 4, family: 0, version: 1, resId: 2 } as const;

/** decode_netlink_netfilter: nfgenmsg (res_id in network order, but nftables' historic host-order 10 too). */
function netfilterPayload(b: Buf, type: number, off: number, len: number): Value[] | undefined {
  if (type === xlatValue('netlink_type', 'NLMSG_DONE')) return undefined;
  if (len < NFGENMSG.size) return [hexString(b, off, len)];
  if (!readable(b, off, NFGENMSG.size)) return [ptr(b.addr + BigInt(off))];
  const v = b.view;
  const subsys = type >> 8;
  const nftables = xlatValue('nl_netfilter_subsys_ids', 'NFNL_SUBSYS_NFTABLES');
  const raw = v.getUint16(off + NFGENMSG.resId, true);
  const resId = v.getUint16(off + NFGENMSG.resId, false);
  let res: Value;
  if (subsys === nftables && resId === nftables)
    res = sym(styled(`0x${raw.toString(16)}`, 'htons(NFNL_SUBSYS_NFTABLES)'));
  else if (subsys === nftables && raw === nftables)
    res = sym(styled(`0x${raw.toString(16)}`, 'NFNL_SUBSYS_NFTABLES'));
  else res = text(`htons(${resId})`);
  const out: Value[] = [
    {
      k: 'struct',
      fields: [
        ['nfgen_family', sym(xlatText('socket_domain', v.getUint8(off + NFGENMSG.family), 'enum'))],
        ['version', sym(xlatText('netfilter_versions', v.getUint8(off + NFGENMSG.version), 'enum'))],
        ['res_id', res],
      ],
    },
  ];
  const rest = align4(NFGENMSG.size);
  if (len > rest) {
    out.push(
      netfilterBatch(type) || type < NLMSG_MIN_TYPE
        ? hexString(b, off + rest, len - rest)
        : attributes(b, off + rest, len - rest, '', {}, 0),
    );
  }
  return out;
}

/** Payload decoders by netlink protocol (strace's netlink_decoders[]); undefined: print the bytes. */
type FamilyPayload = (b: Buf, type: number, flags: number, off: number, len: number) => Value[] | undefined;
const FAMILY_PAYLOADS: Readonly<Record<string, FamilyPayload>> = {
  NETLINK_ROUTE: (b, type, _flags, off, len) => routePayload(b, type, off, len),
  NETLINK_NETFILTER: (b, type, _flags, off, len) => netfilterPayload(b, type, off, len),
  NETLINK_SELINUX: (b, type, _flags, off, len) => {
    if (type === xlatValue('nl_selinux_types', 'SELNL_MSG_SETENFORCE'))
      return oneField(b, off, len, 'val', true);
    if (type === xlatValue('nl_selinux_types', 'SELNL_MSG_POLICYLOAD'))
      return oneField(b, off, len, 'seqno', false);
    return undefined;
  },
  // the per-family request and response decoders are not there yet: the family and the bytes
  NETLINK_SOCK_DIAG: (b, type, flags, off, len) =>
    type === xlatValue('netlink_type', 'NLMSG_DONE')
      ? undefined
      : !readable(b, off, 1)
        ? [ptr(b.addr + BigInt(off))]
        : (sockDiagPayload(b, type, flags, off, len) ?? familyData(b, off, len)),
};

/** The payload after a header (strace's decode_payload), as items of the message's array. */
function payload(b: Buf, hdrOff: number, off: number, len: number): Value[] {
  const type = b.view.getUint16(hdrOff + NLMSGHDR.type, true);
  if (type === xlatValue('netlink_type', 'NLMSG_ERROR')) {
    return nlmsgerr(b, off, len, (b.view.getUint16(hdrOff + NLMSGHDR.flags, true) & NLM_F_CAPPED) !== 0);
  }
  const done = type === xlatValue('netlink_type', 'NLMSG_DONE');
  const decoder = b.family === undefined ? undefined : FAMILY_PAYLOADS[protocolName(b.family) ?? ''];
  if ((type >= NLMSG_MIN_TYPE || done) && decoder) {
    const decoded = decoder(b, type, b.view.getUint16(hdrOff + NLMSGHDR.flags, true), off, len);
    if (decoded) return decoded;
  }
  if (done && len === 4)
    return [readable(b, off, 4) ? int(b.view.getInt32(off, true)) : ptr(b.addr + BigInt(off))];
  return [hexString(b, off, len)];
}

/** strace's decode_nlmsghdr_with_payload: the header alone, or `[header, payload...]`. */
function message(b: Buf, off: number, len: number, hdrLen: number): Value {
  const size = Math.min(hdrLen, len);
  const head = header(b, off);
  if (size <= NLMSGHDR.size) return head;
  return { k: 'array', items: [head, ...payload(b, off, off + NLMSGHDR.size, size - NLMSGHDR.size)] };
}

/** NLMSG_ERROR's payload: `{error=-ENOENT, msg=...}`, then any extended-ack attributes. */
function nlmsgerr(b: Buf, off: number, len: number, capped: boolean): Value[] {
  if (len < NLMSGERR.size) return [hexString(b, off, len)];
  if (!readable(b, off, NLMSGERR.size)) return [ptr(b.addr + BigInt(off))];
  const error = b.view.getInt32(off, true);
  const msgOff = off + NLMSGERR.msg;
  const msgLen = len - NLMSGERR.msg;
  const innerLen = Math.max(NLMSGHDR.size, b.view.getUint32(msgOff + NLMSGHDR.len, true));
  const size = Math.min(msgLen, capped ? NLMSGHDR.size : innerLen);
  const name = error < 0 ? errnoByValue(-error)?.name : undefined;
  const err: Value = {
    k: 'struct',
    fields: [
      ['error', name === undefined ? int(error) : sym(`-${name}`)],
      ['msg', message(b, msgOff, size, b.view.getUint32(msgOff + NLMSGHDR.len, true))],
    ],
  };
  if (msgLen <= size) return [err];
  return [
    {
      k: 'array',
      items: [err, attributes(b, msgOff + size, msgLen - size, 'nlmsgerr_attr', NLMSGERR_DECODERS, 0)],
    },
  ];
}

/** strace's decode_netlink over `len` bytes at `addr`, for a socket of netlink protocol `family`. */
export function netlinkMessages(
  c: CallContext,
  addr: bigint,
  len: number,
  family: number | undefined,
): Value {
  if (protocolName(family) === 'NETLINK_KOBJECT_UEVENT') return kobjectUevent(c, addr, len);
  if (addr === 0n) return ptr(0n);
  if (len < NLMSGHDR.size) {
    const bytes = c.mem.read(addr, Math.min(len, c.opts.strsize));
    const view = bytes
      ? new DataView(bytes.buffer, bytes.byteOffset, bytes.length)
      : new DataView(new ArrayBuffer(0));
    return hexString({ c, addr, view, got: bytes?.length ?? 0, family }, 0, len);
  }
  const bytes = c.mem.read(addr, len);
  if (!bytes || bytes.length < NLMSGHDR.size) return ptr(addr);
  const b: Buf = {
    c,
    addr,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.length),
    got: bytes.length,
    family,
  };
  const items: Value[] = [];
  let isArray = false;
  let off = 0;
  for (let elt = 0; ; elt++) {
    if (len - off < NLMSGHDR.size) {
      items.push(hexString(b, off, len - off));
      break;
    }
    if (!readable(b, off, NLMSGHDR.size)) {
      items.push(text(`... /* ${hexText(addr + BigInt(off))} */`));
      break;
    }
    if (elt === arrayLimit(c)) {
      items.push(text('...'));
      break;
    }
    const hdrLen = b.view.getUint32(off + NLMSGHDR.len, true);
    const step = align4(hdrLen);
    const next = hdrLen >= NLMSGHDR.size && len - off > step ? step : 0;
    if (next) isArray = true;
    items.push(message(b, off, len - off, hdrLen));
    if (!next) break;
    off += next;
  }
  return isArray ? { k: 'array', items } : (items[0] ?? ptr(addr));
}

/** The netlink protocol of the call's socket (argument 0), when it is a netlink socket. */
export const callNetlinkFamily = (c: CallContext): number | undefined =>
  netlinkProtocol(c.pid, c.fdPath(asInt(c.raw[0])));

/** An iov_base on a netlink socket (msg_name is AF_NETLINK): its messages. */
export const netlinkIov: IovBasePrinter = (c, base, len) =>
  netlinkMessages(c, base, len, callNetlinkFamily(c));
