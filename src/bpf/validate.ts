// The checks the kernel makes before it accepts a seccomp filter (bpf_check_classic in net/core/filter.c,
// seccomp_check_filter in kernel/seccomp.c), plus one of ours: no unreachable instruction. A compiled
// filter is checked here so a compiler bug shows up as a message rather than as EINVAL from the kernel.
import {
  BPF_ALU_OP,
  BPF_CLASS,
  BPF_JMP_OP,
  BPF_LIMITS,
  BPF_MISCOP,
  BPF_MODE,
  BPF_RVAL,
  BPF_SIZE,
  BPF_SRC,
  CODE_MASK,
  SECCOMP_DATA,
} from './consts.js';
import type { Insn } from './insn.js';

const { BPF_LD, BPF_LDX, BPF_ST, BPF_STX, BPF_ALU, BPF_JMP, BPF_RET, BPF_MISC } = BPF_CLASS;
const { BPF_K, BPF_X } = BPF_SRC;
const { BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_AND, BPF_OR, BPF_XOR, BPF_LSH, BPF_RSH } = BPF_ALU_OP;
const ALU_BINARY = [BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_AND, BPF_OR, BPF_XOR, BPF_LSH, BPF_RSH];
const CONDITIONAL = [BPF_JMP_OP.BPF_JEQ, BPF_JMP_OP.BPF_JGE, BPF_JMP_OP.BPF_JGT, BPF_JMP_OP.BPF_JSET];
const classOf = (code: number): number => code & CODE_MASK.BPF_CLASS_MASK;

const LD_ABS = BPF_LD | BPF_SIZE.BPF_W | BPF_MODE.BPF_ABS;
const LD_MEM = BPF_LD | BPF_MODE.BPF_MEM;
const LDX_MEM = BPF_LDX | BPF_MODE.BPF_MEM;
const JA = BPF_JMP | BPF_JMP_OP.BPF_JA;

/** seccomp_check_filter's list: the only opcodes a seccomp filter may use. */
const SECCOMP_CODES = new Set<number>([
  LD_ABS,
  BPF_LD | BPF_SIZE.BPF_W | BPF_MODE.BPF_LEN,
  BPF_LDX | BPF_SIZE.BPF_W | BPF_MODE.BPF_LEN,
  BPF_RET | BPF_RVAL.BPF_K,
  BPF_RET | BPF_RVAL.BPF_A,
  ...ALU_BINARY.flatMap((op) => [BPF_ALU | op | BPF_K, BPF_ALU | op | BPF_X]),
  BPF_ALU | BPF_ALU_OP.BPF_NEG,
  BPF_LD | BPF_MODE.BPF_IMM,
  BPF_LDX | BPF_MODE.BPF_IMM,
  BPF_MISC | BPF_MISCOP.BPF_TAX,
  BPF_MISC | BPF_MISCOP.BPF_TXA,
  LD_MEM,
  LDX_MEM,
  BPF_ST,
  BPF_STX,
  JA,
  ...CONDITIONAL.flatMap((op) => [BPF_JMP | op | BPF_K, BPF_JMP | op | BPF_X]),
]);

const isConditional = (code: number): boolean => classOf(code) === BPF_JMP && code !== JA;

/** Where control can go after instruction `pc` (nowhere after a return). */
export function successors(insns: readonly Insn[], pc: number): number[] {
  const insn = insns[pc];
  if (!insn || classOf(insn.code) === BPF_RET) return [];
  if (insn.code === JA) return [pc + 1 + insn.k];
  if (isConditional(insn.code)) return [pc + 1 + insn.jt, pc + 1 + insn.jf];
  return [pc + 1];
}

/** Problems that would make the kernel refuse the filter (or leave dead code); empty when it is fine. */
export function validateSeccompProgram(insns: readonly Insn[]): string[] {
  const problems: string[] = [];
  const n = insns.length;
  if (n === 0 || n > BPF_LIMITS.BPF_MAXINSNS) {
    problems.push(`length ${n} out of 1..${BPF_LIMITS.BPF_MAXINSNS}`);
  }
  for (const [pc, insn] of insns.entries()) {
    const bad = (what: string): void => void problems.push(`${pc}: ${what}`);
    if (!SECCOMP_CODES.has(insn.code)) {
      bad(`opcode 0x${insn.code.toString(16)} not allowed in seccomp`);
      continue;
    }
    const { k } = insn;
    if (insn.code === LD_ABS && (k >= SECCOMP_DATA.SECCOMP_DATA_SIZE || k % 4 !== 0)) {
      bad(`load of seccomp_data[${k}]`);
    }
    if (insn.code === (BPF_ALU | BPF_DIV | BPF_K) && k === 0) bad('division by 0');
    // A shift by X is checked at run time; by a constant, here.
    if ((insn.code === (BPF_ALU | BPF_LSH | BPF_K) || insn.code === (BPF_ALU | BPF_RSH | BPF_K)) && k >= 32) {
      bad(`shift by ${k}`);
    }
    const memory = [LD_MEM, LDX_MEM, BPF_ST, BPF_STX].includes(insn.code);
    if (memory && k >= BPF_LIMITS.BPF_MEMWORDS) bad(`scratch M[${k}]`);
    if (insn.code === JA && k >= n - pc - 1) bad('ja past the end');
    const conditional = isConditional(insn.code);
    if (conditional && (pc + insn.jt + 1 >= n || pc + insn.jf + 1 >= n)) bad('jump past the end');
  }
  const last = insns[n - 1];
  if (last && classOf(last.code) !== BPF_RET) problems.push(`${n - 1}: last instruction is not a return`);
  if (problems.length === 0) problems.push(...flowProblems(insns));
  return problems;
}

/** Unreachable instructions, and scratch memory read before it is written on some path. */
function flowProblems(insns: readonly Insn[]): string[] {
  const problems: string[] = [];
  // Bit i set: M[i] written on every path here; undefined: no path reaches pc yet. Jumps only go forward.
  const stored: (number | undefined)[] = [0];
  for (const [pc, insn] of insns.entries()) {
    const here = stored[pc];
    if (here === undefined) {
      problems.push(`${pc}: unreachable`);
      continue;
    }
    if ((insn.code === LD_MEM || insn.code === LDX_MEM) && !(here & (1 << insn.k))) {
      problems.push(`${pc}: M[${insn.k}] read before it is written`);
    }
    const out = insn.code === BPF_ST || insn.code === BPF_STX ? here | (1 << insn.k) : here;
    for (const next of successors(insns, pc)) stored[next] = (stored[next] ?? out) & out;
  }
  return problems;
}
