// A pointer to one number the kernel fills or reads (timer_create's timer id, getcpu's cpu and node,
// getresuid's ids, splice's offsets, io_setup's context): strace prints it in brackets, `[0]`.
import { int, ptr, type Value } from '../../model/value.js';
import { type CallContext, saveForExit } from '../context.js';
import { type FieldType, fieldNumber, idValue, readView } from './read.js';
import type { StructDecoder } from './struct-decoder.js';

const WIDTH: Readonly<Record<FieldType, number>> = {
  u8: 1,
  i8: 1,
  u16: 2,
  i16: 2,
  u32: 4,
  i32: 4,
  u64: 8,
  i64: 8,
};

/** One number of C type `type` at the address, shown by `show`, or the address when it cannot be read. */
const scalar =
  (type: FieldType, show: (n: number | bigint) => Value = int) =>
  (c: CallContext, addr: bigint): Value => {
    const v = readView(c, addr, WIDTH[type]);
    if (!v) return ptr(addr);
    return { k: 'array', items: [show(fieldNumber(v, 0, type))] };
  };

/** The u64 at `addr`, or undefined when unreadable. */
const u64At = (c: CallContext, addr: bigint): bigint | undefined =>
  readView(c, addr, 8)?.getBigUint64(0, true);

/**
 * sendfile's offset (inout): the offset given at entry, unsigned, then ` => [new]` when the call copied bytes;
 * the pointer when it could not be read at entry.
 */
const sendfileOffset: StructDecoder = Object.assign(
  (c: CallContext, addr: bigint, index: number): Value => {
    const before = c.saved?.[index] as bigint | undefined;
    if (before === undefined) return ptr(addr);
    const given: Value = { k: 'array', items: [int(before)] };
    const after = c.failed || c.ret === 0n ? undefined : u64At(c, addr);
    return after === undefined
      ? given
      : { k: 'changed', before: given, after: { k: 'array', items: [int(after)] } };
  },
  {
    atEntry: (c: CallContext, addr: bigint, index: number): void => {
      const v = addr === 0n ? undefined : u64At(c, addr);
      if (v !== undefined) saveForExit(c, index, v);
    },
  },
);

export const SCALAR_STRUCTS = {
  sendfile_offset: sendfileOffset,
  int: scalar('i32'),
  uint: scalar('u32'),
  loff_t: scalar('i64'),
  size_t: scalar('u64'),
  // uid_t/gid_t: (uid_t)-1 as -1, as strace's printuid
  uid_t: scalar('u32', (n) => idValue(Number(n))),
  gid_t: scalar('u32', (n) => idValue(Number(n))),
  // a pointer the kernel stores (get_robust_list's head, io_setup's aio_context_t): hex, NULL for 0
  pointer: scalar('u64', (n) => ptr(BigInt(n))),
  aio_context_t: scalar('u64', (n) => ptr(BigInt(n))),
} as const;
