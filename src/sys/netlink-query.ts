// One netlink request and its answers, as strace's socketutils.c sends its queries (send_query, receive_responses):
// the socket calls under sock-diag.ts and genl-families.ts. Layouts from uapi linux/netlink.h.
import { koffi } from './koffi.js';

const lib = koffi.load('libc.so.6');
const socket = lib.func('int socket(int domain, int type, int protocol)') as (
  d: number,
  t: number,
  p: number,
) => number;
const send = lib.func('long send(int fd, const void *buf, unsigned long len, int flags)') as (
  fd: number,
  buf: Buffer,
  len: number,
  flags: number,
) => number;
const recv = lib.func('long recv(int fd, _Out_ void *buf, unsigned long len, int flags)') as (
  fd: number,
  buf: Buffer,
  len: number,
  flags: number,
) => number;

const AF_NETLINK = 16;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0o2000000;
const NLM_F_REQUEST = 1;
const NLM_F_DUMP = 0x300;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const NLMSG_HDRLEN = 16;

/** A netlink socket of `protocol` (NETLINK_SOCK_DIAG, NETLINK_GENERIC), close-on-exec; -1 when refused. */
export const netlinkSocket = (protocol: number): number =>
  socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);

let seq = 0;

/** Sends one request of `type` on `fd` and returns the payloads of its answers, or undefined when the kernel did
 * not answer (a dump's NLMSG_ERROR ends it with what came before). */
export function netlinkAsk(fd: number, type: number, body: Buffer, dump: boolean): Buffer[] | undefined {
  const req = Buffer.alloc(NLMSG_HDRLEN + body.length);
  req.writeUInt32LE(req.length, 0);
  req.writeUInt16LE(type, 4);
  req.writeUInt16LE(NLM_F_REQUEST | (dump ? NLM_F_DUMP : 0), 6);
  req.writeUInt32LE(++seq, 8);
  body.copy(req, NLMSG_HDRLEN);
  if (send(fd, req, req.length, 0) !== req.length) return undefined;
  const out: Buffer[] = [];
  const buf = Buffer.alloc(32768);
  for (;;) {
    const n = recv(fd, buf, buf.length, 0);
    if (n <= 0) return undefined;
    for (let off = 0; off + NLMSG_HDRLEN <= n; ) {
      const len = buf.readUInt32LE(off);
      const mtype = buf.readUInt16LE(off + 4);
      const mseq = buf.readUInt32LE(off + 8);
      if (len < NLMSG_HDRLEN || off + len > n) return out;
      if (mseq === seq) {
        if (mtype === NLMSG_DONE) return out;
        if (mtype === NLMSG_ERROR) return dump ? out : undefined;
        out.push(Buffer.from(buf.subarray(off + NLMSG_HDRLEN, off + len)));
        if (!dump) return out;
      }
      off += (len + 3) & ~3;
    }
  }
}
