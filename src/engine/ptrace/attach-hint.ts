// Why PTRACE_SEIZE was refused, from /proc: another tracer holds the process, or it is a kernel thread.
import { procFile } from '../../sys/procfs.js';

/** PF_KTHREAD in /proc/PID/stat's flags (include/linux/sched.h). */
const PF_KTHREAD = 0x00200000;

/** The tracer holding PID (TracerPid in /proc/PID/status), 0 when none. */
export function tracerOf(pid: number): number {
  return Number(/^TracerPid:\s*(\d+)/m.exec(procFile(pid, 'status') ?? '')?.[1] ?? 0);
}

/** True for a kernel thread (PF_KTHREAD): nothing can trace it. */
export function isKernelThread(pid: number): boolean {
  const stat = procFile(pid, 'stat');
  if (stat === undefined) return false;
  // fields after the parenthesised comm (which may hold spaces): state is field 3, flags field 9
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[6] ?? 0) & PF_KTHREAD) !== 0;
}

/** The reason to add to an EPERM from PTRACE_SEIZE on PID, as precise as /proc allows. */
export function attachRefusal(pid: number): string {
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
