// Socket arguments whose meaning depends on another argument: socket's protocol by address family, and the
// get/setsockopt option name by level (src/net.c), send/recv buffers; the high half of preadv/pwritev's offset
// and the remote iovecs of process_vm_readv/writev.
import { int, NONE, ptr, sym, text, type Value } from '../../model/value.js';
import { iovAddress, iovecArray } from '../args/iovec.js';
import { noteSocket } from '../args/socket-details.js';
import { byteBuffer } from '../args/strings.js';
import { type ArgDecoder, asUint, type CallContext } from '../context.js';
import { callNetlinkFamily, netlinkMessages } from '../structs/netlink.js';
import { xlatText } from '../structs/read.js';
import { familyNumber } from '../structs/sockaddr.js';
import { sockoptName } from '../structs/sockopt.js';
import { xlatValue } from '../structs/xlat-value.js';

/** Protocol tables per address family, and how the protocol number is shown. */
const PROTOCOLS: Readonly<Record<string, (proto: bigint) => Value>> = {
  AF_INET: (p) => sym(xlatText('ipproto', p, 'enum')),
  AF_INET6: (p) => sym(xlatText('ipproto', p, 'enum')),
  AF_NETLINK: (p) => sym(xlatText('netlink_protocol', p, 'enum')),
  // a packet socket's protocol is an ethertype in network order
  AF_PACKET: (p) => {
    const n = Number(p & 0xffffn);
    return text(`htons(${xlatText('ethernet_protocol', ((n & 0xff) << 8) | (n >> 8), 'enum')})`);
  },
};

/**
 * The kernel's name for a new socket's protocol (what strace reads from the socket's system.sockprotoname), by
 * family, type and protocol; `*` matches anything. INET6 sockets add `v6`. The first matching row wins.
 */
const PROTO_NAMES: readonly (readonly [family: string, type: string, protocol: string, name: string])[] = [
  ['AF_UNIX', 'SOCK_STREAM', '*', 'UNIX-STREAM'],
  ['AF_UNIX', '*', '*', 'UNIX'],
  ['AF_NETLINK', '*', '*', 'NETLINK'],
  ['INET', 'SOCK_STREAM', 'IPPROTO_IP', 'TCP'],
  ['INET', 'SOCK_STREAM', 'IPPROTO_TCP', 'TCP'],
  ['INET', 'SOCK_STREAM', 'IPPROTO_SCTP', 'SCTP'],
  ['INET', 'SOCK_SEQPACKET', 'IPPROTO_SCTP', 'SCTP'],
  ['INET', 'SOCK_DGRAM', 'IPPROTO_IP', 'UDP'],
  ['INET', 'SOCK_DGRAM', 'IPPROTO_UDP', 'UDP'],
  ['INET', 'SOCK_DGRAM', 'IPPROTO_UDPLITE', 'UDPLITE'],
  ['INET', 'SOCK_DGRAM', 'IPPROTO_ICMP', 'PING'],
  ['INET', 'SOCK_DGRAM', 'IPPROTO_ICMPV6', 'PING'],
  ['INET', 'SOCK_RAW', '*', 'RAW'],
  ['INET', 'SOCK_DCCP', '*', 'DCCP'],
];

/** socket()'s protocol name for -yy, undefined when strace would not know it either. */
function protoName(domain: number, type: number, protocol: number): string | undefined {
  const inet =
    domain === xlatValue('socket_domain', 'AF_INET')
      ? ''
      : domain === xlatValue('socket_domain', 'AF_INET6')
        ? 'v6'
        : undefined;
  const base = type & 0xf;
  for (const [family, t, p, name] of PROTO_NAMES) {
    if (family === 'INET' ? inet === undefined : xlatValue('socket_domain', family) !== domain) continue;
    if (t !== '*' && xlatValue('socket_type_base', t) !== base) continue;
    if (p !== '*' && xlatValue('ipproto', p) !== protocol) continue;
    return family === 'INET' ? `${name}${inet}` : name;
  }
  return undefined;
}

/**
 * At socket()'s exit: remember the new socket's protocol (strace asks the socket itself), for -yy and to know
 * which buffers hold netlink messages.
 */
function noteNewSocket(c: CallContext): void {
  if (c.failed || c.ret === undefined) return;
  const domain = Number(c.raw[0] ?? 0n);
  const name = protoName(domain, asUint(c.raw[1]), asUint(c.raw[2]));
  const netlink = domain === xlatValue('socket_domain', 'AF_NETLINK') ? { netlink: asUint(c.raw[2]) } : {};
  noteSocket(c.fdPath(Number(c.ret)), name, netlink);
}

function socketProtocol(c: CallContext, i: number): Value {
  const domain = BigInt.asUintN(64, c.raw[0] ?? 0n);
  const proto = BigInt.asUintN(64, c.raw[i] ?? 0n);
  for (const [family, show] of Object.entries(PROTOCOLS)) {
    if (BigInt(familyNumber(family) ?? -1) === domain) return show(proto);
  }
  return int(proto);
}

/**
 * strace's decode_sockbuf: send/recv buffers hold netlink messages on a netlink socket, else bytes. The length
 * is the next argument; a received buffer is shown up to the bytes received, or as its address on failure.
 */
function sockbuf(c: CallContext, i: number): Value {
  const addr = BigInt.asUintN(64, c.raw[i] ?? 0n);
  if (c.failed) return ptr(addr);
  const given = BigInt.asUintN(64, c.raw[i + 1] ?? 0n);
  const ret = c.ret === undefined ? given : BigInt.asUintN(64, c.ret);
  const len = Number(ret < given ? ret : given);
  const family = callNetlinkFamily(c);
  return family === undefined ? byteBuffer(c, addr, len) : netlinkMessages(c, addr, len, family);
}

export const NET_CUSTOM_DECODERS = {
  sockbuf_in: { phase: 'entry', decode: sockbuf },
  sockbuf_out: { phase: 'exit', decode: sockbuf },
  socket_protocol: { phase: 'entry', decode: socketProtocol, atExit: noteNewSocket },
  sockopt_name: { phase: 'entry', decode: (c, i) => sockoptName(c, asUint(c.raw[1]), asUint(c.raw[i])) },
  // on x86_64 pos_l holds the whole offset: strace prints only it
  pos_high: { phase: 'entry', decode: () => NONE },
  // iovecs in another process (process_vm_readv/writev, process_madvise): addresses only; the count follows
  remote_iovec: {
    phase: 'entry',
    decode: (c, i) =>
      iovecArray(
        c,
        BigInt.asUintN(64, c.raw[i] ?? 0n),
        BigInt.asUintN(64, c.raw[i + 1] ?? 0n),
        undefined,
        iovAddress,
      ),
  },
} as const satisfies Record<string, ArgDecoder>;
