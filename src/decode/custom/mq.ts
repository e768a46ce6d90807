// POSIX message queues (strace's mq.c and print_mq_attr.c): mq_open's mode and attr only with O_CREAT, and
// struct mq_attr (layout from the pinned linux/mqueue.h): mq_flags in hex for mq_open, as flags for mq_getsetattr.
import { hex, int, NONE, ptr, sym, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { flagsText, ifOk, u64, view, xv } from './util.js';

const A = STRUCTS.mq_attr;
const O_CREAT = BigInt(xv('open_mode_flags', 'O_CREAT'));

/** strace's printmqattr: the four counters, or the address when the whole struct cannot be read. */
function mqAttr(c: CallContext, addr: bigint, decodeFlags: boolean): Value {
  const v = view(c, addr, A.size);
  if (!v) return ptr(addr);
  const long = (f: 'mq_flags' | 'mq_maxmsg' | 'mq_msgsize' | 'mq_curmsgs'): bigint =>
    v.getBigInt64(A.fields[f].off, true);
  const flags = BigInt.asUintN(64, long('mq_flags'));
  const shownFlags =
    flags === 0n ? int(0) : decodeFlags ? sym(flagsText('mq_attr_flags', flags) ?? '0') : hex(flags);
  return {
    k: 'struct',
    fields: [
      ['mq_flags', shownFlags],
      ['mq_maxmsg', int(long('mq_maxmsg'))],
      ['mq_msgsize', int(long('mq_msgsize'))],
      ['mq_curmsgs', int(long('mq_curmsgs'))],
    ],
  };
}

const creating = (c: CallContext): boolean => (u64(c, 1) & O_CREAT) !== 0n;

export const MQ_DECODERS = {
  mq_mode: {
    phase: 'entry',
    decode: (c, i) => (creating(c) ? { k: 'oct', v: Number(u64(c, i) & 0xffffn) } : NONE),
  },
  mq_open_attr: { phase: 'entry', decode: (c, i) => (creating(c) ? mqAttr(c, u64(c, i), false) : NONE) },
  mq_newattr: { phase: 'entry', decode: (c, i) => mqAttr(c, u64(c, i), true) },
  mq_oldattr: { phase: 'exit', decode: (c, i) => ifOk(c, u64(c, i), () => mqAttr(c, u64(c, i), true)) },
} as const satisfies Record<string, ArgDecoder>;
