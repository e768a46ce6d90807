// A pointer to one number the kernel fills or reads (timer_create's timer id, getcpu's cpu and node,
// mq_timedreceive's priority): strace prints it in brackets, `[0]`.
import { int, ptr, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { readView } from './read.js';

const scalar =
  (signed: boolean) =>
  (c: CallContext, addr: bigint): Value => {
    const v = readView(c, addr, 4);
    if (!v) return ptr(addr);
    return { k: 'array', items: [int(signed ? v.getInt32(0, true) : v.getUint32(0, true))] };
  };

export const SCALAR_STRUCTS = { int: scalar(true), uint: scalar(false) } as const;
