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
/** Argument `i`'s high 32 bits as a signed int (with lo(): a signed 64-bit word). */
export const shi = (r: Words, i: number): number => r.v.getInt32(r.off + REC.args + i * 8 + 4, true);
/** Argument `i`'s whole 64-bit word (an address the decoders read memory at). */
export const word = (r: Words, i: number): bigint => r.v.getBigUint64(r.off + REC.args + i * 8, true);

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

/** Each byte's two hex digits, and its digits without a leading zero. */
const BYTE2: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const BYTE1: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16));

/** A 32-bit word's hex digits without leading zeros, by bytes from a table (toString(16) of a word above 2^31, a
 * heap number, goes through V8's slow radix conversion: ~7x slower, and --json writes a raw word per argument). */
function hex32(l: number): string {
  if (l < 0x100) return BYTE1[l] as string;
  if (l < 0x10000) return (BYTE1[l >>> 8] as string) + (BYTE2[l & 255] as string);
  if (l < 0x1000000)
    return (BYTE1[l >>> 16] as string) + (BYTE2[(l >>> 8) & 255] as string) + (BYTE2[l & 255] as string);
  return (
    (BYTE1[l >>> 24] as string) +
    (BYTE2[(l >>> 16) & 255] as string) +
    (BYTE2[(l >>> 8) & 255] as string) +
    (BYTE2[l & 255] as string)
  );
}

/** A 32-bit word's eight hex digits, leading zeros kept. */
const hex32Padded = (l: number): string =>
  (BYTE2[l >>> 24] as string) +
  (BYTE2[(l >>> 16) & 255] as string) +
  (BYTE2[(l >>> 8) & 255] as string) +
  (BYTE2[l & 255] as string);

/** A 64-bit word's hex digits, as BigInt's toString(16): no leading zeros, `0` for zero. */
export const hexDigits = (h: number, l: number): string => (h === 0 ? hex32(l) : hex32(h) + hex32Padded(l));

/** C's `%#x` of the 64-bit word (0 stays `0`), as model/value-text.ts hexText. */
export const hexWord = (h: number, l: number): string => (h === 0 && l === 0 ? '0' : `0x${hexDigits(h, l)}`);
