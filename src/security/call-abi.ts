// The ABI and name a call is profiled under: i386 calls keep their own names, x32 numbers (bit 30) are named
// by their x32 table; what the profile recorder, the checker and the sandbox's log mode key syscalls by.
import type { Call } from '../model/call.js';
import { syscallName, X32_SYSCALL_BIT, x32Only } from '../tables/syscalls.js';
import type { ProfileArch } from './profile.js';

export type CallAbi = ProfileArch | 'x32';

/** The ABI and its name for a number as the tracer reports it (x32 numbers keep bit 30 set). */
export function abiName(
  nr: number,
  name: string,
  abi: 'i386' | 'x32' | undefined,
): { abi: CallAbi; name: string } {
  if (abi === 'i386') return { abi: 'i386', name };
  if (abi === 'x32' || (nr & X32_SYSCALL_BIT) !== 0) {
    const n = nr & ~X32_SYSCALL_BIT;
    return { abi: 'x32', name: x32Only()[n]?.[1] ?? syscallName('x86_64', n) };
  }
  return { abi: 'x86_64', name };
}

/** A joined call's ABI and its name in it. */
export const abiOf = (call: Call): { abi: CallAbi; name: string } => abiName(call.nr, call.name, call.abi);
