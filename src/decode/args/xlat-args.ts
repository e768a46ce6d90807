// flags(TABLE) and enum(TABLE) arguments: printed through the generated xlat tables, as strace's printflags/printxval.
import { hex, sym } from '../../model/value.js';
import { argWidths } from '../../tables/arg-width.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { formatEnum, formatFlags, lookupXlat } from '../xlat.js';

/**
 * Flags and enums are C ints or unsigned longs: a 32-bit value keeps its 32 bits (an int arrives sign-extended),
 * an argument the kernel declares `unsigned long` (mbind's mode) stays whole.
 */
function argBits(c: CallContext, i: number): bigint {
  const raw = BigInt.asUintN(64, c.raw[i] ?? 0n);
  if (argWidths(c.name)?.[i] === 'full') return raw;
  return raw >> 32n === 0xffffffffn ? raw & 0xffffffffn : raw;
}

const viaTable =
  (print: typeof formatFlags): ArgDecoder['decode'] =>
  (c, i, table) => {
    const t = table === undefined ? undefined : lookupXlat(table);
    const v = argBits(c, i);
    return t ? sym(print(t, v)) : hex(v);
  };

export const XLAT_ARG_DECODERS = {
  flags: { phase: 'entry', decode: viaTable(formatFlags) },
  enum: { phase: 'entry', decode: viaTable(formatEnum) },
} as const satisfies Record<string, ArgDecoder>;
