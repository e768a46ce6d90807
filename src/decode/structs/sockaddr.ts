// Socket addresses as strace prints them (src/sockaddr.c): `{sa_family=AF_INET, sin_port=htons(80),
// sin_addr=inet_addr("127.0.0.1")}`, and the socklen_t in/out length beside them (`[128 => 16]`).
import { int, ptr, sym, text, type Value } from '../../model/value.js';
import { pidValue } from '../args/numbers.js';
import { noteSocket, socketProto } from '../args/socket-details.js';
import { asInt, type CallContext, saveForExit } from '../context.js';
import { abbreviated, currentConstStyle, formatEnum, lookupXlat } from '../xlat.js';
import { ifindexText, ipv4Text, ipv6LinkLocal, ipv6Text, netBytes, ntohs, quoted } from './inet.js';
import { readView, xlatText } from './read.js';
import { type FamilyPrinter, type Fields, moreFamilies } from './sockaddr-families.js';
import type { StructDecoder } from './struct-decoder.js';
import { xlatValue } from './xlat-value.js';

/** sizeof(struct sockaddr_storage): strace reads at most this much. */
const SOCKADDR_STORAGE = 128;
/** sizeof(sa_family_t). */
const FAMILY_SIZE = 2;

/** struct sockaddr_un (include/uapi/linux/un.h): sun_family @0, sun_path[108] @2. */
const UN = { size: 110, path: 2 } as const;
/** struct sockaddr_in (include/uapi/linux/in.h): sin_port be16 @2, sin_addr be32 @4, padded to 16. */
const IN = { size: 16, port: 2, addr: 4 } as const;
/** struct sockaddr_in6 (include/uapi/linux/in6.h): port @2, flowinfo be32 @4, addr[16] @8, scope_id @24. */
const IN6 = { minSize: 24, port: 2, flowinfo: 4, addr: 8, scopeId: 24 } as const;
/** struct sockaddr_nl (include/uapi/linux/netlink.h): nl_pad u16 @2, nl_pid u32 @4, nl_groups u32 @8. */
const NL = { size: 12, pad: 2, pid: 4, groups: 8 } as const;
/** struct sockaddr_ll (include/uapi/linux/if_packet.h). */
const LL = { size: 20, protocol: 2, ifindex: 4, hatype: 8, pkttype: 10, halen: 11, addr: 12 } as const;

/** C's `%#0*x`: zero fills the whole width, anything else is 0x-prefixed and padded to it. */
const hex0 = (v: number, width: number): string =>
  v === 0 ? '0'.repeat(width) : `0x${v.toString(16).padStart(width - 2, '0')}`;

function unixFields(c: CallContext, _v: DataView, b: Uint8Array, len: number): Fields {
  const pathLen = Math.min(len, UN.size) - FAMILY_SIZE;
  const path = b.subarray(UN.path, UN.path + pathLen);
  if (path[0] !== 0) {
    const nul = path.indexOf(0);
    return [['sun_path', { k: 'str', bytes: nul < 0 ? path : path.subarray(0, nul), more: false }]];
  }
  return [['sun_path', text(`@${quoted(c, path.subarray(1))}`)]];
}

function inFields(c: CallContext, v: DataView, b: Uint8Array): Fields {
  const addr = `inet_addr(${quoted(c, new TextEncoder().encode(ipv4Text(b, IN.addr)))})`;
  return [
    ['sin_port', text(netBytes(b, IN.port, 2, `htons(${ntohs(v, IN.port)})`))],
    ['sin_addr', text(netBytes(b, IN.addr, 4, addr))],
  ];
}

function in6Fields(c: CallContext, v: DataView, b: Uint8Array, len: number): Fields {
  const addr = quoted(c, new TextEncoder().encode(ipv6Text(b, IN6.addr)));
  // abbrev style names the field inside the call (`inet_pton(AF_INET6, "::1", &sin6_addr)`); -X raw/verbose
  // print the field with its bytes
  const addrField: [string, Value] =
    currentConstStyle() === 'abbrev'
      ? ['', text(`inet_pton(AF_INET6, ${addr}, &sin6_addr)`)]
      : ['sin6_addr', text(netBytes(b, IN6.addr, 16, `inet_pton(AF_INET6, ${addr})`))];
  const fields: Fields = [
    ['sin6_port', text(netBytes(b, IN6.port, 2, `htons(${ntohs(v, IN6.port)})`))],
    ['sin6_flowinfo', text(netBytes(b, IN6.flowinfo, 4, `htonl(${v.getUint32(IN6.flowinfo, false)})`))],
    addrField,
  ];
  if (len <= IN6.minSize) return fields;
  const scope = v.getUint32(IN6.scopeId, true);
  fields.push(['sin6_scope_id', ipv6LinkLocal(b, IN6.addr) ? text(ifindexText(c, scope)) : int(scope)]);
  return fields;
}

function netlinkFields(c: CallContext, v: DataView): Fields {
  const pad = v.getUint16(NL.pad, true);
  const fields: Fields = pad ? [['nl_pad', text(`0x${pad.toString(16)}`)]] : [];
  fields.push(['nl_pid', pidValue(c, v.getInt32(NL.pid, true))]);
  fields.push(['nl_groups', text(hex0(v.getUint32(NL.groups, true), 8))]);
  return fields;
}

function packetFields(c: CallContext, v: DataView, b: Uint8Array, len: number): Fields {
  const halen = v.getUint8(LL.halen);
  const fields: Fields = [
    // print_sll_protocol: the bytes under -X raw/verbose, the name inside htons() always abbreviated
    [
      'sll_protocol',
      text(
        netBytes(
          b,
          LL.protocol,
          2,
          `htons(${abbreviated(() => xlatText('ethernet_protocol', ntohs(v, LL.protocol), 'enum'))})`,
        ),
      ),
    ],
    ['sll_ifindex', text(ifindexText(c, v.getInt32(LL.ifindex, true)))],
    ['sll_hatype', sym(xlatText('arp_hardware_type', v.getUint16(LL.hatype, true), 'enum'))],
    ['sll_pkttype', sym(xlatText('packet_type', v.getUint8(LL.pkttype), 'enum'))],
    ['sll_halen', int(halen)],
  ];
  if (halen === 0) return fields;
  const inBounds = len - LL.addr;
  const items: Value[] = [];
  for (let i = 0; i < halen; i++) {
    if (i >= inBounds) {
      items.push(text('...'));
      break;
    }
    items.push(text(hex0(b[LL.addr + i] ?? 0, 2)));
  }
  fields.push(['sll_addr', { k: 'array', items }]);
  return fields;
}

/** Per address family: its printer and the shortest address it needs (strace's sa_printers). */
const FAMILIES: Readonly<Record<string, { readonly min: number; readonly print: FamilyPrinter }>> = {
  AF_UNIX: { min: FAMILY_SIZE + 1, print: unixFields },
  AF_INET: { min: IN.size, print: inFields },
  AF_INET6: { min: IN6.minSize, print: in6Fields },
  AF_NETLINK: { min: NL.size, print: netlinkFields },
  AF_PACKET: { min: LL.size, print: packetFields },
  ...moreFamilies(inFields, in6Fields, IN6.minSize),
};

/** The same keyed by number, through the address-family table. */
const BY_NUMBER: ReadonlyMap<number, { readonly min: number; readonly print: FamilyPrinter }> = new Map(
  (lookupXlat('socket_domain')?.values ?? []).flatMap(([name, value]) => {
    const f = FAMILIES[name];
    return f ? [[value, f] as const] : [];
  }),
);

/** An address family's number by name (AF_NETLINK), from the same table. */
export const familyNumber = (name: string): number | undefined => xlatValue('socket_domain', name);

/** strace's print_sockaddr over bytes already read: `len` is the length given, `b` holds at least that much. */
export function sockaddrOf(c: CallContext, b: Uint8Array, len: number): Value {
  const padded = new Uint8Array(SOCKADDR_STORAGE + 1);
  padded.set(b.subarray(0, Math.min(len, SOCKADDR_STORAGE)));
  const v = new DataView(padded.buffer);
  const family = v.getUint16(0, true);
  const table = lookupXlat('socket_domain');
  const fields: Fields = [['sa_family', sym(table ? formatEnum(table, family) : String(family))]];
  if (len > FAMILY_SIZE) {
    const printer = BY_NUMBER.get(family);
    if (printer && len >= printer.min) fields.push(...printer.print(c, v, padded, len));
    else fields.push(['sa_data', { k: 'str', bytes: padded.slice(FAMILY_SIZE, len), more: false }]);
  }
  return { k: 'struct', fields };
}

/** strace's decode_sockaddr: the address of `len` bytes at `addr`, or the pointer when short or unreadable. */
export function sockaddrAt(c: CallContext, addr: bigint, len: number): { value: Value; family?: number } {
  if (len < FAMILY_SIZE || addr === 0n) return { value: ptr(addr) };
  const size = Math.min(len, SOCKADDR_STORAGE);
  const v = readView(c, addr, size);
  if (!v) return { value: ptr(addr) };
  const bytes = new Uint8Array(v.buffer, v.byteOffset, size);
  return { value: sockaddrOf(c, bytes, size), family: v.getUint16(0, true) };
}

/** The int at `addr`, or undefined when unreadable. */
function intAt(c: CallContext, addr: bigint): number | undefined {
  if (addr === 0n) return undefined;
  const v = readView(c, addr, 4);
  return v?.getInt32(0, true);
}

/** The length a caller gave in a socklen_t (saved at entry by the socklen_t hook), if strace fetched it. */
const givenLength = (c: CallContext, lenIndex: number): number | undefined =>
  c.saved?.[lenIndex] as number | undefined;

/**
 * `sockaddr`: with `in(...)` the address and its length in the next argument (connect, bind, sendto); with
 * `out(...)` the address the kernel wrote, cut to the smaller of the lengths before and after (accept, recvfrom).
 */
const sockaddr: StructDecoder = Object.assign(
  (c: CallContext, addr: bigint, index: number): Value => {
    if (c.args[index]?.kind === 'in') return sockaddrAt(c, addr, asInt(c.raw[index + 1])).value;
    const ulen = givenLength(c, index + 1);
    const rlen = intAt(c, BigInt.asUintN(64, c.raw[index + 1] ?? 0n));
    if (ulen === undefined || rlen === undefined) return ptr(addr);
    return sockaddrAt(c, addr, Math.min(ulen, rlen)).value;
  },
  {
    // under -yy an accepted socket has its listening socket's protocol
    atExit: (c: CallContext): void => {
      if (c.opts.yflag < 2 || c.failed || c.ret === undefined || !c.name.startsWith('accept')) return;
      noteSocket(c.fdPath(Number(c.ret)), socketProto(c.pid, c.fdPath(asInt(c.raw[0]))));
    },
  },
);

/** The argument before a socklen_t is an address the kernel fills: strace reads the length only when it is set. */
function lengthFetched(c: CallContext, addr: bigint, index: number): boolean {
  const before = c.args[index - 1];
  if (addr === 0n) return false;
  return !(before?.kind === 'out' && before.param === 'sockaddr' && (c.raw[index - 1] ?? 0n) === 0n);
}

/**
 * `socklen_t` (inout): the length given at entry and the length returned, `[16]` or `[128 => 16]`; `[128]` when
 * the call failed; the pointer when strace could not read it at entry.
 */
const socklen: StructDecoder = Object.assign(
  (c: CallContext, addr: bigint, index: number): Value => {
    const ulen = givenLength(c, index);
    if (ulen === undefined) return ptr(addr);
    const rlen = c.failed ? undefined : intAt(c, addr);
    if (rlen === undefined || rlen === ulen) return { k: 'array', items: [int(rlen ?? ulen)] };
    return { k: 'array', items: [text(`${ulen} => ${rlen}`)] };
  },
  {
    atEntry: (c: CallContext, addr: bigint, index: number): void => {
      const v = lengthFetched(c, addr, index) ? intAt(c, addr) : undefined;
      if (v !== undefined) saveForExit(c, index, v);
    },
  },
);

export const SOCKADDR_STRUCTS = { sockaddr, socklen_t: socklen } as const;
