// -e read=FDS / -e write=FDS (strace's dumpio): which calls dump which buffers, and the whole-buffer capture,
// done while the tracee is stopped. Written buffers are captured at entry (strace dumps them even when the call
// fails), read ones at exit and only on success, up to the bytes transferred.
import { inSet } from '../../filter/number-set.js';
import type { DumpCut, IovDump } from '../../model/value.js';
import { isI386 } from '../abi.js';
import { asInt, type CallContext } from '../context.js';

/** Calls whose buffer argument (argument 1) is dumped, by direction. */
const WRITE_BUFFER = new Set(['write', 'pwrite64', 'sendto', 'mq_timedsend']);
const READ_BUFFER = new Set(['read', 'pread64', 'recvfrom', 'mq_timedreceive']);
/** Calls whose iovecs (direct, or in a msghdr) are dumped, by direction. */
const WRITE_IOV = new Set(['writev', 'pwritev', 'pwritev2', 'vmsplice', 'sendmsg']);
const READ_IOV = new Set(['readv', 'preadv', 'preadv2', 'recvmsg']);

/** The kernel's UIO_MAXIOV: more iovecs than this are refused, and not worth reading. */
const MAX_IOV = 1024;
const CHUNK = 1 << 16;

function dumping(c: CallContext, write: ReadonlySet<string>, read: ReadonlySet<string>): boolean {
  const fd = asInt(c.raw[0]);
  if (fd < 0) return false;
  const exiting = c.ret !== undefined;
  if (!exiting) return c.opts.dumpWrite !== undefined && write.has(c.name) && inSet(c.opts.dumpWrite, fd);
  return c.opts.dumpRead !== undefined && !c.failed && read.has(c.name) && inSet(c.opts.dumpRead, fd);
}

/** True when the buffer at `addr` is the one this call dumps (its argument 1, the fd in the set). */
export function dumpsBuffer(c: CallContext, addr: bigint): boolean {
  if (c.opts.dumpRead === undefined && c.opts.dumpWrite === undefined) return false;
  return addr === BigInt.asUintN(64, c.raw[1] ?? 0n) && dumping(c, WRITE_BUFFER, READ_BUFFER);
}

/** True when sendmmsg's (-e write=) or recvmmsg's (-e read=) messages are dumped: at exit, after success, as
 * strace's dumpio does for both. */
export function dumpsMmsg(c: CallContext): boolean {
  const fd = asInt(c.raw[0]);
  if (fd < 0 || c.ret === undefined || c.failed) return false;
  if (c.name === 'sendmmsg') return c.opts.dumpWrite !== undefined && inSet(c.opts.dumpWrite, fd);
  return (
    (c.name === 'recvmmsg' || c.name === 'recvmmsg_time64') &&
    c.opts.dumpRead !== undefined &&
    inSet(c.opts.dumpRead, fd)
  );
}

/** True when this call's iovecs are dumped. */
export function dumpsIovecs(c: CallContext): boolean {
  if (c.opts.dumpRead === undefined && c.opts.dumpWrite === undefined) return false;
  return dumping(c, WRITE_IOV, READ_IOV);
}

/**
 * strace's dumpstr fetch: `len` bytes at `addr` in 64 KiB chunks, each read whole or not at all; the dump stops at
 * the first unreadable chunk, said (`cut`) when some were read before it. No bytes when the first one fails.
 */
export function readWhole(c: CallContext, addr: bigint, len: number): { bytes?: Uint8Array; cut?: DumpCut } {
  const parts: Uint8Array[] = [];
  let got = 0;
  let cut: DumpCut | undefined;
  while (got < len) {
    const want = Math.min(len - got, CHUNK);
    const part = c.mem.read(addr + BigInt(got), want);
    if (!part || part.length < want) {
      if (got > 0) cut = { len: want, pid: c.pid, addr: addr + BigInt(got) };
      break;
    }
    parts.push(part);
    got += part.length;
  }
  if (got === 0) return len === 0 ? { bytes: new Uint8Array(0) } : {};
  let bytes = parts[0];
  if (parts.length > 1) {
    const out = new Uint8Array(got);
    let off = 0;
    for (const p of parts) {
      out.set(p, off);
      off += p.length;
    }
    bytes = out;
  }
  return cut ? { bytes, cut } : { bytes };
}

/**
 * strace's dumpiov_upto: each of `count` iovecs at `addr`, capped by what is left of `dataSize` (undefined: no
 * cap), up to the first empty one.
 */
export function iovDumps(
  c: CallContext,
  addr: bigint,
  count: bigint,
  dataSize: bigint | undefined,
): IovDump[] {
  const n = Number(count > BigInt(MAX_IOV) ? BigInt(MAX_IOV) : count);
  // struct iovec is 16 bytes (two u64) on x86_64, 8 (two u32) for an i386 call
  const w = isI386(c) ? 4 : 8;
  const word = (off: number): bigint =>
    w === 4 ? BigInt(v.getUint32(off, true)) : v.getBigUint64(off, true);
  const raw = n > 0 && addr !== 0n ? c.mem.read(addr, n * 2 * w) : undefined;
  if (!raw || raw.length < n * 2 * w) return [];
  const v = new DataView(raw.buffer, raw.byteOffset, raw.length);
  const out: IovDump[] = [];
  let left = dataSize;
  for (let i = 0; i < n; i++) {
    let len = word(i * 2 * w + w);
    if (left !== undefined && len > left) len = left;
    if (len === 0n) break;
    if (left !== undefined) left -= len;
    const { bytes, cut } = readWhole(c, word(i * 2 * w), Number(len));
    out.push({ len: Number(len), ...(bytes ? { bytes } : {}), ...(cut ? { cut } : {}) });
  }
  return out;
}
