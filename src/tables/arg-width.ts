// The C width of each syscall argument, from the kernel's prototypes: the kernel casts each register to its
// declared type, so an `int` argument's upper 32 bits are garbage the call never sees.
import { type ArgWidth, ENTRY_ARG_WIDTHS } from './generated/arg-widths.js';
import { syscallByName } from './syscalls.js';

export type { ArgWidth };

const I32_POSITIVE = 0x80000000n;
const U32 = 0xffffffffn;
const U16 = 0xffffn;

let byEntry: Map<string, readonly ArgWidth[]> | undefined;

/** The widths of an x86_64 syscall's arguments, or undefined when all are full registers. */
export function argWidths(name: string): readonly ArgWidth[] | undefined {
  byEntry ??= new Map(ENTRY_ARG_WIDTHS);
  const entry = syscallByName('x86_64', name)?.entry;
  return entry ? byEntry.get(entry) : undefined;
}

/** One register as the kernel sees it: cut to 32 (sign-extended when signed) or 16 bits, else unchanged. */
export function narrow(raw: bigint, width: ArgWidth | undefined): bigint {
  // a register that already fits (the usual case) is kept: no BigInt made per argument and call
  switch (width) {
    case 'i32':
      return raw >= 0n && raw < I32_POSITIVE ? raw : BigInt.asUintN(64, BigInt.asIntN(32, raw));
    case 'u32':
      return raw >= 0n && raw <= U32 ? raw : BigInt.asUintN(32, raw);
    case 'u16':
      return raw >= 0n && raw <= U16 ? raw : BigInt.asUintN(16, raw);
    default:
      return raw;
  }
}

/**
 * A syscall's registers narrowed to its kernel argument types, the widths looked up once: what both engines' general
 * paths decode (raw registers would print an int's upper-half garbage, `0xdefaced00000001 /* P_??? *\/`).
 */
export function narrower(name: string): (raw: readonly bigint[]) => readonly bigint[] {
  const widths = argWidths(name);
  return widths ? (raw) => raw.map((r, i) => narrow(r, widths[i])) : (raw) => raw;
}

/** Every argument of a call narrowed to its kernel type (raw registers stay in the event for --raw/JSON). */
export function kernelArgs(name: string, raw: readonly bigint[]): readonly bigint[] {
  return narrower(name)(raw);
}

/**
 * Whether a register (its 32-bit halves) already holds what narrow() would make of it: the fast text paths print
 * such a call from the register as it is; one that needs cutting goes the general path, which narrows.
 */
export function fitsWidth(lo: number, hi: number, width: ArgWidth | undefined): boolean {
  switch (width) {
    case 'i32':
      return hi === (lo >= 0x80000000 ? 0xffffffff : 0);
    case 'u32':
      return hi === 0;
    case 'u16':
      return hi === 0 && lo <= 0xffff;
    default:
      return true;
  }
}
