// Extended attribute values and lists, and sethostname's name: buffers strace shows by their length argument,
// with the address instead when the kernel's limit (XATTR_SIZE_MAX, __NEW_UTS_LEN) is passed.
import { ptr, type Value } from '../../model/value.js';
import { byteBuffer } from '../args/strings.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { customConst, u64 } from './util.js';

/** strace's print_xattr_val: `len` bytes with a trailing NUL left out (QUOTE_OMIT_TRAILING_0). */
function xattrValue(c: CallContext, addr: bigint, len: bigint): Value {
  if (len > BigInt(customConst('XATTR_SIZE_MAX'))) return ptr(addr);
  const v = byteBuffer(c, addr, Number(len));
  if (v.k !== 'str' || v.bytes.length === 0 || v.bytes[v.bytes.length - 1] !== 0) return v;
  return { ...v, bytes: v.bytes.subarray(0, v.bytes.length - 1) };
}

/** setxattr's value: as many bytes as its size argument (the next one). */
const xattrSetValue: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => xattrValue(c, u64(c, i), u64(c, i + 1)),
};

/** getxattr's value, at exit: as many bytes as the call returned; the address when it failed. */
const xattrGetValue: ArgDecoder = {
  phase: 'exit',
  decode: (c, i) => (c.failed ? ptr(u64(c, i)) : xattrValue(c, u64(c, i), c.ret ?? 0n)),
};

/** listxattr's list, at exit: the returned bytes; the address for a size of 0 or a failure. */
const xattrList: ArgDecoder = {
  phase: 'exit',
  decode: (c, i) =>
    c.failed || u64(c, i + 1) === 0n ? ptr(u64(c, i)) : byteBuffer(c, u64(c, i), Number(c.ret ?? 0n)),
};

/** sethostname's name: `len` bytes (the next argument, an int), the address past __NEW_UTS_LEN. */
const hostname: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    const len = Number(BigInt.asUintN(32, c.raw[i + 1] ?? 0n));
    return len > customConst('__NEW_UTS_LEN') ? ptr(u64(c, i)) : byteBuffer(c, u64(c, i), len);
  },
};

export const XATTR_DECODERS = {
  xattr_set_value: xattrSetValue,
  xattr_get_value: xattrGetValue,
  xattr_list: xattrList,
  hostname,
} as const satisfies Record<string, ArgDecoder>;
