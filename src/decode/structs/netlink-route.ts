// NETLINK_ROUTE payloads as strace's decode_netlink_route prints them (src/netlink_route.c, rtnl_*.c): each
// message family's header struct, then its attributes. Layouts come from the generated STRUCTS table; what each
// field and attribute prints as is data here (xlat tables and decoders by attribute name).

import { int, ptr, sym, text, type Value } from '../../model/value.js';
import { lookupXlat, xlatName } from '../xlat.js';
import { ifindexText } from './inet.js';
import {
  type AttrDecoder,
  align4,
  attributes,
  type Buf,
  hexString,
  hwaddr,
  inetAddr,
  nlaString,
  readable,
  s32,
  str,
  u8,
  u32,
} from './netlink-attr.js';
import { IFLA_NESTED } from './netlink-route-link.js';
import { getNeigh, ROUTE_MSGS } from './netlink-route-msgs.js';
import { linkStats, STATS_MSGS } from './netlink-route-stats.js';
import { xlatText } from './read.js';
import { xlatValue } from './xlat-value.js';

/** struct ifaddrmsg (include/uapi/linux/if_addr.h). */
const IFADDRMSG = { size: 8, family: 0, prefixlen: 1, flags: 2, scope: 3, index: 4 } as const;
/** struct ifinfomsg (include/uapi/linux/rtnetlink.h). */
const IFINFOMSG = { size: 16, family: 0, type: 2, index: 4, flags: 8, change: 12 } as const;
/** struct ifa_cacheinfo (include/uapi/linux/if_addr.h): four u32. */
const IFA_CACHEINFO = ['ifa_prefered', 'ifa_valid', 'cstamp', 'tstamp'] as const;
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
  ...IFLA_NESTED,
  IFLA_NEW_IFINDEX: (b, off, len) =>
    len >= 4 && readable(b, off, 4) ? text(ifindexText(b.c, b.view.getUint32(off, true))) : undefined,
};

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

/** NETLINK_ROUTE payloads by message type (strace's route_decoders, as far as vat has them). */
const ROUTE_DECODERS: Readonly<Record<string, (b: Buf, off: number, len: number) => Value[]>> = {
  ...ROUTE_MSGS,
  ...STATS_MSGS,
  RTM_GETNEIGH: getNeigh(ifinfomsg),
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
export function routePayload(b: Buf, type: number, off: number, len: number): Value[] | undefined {
  if (type === xlatValue('netlink_type', 'NLMSG_DONE')) return undefined;
  if (!readable(b, off, 1)) return [ptr(b.addr + BigInt(off))];
  // by the type's name whatever -X says (in raw style xlatText would give the number)
  const names = lookupXlat('rtnl_type');
  const decoder = ROUTE_DECODERS[(names && xlatName(names, type)) ?? ''];
  if (decoder) return decoder(b, off, len);
  return familyData(b, off, len);
}

/** `{family=AF_INET, data="\x.."}`: strace's decode_family, for payloads led by an address family byte. */
export function familyData(b: Buf, off: number, len: number): Value[] {
  if (!readable(b, off, 1)) return [ptr(b.addr + BigInt(off))];
  const family = b.view.getUint8(off);
  const fields: [string, Value][] = [['family', sym(xlatText('socket_domain', family, 'enum'))]];
  if (len > 1) fields.push(['data', hexString(b, off + 1, len - 1)]);
  return [{ k: 'struct', fields }];
}
