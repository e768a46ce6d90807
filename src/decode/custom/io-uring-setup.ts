// io_uring_setup(2)'s struct io_uring_params as strace 6.1 prints it: what the caller set at entry (flags, the
// SQPOLL settings, wq_fd with IORING_SETUP_ATTACH_WQ, resv when not zero), then after a success what the kernel
// filled in (ring sizes, features, the ring offsets). Offsets come from the generated layouts of linux/io_uring.h.
import { int, ptr, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { fdValue } from '../args/fds.js';
import type { ArgDecoder } from '../context.js';
import { xint } from '../structs/read.js';
import { flagsOf, save, saved, u64, view, xv } from './util.js';

const P = STRUCTS.io_uring_params;
const SQ = STRUCTS.io_sqring_offsets.fields;
const CQ = STRUCTS.io_cqring_offsets.fields;

type Fields = [string, Value][];
const u32At = (v: DataView, off: number): number => v.getUint32(off, true);

/**
 * A ring's offsets: the u32 fields strace names, then resv1 and the u64 after it when not zero (strace 6.1 calls
 * that one resv2; 6.12's header calls it user_addr).
 */
function offsets(v: DataView, base: number, names: readonly string[], f: typeof SQ | typeof CQ): Value {
  const all = f as Readonly<Record<string, { off: number }>>;
  const out: Fields = names.map((n) => [n, int(u32At(v, base + (all[n]?.off ?? 0)))]);
  const resv1 = u32At(v, base + f.resv1.off);
  if (resv1) out.push(['resv1', xint(resv1)]);
  const resv2 = v.getBigUint64(base + f.user_addr.off, true);
  if (resv2) out.push(['resv2', xint(resv2)]);
  return { k: 'struct', fields: out };
}

const SQ_NAMES = ['head', 'tail', 'ring_mask', 'ring_entries', 'flags', 'dropped', 'array'];
const CQ_NAMES = ['head', 'tail', 'ring_mask', 'ring_entries', 'overflow', 'cqes', 'flags'];

function entryFields(c: Parameters<ArgDecoder['decode']>[0], v: DataView): Fields {
  const f = P.fields;
  const flags = u32At(v, f.flags.off);
  const out: Fields = [
    ['flags', flagsOf('uring_setup_flags', flags)],
    ['sq_thread_cpu', xint(u32At(v, f.sq_thread_cpu.off))],
    ['sq_thread_idle', int(u32At(v, f.sq_thread_idle.off))],
  ];
  if (flags & xv('uring_setup_flags', 'IORING_SETUP_ATTACH_WQ'))
    out.push(['wq_fd', fdValue(c, v.getInt32(f.wq_fd.off, true))]);
  const resv = Array.from({ length: f.resv.count }, (_, k) => u32At(v, f.resv.off + 4 * k));
  if (resv.some((r) => r !== 0)) out.push(['resv', { k: 'array', items: resv.map((r) => xint(r)) }]);
  return out;
}

export const ioUringParams: ArgDecoder = {
  phase: 'exit',
  atEntry: (c, i) => {
    const addr = u64(c, i);
    const v = view(c, addr, P.size);
    save(c, i, v ? { k: 'struct', fields: entryFields(c, v) } : ptr(addr));
  },
  decode: (c, i) => {
    const before = saved(c, i) ?? ptr(u64(c, i));
    if (before.k !== 'struct' || c.failed) return before;
    const v = view(c, u64(c, i), P.size);
    if (!v) return before;
    const f = P.fields;
    return {
      k: 'struct',
      fields: [
        ...before.fields,
        ['sq_entries', int(u32At(v, f.sq_entries.off))],
        ['cq_entries', int(u32At(v, f.cq_entries.off))],
        ['features', flagsOf('uring_setup_features', u32At(v, f.features.off))],
        ['sq_off', offsets(v, f.sq_off.off, SQ_NAMES, SQ)],
        ['cq_off', offsets(v, f.cq_off.off, CQ_NAMES, CQ)],
      ],
    };
  },
};
