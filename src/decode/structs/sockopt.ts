// getsockopt/setsockopt (src/net.c): option names by level, and option values: ints as `[1]`, struct linger,
// struct ucred, SO_ERROR as `[ECONNREFUSED]`, group requests, and bytes for what strace does not decode.
import { int, ptr, sym, text, type Value } from '../../model/value.js';
import { errnoByValue } from '../../tables/errnos.js';
import { pidValue } from '../args/numbers.js';
import { byteBuffer } from '../args/strings.js';
import { asInt, asUint, type CallContext } from '../context.js';
import { lookupXlat, styled, xlatName } from '../xlat.js';
import { FPROG_SIZE, filterProg, filterProgram } from './bpf-filter.js';
import { ifindexText, ipv4Text, ipv6Text, quoted } from './inet.js';
import { idValue, readView, xlatText } from './read.js';
import { sockaddrOf } from './sockaddr.js';
import type { StructDecoder } from './struct-decoder.js';

/** Option names per level: the xlat table, keyed by the level's name in socket_level. */
const OPTION_TABLES: Readonly<Record<string, string>> = {
  SOL_SOCKET: 'so_option',
  SOL_IP: 'sockopt_ip',
  SOL_IPV6: 'sockopt_ipv6',
  SOL_TCP: 'sockopt_tcp',
  SOL_UDP: 'sockopt_udp',
  SOL_NETLINK: 'sockopt_netlink',
  SOL_PACKET: 'sockopt_packet',
  SOL_RAW: 'sockopt_raw',
};

/** SOL_SOCKET options whose value is an int (strace's "all known int-like options"). */
const INT_SOCKET_OPTIONS = new Set([
  'SO_DEBUG',
  'SO_REUSEADDR',
  'SO_DONTROUTE',
  'SO_BROADCAST',
  'SO_SNDBUF',
  'SO_RCVBUF',
  'SO_KEEPALIVE',
  'SO_OOBINLINE',
  'SO_NO_CHECK',
  'SO_PRIORITY',
  'SO_BSDCOMPAT',
  'SO_REUSEPORT',
  'SO_PASSCRED',
  'SO_RCVLOWAT',
  'SO_SNDLOWAT',
  'SO_DETACH_FILTER',
  'SO_TIMESTAMP_OLD',
  'SO_ACCEPTCONN',
  'SO_SNDBUFFORCE',
  'SO_RCVBUFFORCE',
  'SO_PASSSEC',
  'SO_TIMESTAMPNS_OLD',
  'SO_MARK',
  'SO_TIMESTAMPING_OLD',
  'SO_RXQ_OVFL',
  'SO_WIFI_STATUS',
  'SO_PEEK_OFF',
  'SO_NOFCS',
  'SO_LOCK_FILTER',
  'SO_SELECT_ERR_QUEUE',
  'SO_BUSY_POLL',
  'SO_INCOMING_CPU',
  'SO_CNX_ADVICE',
  'SO_INCOMING_NAPI_ID',
  'SO_ZEROCOPY',
  'SO_TIMESTAMP_NEW',
  'SO_TIMESTAMPNS_NEW',
  'SO_TIMESTAMPING_NEW',
  'SO_DETACH_REUSEPORT_BPF',
  'SO_PREFER_BUSY_POLL',
  'SO_BUSY_POLL_BUDGET',
  'SO_RESERVE_MEM',
  'SO_RCVMARK',
]);

/** struct linger (include/linux/socket.h): l_onoff int @0, l_linger int @4. */
const LINGER = [
  ['l_onoff', 0],
  ['l_linger', 4],
] as const;
/** struct ucred (include/linux/socket.h): pid, uid, gid. */
const UCRED = { size: 12, pid: 0, uid: 4, gid: 8 } as const;
/** struct ip_mreq (include/uapi/linux/in.h): imr_multiaddr @0, imr_interface @4. */
const IP_MREQ = { size: 8, multiaddr: 0, iface: 4 } as const;
/** struct ipv6_mreq (include/uapi/linux/in6.h): ipv6mr_multiaddr[16] @0, ipv6mr_interface int @16. */
const IPV6_MREQ = { size: 20, multiaddr: 0, iface: 16 } as const;

const levelName = (level: number): string | undefined => {
  const t = lookupXlat('socket_level');
  return t ? xlatName(t, level) : undefined;
};

/** The option's name at its level, or undefined when the level or the option has none. */
function optionName(level: number, name: number, get: boolean): string | undefined {
  const lvl = levelName(level);
  const table = lvl === undefined ? undefined : lookupXlat(OPTION_TABLES[lvl] ?? '');
  const found = table ? xlatName(table, name) : undefined;
  // getsockopt calls SO_ATTACH_FILTER's number SO_GET_FILTER (strace's getsock_options)
  return get && found === 'SO_ATTACH_FILTER' ? 'SO_GET_FILTER' : found;
}

/** strace's print_sockopt_fd_level_name for optname: the name, `0x.. /* X_??? *\/`, or a number at other levels. */
export function sockoptName(c: CallContext, level: number, name: number): Value {
  const lvl = levelName(level);
  const tableName = lvl === undefined ? undefined : OPTION_TABLES[lvl];
  if (tableName === undefined || !lookupXlat(tableName)) return int(name);
  const found = optionName(level, name, c.name === 'getsockopt');
  // getsockopt's SO_GET_FILTER is SO_ATTACH_FILTER's number under another name: styled by hand
  if (found === 'SO_GET_FILTER') return sym(styled(`0x${name.toString(16)}`, found));
  return sym(xlatText(tableName, name, 'enum'));
}

/** printnum_int: `[N]`, or the address when unreadable. */
function intValue(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, 4);
  return v ? { k: 'array', items: [int(v.getInt32(0, true))] } : ptr(addr);
}

/** SO_TXREHASH's int by name (strace's print_txrehash): `[SOCK_TXREHASH_ENABLED]`, `[2 /* SOCK_TXREHASH_??? *\/]`. */
function txrehash(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, 4);
  return v
    ? { k: 'array', items: [sym(xlatText('sockopt_txrehash_vals', v.getInt32(0, true), 'enum'))] }
    : ptr(addr);
}

/** printstr_ex with QUOTE_FORCE_HEX: every byte as \xNN. */
function hexBytes(c: CallContext, addr: bigint, len: number): Value {
  const shown = Math.min(len, c.opts.strsize);
  const bytes = c.mem.read(addr, shown);
  if (!bytes || bytes.length < shown) return ptr(addr);
  const hex = Array.from(bytes, (b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
  return text(`"${hex}"${len > shown ? '...' : ''}`);
}

/**
 * strace's MAYBE_PRINT_FIELD_LEN over `len` bytes: each field that starts within them, whole when they cover it,
 * else its bytes that are there as a hex string (`{pid=5, uid="\x00\x00"}`).
 */
function fitting(
  v: DataView,
  len: number,
  fields: readonly (readonly [string, number, (v: DataView, o: number) => Value])[],
): Value {
  return {
    k: 'struct',
    fields: fields
      .filter(([, off]) => len > off)
      .map(([n, off, f]) => [n, off + 4 <= len ? f(v, off) : hexOf(v, off, len - off)]),
  };
}

/** Bytes already read as a \xNN string (print_quoted_string with QUOTE_FORCE_HEX). */
const hexQuoted = (v: DataView, off: number, len: number): string =>
  `"${Array.from(
    { length: len },
    (_, i) =>
      `\\x${v
        .getUint8(off + i)
        .toString(16)
        .padStart(2, '0')}`,
  ).join('')}"`;
const hexOf = (v: DataView, off: number, len: number): Value => text(hexQuoted(v, off, len));

const i32 = (v: DataView, o: number): Value => int(v.getInt32(o, true));

/** getsockopt's SO_LINGER and SO_PEERCRED: the fields the returned length covers. */
function getStruct(
  c: CallContext,
  addr: bigint,
  rlen: number,
  size: number,
  fields: Parameters<typeof fitting>[2],
): Value {
  const len = Math.min(rlen, size);
  const v = readView(c, addr, len);
  return v ? fitting(v, len, fields) : ptr(addr);
}

const LINGER_FIELDS = LINGER.map(([n, o]) => [n, o, i32] as const);
const u32 = (v: DataView, o: number): Value => int(v.getUint32(o, true));
/** strace's struct tp_stats (its own, the common head of tpacket_stats and tpacket_stats_v3): three u32. */
const TP_STATS_FIELDS = [
  ['tp_packets', 0, u32],
  ['tp_drops', 4, u32],
  ['tp_freeze_q_cnt', 8, u32],
] as const;
const ucredFields = (c: CallContext) =>
  [
    ['pid', UCRED.pid, (v: DataView, o: number) => pidValue(c, v.getInt32(o, true))],
    ['uid', UCRED.uid, (v: DataView, o: number) => idValue(v.getUint32(o, true))],
    ['gid', UCRED.gid, (v: DataView, o: number) => idValue(v.getUint32(o, true))],
  ] as const;

/** strace's print_getsockopt: the value the kernel returned, `rlen` bytes long (`ulen` given). */
function getValue(
  c: CallContext,
  addr: bigint,
  level: number,
  name: number,
  ulen: number,
  rlen: number,
): Value {
  if (ulen <= 0 || rlen <= 0) return ptr(addr);
  const lvl = levelName(level);
  const opt = optionName(level, name, true);
  if (lvl === 'SOL_SOCKET') {
    if (opt === 'SO_LINGER') return getStruct(c, addr, rlen, 8, LINGER_FIELDS);
    if (opt === 'SO_PEERCRED') return getStruct(c, addr, rlen, UCRED.size, ucredFields(c));
    if (opt === 'SO_GET_FILTER') return rlen <= 0xffff ? filterProgram(c, addr, rlen, 'socket') : ptr(addr);
    if (opt === 'SO_ERROR') {
      if (rlen < 4) return hexBytes(c, addr, rlen);
      const v = readView(c, addr, 4);
      if (!v) return ptr(addr);
      const err = v.getUint32(0, true);
      return { k: 'array', items: [err === 0 ? int(0) : sym(errnoByValue(err)?.name ?? String(err))] };
    }
    if (opt === 'SO_TXREHASH') return rlen < 4 ? hexBytes(c, addr, rlen) : txrehash(c, addr);
    if (opt !== undefined && INT_SOCKET_OPTIONS.has(opt))
      return rlen >= 4 ? intValue(c, addr) : hexBytes(c, addr, rlen);
  } else if (lvl === 'SOL_PACKET' && opt === 'PACKET_STATISTICS') {
    return getStruct(c, addr, rlen, 12, TP_STATS_FIELDS);
  } else if (lvl === 'SOL_RAW' && opt === 'ICMP_FILTER') {
    return icmpFilter(c, addr, rlen);
  } else if (lvl === 'SOL_NETLINK') {
    if (opt === 'NETLINK_LIST_MEMBERSHIPS') {
      const count = Math.floor(Math.min(ulen, rlen) / 4);
      const v = readView(c, addr, count * 4);
      if (!v) return ptr(addr);
      return { k: 'array', items: Array.from({ length: count }, (_, i) => int(v.getUint32(i * 4, true))) };
    }
    return intValue(c, addr);
  }
  return rlen === 4 ? intValue(c, addr) : byteBuffer(c, addr, rlen);
}

/** struct ip_mreq: `{imr_multiaddr=inet_addr("224.0.0.1"), imr_interface=inet_addr("0.0.0.0")}`. */
function ipMreq(c: CallContext, addr: bigint, len: number): Value {
  const v = len < IP_MREQ.size ? undefined : readView(c, addr, IP_MREQ.size);
  if (!v) return ptr(addr);
  const b = new Uint8Array(v.buffer, v.byteOffset, IP_MREQ.size);
  const a = (off: number): Value =>
    text(`inet_addr(${quoted(c, new TextEncoder().encode(ipv4Text(b, off)))})`);
  return {
    k: 'struct',
    fields: [
      ['imr_multiaddr', a(IP_MREQ.multiaddr)],
      ['imr_interface', a(IP_MREQ.iface)],
    ],
  };
}

/** struct ipv6_mreq: `{inet_pton(AF_INET6, "ff02::1", &ipv6mr_multiaddr), ipv6mr_interface=if_nametoindex("lo")}`. */
function ipv6Mreq(c: CallContext, addr: bigint, len: number): Value {
  const v = len < IPV6_MREQ.size ? undefined : readView(c, addr, IPV6_MREQ.size);
  if (!v) return ptr(addr);
  const b = new Uint8Array(v.buffer, v.byteOffset, IPV6_MREQ.size);
  const group = quoted(c, new TextEncoder().encode(ipv6Text(b, IPV6_MREQ.multiaddr)));
  return {
    k: 'struct',
    fields: [
      ['', text(`inet_pton(AF_INET6, ${group}, &ipv6mr_multiaddr)`)],
      ['ipv6mr_interface', text(ifindexText(c, v.getUint32(IPV6_MREQ.iface, true)))],
    ],
  };
}

/** struct icmp_filter (include/uapi/linux/icmp.h): one u32 of ICMP types, `[ICMP_ECHO ...]`, or `~[...]` when most are set. */
function icmpFilter(c: CallContext, addr: bigint, len: number): Value {
  if (len <= 0) return ptr(addr);
  const size = Math.min(len, 4);
  const v = readView(c, addr, size);
  if (!v) return ptr(addr);
  let data = 0xffffffff;
  for (let i = 0; i < size; i++) data = (data & ~(0xff << (8 * i))) | (v.getUint8(i) << (8 * i));
  data >>>= 0;
  let bits = 0;
  for (let i = 0; i < 32; i++) bits += (data >>> i) & 1;
  const inverted = bits > 16;
  if (inverted) data = ~data >>> 0;
  const names: string[] = [];
  for (let i = 0; i < 32; i++) if ((data >>> i) & 1) names.push(xlatText('icmp_filter_flags', i, 'enum'));
  return text(`${inverted ? '~' : ''}[${names.join(' ')}]`);
}

/** struct tpacket_req (include/uapi/linux/if_packet.h): four u32, printed only at exactly their size. */
function tpacketReq(c: CallContext, addr: bigint, len: number): Value {
  const v = len === 16 ? readView(c, addr, 16) : undefined;
  if (!v) return ptr(addr);
  const names = ['tp_block_size', 'tp_block_nr', 'tp_frame_size', 'tp_frame_nr'];
  return { k: 'struct', fields: names.map((n, i) => [n, int(v.getUint32(4 * i, true))]) };
}

/** struct packet_mreq (include/uapi/linux/if_packet.h): mr_ifindex int @0, mr_type u16 @4, mr_alen u16 @6,
 * mr_address[8] @8; printed only at exactly its size. */
const PACKET_MREQ = { size: 16, ifindex: 0, type: 4, alen: 6, address: 8, addressSize: 8 } as const;
function packetMreq(c: CallContext, addr: bigint, len: number): Value {
  const v = len === PACKET_MREQ.size ? readView(c, addr, PACKET_MREQ.size) : undefined;
  if (!v) return ptr(addr);
  const alen = v.getUint16(PACKET_MREQ.alen, true);
  const shown = Math.min(alen, PACKET_MREQ.addressSize);
  const bytes = new Uint8Array(v.buffer, v.byteOffset + PACKET_MREQ.address, shown);
  const mac = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':');
  return {
    k: 'struct',
    fields: [
      ['mr_ifindex', text(ifindexText(c, v.getInt32(PACKET_MREQ.ifindex, true)))],
      ['mr_type', sym(xlatText('packet_mreq_type', v.getUint16(PACKET_MREQ.type, true), 'enum'))],
      ['mr_alen', int(alen)],
      // print_mac_addr: the colon form; the bytes in hex under -X raw, both under -X verbose
      ['mr_address', text(styled(hexQuoted(v, PACKET_MREQ.address, shown), mac))],
    ],
  };
}

/** struct group_req (include/uapi/linux/in.h): gr_interface u32 @0, gr_group sockaddr_storage @8. */
const GROUP_REQ = { size: 136, iface: 0, group: 8, groupSize: 128 } as const;
function groupReq(c: CallContext, addr: bigint, len: number): Value {
  const v = len < GROUP_REQ.size ? undefined : readView(c, addr, GROUP_REQ.size);
  if (!v) return ptr(addr);
  const group = new Uint8Array(v.buffer, v.byteOffset + GROUP_REQ.group, GROUP_REQ.groupSize);
  return {
    k: 'struct',
    fields: [
      ['gr_interface', text(ifindexText(c, v.getUint32(GROUP_REQ.iface, true)))],
      ['gr_group', sockaddrOf(c, group, GROUP_REQ.groupSize)],
    ],
  };
}

const SET_STRUCTS: Readonly<Record<string, (c: CallContext, addr: bigint, len: number) => Value>> = {
  MCAST_JOIN_GROUP: groupReq,
  MCAST_LEAVE_GROUP: groupReq,
  IP_ADD_MEMBERSHIP: ipMreq,
  IP_DROP_MEMBERSHIP: ipMreq,
  IPV6_ADD_MEMBERSHIP: ipv6Mreq,
  IPV6_DROP_MEMBERSHIP: ipv6Mreq,
  IPV6_JOIN_ANYCAST: ipv6Mreq,
  IPV6_LEAVE_ANYCAST: ipv6Mreq,
};

/** strace's print_setsockopt: the value given, `len` bytes long. */
function setValue(c: CallContext, addr: bigint, level: number, name: number, len: number): Value {
  const lvl = levelName(level);
  const opt = optionName(level, name, false);
  if (lvl === 'SOL_SOCKET') {
    if (opt === 'SO_LINGER') {
      const v = len < 8 ? undefined : readView(c, addr, 8);
      return v ? fitting(v, 8, LINGER_FIELDS) : ptr(addr);
    }
    if (opt === 'SO_ATTACH_FILTER' || opt === 'SO_ATTACH_REUSEPORT_CBPF')
      return len === FPROG_SIZE ? filterProg(c, addr, 'socket') : ptr(addr);
    if (opt === 'SO_TXREHASH') return len < 4 ? ptr(addr) : txrehash(c, addr);
    if (opt !== undefined && INT_SOCKET_OPTIONS.has(opt)) return len < 4 ? ptr(addr) : intValue(c, addr);
  } else if (lvl === 'SOL_NETLINK') {
    return len < 4 ? ptr(addr) : intValue(c, addr);
  } else if ((lvl === 'SOL_IP' || lvl === 'SOL_IPV6') && opt !== undefined && SET_STRUCTS[opt]) {
    return SET_STRUCTS[opt](c, addr, len);
  } else if (lvl === 'SOL_PACKET' && (opt === 'PACKET_RX_RING' || opt === 'PACKET_TX_RING')) {
    return tpacketReq(c, addr, len);
  } else if (lvl === 'SOL_PACKET' && (opt === 'PACKET_ADD_MEMBERSHIP' || opt === 'PACKET_DROP_MEMBERSHIP')) {
    return packetMreq(c, addr, len);
  } else if (lvl === 'SOL_RAW' && opt === 'ICMP_FILTER') {
    return icmpFilter(c, addr, len);
  }
  return len === 4 ? intValue(c, addr) : byteBuffer(c, addr, len);
}

/**
 * `sockopt`: setsockopt's optval (in, the length is the next argument) and getsockopt's (out, read with the
 * lengths the socklen_t after it saved at entry and holds at exit).
 */
const sockopt: StructDecoder = (c: CallContext, addr: bigint, index: number): Value => {
  const level = asUint(c.raw[1]);
  const name = asUint(c.raw[2]);
  if (c.args[index]?.kind === 'in') return setValue(c, addr, level, name, asInt(c.raw[index + 1]));
  const ulen = c.saved?.[index + 1] as number | undefined;
  const rlenView = readView(c, BigInt.asUintN(64, c.raw[index + 1] ?? 0n), 4);
  if (ulen === undefined || !rlenView) return ptr(addr);
  return getValue(c, addr, level, name, ulen, rlenView.getInt32(0, true));
};

export const SOCKOPT_STRUCTS = { sockopt } as const;
