// One classic BPF instruction in the syntax of the kernel's bpf_asm (tools/bpf), as bpf_dbg prints it:
// `ld [4]`, `jeq #0xc000003e, l0003, l0002`, `ret #0x7fff0000`. Jump targets are absolute labels.
import {
  BPF_ALU_OP,
  BPF_CLASS,
  BPF_JMP_OP,
  BPF_MISCOP,
  BPF_MODE,
  BPF_RVAL,
  BPF_SIZE,
  BPF_SRC,
  CODE_MASK,
} from './consts.js';
import type { Insn } from './insn.js';

const { BPF_LD, BPF_LDX, BPF_ST, BPF_STX, BPF_ALU, BPF_JMP, BPF_RET, BPF_MISC } = BPF_CLASS;

/** bpf_asm's names: the header's constant minus `BPF_`, lower case (BPF_JGE -> jge). */
const nameOf = (table: Readonly<Record<string, number>>): Map<number, string> =>
  new Map(Object.entries(table).map(([name, value]) => [value, name.replace(/^BPF_/, '').toLowerCase()]));
const ALU_NAMES = nameOf(BPF_ALU_OP);
const JMP_NAMES = nameOf(BPF_JMP_OP);
const SIZE_SUFFIX = new Map([
  [BPF_SIZE.BPF_W, ''],
  [BPF_SIZE.BPF_H, 'h'],
  [BPF_SIZE.BPF_B, 'b'],
]);

export const hex = (k: number): string => (k === 0 ? '0' : `0x${(k >>> 0).toString(16)}`);
export const lineLabel = (pc: number): string => `l${pc.toString().padStart(4, '0')}`;

const field = (code: number, mask: number): number => code & mask;

/** The instruction at `pc` as bpf_asm source; `nosup` as bpf_dbg prints an opcode it does not know. */
export function mnemonic(insn: Insn, pc: number): string {
  const { code, k } = insn;
  const cls = field(code, CODE_MASK.BPF_CLASS_MASK);
  const fromX = field(code, CODE_MASK.BPF_SRC_MASK) === BPF_SRC.BPF_X;
  const operand = fromX ? 'x' : `#${hex(k)}`;
  const mode = field(code, CODE_MASK.BPF_MODE_MASK);
  const size = SIZE_SUFFIX.get(field(code, CODE_MASK.BPF_SIZE_MASK));
  switch (cls) {
    case BPF_RET: {
      const rval = field(code, CODE_MASK.BPF_RVAL_MASK);
      return rval === BPF_RVAL.BPF_A ? 'ret a' : rval === BPF_RVAL.BPF_X ? 'ret x' : `ret #${hex(k)}`;
    }
    case BPF_LD:
      if (mode === BPF_MODE.BPF_ABS && size !== undefined) return `ld${size} [${k}]`;
      if (mode === BPF_MODE.BPF_IND && size !== undefined) return `ld${size} [x+${k}]`;
      if (mode === BPF_MODE.BPF_IMM) return `ld #${hex(k)}`;
      if (mode === BPF_MODE.BPF_MEM) return `ld M[${k}]`;
      if (mode === BPF_MODE.BPF_LEN) return 'ld #len';
      break;
    case BPF_LDX:
      if (mode === BPF_MODE.BPF_IMM) return `ldx #${hex(k)}`;
      if (mode === BPF_MODE.BPF_MEM) return `ldx M[${k}]`;
      if (mode === BPF_MODE.BPF_LEN) return 'ldx #len';
      if (mode === BPF_MODE.BPF_MSH) return `ldxb 4*([${k}]&0xf)`;
      break;
    case BPF_ST:
      return `st M[${k}]`;
    case BPF_STX:
      return `stx M[${k}]`;
    case BPF_MISC: {
      const op = field(code, CODE_MASK.BPF_MISCOP_MASK);
      if (op === BPF_MISCOP.BPF_TXA) return 'txa';
      if (op === BPF_MISCOP.BPF_TAX) return 'tax';
      break;
    }
    case BPF_ALU: {
      const op = field(code, CODE_MASK.BPF_OP_MASK);
      const name = ALU_NAMES.get(op);
      if (op === BPF_ALU_OP.BPF_NEG) return 'neg';
      if (name) return `${name} ${operand}`;
      break;
    }
    case BPF_JMP: {
      const op = field(code, CODE_MASK.BPF_OP_MASK);
      if (op === BPF_JMP_OP.BPF_JA) return `ja ${lineLabel(pc + 1 + k)}`;
      const name = JMP_NAMES.get(op);
      if (name) return `${name} ${operand}, ${lineLabel(pc + 1 + insn.jt)}, ${lineLabel(pc + 1 + insn.jf)}`;
      break;
    }
  }
  return `nosup ${hex(code)}`;
}
