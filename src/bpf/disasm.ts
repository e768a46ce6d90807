// A readable listing of a seccomp filter, one instruction a line in bpf_asm syntax (so the kernel's
// tools/bpf/bpf_asm can assemble it again), with comments naming what the numbers mean:
//
//   l0000: ld [4]                          ; arch
//   l0001: jeq #0xc000003e, l0003, l0002   ; AUDIT_ARCH_X86_64
//   l0002: ret #0x80000000                 ; KILL_PROCESS
import { type Arch, syscallByNumber, X32_SYSCALL_BIT } from '../tables/syscalls.js';
import { formatActionValue } from './actions.js';
import {
  AUDIT_ARCH,
  BPF_CLASS,
  BPF_JMP_OP,
  BPF_MODE,
  BPF_RVAL,
  BPF_SRC,
  CODE_MASK,
  SECCOMP_DATA,
} from './consts.js';
import type { Insn } from './insn.js';
import { lineLabel, mnemonic } from './mnemonic.js';
import { successors } from './validate.js';

export interface DisasmOptions {
  /** Comments naming fields, architectures, syscalls and actions (default true). */
  readonly comments?: boolean;
  /** Also show each instruction's raw code, jt, jf and k in its comment. */
  readonly raw?: boolean;
}

/** What the accumulator holds and which architecture the path has checked, as far as the code shows. */
interface State {
  readonly field?: string | undefined;
  readonly arch?: number | undefined;
}

const ARCH_NAMES = new Map<number, string>();
for (const [name, value] of Object.entries(AUDIT_ARCH))
  if (!ARCH_NAMES.has(value)) ARCH_NAMES.set(value, name);
const SYSCALL_ARCH = new Map<number, Arch>([
  [AUDIT_ARCH.AUDIT_ARCH_X86_64, 'x86_64'],
  [AUDIT_ARCH.AUDIT_ARCH_I386, 'i386'],
]);

const isAbsLoad = (code: number): boolean =>
  (code & CODE_MASK.BPF_CLASS_MASK) === BPF_CLASS.BPF_LD &&
  (code & CODE_MASK.BPF_MODE_MASK) === BPF_MODE.BPF_ABS;
const COMMENT_COLUMN = 40;

/** seccomp_data's field at byte offset k. */
function fieldAt(k: number): string {
  const { SECCOMP_DATA_NR, SECCOMP_DATA_ARCH, SECCOMP_DATA_ARGS } = SECCOMP_DATA;
  if (k === SECCOMP_DATA_NR) return 'nr';
  if (k === SECCOMP_DATA_ARCH) return 'arch';
  const high = k % 8 === 4 ? ' (high word)' : '';
  if (k < SECCOMP_DATA_ARGS) return `instruction_pointer${high}`;
  return `args[${Math.floor((k - SECCOMP_DATA_ARGS) / 8)}]${high}`;
}

export function disassemble(insns: readonly Insn[], options: DisasmOptions = {}): string {
  const states = flow(insns);
  return insns
    .map((insn, pc) => {
      const text = `${lineLabel(pc)}: ${mnemonic(insn, pc)}`;
      if (options.comments === false) return text;
      const notes = [explain(insn, states[pc] ?? {})];
      if (options.raw) notes.push(`{ ${insn.code}, ${insn.jt}, ${insn.jf}, 0x${insn.k.toString(16)} }`);
      const comment = notes.filter(Boolean).join('  ');
      return comment ? `${text.padEnd(COMMENT_COLUMN)}; ${comment}` : text;
    })
    .map((line) => `${line}\n`)
    .join('');
}

function explain(insn: Insn, state: State): string {
  const cls = insn.code & CODE_MASK.BPF_CLASS_MASK;
  if (isAbsLoad(insn.code)) return fieldAt(insn.k);
  if (cls === BPF_CLASS.BPF_RET && (insn.code & CODE_MASK.BPF_RVAL_MASK) === BPF_RVAL.BPF_K) {
    return formatActionValue(insn.k);
  }
  const compares = cls === BPF_CLASS.BPF_JMP && (insn.code & CODE_MASK.BPF_OP_MASK) !== BPF_JMP_OP.BPF_JA;
  if (!compares || (insn.code & CODE_MASK.BPF_SRC_MASK) !== BPF_SRC.BPF_K) return '';
  if (state.field === 'arch') return ARCH_NAMES.get(insn.k) ?? '';
  if (state.field !== 'nr') return '';
  if ((insn.code & CODE_MASK.BPF_OP_MASK) === BPF_JMP_OP.BPF_JSET && insn.k === X32_SYSCALL_BIT) {
    return 'X32_SYSCALL_BIT';
  }
  const arch = state.arch === undefined ? undefined : SYSCALL_ARCH.get(state.arch);
  return arch ? (syscallByNumber(arch, insn.k)?.name ?? '') : '';
}

/** The state before each instruction: what all paths reaching it agree on (jumps only go forward). */
function flow(insns: readonly Insn[]): (State | undefined)[] {
  const states: (State | undefined)[] = [{}];
  const merge = (pc: number, s: State): void => {
    const old = states[pc];
    states[pc] = old
      ? { field: old.field === s.field ? s.field : undefined, arch: old.arch === s.arch ? s.arch : undefined }
      : s;
  };
  for (const [pc, insn] of insns.entries()) {
    const here = states[pc];
    if (!here) continue;
    const cls = insn.code & CODE_MASK.BPF_CLASS_MASK;
    const next = successors(insns, pc);
    if (cls === BPF_CLASS.BPF_JMP) {
      const archTest = here.field === 'arch' && (insn.code & CODE_MASK.BPF_OP_MASK) === BPF_JMP_OP.BPF_JEQ;
      // The true branch of `jeq #AUDIT_ARCH_...` after loading arch knows the architecture.
      for (const [i, to] of next.entries()) merge(to, archTest && i === 0 ? { ...here, arch: insn.k } : here);
      continue;
    }
    const loads = isAbsLoad(insn.code);
    const keepsA = cls === BPF_CLASS.BPF_ST || cls === BPF_CLASS.BPF_STX || cls === BPF_CLASS.BPF_LDX;
    const field = loads ? fieldAt(insn.k) : keepsA ? here.field : undefined;
    for (const to of next) merge(to, { ...here, field });
  }
  return states;
}
