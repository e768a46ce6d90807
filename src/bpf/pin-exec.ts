// execve allowed once: for the launch only. vat installs the sandbox filter at the launcher's execve and
// writes the command's path at an address it chooses (randomised below the launcher's stack pointer); the
// filter allows execve only with that exact pathname pointer (a 64-bit argument compare), and never execveat.
// Any other execve kills the process (SECCOMP_RET_KILL_PROCESS): an errno would tell a guessing program
// that its pointer was wrong and let it try again, so one wrong guess must be its last. In log mode (which
// enforces nothing) the mismatch is traced and reported instead.

import { syscallByName } from '../tables/syscalls.js';
import { ALLOW, KILL_PROCESS, type SeccompAction, type SeccompPolicy, type SyscallRule } from './index.js';

const EXECVE = syscallByName('x86_64', 'execve')?.nr ?? 59;
const EXECVEAT = syscallByName('x86_64', 'execveat')?.nr ?? 322;

export function pinExecve(policy: SeccompPolicy, pathPointer: bigint): SeccompPolicy {
  const table = new Map<number, SeccompAction | SyscallRule>(
    policy.syscalls instanceof Set
      ? [...policy.syscalls].map((nr): [number, SeccompAction] => [nr, ALLOW])
      : [...(policy.syscalls as ReadonlyMap<number, SeccompAction | SyscallRule>)],
  );
  const mismatch = policy.defaultAction.kind === 'trace' ? policy.defaultAction : KILL_PROCESS;
  table.set(EXECVEAT, mismatch);
  table.set(EXECVE, {
    when: { arg: 0, anyOf: [pathPointer] },
    action: ALLOW,
    otherwise: mismatch,
  });
  return { ...policy, syscalls: table };
}
