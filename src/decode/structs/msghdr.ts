// sendmsg/recvmsg's struct msghdr and sendmmsg/recvmmsg's struct mmsghdr vectors, with their control messages,
// as strace prints them (src/msghdr.c, src/mmsghdr.c).
import { int, ptr, sym, text, type Value, type VectorDump } from '../../model/value.js';
import { hexText, valueText } from '../../model/value-text.js';
import { procSysctl } from '../../sys/procfs.js';
import { isI386 } from '../abi.js';
import { dumpsMmsg, iovDumps } from '../args/dump.js';
import { fdValue } from '../args/fds.js';
import { iovecArray, iovString } from '../args/iovec.js';
import { asUint, type CallContext, saveForExit } from '../context.js';
import { lookupXlat, xlatName } from '../xlat.js';
import { localArray, MORE, memArray } from './array.js';
import { ifindexText, ipv4Text, netBytes, quoted } from './inet.js';
import { netlinkIov } from './netlink.js';
import { idValue, readView, xint, xlatText } from './read.js';
import { familyNumber, sockaddrAt, sockaddrOf } from './sockaddr.js';
import type { StructDecoder } from './struct-decoder.js';
import { timespecAt, timespecOf, timevalOf } from './time.js';
import { xlatValue } from './xlat-value.js';

/** struct user_msghdr (include/linux/socket.h) on x86_64: the decoder's, and the eBPF capture's. */
export const MSGHDR = {
  size: 56,
  name: 0,
  namelen: 8,
  iov: 16,
  iovlen: 24,
  control: 32,
  controllen: 40,
  flags: 48,
} as const;
/** struct compat_msghdr (an i386 call's sendmsg/recvmsg): the pointers and lengths as u32; 28 bytes. */
export const MSGHDR32 = {
  size: 28,
  name: 0,
  namelen: 4,
  iov: 8,
  iovlen: 12,
  control: 16,
  controllen: 20,
  flags: 24,
} as const;
/** struct mmsghdr (include/linux/socket.h): msg_hdr @0, msg_len u32 @56. */
const MMSGHDR = { size: 64, len: 56 } as const;
/** struct compat_mmsghdr (an i386 call's): a compat_msghdr, then msg_len u32 @28. */
export const MMSGHDR32 = { size: 32, len: 28 } as const;
/** The mmsghdr and msghdr layouts of the call's ABI. */
const mmsgLayout = (c: CallContext) =>
  isI386(c) ? { M: MMSGHDR32, H: MSGHDR32, i386: true } : { M: MMSGHDR, H: MSGHDR, i386: false };
/** struct cmsghdr (include/linux/socket.h): cmsg_len size_t @0, cmsg_level int @8, cmsg_type int @12. */
const CMSGHDR = { size: 16, len: 0, level: 8, type: 12 } as const;
/** struct compat_cmsghdr (an i386 call's): cmsg_len u32 @0, cmsg_level @4, cmsg_type @8; aligned to 4. */
export const CMSGHDR32 = { size: 12, len: 0, level: 4, type: 8 } as const;

/** A pointer or size_t field of the call's ABI: u32 for i386, u64 for x86_64. */
const wordAt = (v: DataView, off: number, i386: boolean): bigint =>
  i386 ? BigInt(v.getUint32(off, true)) : v.getBigUint64(off, true);
/** UIO_MAXIOV (include/uapi/linux/uio.h): strace stops an mmsghdr vector there. */
const IOV_MAX = 1024;
/** struct ucred (include/linux/socket.h): pid, uid, gid, 4 bytes each. */
const UCRED_SIZE = 12;

/** Socket levels and SOL_SOCKET control message types by name (include/linux/socket.h, asm-generic/socket.h). */
const levelNumber = (name: string): number | undefined => xlatValue('socket_level', name);

let optmemMax: number | undefined;
/** net.core.optmem_max rounded up to 8: strace reads at most this much control data. */
function controlLimit(): number {
  if (optmemMax === undefined) {
    // unreadable: strace's fallback below
    const text = procSysctl('net/core/optmem_max');
    const v = text === undefined ? 0 : Number(text.trim());
    optmemMax = v > 0 ? (v + 7) & ~7 : 8 * (2 * IOV_MAX + 512);
  }
  return optmemMax;
}

/** An enum value by name from `table`, or strace's hex with its `/* X_??? *\/` comment. */
function named(table: string, value: number, unknown: string): Value {
  const t = lookupXlat(table);
  const name = t ? xlatName(t, value) : undefined;
  if (name !== undefined) return sym(name);
  return sym(
    value === 0 ? `0 /* ${unknown} */` : `${hexText(BigInt.asUintN(32, BigInt(value)))} /* ${unknown} */`,
  );
}

type CmsgPrinter = (c: CallContext, data: DataView, len: number) => Value;

/** struct timeval / timespec (both 16 bytes on x86_64, as their 64-bit _NEW forms). */
const TIME_SIZE = 16;
/** SO_TIMESTAMPING: struct scm_timestamping, three timespecs, or `???` at another size. */
const timestamping = (c: CallContext, d: DataView, len: number): Value =>
  len === 3 * TIME_SIZE ? localArray(c, d, 3, TIME_SIZE, (v, o) => timespecOf(v, o)) : text('???');

/** SOL_SOCKET control messages strace decodes, with the data length each needs. */
const SOCKET_CMSGS: Readonly<Record<string, { readonly min: number; readonly print: CmsgPrinter }>> = {
  SCM_RIGHTS: {
    min: 4,
    print: (c, d, len) =>
      localArray(c, d, Math.floor(len / 4), 4, (v, off) => fdValue(c, v.getInt32(off, true))),
  },
  SCM_CREDENTIALS: {
    min: UCRED_SIZE,
    print: (_c, d) => ({
      k: 'struct',
      fields: [
        ['pid', int(d.getInt32(0, true))],
        ['uid', idValue(d.getUint32(4, true))],
        ['gid', idValue(d.getUint32(8, true))],
      ],
    }),
  },
  SCM_SECURITY: {
    min: 1,
    print: (_c, d, len) => ({ k: 'str', bytes: new Uint8Array(d.buffer, d.byteOffset, len), more: false }),
  },
  // the time stamps print only at their exact size, else `???` (x86_64: old and new layouts are both 64-bit)
  SO_TIMESTAMP_OLD: { min: 1, print: (_c, d, len) => (len === TIME_SIZE ? timevalOf(d) : text('???')) },
  SO_TIMESTAMPNS_OLD: { min: 1, print: (_c, d, len) => (len === TIME_SIZE ? timespecOf(d) : text('???')) },
  SO_TIMESTAMPING_OLD: { min: 1, print: (c, d, len) => timestamping(c, d, len) },
  SO_TIMESTAMP_NEW: { min: 1, print: (_c, d, len) => (len === TIME_SIZE ? timevalOf(d) : text('???')) },
  SO_TIMESTAMPNS_NEW: { min: 1, print: (_c, d, len) => (len === TIME_SIZE ? timespecOf(d) : text('???')) },
  SO_TIMESTAMPING_NEW: { min: 1, print: (c, d, len) => timestamping(c, d, len) },
};

/** struct in_pktinfo (include/uapi/linux/in.h): ipi_ifindex int @0, ipi_spec_dst @4, ipi_addr @8. */
const IN_PKTINFO = { size: 12, ifindex: 0, specDst: 4, addr: 8 } as const;
/** strace's struct sock_ee: struct sock_extended_err (include/uapi/linux/errqueue.h) then a sockaddr_in. */
const SOCK_EE = { size: 32, errno: 0, origin: 4, type: 5, code: 6, info: 8, data: 12, offender: 16 } as const;
const SOCKADDR_IN_SIZE = 16;
const SOCKADDR_STORAGE_SIZE = 128;

const bytesOf = (d: DataView, off: number, len: number): Uint8Array =>
  new Uint8Array(d.buffer, d.byteOffset + off, len);
/** print_cmsg_xint8_t: `[0x41, 0x42]`. */
const xint8s = (c: CallContext, d: DataView, len: number): Value =>
  localArray(c, d, len, 1, (v, o) => xint(v.getUint8(o)));
/** PRINT_FIELD_INET_ADDR for AF_INET: `inet_addr("1.2.3.4")`, styled by -X. */
const inetAddrField = (c: CallContext, d: DataView, off: number): Value => {
  const b = bytesOf(d, off, 4);
  return text(netBytes(b, 0, 4, `inet_addr(${quoted(c, new TextEncoder().encode(ipv4Text(b)))})`));
};

/** SOL_IP control messages strace decodes. */
const IP_CMSGS: Readonly<Record<string, { readonly min: number; readonly print: CmsgPrinter }>> = {
  IP_TTL: {
    min: 4,
    print: (c, d, len) => localArray(c, d, Math.floor(len / 4), 4, (v, o) => int(v.getUint32(o, true))),
  },
  IP_TOS: { min: 1, print: (c, d, len) => xint8s(c, d, len) },
  IP_RECVOPTS: { min: 1, print: (c, d, len) => xint8s(c, d, len) },
  IP_RETOPTS: { min: 1, print: (c, d, len) => xint8s(c, d, len) },
  IP_PKTINFO: {
    min: IN_PKTINFO.size,
    print: (c, d) => ({
      k: 'struct',
      fields: [
        ['ipi_ifindex', text(ifindexText(c, d.getInt32(IN_PKTINFO.ifindex, true)))],
        ['ipi_spec_dst', inetAddrField(c, d, IN_PKTINFO.specDst)],
        ['ipi_addr', inetAddrField(c, d, IN_PKTINFO.addr)],
      ],
    }),
  },
  IP_RECVERR: {
    min: SOCK_EE.size,
    print: (c, d) => ({
      k: 'struct',
      fields: [
        ['ee_errno', int(d.getUint32(SOCK_EE.errno, true))],
        ['ee_origin', int(d.getUint8(SOCK_EE.origin))],
        ['ee_type', int(d.getUint8(SOCK_EE.type))],
        ['ee_code', int(d.getUint8(SOCK_EE.code))],
        ['ee_info', int(d.getUint32(SOCK_EE.info, true))],
        ['ee_data', int(d.getUint32(SOCK_EE.data, true))],
        ['offender', sockaddrOf(c, bytesOf(d, SOCK_EE.offender, SOCKADDR_IN_SIZE), SOCKADDR_IN_SIZE)],
      ],
    }),
  },
  IP_ORIGDSTADDR: {
    min: SOCKADDR_IN_SIZE,
    print: (c, d, len) => {
      const size = Math.min(len, SOCKADDR_STORAGE_SIZE);
      return sockaddrOf(c, bytesOf(d, 0, size), size);
    },
  },
  IP_CHECKSUM: {
    min: 4,
    print: (c, d, len) => localArray(c, d, Math.floor(len / 4), 4, (v, o) => int(v.getUint32(o, true))),
  },
  SCM_SECURITY: {
    min: 1,
    print: (_c, d, len) => ({ k: 'str', bytes: bytesOf(d, 0, len), more: false }),
  },
};

/** cmsg_type and cmsg_data by level (strace's print_cmsg_type_data). */
function cmsgTypeData(
  c: CallContext,
  level: number,
  type: number,
  data: DataView,
  len: number,
): [string, Value][] {
  const byLevel =
    level === levelNumber('SOL_SOCKET')
      ? { table: 'scm_type', unknown: 'SCM_???', printers: SOCKET_CMSGS }
      : level === levelNumber('SOL_IP')
        ? { table: 'ip_cmsg_type', unknown: 'IP_???', printers: IP_CMSGS }
        : undefined;
  if (!byLevel) return [['cmsg_type', xint(BigInt.asUintN(32, BigInt(type)))]];
  const name = named(byLevel.table, type, byLevel.unknown);
  const printer = name.k === 'sym' ? byLevel.printers[name.text] : undefined;
  const fields: [string, Value][] = [['cmsg_type', name]];
  if (printer && len >= printer.min) fields.push(['cmsg_data', printer.print(c, data, len)]);
  return fields;
}

/** strace's decode_msg_control: the control messages in `inLen` bytes at `addr`. */
function msgControl(c: CallContext, addr: bigint, inLen: bigint): Value {
  const controlLen = Number(inLen > BigInt(controlLimit()) ? BigInt(controlLimit()) : inLen);
  const i386 = isI386(c);
  const H = i386 ? CMSGHDR32 : CMSGHDR;
  const align = i386 ? 3n : 7n;
  const v = controlLen < H.size ? undefined : readView(c, addr, controlLen);
  if (!v) return ptr(addr);
  const items: Value[] = [];
  let at = 0;
  let left = controlLen;
  while (left >= H.size) {
    const cmsgLen = wordAt(v, at + H.len, i386);
    const level = v.getInt32(at + H.level, true);
    const type = v.getInt32(at + H.type, true);
    let len = cmsgLen > BigInt(left) ? left : Number(cmsgLen);
    const dataLen = len > H.size ? len - H.size : 0;
    const data = new DataView(v.buffer, v.byteOffset + at + H.size, dataLen);
    items.push({
      k: 'struct',
      fields: [
        ['cmsg_len', int(cmsgLen)],
        ['cmsg_level', named('socket_level', level, 'SOL_???')],
        ...cmsgTypeData(c, level, type, data, dataLen),
      ],
    });
    if (len < H.size) {
      left -= H.size;
      break;
    }
    const aligned = (cmsgLen + align) & ~align;
    if (aligned >= BigInt(left)) {
      left = 0;
      break;
    }
    len = Number(aligned);
    at += len;
    left -= len;
  }
  if (left > 0) items.push(text(`... /* ${hexText(addr + BigInt(controlLen - left))} */`));
  else if (BigInt(controlLen) < inLen) items.push(text('...'));
  return { k: 'array', items };
}

/**
 * strace's print_struct_msghdr over a msghdr at `off` in `v`. `userNamelen` is the msg_namelen the caller gave
 * (recvmsg), `dataSize` caps the iov bytes shown (the bytes received), undefined for no cap.
 */
function msghdrOf(
  c: CallContext,
  v: DataView,
  off: number,
  userNamelen: number | undefined,
  dataSize: bigint | undefined,
): Value {
  const i386 = isI386(c);
  const L = i386 ? MSGHDR32 : MSGHDR;
  const namelen = v.getInt32(off + L.namelen, true);
  const shownNamelen = userNamelen !== undefined && namelen > userNamelen ? userNamelen : namelen;
  const name = sockaddrAt(c, wordAt(v, off + L.name, i386), shownNamelen);
  const iovlen = wordAt(v, off + L.iovlen, i386);
  const controllen = wordAt(v, off + L.controllen, i386);
  const iovPrinter = name.family === familyNumber('AF_NETLINK') ? netlinkIov : iovString;
  const fields: [string, Value][] = [
    ['msg_name', name.value],
    [
      'msg_namelen',
      userNamelen !== undefined && userNamelen !== namelen
        ? text(`${userNamelen} => ${namelen}`)
        : int(namelen),
    ],
    ['msg_iov', iovecArray(c, wordAt(v, off + L.iov, i386), iovlen, dataSize, iovPrinter)],
    ['msg_iovlen', int(iovlen)],
  ];
  if (controllen !== 0n)
    fields.push(['msg_control', msgControl(c, wordAt(v, off + L.control, i386), controllen)]);
  fields.push(['msg_controllen', int(controllen)]);
  fields.push(['msg_flags', sym(xlatText('msg_flags', v.getUint32(off + L.flags, true), 'flags'))]);
  return { k: 'struct', fields };
}

/** msg_namelen of the msghdr at `addr`, read at entry (strace's fetch_msghdr_namelen). */
function namelenAt(c: CallContext, addr: bigint): number | undefined {
  const L = isI386(c) ? MSGHDR32 : MSGHDR;
  return addr === 0n ? undefined : readView(c, addr, L.size)?.getInt32(L.namelen, true);
}

/**
 * `msghdr`: sendmsg's (in) whole; recvmsg's (inout) at exit, with the msg_namelen given at entry and the iov
 * shown up to the bytes received; `{msg_namelen=N}` when recvmsg failed.
 */
const msghdr: StructDecoder = Object.assign(
  (c: CallContext, addr: bigint, index: number): Value => {
    const size = isI386(c) ? MSGHDR32.size : MSGHDR.size;
    if (c.args[index]?.kind === 'in') {
      const v = readView(c, addr, size);
      return v ? msghdrOf(c, v, 0, undefined, undefined) : ptr(addr);
    }
    const given = c.saved?.[index] as number | undefined;
    if (given === undefined) return ptr(addr);
    if (c.failed) return { k: 'struct', fields: [['msg_namelen', int(given)]] };
    const v = readView(c, addr, size);
    return v ? msghdrOf(c, v, 0, given, BigInt.asUintN(64, c.ret ?? 0n)) : ptr(addr);
  },
  {
    atEntry: (c: CallContext, addr: bigint, index: number): void => {
      if (c.args[index]?.kind === 'in') return;
      const n = namelenAt(c, addr);
      if (n !== undefined) saveForExit(c, index, n);
    },
  },
);

/** recvmmsg, or i386's recvmmsg_time64 (the same call with a 64-bit timeout). */
export const isRecvmmsg = (c: CallContext): boolean => c.name === 'recvmmsg' || c.name === 'recvmmsg_time64';

/** What recvmmsg saves at entry: each message's msg_namelen (strace's save_mmsgvec_namelen). */
function namelensAt(c: CallContext, addr: bigint, vlen: number): number[] {
  const count = Math.min(vlen, IOV_MAX);
  const out: number[] = [];
  if (addr === 0n || count === 0) return out;
  const { M, H } = mmsgLayout(c);
  const bytes = c.mem.read(addr, count * M.size);
  if (!bytes) return out;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let i = 0; (i + 1) * M.size <= bytes.length && i < count; i++) {
    out.push(v.getInt32(i * M.size + H.namelen, true));
  }
  return out;
}

/** strace's dumpiov_in_mmsghdr: each of the `count` messages sent or received, its buffers up to msg_len; stops at
 * the first that cannot be read. */
function mmsgDumps(c: CallContext, addr: bigint, count: number): VectorDump[] {
  const out: VectorDump[] = [];
  const { M, H, i386 } = mmsgLayout(c);
  for (let i = 0; i < count; i++) {
    const v = readView(c, addr + BigInt(i * M.size), M.size);
    if (!v) break;
    const iovlen = wordAt(v, H.iovlen, i386);
    const iov = wordAt(v, H.iov, i386);
    out.push({ iovlen, dump: iovDumps(c, iov, iovlen, BigInt(v.getUint32(M.len, true))) });
  }
  return out;
}

/**
 * `mmsghdr` (inout, at exit): sendmmsg's vector of vlen messages with msg_len for those sent; recvmmsg's
 * messages received, each with its iov cut at msg_len and the msg_namelen it had at entry.
 */
const mmsghdr: StructDecoder = Object.assign(
  (c: CallContext, addr: bigint, index: number): Value => {
    const recv = isRecvmmsg(c);
    if (recv && c.failed) return ptr(addr);
    const ret = c.failed ? 0 : Number(BigInt.asUintN(32, c.ret ?? 0n));
    const namelens = recv ? ((c.saved?.[index] as number[] | undefined) ?? []) : undefined;
    const count = Math.min(IOV_MAX, namelens ? namelens.length : IOV_MAX);
    const vlen = recv ? ret : asUint(c.raw[index + 1]);
    const { M } = mmsgLayout(c);
    const value = memArray(c, addr, vlen, M.size, (v, off, i) => {
      if (i >= count) return MORE;
      const msgLen = v.getUint32(off + M.len, true);
      const hdr = msghdrOf(c, v, off, namelens?.[i], recv ? BigInt(msgLen) : undefined);
      const fields: [string, Value][] = [['msg_hdr', hdr]];
      if (i < ret) fields.push(['msg_len', int(msgLen)]);
      return { k: 'struct', fields };
    });
    return value.k === 'array' && dumpsMmsg(c) ? { ...value, vectors: mmsgDumps(c, addr, ret) } : value;
  },
  {
    atEntry: (c: CallContext, addr: bigint, index: number): void => {
      if (isRecvmmsg(c)) saveForExit(c, index, namelensAt(c, addr, asUint(c.raw[index + 1])));
    },
    atExit: (c: CallContext, _addr: bigint, index: number): void => {
      if (!isRecvmmsg(c) || c.failed) return;
      if (c.ret === 0n) {
        c.retDetail = 'Timeout';
        return;
      }
      // the time left is verbose output: not under -e verbose=none (strace's !verbose(tcp))
      if (c.opts.noDeref) return;
      const timeout = BigInt.asUintN(64, c.raw[index + 3] ?? 0n);
      if (timeout !== 0n) c.retDetail = `left ${leftText(c, timeout)}`;
    },
  },
);

/** A timespec at exit as text for a result detail (strace's sprint_timespec). */
const leftText = (c: CallContext, addr: bigint): string => valueText(timespecAt(c, addr), c.opts);

/** A timespec printed at exit as it was at entry (recvmmsg's timeout, which the kernel rewrites). */
const entryTimespec: StructDecoder = Object.assign(
  (c: CallContext, addr: bigint, index: number): Value =>
    (c.saved?.[index] as Value | undefined) ?? timespecAt(c, addr),
  {
    atEntry: (c: CallContext, addr: bigint, index: number): void => {
      if (addr !== 0n) saveForExit(c, index, timespecAt(c, addr));
    },
  },
);

export const MSGHDR_STRUCTS = { msghdr, mmsghdr, entry_timespec: entryTimespec } as const;
