// futex_waitv(2)'s waiters: an array of struct futex_waitv (layout from the pinned linux/futex.h), as strace 6.1's
// print_waiter prints it: at most FUTEX_WAITV_MAX of them, then `...`; __reserved only when it is not 0.
import { ptr, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import type { ArgDecoder } from '../context.js';
import { MORE, memArray } from '../structs/array.js';
import { xint } from '../structs/read.js';
import { customConst, flagsOf, u32, u64 } from './util.js';

const W = STRUCTS.futex_waitv;

const waiters: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    // outside -e verbose, print_array still shows an empty array as []
    if (c.opts.noDeref) return u64(c, i) && !u32(c, i + 1) ? { k: 'array', items: [] } : ptr(u64(c, i));
    const max = customConst('FUTEX_WAITV_MAX');
    return memArray(c, u64(c, i), u32(c, i + 1), W.size, (v, off, n): Value => {
      if (n >= max) return MORE;
      const reserved = v.getUint32(off + W.fields.__reserved.off, true);
      return {
        k: 'struct',
        fields: [
          ['val', xint(v.getBigUint64(off + W.fields.val.off, true))],
          ['uaddr', ptr(v.getBigUint64(off + W.fields.uaddr.off, true))],
          ['flags', flagsOf('futex_waiter_flags', v.getUint32(off + W.fields.flags.off, true))],
          ...(reserved ? [['__reserved', xint(reserved)] as [string, Value]] : []),
        ],
      };
    });
  },
};

export const FUTEX_WAITV_DECODERS = { futex_waiters: waiters } as const satisfies Record<string, ArgDecoder>;
