// -yy's socket details (strace's socketutils.c): `TCP:[127.0.0.1:5555->127.0.0.1:43210]`, `UNIX-STREAM:[1234,"/run/x"]`,
// `NETLINK:[ROUTE:42]`, found by inode through sock_diag as strace asks (TCP/UDP over IPv4/6 and unix sockets:
// bound-before-listen and unix peers are only known there), else in the tracee's /proc/PID/net tables.
// Found details are cached per inode for the whole trace, as strace caches them; a miss asks again.
import { quoteForX } from '../../model/quote.js';
import { procFile } from '../../sys/procfs.js';
import { IPPROTO_TCP, IPPROTO_UDP, inetSocket, unixSocket } from '../../sys/sock-diag.js';
import { ipv4Text, ipv6Text } from '../structs/inet.js';
import { xlatValue } from '../structs/xlat-value.js';
import { lookupXlat, xlatName } from '../xlat.js';

/** How one /proc/net table is read: the protocol name strace prints and the parser of its lines. */
interface NetTable {
  readonly file: string;
  readonly find: (line: string[], inode: string, xflag: 0 | 1 | 2 | 3) => string | undefined;
}

/** /proc/net/{tcp,udp,raw,...}: `sl local rem st ... uid timeout inode`; addresses as host-order hex words. */
function inetTable(file: string, name: string, v6: boolean): NetTable {
  return {
    file,
    find: (f, inode) => {
      if (f[9] !== inode || !f[1] || !f[2]) return undefined;
      const local = endpoint(f[1], v6);
      const remote = endpoint(f[2], v6);
      if (!local || !remote) return undefined;
      return remote.port !== 0 || !remote.zero
        ? `${name}:[${local.text}->${remote.text}]`
        : `${name}:[${local.text}]`;
    },
  };
}

/** `0100007F:15B3` as `127.0.0.1:5555`, IPv6 as `[::1]:5555`. */
function endpoint(field: string, v6: boolean): { text: string; port: number; zero: boolean } | undefined {
  const [addr, port] = field.split(':');
  if (!addr || !port || addr.length !== (v6 ? 32 : 8)) return undefined;
  const bytes = new Uint8Array(addr.length / 2);
  // each 32-bit word is printed as a native (little-endian) number
  for (let w = 0; w < addr.length / 8; w++) {
    const word = Number.parseInt(addr.slice(w * 8, w * 8 + 8), 16);
    for (let b = 0; b < 4; b++) bytes[w * 4 + b] = (word >>> (8 * b)) & 0xff;
  }
  const p = Number.parseInt(port, 16);
  const host = v6 ? `[${ipv6Text(bytes)}]` : ipv4Text(bytes);
  return { text: `${host}:${p}`, port: p, zero: bytes.every((b) => b === 0) };
}

/** unix(7) socket types: SOCK_STREAM sockets are UNIX-STREAM, the others UNIX (the kernel's proto names). */
const UNIX_STREAM_TYPE = '0001';

/** /proc/net/unix: `Num RefCount Protocol Flags Type St Inode Path`; abstract names start with @. It has no peers:
 * only those of socketpairs seen in this trace are known. Without path and peer strace does not cache the answer. */
const UNIX: NetTable = {
  file: 'unix',
  find: (f, inode, xflag) => {
    if (f[6] !== inode) return undefined;
    const name = f[4] === UNIX_STREAM_TYPE ? 'UNIX-STREAM' : 'UNIX';
    const path = f.slice(7).join(' ');
    const peer = created.get(inode)?.peer;
    if (path === '' && peer === undefined) return `${name}:[${inode}]${UNCACHED}`;
    const abstract = path.startsWith('@');
    const quoted =
      path === ''
        ? ''
        : `,${abstract ? '@' : ''}${quoteForX(new TextEncoder().encode(abstract ? path.slice(1) : path), false, xflag)}`;
    return `${name}:[${inode}${peer === undefined ? '' : `->${peer}`}${quoted}]`;
  },
};

/** /proc/net/netlink: `sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode`. */
const NETLINK: NetTable = {
  file: 'netlink',
  find: (f, inode) => {
    if (f[9] !== inode || !f[1] || !f[2]) return undefined;
    const proto = Number(f[1]);
    const table = lookupXlat('netlink_protocol');
    const name = table ? xlatName(table, proto) : undefined;
    return name === undefined
      ? `NETLINK:[${proto}]`
      : `NETLINK:[${name.replace(/^NETLINK_/, '')}:${Number(f[2])}]`;
  },
};

/** Tables in the order they are searched: the common ones first. */
const TABLES: readonly NetTable[] = [
  UNIX,
  inetTable('tcp', 'TCP', false),
  inetTable('tcp6', 'TCPv6', true),
  inetTable('udp', 'UDP', false),
  inetTable('udp6', 'UDPv6', true),
  NETLINK,
  inetTable('udplite', 'UDPLITE', false),
  inetTable('udplite6', 'UDPLITEv6', true),
  inetTable('raw', 'RAW', false),
  inetTable('raw6', 'RAWv6', true),
  inetTable('icmp', 'PING', false),
  inetTable('icmp6', 'PINGv6', true),
];

/** Marks an answer strace would not cache (it found the socket but nothing to say about it). */
const UNCACHED = '\0';

/** Details found, by inode: strace caches them for the whole trace. */
const cache = new Map<string, string>();
/** Sockets this trace saw created (socket, socketpair, accept): their protocol name, and a socketpair's peer. */
const created = new Map<
  string,
  { readonly proto: string; readonly peer?: string; readonly netlink?: number }
>();

/** Caches keep at most this many sockets, forgetting the oldest (strace keeps 1024 details). */
const CACHE_MAX = 65536;

/** Sets `key` in a bounded cache. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= CACHE_MAX && !map.has(key)) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
}

const inodeOf = (path: string | undefined): string | undefined => /^socket:\[(\d+)\]$/.exec(path ?? '')?.[1];

/** sock_diag's inet queries, by the protocol name strace prints. */
const INET_DIAG = [
  { name: 'TCP', family: 4, protocol: IPPROTO_TCP },
  { name: 'TCPv6', family: 6, protocol: IPPROTO_TCP },
  { name: 'UDP', family: 4, protocol: IPPROTO_UDP },
  { name: 'UDPv6', family: 6, protocol: IPPROTO_UDP },
] as const;

/** `127.0.0.1:5555`, IPv6 as `[::1]:5555`. */
const hostPort = (addr: Uint8Array, port: number): string =>
  `${addr.length === 16 ? `[${ipv6Text(addr)}]` : ipv4Text(addr)}:${port}`;

/** strace's unix_parse_response: `UNIX-STREAM:[INODE->PEER,"path"]`, `,@"name"` for an abstract name. */
function unixDiagText(inode: string, xflag: 0 | 1 | 2 | 3): string | undefined {
  const u = unixSocket(Number(inode));
  if (u === undefined) return undefined;
  const name = u.type === 1 ? 'UNIX-STREAM' : 'UNIX';
  const peer = u.peer !== 0 ? u.peer : created.get(inode)?.peer;
  let path = '';
  if (u.name !== undefined && u.name.length > 0) {
    const abstract = u.name[0] === 0;
    let bytes = abstract ? u.name.subarray(1) : u.name;
    const nul = bytes.indexOf(0);
    if (nul >= 0) bytes = bytes.subarray(0, nul);
    path = `,${abstract ? '@' : ''}${quoteForX(bytes, false, xflag)}`;
  }
  if (path === '' && peer === undefined) return `${name}:[${inode}]${UNCACHED}`;
  return `${name}:[${inode}${peer === undefined ? '' : `->${peer}`}${path}]`;
}

/** Asks sock_diag (the tracer's network namespace, as strace does); `proto` narrows the questions when known. */
function diagLookup(inode: string, proto: string | undefined, xflag: 0 | 1 | 2 | 3): string | undefined {
  if (proto === undefined || proto.startsWith('UNIX')) {
    const found = unixDiagText(inode, xflag);
    if (found !== undefined || proto !== undefined) return found;
  }
  for (const q of INET_DIAG) {
    if (proto !== undefined && proto !== q.name) continue;
    const s = inetSocket(q.family, q.protocol, Number(inode));
    if (s === undefined) continue;
    const connected = s.dport !== 0 || s.dst.some((b) => b !== 0);
    return connected
      ? `${q.name}:[${hostPort(s.src, s.sport)}->${hostPort(s.dst, s.dport)}]`
      : `${q.name}:[${hostPort(s.src, s.sport)}]`;
  }
  return undefined;
}

/** Looks the inode up through sock_diag, then in the tables of `pid`'s network namespace. */
function lookup(pid: number, inode: string, xflag: 0 | 1 | 2 | 3): string | undefined {
  const diag = diagLookup(inode, created.get(inode)?.proto, xflag);
  if (diag !== undefined) return diag;
  for (const t of TABLES) {
    const text = procFile(pid, `net/${t.file}`, 'latin1');
    if (text === undefined) continue;
    // skip the header line; cheap test before splitting each line
    for (const line of text.split('\n').slice(1)) {
      if (!line.includes(inode)) continue;
      const found = t.find(line.trim().split(/\s+/), inode, xflag);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Details for the socket behind `path` (`socket:[12345]`): what the tables say, else `PROTO:[12345]` for a socket
 * this trace saw created (strace knows every socket's protocol), else undefined (printed as the path).
 */
export function socketDetails(pid: number, path: string, xflag: 0 | 1 | 2 | 3): string | undefined {
  const inode = inodeOf(path);
  if (inode === undefined) return undefined;
  const hit = cache.get(inode);
  if (hit !== undefined) return hit;
  const found = lookup(pid, inode, xflag);
  if (found?.endsWith(UNCACHED)) return found.slice(0, -UNCACHED.length);
  if (found !== undefined) {
    remember(cache, inode, found);
    return found;
  }
  // gone before it was asked about (the eBPF engine decodes after the calls ran): what its creation told
  const seen = created.get(inode);
  if (seen === undefined) return undefined;
  return `${seen.proto}:[${inode}${seen.peer === undefined ? '' : `->${seen.peer}`}]`;
}

/** The protocol name of the socket behind `path` (TCP, UNIX-STREAM...), when known. */
export function socketProto(pid: number, path: string | undefined): string | undefined {
  const inode = inodeOf(path);
  if (inode === undefined) return undefined;
  const known = created.get(inode)?.proto;
  return known ?? socketDetails(pid, path ?? '', 0)?.split(':[')[0];
}

/**
 * The kernel's name for a socket's protocol (what strace reads from the socket's system.sockprotoname), by
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

/** A socket's protocol name for -yy, undefined when strace would not know it either. */
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
 * A socket of `domain`, `type` and `protocol` behind `path`: socket()'s arguments at its exit, or (`used`) what an
 * engine read from the socket a call was given, kept only when the trace did not see it created (its creation
 * knows more: a socketpair's peer). Its protocol name serves -yy, a netlink socket's protocol its messages.
 */
export function noteSocketKind(
  path: string | undefined,
  domain: number,
  type: number,
  protocol: number,
  used = false,
): void {
  if (used && created.has(inodeOf(path) ?? '')) return;
  const netlink = domain === xlatValue('socket_domain', 'AF_NETLINK') ? { netlink: protocol } : {};
  noteSocket(path, protoName(domain, type, protocol), netlink);
}

/**
 * Records a socket the trace saw created: its protocol name, for a socketpair its peer's path, for a netlink
 * socket its protocol number.
 */
export function noteSocket(
  path: string | undefined,
  proto: string | undefined,
  more: { readonly peerPath?: string; readonly netlink?: number } = {},
): void {
  const inode = inodeOf(path);
  if (inode === undefined || proto === undefined) return;
  const peer = inodeOf(more.peerPath);
  remember(created, inode, {
    proto,
    ...(peer === undefined ? {} : { peer }),
    ...(more.netlink === undefined ? {} : { netlink: more.netlink }),
  });
}

/** Netlink protocols of sockets this trace did not see created, by inode; -1 when not netlink. */
const netlinkByInode = new Map<string, number>();

/**
 * The netlink protocol (NETLINK_ROUTE...) of the socket behind `path`, or undefined when it is no netlink socket
 * (strace's get_fd_nl_family): known for sockets created in the trace, else read once from /proc/PID/net/netlink.
 */
export function netlinkProtocol(pid: number, path: string | undefined): number | undefined {
  const inode = inodeOf(path);
  if (inode === undefined) return undefined;
  const seen = created.get(inode);
  if (seen) return seen.netlink;
  let proto = netlinkByInode.get(inode);
  if (proto === undefined) {
    proto = -1;
    // no table: not known as netlink
    for (const line of (procFile(pid, 'net/netlink', 'latin1') ?? '').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[9] === inode && f[1] !== undefined) proto = Number(f[1]);
    }
    remember(netlinkByInode, inode, proto);
  }
  return proto < 0 ? undefined : proto;
}
