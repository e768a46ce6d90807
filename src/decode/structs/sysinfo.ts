// struct sysinfo, printed whole (strace never abbreviates it).
import { int, ptr, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { type Field, intFields, readView } from './read.js';

/** struct sysinfo on x86_64 (include/uapi/linux/sysinfo.h): byte offsets; loads[3] sits between uptime and totalram. */
const SYSINFO = { size: 112, loads: 8 } as const;
const HEAD: readonly Field[] = [['uptime', 0, 'u64']];
const TAIL: readonly Field[] = [
  ['totalram', 32, 'u64'],
  ['freeram', 40, 'u64'],
  ['sharedram', 48, 'u64'],
  ['bufferram', 56, 'u64'],
  ['totalswap', 64, 'u64'],
  ['freeswap', 72, 'u64'],
  ['procs', 80, 'u16'],
  ['totalhigh', 88, 'u64'],
  ['freehigh', 96, 'u64'],
  ['mem_unit', 104, 'u32'],
];

function sysinfo(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, SYSINFO.size);
  if (!v) return ptr(addr);
  const loads = [0, 1, 2].map((i) => int(v.getBigUint64(SYSINFO.loads + 8 * i, true)));
  return {
    k: 'struct',
    fields: [...intFields(v, HEAD), ['loads', { k: 'array', items: loads }], ...intFields(v, TAIL)],
  };
}

export const SYSINFO_STRUCTS = { sysinfo } as const;
