// _sysctl's struct __sysctl_args (include/uapi/linux/sysctl.h). The kernel removed the call (ENOSYS since 5.5),
// but strace still shows what a program passed: the pointers as addresses, nlen and newlen as numbers.
import { ptr, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { fieldNumber, readView } from './read.js';

/** int *name @0, int nlen @8, void *oldval @16, size_t *oldlenp @24, void *newval @32, size_t newlen @40,
 * unsigned long __unused[4] @48: 80 bytes on x86_64. */
const ARGS = { size: 80, name: 0, nlen: 8, oldval: 16, oldlenp: 24, newval: 32, newlen: 40 } as const;

function sysctlArgs(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, ARGS.size);
  if (!v) return ptr(addr);
  const p = (off: number): Value => ptr(v.getBigUint64(off, true));
  return {
    k: 'struct',
    fields: [
      ['name', p(ARGS.name)],
      ['nlen', { k: 'int', v: fieldNumber(v, ARGS.nlen, 'i32') }],
      ['oldval', p(ARGS.oldval)],
      ['oldlenp', p(ARGS.oldlenp)],
      ['newval', p(ARGS.newval)],
      ['newlen', { k: 'int', v: fieldNumber(v, ARGS.newlen, 'u64') }],
    ],
  };
}

export const SYSCTL_STRUCTS = { sysctl_args: sysctlArgs } as const;
