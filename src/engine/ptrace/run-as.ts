// -u USER: at the launcher's execve entry stop the tracee is made to run setgroups, setregid and setreuid, as
// strace's child does before its exec; a setuid/setgid program keeps its owner as the effective id.
import { statSync } from 'node:fs';
import { VatError } from '../../errors.js';
import { libc } from '../../sys/libc.js';
import { syscallByName } from '../../tables/syscalls.js';
import type { RunAs } from '../engine.js';
import { PT } from './consts.js';
import { REG } from './regs.js';
import { type InjectDeps, rewind, runSyscall } from './seccomp-inject.js';

const nr = (name: string): number => syscallByName('x86_64', name)?.nr ?? -1;
/** Below the red zone and clear of the room the exec-argument rewrite uses next. */
const STACK_GAP = 8192n;
const S_ISUID = 0o4000;
const S_ISGID = 0o2000;

/** strace's run_euid/run_egid: the program's owner when it is setuid/setgid, else the user's own ids. */
export function effectiveIds(user: RunAs, program: string): { euid: number; egid: number } {
  try {
    const st = statSync(program);
    return {
      euid: st.mode & S_ISUID ? st.uid : user.uid,
      egid: st.mode & S_ISGID ? st.gid : user.gid,
    };
  } catch {
    return { euid: user.uid, egid: user.gid };
  }
}

/**
 * Called at the launcher's execve entry stop; leaves it at a fresh entry stop of the same execve with the same
 * registers. Throws (after killing the launcher) when a call fails: the command must not run as root instead.
 */
export function switchUser(tid: number, user: RunAs, program: string, d: InjectDeps): void {
  libc.ptrace(PT.GETREGS, tid, 0, d.regs.address);
  const saved = d.regs.bytes.slice();
  const view = new DataView(saved.buffer);
  const rip = view.getBigUint64(REG.rip, true);
  const execveNr = view.getBigUint64(REG.orig_rax, true);
  const groups = new Uint8Array(Math.max(4, user.groups.length * 4));
  const gv = new DataView(groups.buffer);
  for (const [i, g] of user.groups.entries()) gv.setUint32(i * 4, g, true);
  const base = (view.getBigUint64(REG.rsp, true) - STACK_GAP - BigInt(groups.length)) & ~15n;
  d.mem.pid = tid;
  const { euid, egid } = effectiveIds(user, program);
  const fail = (what: string): never => {
    libc.kill(tid, 9);
    throw new VatError(`-u ${user.name}: ${what} failed; the command was not run`, 'ESETUID');
  };
  if (!d.mem.write(base, groups)) fail('setgroups');
  const calls: [string, bigint[]][] = [
    ['setgroups', [BigInt(user.groups.length), base]],
    ['setregid', [BigInt(user.gid), BigInt(egid)]],
    ['setreuid', [BigInt(user.uid), BigInt(euid)]],
  ];
  for (const [i, [name, args]] of calls.entries()) {
    if (i > 0 && !rewind(tid, d, rip, BigInt(nr(name)))) fail(name);
    const r = runSyscall(tid, d, nr(name), args);
    if (r !== 0n) fail(name);
  }
  if (!rewind(tid, d, rip, execveNr)) fail('execve');
  d.regs.bytes.set(saved);
  libc.ptrace(PT.SETREGS, tid, 0, d.regs.address);
}

const PR_SET_NAME = 15;

/**
 * -Y: names the launcher `vat` (prctl PR_SET_NAME at its execve entry stop), as strace's forked child is
 * `strace` on the command's execve line. Best effort: the registers are restored either way.
 */
export function nameLauncher(tid: number, d: InjectDeps): void {
  libc.ptrace(PT.GETREGS, tid, 0, d.regs.address);
  const saved = d.regs.bytes.slice();
  const view = new DataView(saved.buffer);
  const rip = view.getBigUint64(REG.rip, true);
  const execveNr = view.getBigUint64(REG.orig_rax, true);
  const base = (view.getBigUint64(REG.rsp, true) - STACK_GAP - 16n) & ~15n;
  d.mem.pid = tid;
  if (!d.mem.write(base, new TextEncoder().encode('vat\0'))) return;
  if (runSyscall(tid, d, nr('prctl'), [BigInt(PR_SET_NAME), base]) === undefined) return;
  if (!rewind(tid, d, rip, execveNr)) return;
  d.regs.bytes.set(saved);
  libc.ptrace(PT.SETREGS, tid, 0, d.regs.address);
}
