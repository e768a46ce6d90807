// What a seccomp filter should do, by syscall number: the input of compileSeccomp().
import { ALLOW, type SeccompAction } from './actions.js';
import type { ArgMatch } from './arg-match.js';

/** An action that depends on one argument: `action` when it matches, else `otherwise`. */
export interface SyscallRule {
  readonly when: ArgMatch;
  readonly action: SeccompAction;
  /** Default: the section's default action. */
  readonly otherwise?: SeccompAction;
}

/** Numbers to allow (a Set), or numbers with their action or argument rule (a Map). */
export type SyscallActions = ReadonlySet<number> | ReadonlyMap<number, SeccompAction | SyscallRule>;

export interface SeccompPolicy {
  /** The native architecture: seccomp_data.arch must be AUDIT_ARCH_X86_64 for `syscalls` to apply. */
  readonly arch: 'x86_64';
  /** x86_64 numbers (from syscallByName('x86_64', ...)); x32 numbers cannot be listed, see x32Action. */
  readonly syscalls: SyscallActions;
  /** Every x86_64 number not listed. */
  readonly defaultAction: SeccompAction;
  /** Any other architecture (i386 through `int $0x80` too, unless `i386` is given). */
  readonly foreignArchAction: SeccompAction;
  /** x86_64 entry with X32_SYSCALL_BIT set: the x32 ABI, a second way into the kernel. */
  readonly x32Action: SeccompAction;
  /** An i386 section, by i386 number (syscallByName('i386', ...)); its default is `defaultAction` unless given. */
  readonly i386?: { readonly syscalls: SyscallActions; readonly defaultAction?: SeccompAction };
}

/** Each listed number with its action or rule (a Set allows). */
export function listedActions(table: SyscallActions): [number, SeccompAction | SyscallRule][] {
  if (table instanceof Set) return [...table].map((nr) => [nr, ALLOW]);
  return [...(table as ReadonlyMap<number, SeccompAction | SyscallRule>)];
}

export const isRule = (entry: SeccompAction | SyscallRule): entry is SyscallRule => 'when' in entry;
