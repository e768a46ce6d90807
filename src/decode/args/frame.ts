// frame(WHAT) arguments: not passed in a register but read from the tracee's stack at entry.
import { ptr } from '../../model/value.js';
import type { ArgDecoder } from '../context.js';
import { sigreturnMask, sigreturnMaskI386 } from '../structs/signal.js';

export const FRAME_DECODERS = {
  frame: {
    phase: 'entry',
    decode: (c, _i, what) => {
      const sp = c.stackPointer;
      if (sp === undefined) return ptr(0n);
      if (what === 'sigreturn_mask') return sigreturnMask(c, sp);
      // a 32-bit program's frames (i386-signature.ts)
      if (what === 'sigreturn_mask_i386') return sigreturnMaskI386(c, sp, false);
      if (what === 'rt_sigreturn_mask_i386') return sigreturnMaskI386(c, sp, true);
      return ptr(0n);
    },
  },
} as const satisfies Record<string, ArgDecoder>;
