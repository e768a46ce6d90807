// Compiles a SeccompPolicy to a classic BPF program for seccomp(SECCOMP_SET_MODE_FILTER):
//
//   ld [arch]; jeq #AUDIT_ARCH_X86_64 else -> i386 section or foreign-arch action
//   ld [nr];   jset #X32_SYSCALL_BIT -> x32 action       (or the policy is bypassed through x32)
//   binary search over the listed numbers -> actions / argument tests
//
// Numbers come from src/tables/syscalls.ts and every constant from the generated tables. No filter can
// refuse uretprobe (or uprobe, Linux 6.16+) on x86_64: the kernel runs them unfiltered
// (seccomp_uprobe_exception); outside a uprobe trampoline they just kill the caller with SIGILL.
import { X32_SYSCALL_BIT } from '../tables/syscalls.js';
import { actionValue, type SeccompAction } from './actions.js';
import { Assembler, type Label } from './assembler.js';
import { AUDIT_ARCH, BPF_LIMITS, SECCOMP_DATA } from './consts.js';
import { BpfError } from './errors.js';
import { type Insn, OP, stmt } from './insn.js';
import { searchTree, toRanges } from './number-search.js';
import { isRule, listedActions, type SeccompPolicy, type SyscallActions } from './policy.js';
import { type RetTarget, type Target, TargetPool, Targets } from './targets.js';
import { emitSearch } from './tree-layout.js';
import { validateSeccompProgram } from './validate.js';

const U32_MAX = 0xffffffff;

/** The compiled filter: at most BPF_MAXINSNS instructions, checked as the kernel checks them. */
export function compileSeccomp(policy: SeccompPolicy): Insn[] {
  if (policy.arch !== 'x86_64') {
    throw new BpfError(`seccomp filters for ${String(policy.arch)} are not supported`);
  }
  const asm = new Assembler();
  const targets = new Targets();
  const ret = (action: SeccompAction): RetTarget => targets.ret(actionValue(action));
  const foreign = ret(policy.foreignArchAction);

  asm.emit(stmt(OP.ldW, SECCOMP_DATA.SECCOMP_DATA_ARCH));
  const native = asm.label('x86_64');
  const other = asm.label('other-arch');
  asm.jump('jeq', AUDIT_ARCH.AUDIT_ARCH_X86_64, native, other);
  if (!policy.i386) inlineReturn(asm, other, foreign.value);

  asm.place(native);
  asm.emit(stmt(OP.ldW, SECCOMP_DATA.SECCOMP_DATA_NR));
  const x32 = asm.label('x32');
  const search = asm.label('x86_64-search');
  asm.jump('jset', X32_SYSCALL_BIT, x32, search);
  inlineReturn(asm, x32, actionValue(policy.x32Action));
  asm.place(search);
  section(asm, targets, policy.syscalls, ret(policy.defaultAction), X32_SYSCALL_BIT - 1);

  if (policy.i386) {
    // Reached only from the arch test above: a second arch test, then the i386 numbers.
    asm.place(other);
    const compat = asm.label('i386');
    const refuse = asm.label('foreign');
    asm.jump('jeq', AUDIT_ARCH.AUDIT_ARCH_I386, compat, refuse);
    inlineReturn(asm, refuse, foreign.value);
    asm.place(compat);
    asm.emit(stmt(OP.ldW, SECCOMP_DATA.SECCOMP_DATA_NR));
    section(
      asm,
      targets,
      policy.i386.syscalls,
      ret(policy.i386.defaultAction ?? policy.defaultAction),
      U32_MAX,
    );
  }

  const insns = asm.assemble();
  if (insns.length > BPF_LIMITS.BPF_MAXINSNS) {
    throw new BpfError(
      `seccomp filter needs ${insns.length} instructions, the kernel takes ${BPF_LIMITS.BPF_MAXINSNS}`,
    );
  }
  const problems = validateSeccompProgram(insns);
  if (problems.length > 0) throw new BpfError(`compiled seccomp filter is invalid: ${problems.join('; ')}`);
  return insns;
}

/** A `ret` placed right where `label` is: the jump to it is short and it costs one instruction. */
function inlineReturn(asm: Assembler, label: Label, value: number): void {
  asm.place(label);
  asm.emit(stmt(OP.ret, value));
}

/** The search over one architecture's numbers (in the accumulator), with its own pool of returns. */
function section(
  asm: Assembler,
  targets: Targets,
  table: SyscallActions,
  fallback: RetTarget,
  maxNr: number,
): void {
  const entries = listedActions(table).map(([nr, entry]): [number, Target] => {
    if (!Number.isInteger(nr) || nr < 0 || nr > maxNr) {
      throw new BpfError(`syscall number ${nr} out of 0..${maxNr}`);
    }
    if (!isRule(entry)) return [nr, targets.ret(actionValue(entry))];
    const yes = targets.ret(actionValue(entry.action));
    const no = entry.otherwise ? targets.ret(actionValue(entry.otherwise)) : fallback;
    return [nr, yes === no ? yes : targets.rule(entry.when, yes, no)];
  });
  const pool = new TargetPool(asm);
  emitSearch(asm, searchTree(toRanges(entries, fallback), fallback), pool);
  pool.flush();
}
