// Why PTRACE_SEIZE was refused, from /proc: a zombie, a kernel thread, or another tracer holds the process.
import { procFile } from '../../sys/procfs.js';

/** PF_KTHREAD in /proc/PID/stat's flags (include/linux/sched.h). */
const PF_KTHREAD = 0x00200000;

/** The tracer holding PID (TracerPid in /proc/PID/status), 0 when none. */
export function tracerOf(pid: number): number {
  return Number(/^TracerPid:\s*(\d+)/m.exec(procFile(pid, 'status') ?? '')?.[1] ?? 0);
}

/** /proc/PID/stat's fields after the parenthesised comm (which may hold spaces): [0] is field 3, the state. */
function statFields(pid: number): string[] {
  const stat = procFile(pid, 'stat');
  return stat === undefined ? [] : stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** True for a kernel thread (PF_KTHREAD, field 9): nothing can trace it. */
export function isKernelThread(pid: number): boolean {
  return (Number(statFields(pid)[6] ?? 0) & PF_KTHREAD) !== 0;
}

/** True for a zombie (state Z): it has exited, its parent has not waited for it; the kernel refuses to attach. */
export function isZombie(pid: number): boolean {
  return statFields(pid)[0] === 'Z';
}

/** The reason to add to an EPERM from PTRACE_SEIZE on PID, as precise as /proc allows. */
export function attachRefusal(pid: number): string {
  // checked first: a zombie's EPERM is the kernel's exit_state check, whoever vat is
  if (isZombie(pid)) return ' (a zombie: the process has exited and its parent has not reaped it)';
  if (isKernelThread(pid)) return ' (a kernel thread: it cannot be traced)';
  const tracer = tracerOf(pid);
  if (tracer !== 0) {
    // TracerPid is given in /proc's own namespace: its entry is /proc/TRACER as it stands (a name, not vat's pid)
    const comm = procFile(String(tracer), 'comm')?.trim();
    return ` (already traced by process ${tracer}${comm ? ` (${JSON.stringify(comm)})` : ''}: one tracer at a time)`;
  }
  if (process.getuid?.() === 0)
    return ' (refused by the kernel: see kernel.yama.ptrace_scope or a security module)';
  return " (tracing another user's process, or with kernel.yama.ptrace_scope > 0, needs CAP_SYS_PTRACE: run as root)";
}
