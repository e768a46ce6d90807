// i386-only argument forms: 64-bit offsets given in two registers and printed as one number (_llseek's high
// half first; the sys_ia32_* calls' low half first).
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
  /** The low half at this index, the high half in the next argument (which then prints nothing). */
  off_lo: {
    phase: 'entry',
    decode: (c, i) => {
      const low = BigInt.asUintN(32, c.raw[i] ?? 0n);
      const high = BigInt.asUintN(32, c.raw[i + 1] ?? 0n);
      return int(BigInt.asIntN(64, (high << 32n) | low));
    },
  },
  off_hi: { phase: 'entry', decode: () => NONE },
} as const satisfies Record<string, ArgDecoder>;
