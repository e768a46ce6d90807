// Socket arguments whose meaning depends on another argument: socket's protocol by address family, and the
// get/setsockopt option name by level (src/net.c), send/recv buffers; the high half of preadv/pwritev's offset
// and the remote iovecs of process_vm_readv/writev.
import { int, NONE, ptr, sym, text, type Value } from '../../model/value.js';
import { iovAddress, iovecArray } from '../args/iovec.js';
import { noteSocketKind } from '../args/socket-details.js';
import { byteBuffer } from '../args/strings.js';
import { type ArgDecoder, asUint, type CallContext } from '../context.js';
import { callNetlinkFamily, netlinkMessages } from '../structs/netlink.js';
import { xlatText } from '../structs/read.js';
import { familyNumber } from '../structs/sockaddr.js';
import { sockoptName } from '../structs/sockopt.js';

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
 * At socket()'s exit: remember the new socket's protocol (strace asks the socket itself), for -yy and to know
 * which buffers hold netlink messages.
 */
function noteNewSocket(c: CallContext): void {
  if (c.failed || c.ret === undefined) return;
  noteSocketKind(c.fdPath(Number(c.ret)), Number(c.raw[0] ?? 0n), asUint(c.raw[1]), asUint(c.raw[2]));
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
