// strace's classic-BPF program printer (print_bpf_fprog): a sock_fprog's instructions as BPF_STMT/BPF_JUMP with
// the code's fields named, shared by seccomp(2), prctl(PR_SET_SECCOMP) and SO_ATTACH_FILTER/SO_GET_FILTER.
import { int, ptr, sym, type Value } from '../../model/value.js';
import type { CallContext } from '../context.js';
import { nameOf, view, xv } from '../custom/util.js';
import { formatEnum, hex, lookupXlat, styled } from '../xlat.js';
import { MORE, memArray } from './array.js';

/** How one program's `k` is named: seccomp's return actions, a socket filter's special offsets. */
export type FilterKind = 'seccomp' | 'socket';

const INSN_SIZE = 8;
/** sizeof(struct sock_fprog) on x86_64: a u16 length padded to the filter pointer at 8. */
export const FPROG_SIZE = 16;
const mask = (name: string): number => xv('bpf_code_mask', name);

/** printxval over a generated table (`0x7 /* BPF_??? *\/` when unnamed), in the -X style. */
function named(table: string, value: number): string {
  const t = lookupXlat(table);
  return t ? formatEnum(t, value) : hex(value);
}

/** Bits no field of this class explains: `0x... /* BPF_??? *\/`. */
const unexplained = (bits: number): string => `${hex(bits)} /* BPF_??? */`;

/**
 * strace's print_bpf_filter_code: the class, then the fields that class has. `extended`: an eBPF instruction,
 * whose classes 6 and 7 are BPF_JMP32 (printed bare) and BPF_ALU64 (an ALU) and whose stores have a size and mode.
 */
export function filterCode(code: number, extended = false): string {
  const cls = code & mask('BPF_CLASS_MASK');
  let rest = code & ~cls;
  const parts = [named(extended ? 'ebpf_class' : 'bpf_class', cls)];
  const size = (): void => {
    parts.push(named('bpf_filter_size', code & mask('BPF_SIZE_MASK')));
    parts.push(named(extended ? 'ebpf_mode' : 'bpf_filter_mode', code & mask('BPF_MODE_MASK')));
  };
  const alu = (): void => {
    parts.push(named('bpf_src', code & mask('BPF_SRC_MASK')));
    parts.push(named('bpf_filter_op_alu', code & mask('BPF_OP_MASK')));
  };
  switch (nameOf('bpf_class', cls)) {
    case 'BPF_ST':
    case 'BPF_STX':
      if (extended) size();
      else if (rest) parts.push(unexplained(rest));
      break;
    case 'BPF_LD':
    case 'BPF_LDX':
      size();
      break;
    case 'BPF_MISC': {
      if (extended) {
        alu();
        break;
      }
      const op = code & mask('BPF_MISCOP_MASK');
      parts.push(named('bpf_miscop', op));
      rest &= ~op;
      if (rest) parts.push(unexplained(rest));
      break;
    }
    case 'BPF_ALU':
      alu();
      break;
    case 'BPF_JMP':
      parts.push(named('bpf_src', code & mask('BPF_SRC_MASK')));
      parts.push(named('bpf_filter_op_jmp', code & mask('BPF_OP_MASK')));
      break;
    default: {
      // BPF_RET; eBPF's BPF_JMP32, which strace 6.1 leaves undecoded
      if (!extended) {
        const rval = code & mask('BPF_RVAL_MASK');
        parts.push(named('bpf_rval', rval));
        rest &= ~rval;
      }
      if (rest) parts.push(unexplained(rest));
    }
  }
  return parts.join('|');
}

/** A seccomp filter's return value: the action by name, then its data (`SECCOMP_RET_ERRNO|0x10`). */
function seccompK(k: number): string {
  const action = (k & xv('seccomp_ret_mask', 'SECCOMP_RET_ACTION_FULL')) >>> 0;
  const data = (k & ~action) >>> 0;
  const head = named('seccomp_ret', action);
  return data ? `${head}|${hex(data)}` : head;
}

/** A socket filter's absolute load below 0: the base it counts from and the offset (`SKF_NET_OFF+8`). */
function socketK(k: number): string | undefined {
  for (const base of ['SKF_AD_OFF', 'SKF_NET_OFF', 'SKF_LL_OFF']) {
    const at = xv('skf_off', base) >>> 0;
    if (k < at) continue;
    const head = styled(hex(at), base);
    return base === 'SKF_AD_OFF' ? `${head}+${named('skf_ad', k - at)}` : `${head}+${k - at}`;
  }
  return undefined;
}

/** `k` of a BPF_STMT: named where the program's kind gives it a meaning, else hex. */
function stmtK(kind: FilterKind, code: number, k: number): string {
  const cls = nameOf('bpf_class', code & mask('BPF_CLASS_MASK'));
  if (kind === 'seccomp' && cls === 'BPF_RET') return seccompK(k);
  if (
    kind === 'socket' &&
    cls === 'BPF_LD' &&
    nameOf('bpf_filter_mode', code & mask('BPF_MODE_MASK')) === 'BPF_ABS'
  )
    return socketK(k) ?? hex(k);
  return hex(k);
}

/** One instruction: BPF_JUMP when either branch offset is set, BPF_STMT otherwise (as strace tells them apart). */
function instruction(kind: FilterKind, v: DataView, off: number): Value {
  const code = v.getUint16(off, true);
  const jt = v.getUint8(off + 2);
  const jf = v.getUint8(off + 3);
  const k = v.getUint32(off + 4, true);
  if (jt || jf) return sym(`BPF_JUMP(${filterCode(code)}, ${hex(k)}, ${hex(jt)}, ${hex(jf)})`);
  return sym(`BPF_STMT(${filterCode(code)}, ${stmtK(kind, code, k)})`);
}

/** `len` instructions at `addr`: listed with -v (at most BPF_MAXINSNS, then `...`), else the address. */
export function filterProgram(c: CallContext, addr: bigint, len: number, kind: FilterKind): Value {
  if (!c.opts.verbose) return ptr(addr);
  const max = xv('bpf_limits', 'BPF_MAXINSNS');
  return memArray(c, addr, len, INSN_SIZE, (v, off, i) => (i >= max ? MORE : instruction(kind, v, off)));
}

/** struct sock_fprog (include/uapi/linux/filter.h): `{len=N, filter=...}`, the address when unreadable. */
export function filterProg(c: CallContext, addr: bigint, kind: FilterKind): Value {
  if (addr === 0n) return ptr(0n);
  const v = view(c, addr, FPROG_SIZE);
  if (!v) return ptr(addr);
  const len = v.getUint16(0, true);
  return {
    k: 'struct',
    fields: [
      ['len', int(len)],
      ['filter', filterProgram(c, v.getBigUint64(8, true), len, kind)],
    ],
  };
}
