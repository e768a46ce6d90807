// ptrace(2)'s x86_64 register sets (strace's arch_decode_prstatus_regset / arch_decode_fpregset): the general
// registers (NT_PRSTATUS, PTRACE_GETREGS) and the FPU state (NT_FPREGSET, PTRACE_GETFPREGS) from glibc's
// <sys/user.h> layouts, printed as far as the caller's size reaches.
import { hex, int, ptr, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import type { CallContext } from '../context.js';
import { localArray } from '../structs/array.js';
import { view, xv } from './util.js';

interface GenField {
  readonly off: number;
  readonly size: number;
  readonly count?: number;
}

export type RegsetStruct = 'user_regs_struct' | 'user_fpregs_struct';

/** strace's PRINT_FIELD_X: 0 as `0`, anything else in hex. */
const x = (v: bigint): Value => (v === 0n ? int(0) : hex(v));

function scalar(v: DataView, off: number, size: number): bigint {
  if (size === 8) return v.getBigUint64(off, true);
  return BigInt(size === 4 ? v.getUint32(off, true) : v.getUint16(off, true));
}

/**
 * A register set of `size` bytes at `addr`: the address when the size is 0 or not a multiple of 8 or the bytes
 * cannot be read, else every field that begins within the bytes read (an array up to them), and `...` when the
 * size exceeds the struct.
 */
export function regset(c: CallContext, s: RegsetStruct, addr: bigint, size: bigint): Value {
  const whole = STRUCTS[s].size;
  if (size === 0n || (size & 7n) !== 0n) return ptr(addr);
  const fetch = size < BigInt(whole) ? Number(size) : whole;
  const v = view(c, addr, fetch);
  if (!v) return ptr(addr);
  const fields: [string, Value][] = [];
  for (const [name, f] of Object.entries(STRUCTS[s].fields as Readonly<Record<string, GenField>>)) {
    if (fields.length > 0 && f.off >= fetch) break;
    if (f.count === undefined) {
      fields.push([name, x(scalar(v, f.off, f.size))]);
      continue;
    }
    const upto = Math.min(f.count, Math.floor((fetch - f.off) / f.size));
    fields.push([name, localArray(c, v, upto, f.size, (e, o) => x(scalar(e, f.off + o, f.size)))]);
  }
  return { k: 'struct', fields, more: size > BigInt(whole) };
}

/** PTRACE_GETREGS / SETREGS / GETFPREGS / SETFPREGS: the whole struct at `addr`. */
export const wholeRegs = (c: CallContext, s: RegsetStruct, addr: bigint): Value =>
  regset(c, s, addr, BigInt(STRUCTS[s].size));

const NT_PRSTATUS = BigInt(xv('nt_descriptor_types', 'NT_PRSTATUS'));
const NT_FPREGSET = BigInt(xv('nt_descriptor_types', 'NT_FPREGSET'));

/** The register set an NT_* note type names, or its address for the others (strace's decode_regset). */
export function noteRegset(c: CallContext, nt: bigint, addr: bigint, size: bigint): Value {
  if (nt === NT_PRSTATUS) return regset(c, 'user_regs_struct', addr, size);
  if (nt === NT_FPREGSET) return regset(c, 'user_fpregs_struct', addr, size);
  return ptr(addr);
}
