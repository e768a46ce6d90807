// A profile as a seccomp policy for vat's compiler: the union of every executable's syscalls is allowed
// (one filter covers the whole process tree, across execs), socket() only for the recorded families,
// everything else gets the mode's action. x32 numbers and foreign architectures never get through.

import {
  ALLOW,
  errnoAction,
  KILL_PROCESS,
  type SeccompAction,
  type SeccompPolicy,
  type SyscallRule,
  traceAction,
} from '../bpf/index.js';
import { lookupXlat } from '../decode/xlat.js';
import { XLAT } from '../tables/generated/xlat.js';
import { syscallByName } from '../tables/syscalls.js';
import { enumValue } from './facts.js';
import { type Profile, type ProfileArch, ProfileError, syscallCovered, unionOf } from './profile.js';

export type SandboxMode = 'log' | 'errno' | 'kill';
export const SANDBOX_MODES: readonly SandboxMode[] = ['log', 'errno', 'kill'];

/** The numeric value of a family name as a profile writes it (`AF_INET`, or `AF_44` for unnamed ones). */
export function familyNumber(name: string): number {
  const known = enumValue('socket_domain', name);
  if (known !== undefined) return known;
  const m = /^AF_(\d+)$/.exec(name);
  // socket()'s domain is a C int: a larger number would be cut to 32 bits by the kernel (AF_4294967298 is
  // AF_INET) while a 64-bit comparison in libseccomp or an export would let it through as something else
  if (m && BigInt(m[1] as string) <= 0xffffffffn) return Number(m[1]);
  if (m) throw new ProfileError(`socket family '${name}' does not fit in 32 bits`);
  throw new ProfileError(`unknown socket family '${name}'`);
}

/** The kernel's name of a family number (`AF_INET`), undefined for numbers without one. */
export function familyName(nr: number): string | undefined {
  return lookupXlat('socket_domain')?.values.find(([, v]) => Number(v) === nr)?.[0];
}

/** socketcall(2)'s sub-call numbers, generated from the pinned include/uapi/linux/net.h (data/xlat/socketcall.xlat). */
const SUBCALLS: readonly (readonly [string, number])[] = XLAT.socketcall.values;
const subcall = (name: string): number => {
  const v = SUBCALLS.find(([n]) => n === name)?.[1];
  if (v === undefined) throw new Error(`socketcall sub-call ${name} missing from the generated table`);
  return v;
};

/**
 * socketcall(2)'s sub-calls that create sockets (SYS_SOCKET, SYS_SOCKETPAIR). The i386 multiplexer takes its
 * arguments from memory, which seccomp cannot read: with families restricted these sub-calls are refused
 * (decided on its first register argument), the others operate on sockets that already exist and stay allowed.
 */
export const SOCKETCALL_CREATING: readonly number[] = [subcall('SYS_SOCKET'), subcall('SYS_SOCKETPAIR')];

/** Sub-call numbers of socketcall that create nothing: every other one net.h defines. */
export const SOCKETCALL_OTHERS: readonly number[] = SUBCALLS.map(([, v]) => v).filter(
  (n) => !SOCKETCALL_CREATING.includes(n),
);

/** What the whole profile allows: syscall names per architecture, and socket families (empty: any). */
export interface Allowed {
  readonly syscalls: Record<ProfileArch, ReadonlySet<string>>;
  readonly families: readonly string[];
}

export function allowedBy(profile: Profile): Allowed {
  const u = unionOf(profile);
  return {
    syscalls: { x86_64: new Set(u.syscalls.x86_64 ?? []), i386: new Set(u.syscalls.i386 ?? []) },
    families: [...new Set(u.sockets.map((s) => s.family))].sort(),
  };
}

/** Whether a call passes the filter built from `allowed` (the socket family checked when recorded). */
export function callAllowed(
  allowed: Allowed,
  abi: ProfileArch | 'x32',
  name: string,
  arg0?: bigint,
): boolean {
  if (abi === 'x32') return false;
  const listed = allowed.syscalls[abi];
  if (!syscallCovered(name, (n) => listed.has(n))) return false;
  if (name === 'socketcall' && allowed.families.length > 0)
    return arg0 !== undefined && !SOCKETCALL_CREATING.includes(Number(BigInt.asUintN(32, arg0)));
  if (name !== 'socket' || allowed.families.length === 0 || arg0 === undefined) return true;
  const fam = Number(BigInt.asUintN(32, arg0));
  return allowed.families.some((f) => familyNumber(f) === fam);
}

function table(
  arch: ProfileArch,
  names: ReadonlySet<string>,
  families: readonly number[],
  deny: SeccompAction,
) {
  const out = new Map<number, SeccompAction | SyscallRule>();
  for (const name of names) {
    const nr = syscallByName(arch, name)?.nr;
    if (nr === undefined) throw new ProfileError(`unknown ${arch} syscall '${name}'`);
    if (name === 'socket' && families.length > 0)
      out.set(nr, { when: { arg: 0, anyOf: families, width: 32 }, action: ALLOW, otherwise: deny });
    else if (name === 'socketcall' && families.length > 0)
      out.set(nr, {
        when: { arg: 0, anyOf: [...SOCKETCALL_CREATING], width: 32 },
        action: deny,
        otherwise: ALLOW,
      });
    else out.set(nr, ALLOW);
  }
  return out;
}

function denyAction(mode: SandboxMode, errno: string | number = 'EPERM'): SeccompAction {
  if (mode === 'kill') return KILL_PROCESS;
  if (mode === 'log') return traceAction(0);
  return errnoAction(errno);
}

/** The filter policy for a sandbox mode; refuses profiles the command could not even start under. */
export function sandboxPolicy(
  profile: Profile,
  mode: SandboxMode,
  errno: string | number = 'EPERM',
): SeccompPolicy {
  const allowed = allowedBy(profile);
  if (!allowed.syscalls.x86_64.has('execve'))
    throw new ProfileError(
      'the profile does not allow execve: the filter is installed before the command is exec’d, so it could not start',
    );
  const deny = denyAction(mode, errno);
  const families = allowed.families.map(familyNumber);
  const x86_64 = table('x86_64', allowed.syscalls.x86_64, families, deny);
  const i386 = table('i386', allowed.syscalls.i386, families, deny);
  if (mode === 'log') {
    // log mode watches children through ptrace: clone and clone3 stop even when allowed, so that the tracer
    // clears CLONE_UNTRACED (a child nobody traces would run unseen, its refused calls failing with ENOSYS)
    for (const [arch, t] of [
      ['x86_64', x86_64],
      ['i386', i386],
    ] as const)
      for (const name of ['clone', 'clone3']) {
        const nr = syscallByName(arch, name)?.nr;
        if (nr !== undefined && t.get(nr) === ALLOW) t.set(nr, deny);
      }
  }
  return {
    arch: 'x86_64',
    syscalls: x86_64,
    defaultAction: deny,
    foreignArchAction: deny,
    x32Action: deny,
    ...(allowed.syscalls.i386.size > 0 ? { i386: { syscalls: i386 } } : {}),
  };
}
