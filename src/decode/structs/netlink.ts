// Netlink messages in socket buffers, as strace's decode_netlink prints them (src/netlink.c, nlattr.c,
// netlink_route.c, rtnl_addr.c): `[{nlmsg_len=20, nlmsg_type=RTM_GETADDR, nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP,
// nlmsg_seq=1, nlmsg_pid=0}, {ifa_family=AF_UNSPEC, ...}]`. NETLINK_ROUTE address messages are decoded with their
// attributes, link messages up to their header; other payloads print as hex strings.

import { int, ptr, sym, text, type Value } from '../../model/value.js';
import { hexText } from '../../model/value-text.js';
import { errnoByValue } from '../../tables/errnos.js';
import type { IovBasePrinter } from '../args/iovec.js';
import { pidValue } from '../args/numbers.js';
import { netlinkProtocol } from '../args/socket-details.js';
import { asInt, type CallContext } from '../context.js';
import { lookupXlat, styled, xlatName } from '../xlat.js';
import { arrayLimit } from './array.js';
import { ifindexText, ipv4Text, ipv6Text, netBytes, quoted } from './inet.js';
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
/** struct nlattr (include/uapi/linux/netlink.h): nla_len u16 @0, nla_type u16 @2; NLA_F_* in the type's top bits. */
const NLATTR = { size: 4, len: 0, type: 2, nested: 1 << 15, netByteorder: 1 << 14 } as const;
/** struct ifaddrmsg (include/uapi/linux/if_addr.h). */
const IFADDRMSG = { size: 8, family: 0, prefixlen: 1, flags: 2, scope: 3, index: 4 } as const;
/** struct ifinfomsg (include/uapi/linux/rtnetlink.h). */
const IFINFOMSG = { size: 16, family: 0, type: 2, index: 4, flags: 8, change: 12 } as const;
/** struct ifa_cacheinfo (include/uapi/linux/if_addr.h): four u32. */
const IFA_CACHEINFO = ['ifa_prefered', 'ifa_valid', 'cstamp', 'tstamp'] as const;
/** NLMSG_ALIGN / NLA_ALIGN. */
const align4 = (n: number): number => (n + 3) & ~3;

/** The message bytes read from the tracee: `got` of the `len` asked for could be read. */
interface Buf {
  readonly c: CallContext;
  readonly addr: bigint;
  readonly view: DataView;
  readonly got: number;
  readonly family: number | undefined;
}

const readable = (b: Buf, off: number, size: number): boolean => off + size <= b.got;

/** printstr_ex(..., QUOTE_FORCE_HEX): every byte as \xNN, cut at -s. */
function hexString(b: Buf, off: number, len: number): Value {
  const shown = Math.min(len, b.c.opts.strsize);
  if (!readable(b, off, shown)) return ptr(b.addr + BigInt(off));
  let s = '"';
  for (let i = 0; i < shown; i++)
    s += `\\x${b.view
      .getUint8(off + i)
      .toString(16)
      .padStart(2, '0')}`;
  return text(`${s}"${len > shown ? '...' : ''}`);
}

/** decode_nla_str: the bytes as a string without the trailing NUL; `...` when there is none. */
function nlaString(b: Buf, off: number, len: number): Value {
  const max = b.c.opts.strsize;
  const size = Math.min(len, max);
  if (!readable(b, off, size)) return ptr(b.addr + BigInt(off));
  const bytes = new Uint8Array(b.view.buffer, b.view.byteOffset + off, size);
  if (size > 0 && bytes[size - 1] === 0) return { k: 'str', bytes: bytes.slice(0, size - 1), more: false };
  return { k: 'str', bytes: bytes.slice(), more: len > 0 };
}

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

/** Prints an attribute's payload; undefined when it cannot (then it prints as a hex string). */
type AttrDecoder = (b: Buf, off: number, len: number, family: number) => Value | undefined;

/** decode_inet_addr without a field name: `inet_addr("127.0.0.1")`, `inet_pton(AF_INET6, "::1")`. */
const inetAddr: AttrDecoder = (b, off, len, family) => {
  // only the bytes that were read: a view past them throws, and the call would print raw
  const bytes = new Uint8Array(
    b.view.buffer,
    b.view.byteOffset + off,
    Math.max(0, Math.min(len, 16, b.got - off)),
  );
  if (family === xlatValue('socket_domain', 'AF_INET') && len >= 4 && readable(b, off, 4)) {
    return text(
      netBytes(bytes, 0, 4, `inet_addr(${quoted(b.c, new TextEncoder().encode(ipv4Text(bytes)))})`),
    );
  }
  if (family === xlatValue('socket_domain', 'AF_INET6') && len >= 16 && readable(b, off, 16)) {
    const addr = quoted(b.c, new TextEncoder().encode(ipv6Text(bytes)));
    return text(netBytes(bytes, 0, 16, `inet_pton(AF_INET6, ${addr})`));
  }
  return hexString(b, off, len);
};

const u32: AttrDecoder = (b, off, len) =>
  len >= 4 && readable(b, off, 4) ? int(b.view.getUint32(off, true)) : undefined;
const s32: AttrDecoder = (b, off, len) =>
  len >= 4 && readable(b, off, 4) ? int(b.view.getInt32(off, true)) : undefined;

/** RTM_*ADDR attributes by name (strace's ifaddrmsg_nla_decoders). */
const IFA_DECODERS: Readonly<Record<string, AttrDecoder>> = {
  IFA_ADDRESS: inetAddr,
  IFA_LOCAL: inetAddr,
  IFA_LABEL: (b, off, len) => nlaString(b, off, len),
  IFA_BROADCAST: inetAddr,
  IFA_ANYCAST: inetAddr,
  IFA_CACHEINFO: (b, off, len) => {
    if (len < 16) return undefined;
    if (!readable(b, off, 16)) return ptr(b.addr + BigInt(off));
    return {
      k: 'struct',
      fields: IFA_CACHEINFO.map((n, i) => [n, int(b.view.getUint32(off + 4 * i, true))]),
    };
  },
  IFA_MULTICAST: inetAddr,
  IFA_FLAGS: (b, off, len) =>
    len >= 4 && readable(b, off, 4)
      ? sym(xlatText('ifa_flags', b.view.getUint32(off, true), 'flags'))
      : undefined,
  IFA_RT_PRIORITY: u32,
  IFA_TARGET_NETNSID: s32,
};

const u8: AttrDecoder = (b, off, len) =>
  len >= 1 && readable(b, off, 1) ? int(b.view.getUint8(off)) : undefined;
const str: AttrDecoder = (b, off, len) => nlaString(b, off, len);

/** struct rtnl_link_stats / rtnl_link_stats64 (include/uapi/linux/if_link.h): these counters, then rx_nohandler and
 * (64-bit only) rx_otherhost_dropped when the length has them. */
const LINK_STATS = [
  'rx_packets',
  'tx_packets',
  'rx_bytes',
  'tx_bytes',
  'rx_errors',
  'tx_errors',
  'rx_dropped',
  'tx_dropped',
  'multicast',
  'collisions',
  'rx_length_errors',
  'rx_over_errors',
  'rx_crc_errors',
  'rx_frame_errors',
  'rx_fifo_errors',
  'rx_missed_errors',
  'tx_aborted_errors',
  'tx_carrier_errors',
  'tx_fifo_errors',
  'tx_heartbeat_errors',
  'tx_window_errors',
  'rx_compressed',
  'tx_compressed',
] as const;

/** IFLA_STATS (width 4) and IFLA_STATS64 (width 8): sizes strace accepts are exact field counts, or more. */
function linkStats(width: 4 | 8, extra: readonly string[]): AttrDecoder {
  return (b, off, len) => {
    const names = [...LINK_STATS, ...extra];
    const sizes = names.map((_, i) => (i + 1) * width).filter((n) => n >= LINK_STATS.length * width);
    const full = names.length * width;
    const size = len >= full ? full : sizes.includes(len) ? len : 0;
    if (size === 0) return undefined;
    if (!readable(b, off, size)) return ptr(b.addr + BigInt(off));
    const value = (i: number): Value =>
      int(width === 4 ? b.view.getUint32(off + i * width, true) : b.view.getBigUint64(off + i * width, true));
    return { k: 'struct', fields: names.slice(0, size / width).map((n, i) => [n, value(i)]) };
  };
}

/** ARPHRD_NETROM's address length (AX25_ADDR_LEN): strace sizes link addresses by ifi_family as if a device type. */
const NETROM_ADDR_LEN = 7;

/** decode_nla_hwaddr: `52:54:00:12:34:56`. */
const hwaddr: AttrDecoder = (b, off, len, family) => {
  if (len > 32) return undefined;
  if (!readable(b, off, len)) return ptr(b.addr + BigInt(off));
  const shown = family === 0 ? Math.min(len, NETROM_ADDR_LEN) : len;
  const bytes = Array.from({ length: shown }, (_, i) =>
    b.view
      .getUint8(off + i)
      .toString(16)
      .padStart(2, '0'),
  );
  return text(bytes.join(':'));
};

/** RTM_*LINK attributes with plain values (part of strace's ifinfomsg_nla_decoders; the rest print as hex). */
const IFLA_DECODERS: Readonly<Record<string, AttrDecoder>> = {
  ...Object.fromEntries(
    [
      'IFNAME',
      'QDISC',
      'IFALIAS',
      'PHYS_PORT_NAME',
      'ALT_IFNAME',
      'PARENT_DEV_NAME',
      'PARENT_DEV_BUS_NAME',
    ].map((n) => [`IFLA_${n}`, str]),
  ),
  ...Object.fromEntries(
    [
      'MTU',
      'LINK',
      'MASTER',
      'TXQLEN',
      'WEIGHT',
      'NET_NS_PID',
      'NUM_VF',
      'GROUP',
      'PROMISCUITY',
      'NUM_TX_QUEUES',
      'NUM_RX_QUEUES',
      'CARRIER_CHANGES',
      'GSO_MAX_SEGS',
      'GSO_MAX_SIZE',
      'CARRIER_UP_COUNT',
      'CARRIER_DOWN_COUNT',
      'MIN_MTU',
      'MAX_MTU',
      'GRO_MAX_SIZE',
      'TSO_MAX_SIZE',
      'TSO_MAX_SEGS',
      'ALLMULTI',
    ].map((n) => [`IFLA_${n}`, u32]),
  ),
  ...Object.fromEntries(['OPERSTATE', 'LINKMODE', 'CARRIER', 'PROTO_DOWN'].map((n) => [`IFLA_${n}`, u8])),
  ...Object.fromEntries(['LINK_NETNSID', 'NEW_NETNSID', 'IF_NETNSID'].map((n) => [`IFLA_${n}`, s32])),
  IFLA_ADDRESS: hwaddr,
  IFLA_BROADCAST: hwaddr,
  IFLA_PERM_ADDRESS: hwaddr,
  IFLA_STATS: linkStats(4, ['rx_nohandler']),
  IFLA_STATS64: linkStats(8, ['rx_nohandler', 'rx_otherhost_dropped']),
  IFLA_NEW_IFINDEX: (b, off, len) =>
    len >= 4 && readable(b, off, 4) ? text(ifindexText(b.c, b.view.getUint32(off, true))) : undefined,
};

/** nla_type: NLA_F_NESTED and NLA_F_NET_BYTEORDER by name, then the attribute's name. */
function attrType(type: number, table: string): Value {
  let prefix = '';
  if (type & NLATTR.nested) prefix += 'NLA_F_NESTED|';
  if (type & NLATTR.netByteorder) prefix += 'NLA_F_NET_BYTEORDER|';
  return sym(prefix + xlatText(table, type & ~(NLATTR.nested | NLATTR.netByteorder), 'enum'));
}

/** strace's decode_nlattr: one attribute, or an array of them, each `[{nla_len, nla_type}, value]`. */
function attributes(
  b: Buf,
  off: number,
  len: number,
  table: string,
  decoders: Readonly<Record<string, AttrDecoder>>,
  family: number,
): Value {
  const items: Value[] = [];
  let isArray = false;
  for (let elt = 0; ; elt++) {
    if (len < NLATTR.size) {
      items.push(hexString(b, off, len));
      break;
    }
    if (!readable(b, off, NLATTR.size)) {
      items.push(isArray ? text(`... /* ${hexText(b.addr + BigInt(off))} */`) : ptr(b.addr + BigInt(off)));
      break;
    }
    if (elt === arrayLimit(b.c)) {
      items.push(text('...'));
      break;
    }
    const nlaLen = b.view.getUint16(off + NLATTR.len, true);
    const type = b.view.getUint16(off + NLATTR.type, true);
    const next = nlaLen >= NLATTR.size && len > align4(nlaLen) ? align4(nlaLen) : 0;
    if (next) isArray = true;
    const head: Value = {
      k: 'struct',
      fields: [
        ['nla_len', int(nlaLen)],
        ['nla_type', attrType(type, table)],
      ],
    };
    const size = Math.min(nlaLen, len);
    if (size > NLATTR.size) {
      const names = lookupXlat(table);
      const name = (names && xlatName(names, type & ~(NLATTR.nested | NLATTR.netByteorder))) ?? '';
      const payload = size - NLATTR.size;
      const value =
        decoders[name]?.(b, off + NLATTR.size, payload, family) ?? hexString(b, off + NLATTR.size, payload);
      items.push({ k: 'array', items: [head, value] });
    } else {
      items.push(head);
    }
    if (!next) break;
    off += next;
    len -= next;
  }
  return isArray ? { k: 'array', items } : (items[0] ?? { k: 'array', items: [] });
}

/** ifaddrmsg and its attributes: `{ifa_family=AF_INET, ifa_prefixlen=8, ...}, [attributes]`. */
function ifaddrmsg(b: Buf, off: number, len: number): Value[] {
  const v = b.view;
  const family = v.getUint8(off + IFADDRMSG.family);
  const fields: [string, Value][] = [['ifa_family', sym(xlatText('socket_domain', family, 'enum'))]];
  if (len < IFADDRMSG.size) return [{ k: 'struct', fields, more: true }];
  if (!readable(b, off, IFADDRMSG.size))
    return [{ k: 'struct', fields: [...fields, ['', ptr(b.addr + BigInt(off + 1))]] }];
  fields.push(
    ['ifa_prefixlen', int(v.getUint8(off + IFADDRMSG.prefixlen))],
    ['ifa_flags', sym(xlatText('ifa_flags', v.getUint8(off + IFADDRMSG.flags), 'flags'))],
    ['ifa_scope', sym(xlatText('rt_scope', v.getUint8(off + IFADDRMSG.scope), 'enum'))],
    ['ifa_index', text(ifindexText(b.c, v.getUint32(off + IFADDRMSG.index, true)))],
  );
  const out: Value[] = [{ k: 'struct', fields }];
  const rest = align4(IFADDRMSG.size);
  if (len > rest) out.push(attributes(b, off + rest, len - rest, 'ifa_attr', IFA_DECODERS, family));
  return out;
}

/** ifinfomsg and its attributes, those vat does not decode as hex strings. */
function ifinfomsg(b: Buf, off: number, len: number): Value[] {
  const v = b.view;
  const family = v.getUint8(off + IFINFOMSG.family);
  const fields: [string, Value][] = [['ifi_family', sym(xlatText('socket_domain', family, 'enum'))]];
  if (len < IFINFOMSG.size) return [{ k: 'struct', fields, more: true }];
  if (!readable(b, off, IFINFOMSG.size))
    return [{ k: 'struct', fields: [...fields, ['', ptr(b.addr + BigInt(off + 1))]] }];
  const change = v.getUint32(off + IFINFOMSG.change, true);
  fields.push(
    ['ifi_type', sym(xlatText('arp_hardware_type', v.getUint16(off + IFINFOMSG.type, true), 'enum'))],
    ['ifi_index', text(ifindexText(b.c, v.getInt32(off + IFINFOMSG.index, true)))],
    ['ifi_flags', sym(xlatText('iff_flags', v.getUint32(off + IFINFOMSG.flags, true), 'flags'))],
    ['ifi_change', change === 0 ? int(0) : text(`0x${change.toString(16)}`)],
  );
  const out: Value[] = [{ k: 'struct', fields }];
  const rest = align4(IFINFOMSG.size);
  if (len > rest) out.push(attributes(b, off + rest, len - rest, 'ifla_attr', IFLA_DECODERS, family));
  return out;
}

/** A one-byte header, `{rtgen_family=AF_INET}`, then attributes from the next 4-byte boundary (strace's
 * decode_nsid and decode_netconfmsg). */
function familyHeader(
  field: string,
  table: string,
  decoders: Readonly<Record<string, AttrDecoder>>,
): (b: Buf, off: number, len: number) => Value[] {
  return (b, off, len) => {
    const family = b.view.getUint8(off);
    const out: Value[] = [{ k: 'struct', fields: [[field, sym(xlatText('socket_domain', family, 'enum'))]] }];
    const rest = align4(1);
    if (len > rest) out.push(attributes(b, off + rest, len - rest, table, decoders, family));
    return out;
  };
}

/** struct ifaddrlblmsg (include/uapi/linux/if_addrlabel.h): family u8 @0, reserved u8, prefixlen u8 @2,
 * flags u8 @3, index u32 @4, seq u32 @8. */
const IFADDRLBLMSG = { size: 12, family: 0, prefixlen: 2, flags: 3, index: 4, seq: 8 } as const;
function ifaddrlblmsg(b: Buf, off: number, len: number): Value[] {
  const v = b.view;
  const family = v.getUint8(off + IFADDRLBLMSG.family);
  const fields: [string, Value][] = [['ifal_family', sym(xlatText('socket_domain', family, 'enum'))]];
  if (len < IFADDRLBLMSG.size) return [{ k: 'struct', fields, more: true }];
  if (!readable(b, off, IFADDRLBLMSG.size))
    return [{ k: 'struct', fields: [...fields, ['', ptr(b.addr + BigInt(off + 1))]] }];
  fields.push(
    ['ifal_prefixlen', int(v.getUint8(off + IFADDRLBLMSG.prefixlen))],
    ['ifal_flags', int(v.getUint8(off + IFADDRLBLMSG.flags))],
    ['ifal_index', text(ifindexText(b.c, v.getUint32(off + IFADDRLBLMSG.index, true)))],
    ['ifal_seq', int(v.getUint32(off + IFADDRLBLMSG.seq, true))],
  );
  const out: Value[] = [{ k: 'struct', fields }];
  const rest = align4(IFADDRLBLMSG.size);
  if (len > rest)
    out.push(attributes(b, off + rest, len - rest, 'rtnl_addrlabel_attrs', IFAL_DECODERS, family));
  return out;
}

const IFAL_DECODERS: Readonly<Record<string, AttrDecoder>> = { IFAL_ADDRESS: inetAddr, IFAL_LABEL: u32 };
const NSID_DECODERS: Readonly<Record<string, AttrDecoder>> = {
  NETNSA_NSID: s32,
  NETNSA_PID: u32,
  NETNSA_TARGET_NSID: s32,
  NETNSA_CURRENT_NSID: s32,
};
const NETCONF_DECODERS: Readonly<Record<string, AttrDecoder>> = {
  NETCONFA_IFINDEX: (b, off, len) =>
    len >= 4 && readable(b, off, 4) ? text(ifindexText(b.c, b.view.getUint32(off, true))) : undefined,
  ...Object.fromEntries(
    [
      'FORWARDING',
      'RP_FILTER',
      'MC_FORWARDING',
      'PROXY_NEIGH',
      'IGNORE_ROUTES_WITH_LINKDOWN',
      'INPUT',
      'BC_FORWARDING',
    ].map((n) => [`NETCONFA_${n}`, s32]),
  ),
};

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

/** NETLINK_ROUTE payloads by message type (strace's route_decoders, as far as vat has them). */
const ROUTE_DECODERS: Readonly<Record<string, (b: Buf, off: number, len: number) => Value[]>> = {
  RTM_NEWLINK: ifinfomsg,
  RTM_DELLINK: ifinfomsg,
  RTM_GETLINK: ifinfomsg,
  RTM_SETLINK: ifinfomsg,
  RTM_NEWADDR: ifaddrmsg,
  RTM_DELADDR: ifaddrmsg,
  RTM_GETADDR: ifaddrmsg,
  RTM_GETMULTICAST: ifaddrmsg,
  RTM_GETANYCAST: ifaddrmsg,
  RTM_NEWADDRLABEL: ifaddrlblmsg,
  RTM_DELADDRLABEL: ifaddrlblmsg,
  RTM_GETADDRLABEL: ifaddrlblmsg,
  RTM_NEWNETCONF: familyHeader('ncm_family', 'rtnl_netconf_attrs', NETCONF_DECODERS),
  RTM_DELNETCONF: familyHeader('ncm_family', 'rtnl_netconf_attrs', NETCONF_DECODERS),
  RTM_GETNETCONF: familyHeader('ncm_family', 'rtnl_netconf_attrs', NETCONF_DECODERS),
  RTM_NEWNSID: familyHeader('rtgen_family', 'rtnl_nsid_attrs', NSID_DECODERS),
  RTM_DELNSID: familyHeader('rtgen_family', 'rtnl_nsid_attrs', NSID_DECODERS),
  RTM_GETNSID: familyHeader('rtgen_family', 'rtnl_nsid_attrs', NSID_DECODERS),
};

/** decode_netlink_route: by type, else `{family=AF_INET, data="\x.."}`; undefined for NLMSG_DONE. */
function routePayload(b: Buf, type: number, off: number, len: number): Value[] | undefined {
  if (type === xlatValue('netlink_type', 'NLMSG_DONE')) return undefined;
  if (!readable(b, off, 1)) return [ptr(b.addr + BigInt(off))];
  // by the type's name whatever -X says (in raw style xlatText would give the number)
  const names = lookupXlat('rtnl_type');
  const decoder = ROUTE_DECODERS[(names && xlatName(names, type)) ?? ''];
  if (decoder) return decoder(b, off, len);
  return familyData(b, off, len);
}

/** `{family=AF_INET, data="\x.."}`: strace's decode_family, for payloads led by an address family byte. */
function familyData(b: Buf, off: number, len: number): Value[] {
  if (!readable(b, off, 1)) return [ptr(b.addr + BigInt(off))];
  const family = b.view.getUint8(off);
  const fields: [string, Value][] = [['family', sym(xlatText('socket_domain', family, 'enum'))]];
  if (len > 1) fields.push(['data', hexString(b, off + 1, len - 1)]);
  return [{ k: 'struct', fields }];
}

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
  NETLINK_SOCK_DIAG: (b, type, _flags, off, len) =>
    type === xlatValue('netlink_type', 'NLMSG_DONE') ? undefined : familyData(b, off, len),
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
