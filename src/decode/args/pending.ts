// Kinds whose full decoders are not written yet print as strace prints what it cannot decode: the raw value.
// Each entry here is replaced by a real decoder as the decoding work lands; the phase is already right.
import { hex, ptr } from '../../model/value.js';
import type { ArgDecoder } from '../context.js';

const raw = (phase: 'entry' | 'exit', asPtr: boolean): ArgDecoder => ({
  phase,
  decode: (c, i) =>
    asPtr ? ptr(BigInt.asUintN(64, c.raw[i] ?? 0n)) : hex(BigInt.asUintN(64, c.raw[i] ?? 0n)),
});

export const PENDING_DECODERS = {
  flags: raw('entry', false),
  enum: raw('entry', false),
  iovec: raw('entry', true),
  oiovec: raw('exit', true),
  sigset: raw('entry', true),
  osigset: raw('exit', true),
  fdpair: raw('exit', true),
} as const satisfies Record<string, ArgDecoder>;
