// Pointer-to-struct arguments: NULL, the struct when a decoder exists and memory is readable, else the address.
import { ptr } from '../../model/value.js';
import type { ArgDecoder, CallContext } from '../context.js';
import { structDecoder } from '../structs/index.js';
import { inputShownAsAddress } from './read-at-exit.js';

function decodeStruct(c: CallContext, i: number, param: string | undefined) {
  const addr = BigInt.asUintN(64, c.raw[i] ?? 0n);
  const decoder = param === undefined ? undefined : structDecoder(param);
  if (addr === 0n || !decoder) return ptr(addr);
  return decoder(c, addr, i);
}

/** Forwards an argument hook to the struct decoder's own hook, when it has one. */
const hook =
  (which: 'atEntry' | 'atExit') =>
  (c: CallContext, i: number, param: string | undefined): void => {
    const decoder = param === undefined ? undefined : structDecoder(param);
    decoder?.[which]?.(c, BigInt.asUintN(64, c.raw[i] ?? 0n), i);
  };
const hooks = { atEntry: hook('atEntry'), atExit: hook('atExit') };

export const STRUCT_ARG_DECODERS = {
  in: {
    phase: 'entry',
    decode: (c, i, p) =>
      inputShownAsAddress(c) ? ptr(BigInt.asUintN(64, c.raw[i] ?? 0n)) : decodeStruct(c, i, p),
    ...hooks,
  },
  // the kernel fills these: shown at exit, and only as an address when the call failed
  out: {
    phase: 'exit',
    decode: (c, i, p) => (c.failed ? ptr(BigInt.asUintN(64, c.raw[i] ?? 0n)) : decodeStruct(c, i, p)),
    ...hooks,
  },
  inout: { phase: 'exit', decode: decodeStruct, ...hooks },
} as const satisfies Record<string, ArgDecoder>;
