// seccomp(2)'s flags and args by operation (strace's SYS_FUNC(seccomp)); a filter is a sock_fprog
// (`{len=12, filter=0x...}`; the instructions are listed only with -v).
import { int, ptr, sym, type Value } from '../../model/value.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { filterProg } from '../structs/bpf-filter.js';
import { flagsOf, ifOk, indirect, nameOf, twoPhase, u32, u64, view, xval } from './util.js';

const op = (c: CallContext): string => nameOf('seccomp_op', u32(c, 0)) ?? '';

const seccompFlags: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) =>
    op(c) === 'SECCOMP_SET_MODE_FILTER' ? flagsOf('seccomp_filter_flags', u32(c, i)) : xval(u32(c, i)),
};

/** struct seccomp_notif_sizes (include/uapi/linux/seccomp.h): three u16. */
function notifSizes(c: CallContext, addr: bigint): Value {
  const v = view(c, addr, 6);
  if (!v) return ptr(addr);
  const names = ['seccomp_notif', 'seccomp_notif_resp', 'seccomp_data'];
  return { k: 'struct', fields: names.map((n, k) => [n, int(v.getUint16(2 * k, true))] as const) };
}

const seccompArgs = twoPhase(
  (c, i) => {
    const addr = u64(c, i);
    switch (op(c)) {
      case 'SECCOMP_GET_ACTION_AVAIL':
        return indirect(c, addr, 4, (v) => {
          const name = nameOf('seccomp_ret', v.getUint32(0, true));
          return name
            ? sym(name)
            : { k: 'commented', value: xval(v.getUint32(0, true)), comment: 'SECCOMP_RET_???' };
        });
      case 'SECCOMP_GET_NOTIF_SIZES':
        return undefined;
      case 'SECCOMP_SET_MODE_FILTER':
        return filterProg(c, addr, 'seccomp');
      default:
        return ptr(addr);
    }
  },
  (c, i) => ifOk(c, u64(c, i), () => notifSizes(c, u64(c, i))),
);

export const SECCOMP_DECODERS = {
  seccomp_flags: seccompFlags,
  seccomp_args: seccompArgs,
} as const satisfies Record<string, ArgDecoder>;
