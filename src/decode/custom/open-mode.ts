// open(2)/openat(2) mode: printed only when the flags create a file (O_CREAT or __O_TMPFILE), as strace does.
import { NONE } from '../../model/value.js';
import type { ArgDecoder } from '../context.js';
import { u32, xv } from './util.js';

/** The mode follows the flags argument. */
const openMode: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => {
    const creating = xv('open_mode_flags', 'O_CREAT') | xv('open_mode_flags', '__O_TMPFILE');
    return u32(c, i - 1) & creating ? { k: 'oct', v: u32(c, i) } : NONE;
  },
};

export const OPEN_DECODERS = { open_mode: openMode } as const satisfies Record<string, ArgDecoder>;
