// io_uring_register(2)'s two-phase arguments (strace's print_io_uring_probe and print_io_uring_iowq_acct): what the
// caller passed at entry and, when the kernel may have written it, ` => ` what it holds at exit.
import { int, ptr, sym, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import type { CallContext } from '../context.js';
import { localArray, memArray } from '../structs/array.js';
import { xint } from '../structs/read.js';
import { lookupXlat, styled } from '../xlat.js';
import { flagsOf, nameOf, view } from './util.js';

type Fields = [string, Value][];
const PROBE = STRUCTS.io_uring_probe;
const OP = STRUCTS.io_uring_probe_op;
/** The most ops strace reads: past it the address prints (the kernel's own limit is 256 too). */
const MAX_PROBE_OPS = 256;

/** printxval_u: the name, or the number in decimal with the table's `???` comment. */
function decimalEnumText(table: string, v: number): string {
  const name = nameOf(table, v);
  return styled(String(v), name ?? `${v} /* ${lookupXlat(table)?.unknown ?? '???'} */`);
}
const decimalEnum = (table: string, v: number): Value => sym(decimalEnumText(table, v));

/** One struct io_uring_probe_op: op, resv when set, flags, resv2 when set. */
function probeOp(v: DataView, at: number): Value {
  const f = OP.fields;
  const out: Fields = [['op', decimalEnum('uring_ops', v.getUint8(at + f.op.off))]];
  const resv = v.getUint8(at + f.resv.off);
  if (resv) out.push(['resv', xint(resv)]);
  out.push(['flags', flagsOf('uring_op_flags', v.getUint16(at + f.flags.off, true))]);
  const resv2 = v.getUint32(at + f.resv2.off, true);
  if (resv2) out.push(['resv2', xint(resv2)]);
  return { k: 'struct', fields: out };
}

/** struct io_uring_probe with `nargs` ops: all of them at entry, at exit the ones the kernel filled (`...` past nargs). */
function probe(c: CallContext, v: DataView, nargs: number, exiting: boolean): Value {
  const f = PROBE.fields;
  const opsLen = v.getUint8(f.ops_len.off);
  const out: Fields = [
    ['last_op', decimalEnum('uring_ops', v.getUint8(f.last_op.off))],
    ['ops_len', int(opsLen)],
  ];
  const resv = v.getUint16(f.resv.off, true);
  if (resv) out.push(['resv', xint(resv)]);
  const resv2 = Array.from({ length: f.resv2.count }, (_, k) => v.getUint32(f.resv2.off + 4 * k, true));
  if (resv2.some((r) => r !== 0)) out.push(['resv2', { k: 'array', items: resv2.map((r) => xint(r)) }]);
  const count = exiting ? Math.min(opsLen, nargs) : nargs;
  const opsView = new DataView(v.buffer, v.byteOffset + PROBE.size, count * OP.size);
  const ops = localArray(c, opsView, count, OP.size, probeOp);
  const truncated = exiting && nargs < opsLen && ops.k === 'array' && !ops.more;
  out.push(['ops', truncated ? { ...ops, more: true } : ops]);
  return { k: 'struct', fields: out };
}

/** What IORING_REGISTER_PROBE's entry left for exit: the struct it printed, nothing (all zero), or the final value. */
export type ProbeEntry =
  | { readonly k: 'printed'; readonly value: Value }
  | { readonly k: 'zero' }
  | { readonly k: 'done'; readonly value: Value };

const probeSize = (nargs: number): number => PROBE.size + OP.size * nargs;

/** At entry: the probe as the caller filled it; an all-zero one (the usual case) prints only at exit. */
export function probeAtEntry(c: CallContext, addr: bigint, nargs: number): ProbeEntry {
  if (nargs > MAX_PROBE_OPS) return { k: 'done', value: ptr(addr) };
  const v = view(c, addr, probeSize(nargs));
  if (!v) return { k: 'done', value: ptr(addr) };
  const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (bytes.every((b) => b === 0)) return { k: 'zero' };
  return { k: 'printed', value: probe(c, v, nargs, false) };
}

/** At exit: what the kernel wrote, after ` => ` when entry printed the caller's probe. */
export function probeAtExit(c: CallContext, addr: bigint, nargs: number, entry: ProbeEntry): Value {
  if (entry.k === 'done') return entry.value;
  if (c.failed) return entry.k === 'printed' ? entry.value : ptr(addr);
  const v = view(c, addr, probeSize(nargs));
  const after = v ? probe(c, v, nargs, true) : ptr(addr);
  return entry.k === 'printed' ? { k: 'changed', before: entry.value, after } : after;
}

/** IORING_REGISTER_IOWQ_MAX_WORKERS' array of worker counts, indexed by io_wq_type (`[IO_WQ_BOUND]=4`). */
export function iowqCounts(c: CallContext, addr: bigint, nargs: number): Value {
  if (c.failed) return ptr(addr);
  return memArray(c, addr, nargs, 4, (v, off, i) => ({
    k: 'named',
    name: `[${decimalEnumText('uring_iowq_acct', i)}]`,
    value: int(v.getUint32(off, true)),
  }));
}

/** Whether strace's print_array printed the whole array (so exit prints it again after ` => `). */
export function wholeArray(v: Value): boolean {
  return v.k === 'array' && (v.more === true || (v.items.length > 0 && !isCut(v.items[v.items.length - 1])));
}
const isCut = (item: Value | undefined): boolean => item?.k === 'text' && item.text.startsWith('... /* ');
