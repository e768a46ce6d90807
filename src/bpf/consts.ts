// Kernel constants for classic BPF and seccomp, read from the generated xlat tables (data/xlat/bpf_*.xlat,
// seccomp_*.xlat, audit_arch.xlat): every value comes from the pinned uapi headers, none is typed here.
import { XLAT, type XlatName } from '../tables/generated/xlat.js';

type NameOf<T extends XlatName> = (typeof XLAT)[T]['values'][number][0];

/** A table as a name -> value record; names are checked against the generated table at compile time. */
function constants<T extends XlatName>(table: T): { readonly [K in NameOf<T>]: number } {
  return Object.fromEntries(XLAT[table].values) as { readonly [K in NameOf<T>]: number };
}

export const BPF_CLASS = constants('bpf_class');
export const BPF_SIZE = constants('bpf_size');
export const BPF_MODE = constants('bpf_mode');
export const BPF_ALU_OP = constants('bpf_op_alu');
export const BPF_JMP_OP = constants('bpf_op_jmp');
export const BPF_SRC = constants('bpf_src');
export const BPF_RVAL = constants('bpf_rval');
export const BPF_MISCOP = constants('bpf_miscop');
export const BPF_LIMITS = constants('bpf_limits');
export const SECCOMP_RET = constants('seccomp_ret');
export const SECCOMP_RET_MASK = constants('seccomp_ret_mask');
export const SECCOMP_DATA = constants('seccomp_data_offset');
export const AUDIT_ARCH = constants('audit_arch');

/** Field masks of sock_filter.code: the header's BPF_CLASS(), BPF_OP(), ... macros applied to 0xffff. */
export const CODE_MASK = constants('bpf_code_mask');

/** Offset of the low (little-endian x86) 32-bit word of seccomp_data.args[i]; the high word is 4 bytes on. */
export const argOffset = (i: number): number => SECCOMP_DATA.SECCOMP_DATA_ARGS + 8 * i;
