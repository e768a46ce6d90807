// A record's 64-bit words (syscall arguments, the return) read and written as text without a BigInt while the value
// is exact as a number: shared by the eBPF engine's record-to-text path (fast-text.ts) and the ptrace engine's live
// text and JSON paths, which lay their register copies out as records.
import { REC } from './layout.js';

/** A record in its buffer (fast-text.ts RecordView, of which only these are read here). */
interface Words {
  readonly v: DataView;
  readonly off: number;
}

export const TWO32 = 2 ** 32;
/** Above this high word a 64-bit value is no longer exact as a number: written through BigInt. */
export const EXACT_HI = 2 ** 21;

/** Argument `i`'s low and high 32 bits, and its low 32 bits as a signed int. */
export const lo = (r: Words, i: number): number => r.v.getUint32(r.off + REC.args + i * 8, true);
export const hi = (r: Words, i: number): number => r.v.getUint32(r.off + REC.args + i * 8 + 4, true);
export const int32 = (r: Words, i: number): number => r.v.getInt32(r.off + REC.args + i * 8, true);

/** The unsigned 64-bit word at `at` as decimal digits. */
export function u64At(v: DataView, at: number): string {
  const h = v.getUint32(at + 4, true);
  if (h < EXACT_HI) return String(h * TWO32 + v.getUint32(at, true));
  return String(v.getBigUint64(at, true));
}

/** The signed 64-bit word at `at` as decimal digits. */
export function s64At(v: DataView, at: number): string {
  const h = v.getInt32(at + 4, true);
  if (h < EXACT_HI && h >= -EXACT_HI) return String(h * TWO32 + v.getUint32(at, true));
  return String(v.getBigInt64(at, true));
}

/** A 64-bit word's hex digits, as BigInt's toString(16): no leading zeros, `0` for zero. */
export const hexDigits = (h: number, l: number): string =>
  h === 0 ? l.toString(16) : `${h.toString(16)}${l.toString(16).padStart(8, '0')}`;

/** C's `%#x` of the 64-bit word (0 stays `0`), as model/value-text.ts hexText. */
export const hexWord = (h: number, l: number): string => (h === 0 && l === 0 ? '0' : `0x${hexDigits(h, l)}`);
