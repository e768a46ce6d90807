// getdents and getdents64 buffers, as strace's xgetdents prints them: `0x55d... /* 29 entries *\/`, or with -v
// every entry `[{d_ino=..., d_off=..., d_reclen=24, d_type=DT_DIR, d_name="."}, ...]`.
import { int, ptr, sym, type Value } from '../../model/value.js';
import { argIndex, type CallContext } from '../context.js';
import { readView, xlatText } from './read.js';

/** The two record layouts (include/linux/dirent.h for linux_dirent64, fs/readdir.c for linux_dirent). */
interface Layout {
  /** offsetof(d_name): the smallest valid record. */
  readonly header: number;
  readonly ino: number;
  readonly off: number;
  readonly reclen: number;
  /** d_type's offset in linux_dirent64; in linux_dirent it is the record's last byte. */
  readonly type?: number;
}
const DIRENT64: Layout = { header: 19, ino: 0, off: 8, reclen: 16, type: 18 };
const DIRENT: Layout = { header: 18, ino: 0, off: 8, reclen: 16 };

/** Longest d_name strace prints (D_NAME_LEN_MAX). */
const NAME_MAX = 256;
/** The xlat table of DT_* values. */
const TYPES = 'dirent_type';

const typeValue = (t: number): Value => sym(xlatText(TYPES, t, 'enum'));

/**
 * d_name as strace's printpathn(addr, n) prints it: up to a NUL among the first n + 1 bytes, else the first n
 * bytes and `...`. `bytes` is the record after its header.
 */
function name(bytes: Uint8Array, n: number): Value {
  const nul = bytes.subarray(0, n + 1).indexOf(0);
  return nul < 0
    ? { k: 'str', bytes: bytes.slice(0, n), more: true }
    : { k: 'str', bytes: bytes.slice(0, nul), more: false };
}

/** One record of `reclen` bytes at `at` in the buffer. */
function entry(buf: DataView, at: number, reclen: number, l: Layout): Value {
  const fields: [string, Value][] = [
    ['d_ino', int(buf.getBigUint64(at + l.ino, true))],
    ['d_off', int(buf.getBigUint64(at + l.off, true))],
    ['d_reclen', int(buf.getUint16(at + l.reclen, true))],
  ];
  const tail = reclen - l.header;
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset + at + l.header, tail);
  if (l.type !== undefined) {
    fields.push(['d_type', typeValue(buf.getUint8(at + l.type))]);
    if (tail > 0) fields.push(['d_name', name(bytes, Math.min(tail, NAME_MAX) - 1)]);
  } else if (tail > 0) {
    if (tail > 1) fields.push(['d_name', name(bytes, Math.min(tail - 1, NAME_MAX) - 1)]);
    fields.push(['d_type', typeValue(bytes[tail - 1] ?? 0)]);
  }
  return { k: 'struct', fields };
}

/** The records the call returned at `addr`: their count, or with -v the records (strace's decode_dents). */
function dirents(c: CallContext, addr: bigint, l: Layout): Value {
  const count = Number(BigInt.asUintN(32, c.raw[argIndex(c, 'count')] ?? 0n));
  const ret = c.ret === undefined ? -1 : Number(BigInt.asIntN(64, c.ret));
  if (ret < 0 || ret > count) return ptr(addr);
  const buf = ret > 0 ? readView(c, addr, ret) : undefined;
  const verbose = c.opts.verbose;
  const items: Value[] = [];
  let entries = 0;
  let at = 0;
  let left = ret;
  while (buf && left >= l.header) {
    const raw = buf.getUint16(at + l.reclen, true);
    // a record longer than what is left, or shorter than a header, ends the walk (strace's overflow/underflow)
    const reclen = raw > left ? left : Math.max(raw, l.header);
    // without -v only the count is shown: no entry decoded
    if (verbose) items.push(entry(buf, at, reclen, l));
    entries++;
    left = raw > left ? 0 : left - reclen;
    at += reclen;
    if (raw < l.header) break;
  }
  if (!verbose) return { k: 'commented', value: ptr(addr), comment: `${entries}${left ? '+' : ''} entries` };
  if (ret > 0 && !buf) return ptr(addr);
  return { k: 'array', items };
}

export const DIRENT_STRUCTS = {
  linux_dirent64: (c: CallContext, a: bigint) => dirents(c, a, DIRENT64),
  linux_dirent: (c: CallContext, a: bigint) => dirents(c, a, DIRENT),
} as const;
