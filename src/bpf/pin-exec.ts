// execve allowed once: for the launch only. vat installs the sandbox filter at the launcher's execve and
// writes the command's path at an address it chooses; the filter allows execve only with that exact
// pathname pointer (a 64-bit argument compare), and never execveat. The program itself, whose strings live
// elsewhere, cannot exec. (A program that maps memory at that old stack address, and guesses it, could:
// the pin narrows execve, it does not prove the path.)

import { syscallByName } from '../tables/syscalls.js';
import { ALLOW, type SeccompAction, type SeccompPolicy, type SyscallRule } from './index.js';

const EXECVE = syscallByName('x86_64', 'execve')?.nr ?? 59;
const EXECVEAT = syscallByName('x86_64', 'execveat')?.nr ?? 322;

export function pinExecve(policy: SeccompPolicy, pathPointer: bigint): SeccompPolicy {
  const table = new Map<number, SeccompAction | SyscallRule>(
    policy.syscalls instanceof Set
      ? [...policy.syscalls].map((nr): [number, SeccompAction] => [nr, ALLOW])
      : [...(policy.syscalls as ReadonlyMap<number, SeccompAction | SyscallRule>)],
  );
  table.delete(EXECVEAT);
  table.set(EXECVE, {
    when: { arg: 0, anyOf: [pathPointer] },
    action: ALLOW,
    otherwise: policy.defaultAction,
  });
  return { ...policy, syscalls: table };
}
