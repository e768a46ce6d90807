// sock_diag netlink (NETLINK_SOCK_DIAG), as strace's socketutils.c asks it: what a socket inode is bound and
// connected to. The kernel's /proc/net tables list neither a bound TCP socket before listen() nor a unix
// socket's peer; sock_diag gives both. Layouts from uapi linux/{netlink,sock_diag,inet_diag,unix_diag}.h.
import { netlinkAsk, netlinkSocket } from './netlink-query.js';

const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;
const NETLINK_SOCK_DIAG = 4;
const SOCK_DIAG_BY_FAMILY = 20;
const UDIAG_SHOW_NAME = 1;
const UDIAG_SHOW_PEER = 4;
const UNIX_DIAG_NAME = 0;
const UNIX_DIAG_PEER = 2;
/** sizeof(struct inet_diag_msg), sizeof(struct unix_diag_msg) */
const INET_DIAG_MSG = 72;
const UNIX_DIAG_MSG = 16;

export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

/** One netlink socket for the whole trace, opened on first use; -1 when sock_diag is not available. */
let nl: number | undefined;

/** Sends one request and returns the payloads of its answers, or undefined when the kernel did not answer. */
function ask(body: Buffer, dump: boolean): Buffer[] | undefined {
  nl ??= netlinkSocket(NETLINK_SOCK_DIAG);
  return nl < 0 ? undefined : netlinkAsk(nl, SOCK_DIAG_BY_FAMILY, body, dump);
}

export interface InetSocket {
  /** Addresses in network order (4 or 16 bytes) and host-order ports. */
  readonly src: Uint8Array;
  readonly sport: number;
  readonly dst: Uint8Array;
  readonly dport: number;
}

/** The socket `inode` among this network namespace's sockets of a family and protocol (strace's inet_send_query). */
export function inetSocket(family: 4 | 6, protocol: number, inode: number): InetSocket | undefined {
  const req = Buffer.alloc(56); // struct inet_diag_req_v2
  req.writeUInt8(family === 4 ? AF_INET : AF_INET6, 0);
  req.writeUInt8(protocol, 1);
  req.writeUInt32LE(0xffffffff, 4); // idiag_states: every state, bound-inactive included
  const answers = ask(req, true);
  if (answers === undefined) return undefined;
  const size = family === 4 ? 4 : 16;
  for (const m of answers) {
    if (m.length < INET_DIAG_MSG || m.readUInt32LE(68) !== inode) continue;
    return {
      sport: m.readUInt16BE(4),
      dport: m.readUInt16BE(6),
      src: Uint8Array.from(m.subarray(8, 8 + size)),
      dst: Uint8Array.from(m.subarray(24, 24 + size)),
    };
  }
  return undefined;
}

export interface UnixSocket {
  /** SOCK_STREAM, SOCK_DGRAM...; the peer's inode (0: none); the bound name as the kernel keeps it (abstract
   * names start with NUL). */
  readonly type: number;
  readonly peer: number;
  readonly name: Uint8Array | undefined;
}

/** One unix socket by inode, with its name and peer (strace's unix_send_query); undefined when not a unix socket. */
export function unixSocket(inode: number): UnixSocket | undefined {
  const req = Buffer.alloc(24); // struct unix_diag_req
  req.writeUInt8(AF_UNIX, 0);
  req.writeUInt32LE(0xffffffff, 4); // udiag_states
  req.writeUInt32LE(inode, 8);
  req.writeUInt32LE(UDIAG_SHOW_NAME | UDIAG_SHOW_PEER, 12);
  req.writeUInt32LE(0xffffffff, 16); // udiag_cookie: any (INET_DIAG_NOCOOKIE)
  req.writeUInt32LE(0xffffffff, 20);
  const m = ask(req, false)?.[0];
  if (m === undefined || m.length < UNIX_DIAG_MSG || m.readUInt32LE(4) !== inode) return undefined;
  let peer = 0;
  let name: Uint8Array | undefined;
  // attributes (struct rtattr: len, type), each aligned to 4
  for (let off = UNIX_DIAG_MSG; off + 4 <= m.length; ) {
    const len = m.readUInt16LE(off);
    const type = m.readUInt16LE(off + 2);
    if (len < 4 || off + len > m.length) break;
    if (type === UNIX_DIAG_PEER && len >= 8) peer = m.readUInt32LE(off + 4);
    if (type === UNIX_DIAG_NAME) name = Uint8Array.from(m.subarray(off + 4, off + len));
    off += (len + 3) & ~3;
  }
  return { type: m.readUInt8(1), peer, name };
}
