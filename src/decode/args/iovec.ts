// iovec arrays (strace's tprint_iov_upto): `[{iov_base="abc", iov_len=3}, ...]`. Buffers the caller gives are
// read at entry; buffers the kernel fills are read at exit and shown only up to the return value.
import { int, ptr, type Value } from '../../model/value.js';
import { isI386 } from '../abi.js';
import { type ArgDecoder, argIndex, type CallContext } from '../context.js';
import { memArray } from '../structs/array.js';
import { dumpsIovecs, iovDumps } from './dump.js';
import { byteBuffer } from './strings.js';

/** struct iovec (include/uapi/linux/uio.h): iov_base @0, iov_len @8. */
const IOVEC = { size: 16, base: 0, len: 8 } as const;
/** struct compat_iovec (an i386 call's): iov_base u32 @0, iov_len u32 @4. */
export const IOVEC32 = { size: 8, base: 0, len: 4 } as const;

/** Prints one iov_base of `len` bytes (what strace's print_func gets: a string, an address, a netlink message). */
export type IovBasePrinter = (c: CallContext, base: bigint, len: number) => Value;

export const iovString: IovBasePrinter = (c, base, len) => byteBuffer(c, base, len);
export const iovAddress: IovBasePrinter = (_c, base) => ptr(base);

/**
 * `count` iovecs at `addr`; `dataSize` caps the bytes shown over all of them (a short read), undefined for
 * no cap (strace's (kernel_ulong_t) -1).
 */
export function iovecArray(
  c: CallContext,
  addr: bigint,
  count: bigint,
  dataSize: bigint | undefined,
  print: IovBasePrinter,
): Value {
  let left = dataSize;
  const i386 = isI386(c);
  const value = memArray(c, addr, count, i386 ? IOVEC32.size : IOVEC.size, (v, off) => {
    const base = i386
      ? BigInt(v.getUint32(off + IOVEC32.base, true))
      : v.getBigUint64(off + IOVEC.base, true);
    const len = i386 ? BigInt(v.getUint32(off + IOVEC32.len, true)) : v.getBigUint64(off + IOVEC.len, true);
    let shown = len;
    if (left !== undefined) {
      if (shown > left) shown = left;
      left -= shown;
    }
    return {
      k: 'struct',
      fields: [
        ['iov_base', print(c, base, Number(shown))],
        ['iov_len', int(len)],
      ],
    };
  });
  // -e read=/write=: every buffer whole (not only the ones printed), for the hex dumps
  return value.k === 'array' && dumpsIovecs(c)
    ? { ...value, dump: iovDumps(c, addr, count, dataSize) }
    : value;
}

const addrOf = (c: CallContext, i: number): bigint => BigInt.asUintN(64, c.raw[i] ?? 0n);
/** The count argument named by the kind's parameter (iovcnt), as the kernel's unsigned long. */
const countOf = (c: CallContext, param: string | undefined): bigint => {
  const i = argIndex(c, param);
  return i < 0 ? 0n : BigInt.asUintN(64, c.raw[i] ?? 0n);
};

export const IOVEC_DECODERS = {
  iovec: {
    phase: 'entry',
    decode: (c, i, p) => iovecArray(c, addrOf(c, i), countOf(c, p), undefined, iovString),
  },
  // readv and friends: at exit, the bytes read (the return value) spread over the buffers; addresses on failure
  oiovec: {
    phase: 'exit',
    decode: (c, i, p) =>
      c.failed
        ? iovecArray(c, addrOf(c, i), countOf(c, p), undefined, iovAddress)
        : iovecArray(c, addrOf(c, i), countOf(c, p), BigInt.asUintN(64, c.ret ?? 0n), iovString),
  },
} as const satisfies Record<string, ArgDecoder>;
