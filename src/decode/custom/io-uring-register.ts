// io_uring_register(2)'s arg by opcode (strace's io_uring.c): buffer iovecs, fd arrays, the files-update and
// resource register/update structs with their fds, iovecs and tags, restrictions, ring fds, the io-wq CPU affinity,
// the probe and the io-wq worker counts (two-phase, io-uring-probe.ts), laid out from linux/io_uring.h. The other
// opcodes print the address.
import { int, ptr, sym, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import { fdValue } from '../args/fds.js';
import { iovAddress, iovecArray } from '../args/iovec.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import { xint } from '../structs/read.js';
import { formatEnum, lookupXlat } from '../xlat.js';
import { iowqCounts, type ProbeEntry, probeAtEntry, probeAtExit, wholeArray } from './io-uring-probe.js';
import { affinityList } from './sched.js';
import { enumOf, flagsOf, nameOf, nonzeroTail, u32, u64, view } from './util.js';

type Fields = [string, Value][];
const FILES_UPDATE = STRUCTS.io_uring_files_update;
const RESTRICTION = STRUCTS.io_uring_restriction;
const REGISTER = STRUCTS.io_uring_rsrc_register;
const UPDATE2 = STRUCTS.io_uring_rsrc_update2;
const UPDATE = STRUCTS.io_uring_rsrc_update;

const fdArray = (c: CallContext, addr: bigint, n: bigint | number): Value =>
  memArray(c, addr, n, 4, (v, off) => fdValue(c, v.getInt32(off, true)));

/** An update's fds: IORING_REGISTER_FILES_SKIP and the other values below -1 by number, the rest as fds. */
const updateFds = (c: CallContext, addr: bigint, n: bigint | number): Value =>
  memArray(c, addr, n, 4, (v, off) => {
    const fd = v.getInt32(off, true);
    if (fd >= -1) return fdValue(c, fd);
    const table = lookupXlat('uring_files_update_fds');
    return table ? sym(formatEnum(table, fd)) : int(fd);
  });

const hexArray = (c: CallContext, addr: bigint, n: bigint | number): Value =>
  memArray(c, addr, n, 8, (v, off) => xint(v.getBigUint64(off, true)));

/** IORING_REGISTER_FILES_UPDATE: struct io_uring_files_update and its `nargs` fds. */
function filesUpdate(c: CallContext, addr: bigint, n: number): Value {
  const f = FILES_UPDATE.fields;
  const v = view(c, addr, FILES_UPDATE.size);
  if (!v) return ptr(addr);
  const out: Fields = [['offset', int(v.getUint32(f.offset.off, true))]];
  const resv = v.getUint32(f.resv.off, true);
  if (resv) out.push(['resv', xint(resv)]);
  out.push(['fds', updateFds(c, v.getBigUint64(f.fds.off, true), n)]);
  return { k: 'struct', fields: out };
}

/** One struct io_uring_restriction: the operand by opcode, resv and resv2 when not zero. */
function restriction(v: DataView, at: number): Value {
  const f = RESTRICTION.fields;
  const opcode = v.getUint16(at + f.opcode.off, true);
  const op = v.getUint8(at + f.register_op.off);
  const out: Fields = [];
  const which = nameOf('uring_restriction_opcodes', opcode);
  const head = enumOf('uring_restriction_opcodes', opcode);
  if (which === 'IORING_RESTRICTION_REGISTER_OP')
    out.push(['opcode', head], ['register_op', enumOf('io_uring_register_op', op)]);
  else if (which === 'IORING_RESTRICTION_SQE_OP')
    out.push(['opcode', head], ['sqe_op', enumOf('uring_ops', op)]);
  else if (
    which === 'IORING_RESTRICTION_SQE_FLAGS_ALLOWED' ||
    which === 'IORING_RESTRICTION_SQE_FLAGS_REQUIRED'
  )
    out.push(['opcode', head], ['sqe_flags', flagsOf('uring_sqe_flags', op)]);
  // an unknown opcode: its operand byte in a comment
  else
    out.push([
      'opcode',
      { k: 'commented', value: head, comment: `op: ${op ? `0x${op.toString(16)}` : '0'}` },
    ]);
  const resv = v.getUint8(at + f.resv.off);
  if (resv) out.push(['resv', xint(resv)]);
  const resv2 = Array.from({ length: f.resv2.count }, (_, k) => v.getUint32(at + f.resv2.off + 4 * k, true));
  if (resv2.some((r) => r !== 0)) out.push(['resv2', { k: 'array', items: resv2.map((r) => xint(r)) }]);
  return { k: 'struct', fields: out };
}

/** The data array of a resource register/update struct, by opcode. */
function rsrcData(c: CallContext, op: string, data: bigint, nr: number): Value {
  if (op === 'IORING_REGISTER_FILES2') return fdArray(c, data, nr);
  if (op === 'IORING_REGISTER_FILES_UPDATE2') return updateFds(c, data, nr);
  return iovecArray(c, data, BigInt(nr), undefined, iovAddress);
}

/** IORING_REGISTER_FILES2 / BUFFERS2: struct io_uring_rsrc_register of `size` bytes (32 or more). */
function rsrcRegister(c: CallContext, op: string, addr: bigint, size: number): Value {
  const f = REGISTER.fields;
  const v = size < REGISTER.size ? undefined : view(c, addr, REGISTER.size);
  if (!v) return ptr(addr);
  const nr = v.getUint32(f.nr.off, true);
  const out: Fields = [
    ['nr', int(nr)],
    ['flags', flagsOf('uring_register_rsrc_flags', v.getUint32(f.flags.off, true))],
  ];
  const resv2 = v.getBigUint64(f.resv2.off, true);
  if (resv2) out.push(['resv2', xint(resv2)]);
  out.push(['data', rsrcData(c, op, v.getBigUint64(f.data.off, true), nr)]);
  out.push(['tags', hexArray(c, v.getBigUint64(f.tags.off, true), nr)]);
  const tail = nonzeroTail(c, addr, REGISTER.size, Math.min(size, 4096));
  return { k: 'struct', fields: tail ? [...out, ['', tail]] : out };
}

/** IORING_REGISTER_FILES_UPDATE2 / BUFFERS_UPDATE: struct io_uring_rsrc_update2 of `size` bytes (32 or more). */
function rsrcUpdate(c: CallContext, op: string, addr: bigint, size: number): Value {
  const f = UPDATE2.fields;
  const v = size < UPDATE2.size ? undefined : view(c, addr, UPDATE2.size);
  if (!v) return ptr(addr);
  const nr = v.getUint32(f.nr.off, true);
  const out: Fields = [['offset', int(v.getUint32(f.offset.off, true))]];
  const resv = v.getUint32(f.resv.off, true);
  if (resv) out.push(['resv', xint(resv)]);
  out.push(['data', rsrcData(c, op, v.getBigUint64(f.data.off, true), nr)]);
  out.push(['tags', hexArray(c, v.getBigUint64(f.tags.off, true), nr)]);
  out.push(['nr', int(nr)]);
  const resv2 = v.getUint32(f.resv2.off, true);
  if (resv2) out.push(['resv2', xint(resv2)]);
  const tail = nonzeroTail(c, addr, UPDATE2.size, Math.min(size, 4096));
  return { k: 'struct', fields: tail ? [...out, ['', tail]] : out };
}

/** IORING_(UN)REGISTER_RING_FDS: struct io_uring_rsrc_update entries (offset -1 means the first free slot). */
function ringFds(c: CallContext, addr: bigint, n: number, register: boolean): Value {
  const f = UPDATE.fields;
  return memArray(c, addr, n, UPDATE.size, (v, at) => {
    const offset = v.getUint32(at + f.offset.off, true);
    const out: Fields = [['offset', int(register && offset === 0xffffffff ? -1 : offset)]];
    const resv = v.getUint32(at + f.resv.off, true);
    if (resv) out.push(['resv', xint(resv)]);
    const data = v.getBigUint64(at + f.data.off, true);
    if (register) out.push(['data', fdValue(c, Number(BigInt.asIntN(32, data)))]);
    else if (data) out.push(['data', xint(data)]);
    return { k: 'struct', fields: out };
  });
}

const FD_ARRAYS = new Set([
  'IORING_REGISTER_FILES',
  'IORING_REGISTER_EVENTFD',
  'IORING_REGISTER_EVENTFD_ASYNC',
]);

/** The opcode's argument as strace prints it at entry (the only print for every opcode but the two-phase ones). */
function atEntryValue(c: CallContext, op: string, addr: bigint, n: number): Value {
  if (op === 'IORING_REGISTER_BUFFERS') return iovecArray(c, addr, BigInt(n), undefined, iovAddress);
  if (FD_ARRAYS.has(op)) return fdArray(c, addr, n);
  if (op === 'IORING_REGISTER_FILES_UPDATE') return filesUpdate(c, addr, n);
  if (op === 'IORING_REGISTER_RESTRICTIONS') return memArray(c, addr, n, RESTRICTION.size, restriction);
  if (op === 'IORING_REGISTER_FILES2' || op === 'IORING_REGISTER_BUFFERS2')
    return rsrcRegister(c, op, addr, n);
  if (op === 'IORING_REGISTER_FILES_UPDATE2' || op === 'IORING_REGISTER_BUFFERS_UPDATE')
    return rsrcUpdate(c, op, addr, n);
  if (op === 'IORING_REGISTER_RING_FDS' || op === 'IORING_UNREGISTER_RING_FDS')
    return ringFds(c, addr, n, op === 'IORING_REGISTER_RING_FDS');
  if (op === 'IORING_REGISTER_IOWQ_AFF') return affinityList(c, addr, n);
  return ptr(addr);
}

const opOf = (c: CallContext): string => nameOf('io_uring_register_op', u32(c, 1)) ?? '';

/**
 * Decoded at exit, as PROBE and IOWQ_MAX_WORKERS need (the kernel writes them); entry keeps what the caller passed
 * in ctx.saved: the final value for the other opcodes, PROBE's entry state, IOWQ_MAX_WORKERS' array.
 */
export const ioUringRegisterArg: ArgDecoder = {
  phase: 'exit',
  atEntry: (c, i) => {
    const op = opOf(c);
    const addr = u64(c, i);
    const n = u32(c, 3);
    c.saved ??= [];
    c.saved[i] = op === 'IORING_REGISTER_PROBE' ? probeAtEntry(c, addr, n) : atEntryValue(c, op, addr, n);
    if (op === 'IORING_REGISTER_IOWQ_MAX_WORKERS') c.saved[i] = iowqCounts(c, addr, n);
  },
  decode: (c, i) => {
    const op = opOf(c);
    const addr = u64(c, i);
    const n = u32(c, 3);
    const entry = c.saved?.[i];
    if (op === 'IORING_REGISTER_PROBE')
      return probeAtExit(c, addr, n, (entry as ProbeEntry | undefined) ?? probeAtEntry(c, addr, n));
    const before = (entry as Value | undefined) ?? atEntryValue(c, op, addr, n);
    if (op === 'IORING_REGISTER_IOWQ_MAX_WORKERS' && wholeArray(before))
      return { k: 'changed', before, after: iowqCounts(c, addr, n) };
    return before;
  },
};
