// The stop step with the kernel's numbers from vat's tables (sys/ sits below them): one native call per ptrace
// stop resumes the stop before, waits and reads the syscall info. VAT_STOP_STEP=libc makes the three libc
// calls instead (what a host that refuses executable memory gets anyway).
import { type MapFlags, type StepNumbers, StopStep } from '../../sys/stop-step.js';
import { constantOf } from '../../tables/constants.js';
import { signalByName } from '../../tables/signals.js';
import { syscallByName } from '../../tables/syscalls.js';
import { PT } from './consts.js';
import { errnoText } from './launch.js';

const nr = (name: string): number => {
  const n = syscallByName('x86_64', name)?.nr;
  if (n === undefined) throw new Error(`${name} missing from the x86_64 syscall table`);
  return n;
};
const flag = (table: 'mmap_prot' | 'mmap_flags' | 'mmap_type', name: string): number =>
  Number(constantOf(table, name));

// The numbers and flags are read from the tables at the first stop step, not at load: this module is loaded by
// every trace (-d's report), and the lookups (the xlat data file read, four of its entries parsed, the syscall
// name index built) cost an eBPF trace, which never opens a stop step, ~1.6 ms of its start-up.
const numbers = (): StepNumbers => ({
  ptrace: nr('ptrace'),
  wait4: nr('wait4'),
  clockGettime: nr('clock_gettime'),
  monotonic: Number(constantOf('clock_id', 'CLOCK_MONOTONIC')),
  getSyscallInfo: PT.GET_SYSCALL_INFO,
  syscall: PT.SYSCALL,
  infoEntry: PT.INFO_ENTRY,
  infoExit: PT.INFO_EXIT,
  archX86_64: Number(constantOf('audit_arch', 'AUDIT_ARCH_X86_64')),
  // a stopped status (0x7f) whose signal is SIGTRAP | 0x80 (PTRACE_O_TRACESYSGOOD): a syscall stop
  syscallStop: (((signalByName('TRAP')?.value ?? 5) | 0x80) << 8) | 0x7f,
  // a stopped status whose signal is SIGTRAP and whose event is PTRACE_EVENT_SECCOMP: the filter's stop
  seccompStop: (((signalByName('TRAP')?.value ?? 5) | (PT.EVENT_SECCOMP << 8)) << 8) | 0x7f,
});

const flags = (): MapFlags => ({
  PROT_READ: flag('mmap_prot', 'PROT_READ'),
  PROT_WRITE: flag('mmap_prot', 'PROT_WRITE'),
  PROT_EXEC: flag('mmap_prot', 'PROT_EXEC'),
  MAP_PRIVATE: flag('mmap_type', 'MAP_PRIVATE'),
  MAP_ANONYMOUS: flag('mmap_flags', 'MAP_ANONYMOUS'),
});

let tables: { readonly numbers: StepNumbers; readonly flags: MapFlags } | undefined;

/** A stop step whose wait4 fills a struct rusage when `rusage` (-c's system times). */
export function openStopStep(rusage: boolean): StopStep {
  tables ??= { numbers: numbers(), flags: flags() };
  return new StopStep(tables.numbers, tables.flags, rusage, process.env.VAT_STOP_STEP !== 'libc');
}

/** For -d: how stops are waited for. */
export function stopStepReport(): string {
  const step = openStopStep(false);
  const loop =
    process.env.VAT_STOP_LOOP === 'off'
      ? 'every stop handled in JavaScript (VAT_STOP_LOOP=off)'
      : '-c counts and calls outside -e trace= kept there';
  return step.refused === undefined
    ? `ptrace stops: one native call each (resume + wait4 + PTRACE_GET_SYSCALL_INFO, at seccomp stops too); ${loop}`
    : `ptrace stops: three libc calls each (${step.refused}${step.refusedErrno ? `: ${errnoText(step.refusedErrno)}` : ''}); ${loop}`;
}
