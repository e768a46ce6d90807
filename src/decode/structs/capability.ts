// capget/capset: the header `{version=_LINUX_CAPABILITY_VERSION_3, pid=N}` and the sets as `1<<CAP_CHOWN|...`.
import { int, ptr, sym, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { hex, lookupXlat, styled, xlatName } from '../xlat.js';
import { readView, xlatText } from './read.js';

/** struct __user_cap_header_struct (uapi/linux/capability.h): u32 version, int pid. */
function capHeader(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, 8);
  if (!v) return ptr(addr);
  return {
    k: 'struct',
    fields: [
      ['version', sym(xlatText('cap_version', v.getUint32(0, true), 'enum'))],
      ['pid', int(v.getInt32(4, true))],
    ],
  };
}

/** The names of one 32-bit word's set bits, `1<<NAME` (or `1<<N` without a name); `base` is the word's first bit. */
function capBits(word: bigint, base: bigint): string {
  const table = lookupXlat('cap');
  const bits: string[] = [];
  for (let bit = 0n; word >> bit !== 0n; bit++)
    if ((word >> bit) & 1n) bits.push(`1<<${(table && xlatName(table, base + bit)) ?? String(base + bit)}`);
  return bits.join('|');
}

/**
 * A capability set as strace's print_cap_bits prints it: the low word, then `|` and the high word when it is set,
 * each styled apart under -X (`0xfeffffff|0x1ff`); 0 when empty.
 */
function capSet(mask: bigint): Value {
  const lo = mask & 0xffffffffn;
  const hi = mask >> 32n;
  const parts: string[] = [];
  if (lo !== 0n || hi === 0n) parts.push(lo === 0n ? '0' : styled(hex(lo), capBits(lo, 0n)));
  if (hi !== 0n) parts.push(styled(hex(hi), capBits(hi, 32n)));
  const text = parts.join('|');
  return text === '0' ? int(0) : sym(text);
}

/** struct __user_cap_data_struct[2] (64-bit sets, versions 2 and 3): {effective, permitted, inheritable} x 2. */
function capData(c: CallContext, addr: bigint): Value {
  const v = readView(c, addr, 24);
  if (!v) return ptr(addr);
  const word = (field: number): bigint =>
    BigInt(v.getUint32(field * 4, true)) | (BigInt(v.getUint32(12 + field * 4, true)) << 32n);
  return {
    k: 'struct',
    fields: [
      ['effective', capSet(word(0))],
      ['permitted', capSet(word(1))],
      ['inheritable', capSet(word(2))],
    ],
  };
}

export const CAPABILITY_STRUCTS = { cap_user_header: capHeader, cap_user_data: capData } as const;
