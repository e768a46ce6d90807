// Scheduler structs: the CPU affinity mask (`[0 1]`, strace's print_affinitylist), struct sched_param (`[0]`)
// and struct sched_attr (sched_setattr/sched_getattr).
import { cpus } from 'node:os';
import { int, ptr, text, type Value } from '../../model/value.js';
import { errnoByName } from '../../tables/errnos.js';
import type { ArgDecoder, CallContext } from '../context.js';
import type { StructDecoder } from '../structs/struct-decoder.js';
import { customConst, enumOf, flagsOf, save, saved, u32, u64, view, xv } from './util.js';

/**
 * The kernel's cpumask size in bytes, as strace probes it (the smallest size sched_getaffinity accepts, from 128
 * up): 128 bytes cover 1024 CPUs.
 */
const CPUSET_SIZE = 128 * Math.max(1, 2 ** Math.ceil(Math.log2(Math.ceil(cpus().length / 1024) || 1)));

/** The set bits of a cpumask of `len` bytes: `[0 1 5]`, `...` when only part of it was read (print_affinitylist). */
export function affinityList(c: CallContext, addr: bigint, len: number): Value {
  if (len === 0) return { k: 'array', items: [] };
  const size = Math.min(len, CPUSET_SIZE);
  const bytes = c.mem.read(addr, size);
  if (!bytes || bytes.length < size) return ptr(addr);
  const bits: number[] = [];
  bytes.forEach((b, i) => {
    for (let bit = 0; bit < 8; bit++) if (b & (1 << bit)) bits.push(i * 8 + bit);
  });
  // rounded up to whole longs, as strace reads it
  const words = Math.ceil(size / 8) * 8;
  return text(`[${[...bits.map(String), ...(words < len ? ['...'] : [])].join(' ')}]`);
}

/** sched_setaffinity's mask (its length is the cpusetsize argument) and sched_getaffinity's (the bytes written). */
const cpu_set: StructDecoder = (c, addr, i) => {
  const len = c.ret === undefined ? u32(c, i - 1) : Number(c.ret);
  return affinityList(c, addr, len);
};

/** struct sched_param: its only field, `[prio]`. */
const sched_param: StructDecoder = (c, addr) => {
  const v = view(c, addr, 4);
  return v ? { k: 'array', items: [int(v.getInt32(0, true))] } : ptr(addr);
};

/** struct sched_attr (include/uapi/linux/sched/types.h). */
const ATTR = {
  size: 0,
  policy: 4,
  flags: 8,
  nice: 16,
  priority: 20,
  runtime: 24,
  deadline: 32,
  period: 40,
  utilMin: 48,
  utilMax: 52,
  full: 56,
} as const;

/** strace's print_sched_attr: `usize` is sched_getattr's size argument, 0 for sched_setattr. */
function schedAttr(c: CallContext, addr: bigint, usize: number): Value {
  const MIN = customConst('SCHED_ATTR_SIZE_VER0');
  const setting = usize === 0;
  let size: number;
  let given = 0;
  let v: DataView | undefined;
  if (!setting) {
    v = view(c, addr, Math.min(usize, ATTR.full));
    if (!v) return ptr(addr);
    size = v.getUint32(ATTR.size, true);
  } else {
    const head = view(c, addr, 4);
    if (!head) return ptr(addr);
    given = head.getUint32(0, true);
    usize = given || MIN;
    size = Math.min(usize, ATTR.full);
    if (size >= MIN) {
      v = view(c, addr, size);
      if (!v) return ptr(addr);
    }
  }
  const full = new DataView(new ArrayBuffer(ATTR.full));
  if (v)
    new Uint8Array(full.buffer).set(
      new Uint8Array(v.buffer, v.byteOffset, Math.min(v.byteLength, ATTR.full)),
    );
  // a size below the first version's is printed as the caller gave it, nothing else read
  if (!v) full.setUint32(ATTR.size, given, true);
  const fields: [string, Value][] = [['size', int(full.getUint32(ATTR.size, true))]];
  if (size >= MIN) {
    const policy = full.getInt32(ATTR.policy, true);
    const flags = full.getBigUint64(ATTR.flags, true);
    const keep = (n: string): boolean => (flags & BigInt(xv('sched_flags', n))) !== 0n;
    if (!setting || policy < 0 || !(keep('SCHED_FLAG_KEEP_POLICY') || keep('SCHED_FLAG_KEEP_PARAMS')))
      fields.push(['sched_policy', enumOf('sched_policy', full.getUint32(ATTR.policy, true))]);
    fields.push(['sched_flags', flagsOf('sched_flags', flags)]);
    if (!setting || !keep('SCHED_FLAG_KEEP_PARAMS')) {
      fields.push(
        ['sched_nice', int(full.getInt32(ATTR.nice, true))],
        ['sched_priority', int(full.getUint32(ATTR.priority, true))],
        ['sched_runtime', int(full.getBigUint64(ATTR.runtime, true))],
        ['sched_deadline', int(full.getBigUint64(ATTR.deadline, true))],
        ['sched_period', int(full.getBigUint64(ATTR.period, true))],
      );
    }
    if (size >= customConst('SCHED_ATTR_SIZE_VER1')) {
      fields.push(
        ['sched_util_min', int(full.getUint32(ATTR.utilMin, true))],
        ['sched_util_max', int(full.getUint32(ATTR.utilMax, true))],
      );
    }
  }
  const more = (setting ? usize : full.getUint32(ATTR.size, true)) > size;
  return { k: 'struct', fields, more };
}

const sched_attr: StructDecoder = (c, addr, i) =>
  c.name === 'sched_getattr'
    ? u64(c, i + 1)
      ? schedAttr(c, addr, u32(c, i + 1))
      : ptr(addr)
    : schedAttr(c, addr, 0);

export const SCHED_STRUCTS = { cpu_set, sched_param, sched_attr } as const;

const E2BIG = BigInt(errnoByName('E2BIG')?.value ?? 7);
/**
 * sched_setattr's attr: the struct as given at entry and, when the kernel refused its size (E2BIG), the size it
 * wrote back (`{size=1} => {size=56}`), as strace's SYS_FUNC(sched_setattr) prints at exit.
 */
const schedSetattrAttr: ArgDecoder = {
  phase: 'exit',
  atEntry: (c, i) => save(c, i, c.opts.noDeref ? ptr(u64(c, i)) : schedAttr(c, u64(c, i), 0)),
  decode: (c, i) => {
    const shown = saved(c, i) ?? ptr(u64(c, i));
    if (c.opts.noDeref || BigInt.asIntN(64, c.ret ?? 0n) !== -E2BIG || u64(c, i) === 0n) return shown;
    const now = view(c, u64(c, i), 4);
    if (!now) return shown;
    return {
      k: 'changed',
      before: shown,
      after: { k: 'struct', fields: [['size', int(now.getUint32(0, true))]] },
    };
  },
};

export const SCHED_DECODERS = { sched_setattr_attr: schedSetattrAttr } as const satisfies Record<
  string,
  ArgDecoder
>;
