// `custom(NAME)` arguments: the named syscall-specific decoder, or the raw value while none exists.
import { hex } from '../../model/value.js';
import type { ArgDecoder } from '../context.js';
import { customDecoder } from '../custom/index.js';

/** Custom decoders choose their own phase; the kind's phase is entry, so the lookup happens per argument. */
export const CUSTOM_ARG_DECODER: ArgDecoder = {
  phase: 'entry',
  decode: (c, i, p) => {
    const d = p === undefined ? undefined : customDecoder(p);
    return d ? d.decode(c, i, p) : hex(BigInt.asUintN(64, c.raw[i] ?? 0n));
  },
  atEntry: (c, i, p) => (p === undefined ? undefined : customDecoder(p))?.atEntry?.(c, i, p),
  atExit: (c, i, p) => (p === undefined ? undefined : customDecoder(p))?.atExit?.(c, i, p),
};

/** The phase of a custom argument is its decoder's (exit for out-parameters). */
export const customPhase = (param: string | undefined): 'entry' | 'exit' =>
  (param === undefined ? undefined : customDecoder(param)?.phase) ?? 'entry';
