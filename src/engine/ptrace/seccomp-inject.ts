// Installs a seccomp filter inside a stopped tracee, without native code: at its execve entry stop the tracee
// is made to run seccomp(SET_MODE_FILTER) (after prctl(PR_SET_NO_NEW_PRIVS) for a sandbox, or when it lacks
// CAP_SYS_ADMIN) first, then the execve again.
import { lookupXlat } from '../../decode/xlat.js';
import { lastErrno, libc, type NativeBuffer } from '../../sys/libc.js';
import { errnoByName } from '../../tables/errnos.js';
import type { XLAT } from '../../tables/generated/xlat.js';
import { signalByName } from '../../tables/signals.js';
import { syscallByName } from '../../tables/syscalls.js';
import { PT } from './consts.js';
import type { LiveMemory } from './live-memory.js';
import { REG } from './regs.js';
import * as W from './wait-status.js';

const nr = (name: string): number => syscallByName('x86_64', name)?.nr ?? -1;
const constant = (table: keyof typeof XLAT, name: string): number =>
  lookupXlat(table)?.values.find(([n]) => n === name)?.[1] ?? -1;

const EINTR = errnoByName('EINTR')?.value ?? -1;
const EACCES = errnoByName('EACCES')?.value ?? -1;
const SYSCALL_TRAP = (signalByName('SIGTRAP')?.value ?? 5) | 0x80;
const PRCTL = nr('prctl');
const SECCOMP = nr('seccomp');
const PR_SET_NO_NEW_PRIVS = constant('prctl_option', 'PR_SET_NO_NEW_PRIVS');
const SECCOMP_SET_MODE_FILTER = constant('seccomp_op', 'SECCOMP_SET_MODE_FILTER');
/** The `syscall` instruction is 2 bytes: rewinding rip by 2 makes the tracee execute it again. */
const SYSCALL_INSN = 2n;
/** Below the red zone; the exec-argument rewrite may reuse this room later, the kernel copies the filter. */
const STACK_GAP = 1024n;

export interface InjectDeps {
  readonly regs: NativeBuffer;
  readonly status: NativeBuffer;
  readonly mem: LiveMemory;
}

/** Resumes to the next syscall stop of `tid` and waits for it; false when the thread died or misbehaved. */
function step(tid: number, d: InjectDeps): boolean {
  d.mem.invalidate(); // the tracee runs: pages read before may change
  if (libc.ptrace(PT.SYSCALL, tid, 0, 0) < 0) return false;
  for (;;) {
    const got = libc.waitpid(tid, d.status.address, PT.WALL);
    if (got === tid) break;
    if (got < 0 && lastErrno() !== EINTR) return false;
  }
  const s = d.status.view.getInt32(0, true);
  return W.stopped(s) && W.stopSig(s) === SYSCALL_TRAP;
}

/** Runs one syscall in the tracee from a syscall-entry stop; returns its result (at the exit stop). */
export function runSyscall(
  tid: number,
  d: InjectDeps,
  number: number,
  args: readonly bigint[],
): bigint | undefined {
  const r = d.regs.view;
  libc.ptrace(PT.GETREGS, tid, 0, d.regs.address);
  r.setBigUint64(REG.orig_rax, BigInt(number), true);
  const argRegs = [REG.rdi, REG.rsi, REG.rdx, REG.r10, REG.r8, REG.r9];
  for (const [i, a] of args.entries()) r.setBigUint64(argRegs[i] as number, a, true);
  libc.ptrace(PT.SETREGS, tid, 0, d.regs.address);
  if (!step(tid, d)) return undefined; // to the exit stop
  libc.ptrace(PT.GETREGS, tid, 0, d.regs.address);
  return r.getBigInt64(REG.rax, true);
}

/** From an exit stop, rewinds to the same `syscall` instruction and stops at its next entry. */
export function rewind(tid: number, d: InjectDeps, rip: bigint, rax: bigint): boolean {
  const r = d.regs.view;
  libc.ptrace(PT.GETREGS, tid, 0, d.regs.address);
  r.setBigUint64(REG.rip, rip - SYSCALL_INSN, true);
  r.setBigUint64(REG.rax, rax, true);
  libc.ptrace(PT.SETREGS, tid, 0, d.regs.address);
  return step(tid, d);
}

/**
 * Called at the tracee's execve entry stop. Returns true when the filter is installed; either way the tracee is
 * back at a fresh entry stop of the same execve with the same registers, so the caller goes on as before.
 */
export function injectSeccompFilter(
  tid: number,
  program: Uint8Array,
  d: InjectDeps,
  alwaysNoNewPrivs: boolean,
): boolean {
  libc.ptrace(PT.GETREGS, tid, 0, d.regs.address);
  const saved = d.regs.bytes.slice();
  const savedView = new DataView(saved.buffer);
  const rip = savedView.getBigUint64(REG.rip, true);
  const execveNr = savedView.getBigUint64(REG.orig_rax, true);
  // struct sock_fprog { unsigned short len; struct sock_filter *filter; } with the program right after it
  const base = (savedView.getBigUint64(REG.rsp, true) - STACK_GAP - BigInt(program.length) - 16n) & ~15n;
  const fprog = new Uint8Array(16);
  const fv = new DataView(fprog.buffer);
  fv.setUint16(0, program.length / 8, true);
  fv.setBigUint64(8, base + 16n, true);
  d.mem.pid = tid;
  if (!d.mem.write(base, fprog) || !d.mem.write(base + 16n, program)) return false;

  // without no_new_privs first: a tracee with CAP_SYS_ADMIN (vat run as root) needs none, and it would keep the
  // command's descendants from gaining privileges at exec (setuid programs, file capabilities) as they do untraced
  const filter = [BigInt(SECCOMP_SET_MODE_FILTER), 0n, base];
  let result: bigint | undefined;
  if (!alwaysNoNewPrivs) {
    result = runSyscall(tid, d, SECCOMP, filter);
    if (result === undefined) return false;
  }
  const needNoNewPrivs = alwaysNoNewPrivs || result === -BigInt(EACCES);
  if (needNoNewPrivs) {
    if (!alwaysNoNewPrivs && !rewind(tid, d, rip, BigInt(PRCTL))) return false;
    const nnp = runSyscall(tid, d, PRCTL, [BigInt(PR_SET_NO_NEW_PRIVS), 1n, 0n, 0n, 0n]);
    if (nnp === undefined) return false;
    if (nnp === 0n) {
      if (!rewind(tid, d, rip, BigInt(SECCOMP))) return false;
      result = runSyscall(tid, d, SECCOMP, filter);
      if (result === undefined) return false;
    }
  }
  const installed = result === 0n;
  if (!rewind(tid, d, rip, execveNr)) return false;
  d.regs.bytes.set(saved);
  libc.ptrace(PT.SETREGS, tid, 0, d.regs.address);
  return installed;
}
