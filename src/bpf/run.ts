// Runs a seccomp filter over one seccomp_data in JavaScript, as the kernel's classic BPF interpreter would:
// what a policy does to a call without loading it (policy checks, `vat seccomp` explanations, tests).
import {
  BPF_ALU_OP,
  BPF_CLASS,
  BPF_JMP_OP,
  BPF_LIMITS,
  BPF_MISCOP,
  BPF_MODE,
  BPF_RVAL,
  BPF_SRC,
  CODE_MASK,
  SECCOMP_DATA,
} from './consts.js';
import { BpfError } from './errors.js';
import type { Insn } from './insn.js';

/** The fields a filter reads; arguments are 64-bit. */
export interface SeccompData {
  readonly nr: number;
  readonly arch: number;
  readonly instructionPointer?: bigint;
  readonly args?: readonly bigint[];
}

/** The 32-bit word at byte offset k of struct seccomp_data (little-endian x86). */
function wordAt(data: SeccompData, k: number): number {
  const {
    SECCOMP_DATA_NR,
    SECCOMP_DATA_ARCH,
    SECCOMP_DATA_INSTRUCTION_POINTER: IP,
    SECCOMP_DATA_ARGS,
  } = SECCOMP_DATA;
  if (k === SECCOMP_DATA_NR) return data.nr >>> 0;
  if (k === SECCOMP_DATA_ARCH) return data.arch >>> 0;
  const field = k < SECCOMP_DATA_ARGS ? data.instructionPointer : data.args?.[(k - SECCOMP_DATA_ARGS) >> 3];
  const base = k < SECCOMP_DATA_ARGS ? IP : SECCOMP_DATA_ARGS + ((k - SECCOMP_DATA_ARGS) & ~7);
  const value = BigInt.asUintN(64, field ?? 0n);
  return Number((k - base === 4 ? value >> 32n : value) & 0xffffffffn);
}

function alu(op: number, a: number, operand: number): number {
  switch (op) {
    case BPF_ALU_OP.BPF_ADD:
      return a + operand;
    case BPF_ALU_OP.BPF_SUB:
      return a - operand;
    case BPF_ALU_OP.BPF_MUL:
      return Math.imul(a, operand);
    case BPF_ALU_OP.BPF_DIV:
      // Division by a zero X ends the program with 0 (the kernel's rule for classic BPF).
      return operand === 0 ? Number.NaN : Math.floor((a >>> 0) / (operand >>> 0));
    case BPF_ALU_OP.BPF_AND:
      return a & operand;
    case BPF_ALU_OP.BPF_OR:
      return a | operand;
    case BPF_ALU_OP.BPF_XOR:
      return a ^ operand;
    case BPF_ALU_OP.BPF_LSH:
      return operand >= 32 ? 0 : a << operand;
    case BPF_ALU_OP.BPF_RSH:
      return operand >= 32 ? 0 : a >>> operand;
    case BPF_ALU_OP.BPF_NEG:
      return -a;
  }
  throw new BpfError(`ALU op 0x${op.toString(16)} not supported`);
}

function compare(op: number, a: number, operand: number): boolean {
  if (op === BPF_JMP_OP.BPF_JEQ) return a === operand;
  if (op === BPF_JMP_OP.BPF_JGT) return a > operand;
  if (op === BPF_JMP_OP.BPF_JGE) return a >= operand;
  if (op === BPF_JMP_OP.BPF_JSET) return (a & operand) !== 0;
  throw new BpfError(`jump op 0x${op.toString(16)} not supported`);
}

/** The filter's return value for `data` (a validated program: see validateSeccompProgram). */
export function runSeccompFilter(insns: readonly Insn[], data: SeccompData): number {
  let a = 0;
  let x = 0;
  const mem = new Array<number>(BPF_LIMITS.BPF_MEMWORDS).fill(0);
  for (let pc = 0; pc < insns.length; pc++) {
    const { code, jt, jf, k } = insns[pc] as Insn;
    const cls = code & CODE_MASK.BPF_CLASS_MASK;
    const mode = code & CODE_MASK.BPF_MODE_MASK;
    const operand = (code & CODE_MASK.BPF_SRC_MASK) === BPF_SRC.BPF_X ? x : k;
    const op = code & CODE_MASK.BPF_OP_MASK;
    switch (cls) {
      case BPF_CLASS.BPF_RET:
        return ((code & CODE_MASK.BPF_RVAL_MASK) === BPF_RVAL.BPF_A ? a : k) >>> 0;
      case BPF_CLASS.BPF_LD:
        if (mode === BPF_MODE.BPF_ABS) a = wordAt(data, k);
        else if (mode === BPF_MODE.BPF_LEN) a = SECCOMP_DATA.SECCOMP_DATA_SIZE;
        else a = mode === BPF_MODE.BPF_MEM ? (mem[k] ?? 0) : k;
        break;
      case BPF_CLASS.BPF_LDX:
        if (mode === BPF_MODE.BPF_LEN) x = SECCOMP_DATA.SECCOMP_DATA_SIZE;
        else x = mode === BPF_MODE.BPF_MEM ? (mem[k] ?? 0) : k;
        break;
      case BPF_CLASS.BPF_ST:
        mem[k] = a;
        break;
      case BPF_CLASS.BPF_STX:
        mem[k] = x;
        break;
      case BPF_CLASS.BPF_ALU: {
        const result = alu(op, a, operand);
        if (Number.isNaN(result)) return 0;
        a = result >>> 0;
        break;
      }
      case BPF_CLASS.BPF_JMP:
        if (op === BPF_JMP_OP.BPF_JA) pc += k;
        else pc += compare(op, a >>> 0, operand >>> 0) ? jt : jf;
        break;
      case BPF_CLASS.BPF_MISC:
        if ((code & CODE_MASK.BPF_MISCOP_MASK) === BPF_MISCOP.BPF_TAX) x = a;
        else a = x;
        break;
    }
  }
  throw new BpfError('BPF program ran past its last instruction');
}
