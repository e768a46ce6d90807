// frame(WHAT) arguments: not passed in a register but read from the tracee's stack at entry.
import { ptr } from '../../model/value.js';
import type { ArgDecoder } from '../context.js';
import { sigreturnMask } from '../structs/signal.js';

export const FRAME_DECODERS = {
  frame: {
    phase: 'entry',
    decode: (c, _i, what) =>
      what === 'sigreturn_mask' && c.stackPointer !== undefined ? sigreturnMask(c, c.stackPointer) : ptr(0n),
  },
} as const satisfies Record<string, ArgDecoder>;
