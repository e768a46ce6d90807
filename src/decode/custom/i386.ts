// i386-only argument forms: _llseek's offset, given in two registers (high, low) and printed as one number.
import { int, NONE } from '../../model/value.js';
import type { ArgDecoder } from '../context.js';

export const I386_DECODERS = {
  /** The high half at this index, the low half in the next argument (which then prints nothing). */
  llseek_offset: {
    phase: 'entry',
    decode: (c, i) => {
      const high = BigInt.asUintN(32, c.raw[i] ?? 0n);
      const low = BigInt.asUintN(32, c.raw[i + 1] ?? 0n);
      return int(BigInt.asIntN(64, (high << 32n) | low));
    },
  },
  llseek_low: { phase: 'entry', decode: () => NONE },
} as const satisfies Record<string, ArgDecoder>;
