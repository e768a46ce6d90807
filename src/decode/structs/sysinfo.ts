// struct sysinfo, printed whole (strace never abbreviates it).
import { int, ptr, type Value } from '../../model/value.js';
import { isI386 } from '../abi.js';
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

/** struct compat_sysinfo (an i386 call's; kernel/sys.c): the longs are 32 bits, 64 bytes in all. */
export const SYSINFO32 = { size: 64, loads: 4 } as const;
const HEAD32: readonly Field[] = [['uptime', 0, 'i32']];
export const TAIL32: readonly Field[] = [
  ['totalram', 16, 'u32'],
  ['freeram', 20, 'u32'],
  ['sharedram', 24, 'u32'],
  ['bufferram', 28, 'u32'],
  ['totalswap', 32, 'u32'],
  ['freeswap', 36, 'u32'],
  ['procs', 40, 'u16'],
  ['totalhigh', 44, 'u32'],
  ['freehigh', 48, 'u32'],
  ['mem_unit', 52, 'u32'],
];

function sysinfo(c: CallContext, addr: bigint): Value {
  const i386 = isI386(c);
  const v = readView(c, addr, i386 ? SYSINFO32.size : SYSINFO.size);
  if (!v) return ptr(addr);
  const loads = [0, 1, 2].map((i) =>
    int(i386 ? v.getUint32(SYSINFO32.loads + 4 * i, true) : v.getBigUint64(SYSINFO.loads + 8 * i, true)),
  );
  return {
    k: 'struct',
    fields: [
      ...intFields(v, i386 ? HEAD32 : HEAD),
      ['loads', { k: 'array', items: loads }],
      ...intFields(v, i386 ? TAIL32 : TAIL),
    ],
  };
}

export const SYSINFO_STRUCTS = { sysinfo } as const;
