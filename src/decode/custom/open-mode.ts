// open(2)/openat(2) mode: printed only when the flags create a file (O_CREAT or __O_TMPFILE), as strace does.
import { NONE } from '../../model/value.js';
import type { ArgDecoder } from '../context.js';
import { u32, xv } from './util.js';

/** The flags that create a file, found in the table at the first call. */
let creating: number | undefined;

/** Whether open flags `flags` (the argument before the mode) make the mode shown. */
export function openModeShown(flags: number): boolean {
  creating ??= xv('open_mode_flags', 'O_CREAT') | xv('open_mode_flags', '__O_TMPFILE');
  return (flags & creating) !== 0;
}

/** The mode follows the flags argument. */
const openMode: ArgDecoder = {
  phase: 'entry',
  decode: (c, i) => (openModeShown(u32(c, i - 1)) ? { k: 'oct', v: u32(c, i) } : NONE),
};

export const OPEN_DECODERS = { open_mode: openMode } as const satisfies Record<string, ArgDecoder>;
