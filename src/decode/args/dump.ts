// -e read=FDS / -e write=FDS (strace's dumpio): which calls dump which buffers, and the whole-buffer capture,
// done while the tracee is stopped. Written buffers are captured at entry (strace dumps them even when the call
// fails), read ones at exit and only on success, up to the bytes transferred.
import { inSet } from '../../filter/number-set.js';
import type { IovDump } from '../../model/value.js';
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

/** True when this call's iovecs are dumped. */
export function dumpsIovecs(c: CallContext): boolean {
  if (c.opts.dumpRead === undefined && c.opts.dumpWrite === undefined) return false;
  return dumping(c, WRITE_IOV, READ_IOV);
}

/** `len` bytes at `addr`, read in chunks; stops at the first unreadable one (undefined when none was read). */
export function readWhole(c: CallContext, addr: bigint, len: number): Uint8Array | undefined {
  const parts: Uint8Array[] = [];
  let got = 0;
  while (got < len) {
    const part = c.mem.read(addr + BigInt(got), Math.min(len - got, CHUNK));
    if (!part || part.length === 0) break;
    parts.push(part);
    got += part.length;
  }
  if (got === 0) return len === 0 ? new Uint8Array(0) : undefined;
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(got);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
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
  const raw = n > 0 && addr !== 0n ? c.mem.read(addr, n * 16) : undefined;
  if (!raw || raw.length < n * 16) return [];
  const v = new DataView(raw.buffer, raw.byteOffset, raw.length);
  const out: IovDump[] = [];
  let left = dataSize;
  for (let i = 0; i < n; i++) {
    let len = v.getBigUint64(i * 16 + 8, true);
    if (left !== undefined && len > left) len = left;
    if (len === 0n) break;
    if (left !== undefined) left -= len;
    const bytes = readWhole(c, v.getBigUint64(i * 16, true), Number(len));
    out.push(bytes ? { len: Number(len), bytes } : { len: Number(len) });
  }
  return out;
}
