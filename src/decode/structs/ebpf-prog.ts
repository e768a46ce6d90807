// strace's print_ebpf_prog: an eBPF program (struct bpf_insn[]) as bpf(2) loads it and BPF_OBJ_GET_INFO_BY_FD
// returns it; the address unless -v, then each instruction with its code's fields and registers named.
import { int, ptr, sym, type Value } from '../../model/value.js';
import { STRUCTS } from '../../tables/generated/structs.js';
import type { CallContext } from '../context.js';
import { xv } from '../custom/util.js';
import { formatEnum, hex, lookupXlat } from '../xlat.js';
import { MORE, memArray } from './array.js';
import { filterCode } from './bpf-filter.js';
import { xint } from './read.js';

const INSN = STRUCTS.bpf_insn;
const F = INSN.fields;
const MAX_U64 = (1n << 64n) - 1n;

/** A 4-bit register number, `0xb /* BPF_REG_??? *\/` past BPF_REG_10. */
function reg(b: number, bit: number, bits: number): Value {
  const n = (b >>> bit) & ((1 << bits) - 1);
  const t = lookupXlat('ebpf_regs');
  return sym(t ? formatEnum(t, n) : hex(n));
}

/** One instruction: `{code=BPF_JMP|BPF_K|BPF_EXIT, dst_reg=BPF_REG_0, src_reg=BPF_REG_0, off=0, imm=0}`. */
function insn(v: DataView, off: number): Value {
  const regs = v.getUint8(off + F.dst_reg.off);
  return {
    k: 'struct',
    fields: [
      ['code', sym(filterCode(v.getUint8(off + F.code.off), true))],
      ['dst_reg', reg(regs, F.dst_reg.bit, F.dst_reg.bits)],
      ['src_reg', reg(regs, F.src_reg.bit, F.src_reg.bits)],
      ['off', int(v.getInt16(off + F.off.off, true))],
      ['imm', xint(v.getUint32(off + F.imm.off, true))],
    ],
  };
}

/** The `count` instructions at `addr`: no more than BPF_MAXINSNS, then `...`; unread after a failed call. */
export function ebpfProg(c: CallContext, addr: bigint, count: bigint): Value {
  if (!c.opts.verbose) return ptr(addr);
  const max = xv('bpf_limits', 'BPF_MAXINSNS');
  // print_array's own checks see the whole count; tfetch_mem reads nothing after a failed call
  if (addr !== 0n && count !== 0n) {
    if (c.failed || addr + count * BigInt(INSN.size) > MAX_U64) return ptr(addr);
  }
  const shown = count > BigInt(max) ? BigInt(max + 1) : count;
  return memArray(c, addr, shown, INSN.size, (v, off, i) => (i >= max ? MORE : insn(v, off)));
}
