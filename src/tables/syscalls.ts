// Lookups over the generated syscall tables: by architecture, name and number.

import { ENTRY_NARGS } from './generated/nargs.js';
import { ARM64 } from './generated/syscalls-arm64.js';
import { I386 } from './generated/syscalls-i386.js';
import { X32 } from './generated/syscalls-x32.js';
import { X86_64 } from './generated/syscalls-x86_64.js';
import type { SyscallEntry } from './syscall-entry.js';

export const ARCHES = { x86_64: X86_64, i386: I386, arm64: ARM64 } as const;
export type Arch = keyof typeof ARCHES;
export const ARCH_NAMES = Object.keys(ARCHES) as Arch[];

/** x32 shares the x86_64 entry with bit 30 set; rows 512-547 are its own numbers. */
export const X32_SYSCALL_BIT = 0x40000000;
export const X32_ONLY = X32;

export interface SyscallInfo {
  readonly arch: Arch;
  readonly nr: number;
  readonly name: string;
  /** Kernel entry point; '' when the number is reserved (returns ENOSYS). */
  readonly entry: string;
}

const toInfo = (arch: Arch, row: SyscallEntry): SyscallInfo => ({
  arch,
  nr: row[0],
  name: row[1],
  entry: row[2],
});

const byName = new Map<Arch, Map<string, SyscallInfo>>();
function nameIndex(arch: Arch): Map<string, SyscallInfo> {
  let index = byName.get(arch);
  if (!index) {
    index = new Map();
    for (const row of ARCHES[arch]) if (row) index.set(row[1], toInfo(arch, row));
    byName.set(arch, index);
  }
  return index;
}

export function listSyscalls(arch: Arch): SyscallInfo[] {
  return ARCHES[arch].flatMap((row) => (row ? [toInfo(arch, row)] : []));
}

export function syscallByName(arch: Arch, name: string): SyscallInfo | undefined {
  return nameIndex(arch).get(name);
}

/** Whether the table names this number (strace traces the numbers it cannot name whatever the filter). */
export function isKnownNumber(arch: Arch, nr: number): boolean {
  return ARCHES[arch][nr] != null;
}

export function syscallByNumber(arch: Arch, nr: number): SyscallInfo | undefined {
  const row = ARCHES[arch][nr];
  return row ? toInfo(arch, row) : undefined;
}

/** A number's name as a tracer prints it (no allocation: the tracer calls it at every stop); unknown numbers
 * print as strace does, `syscall_0x1c8`. */
export function syscallName(arch: Arch, nr: number): string {
  return ARCHES[arch][nr]?.[1] ?? `syscall_0x${nr.toString(16)}`;
}

export function isArch(name: string): name is Arch {
  return name in ARCHES;
}

let nargsIndex: Map<string, number> | undefined;
/** How many arguments the kernel's entry point takes (what strace's -e raw= prints), 6 when unknown. */
export function entryArgCount(arch: Arch, name: string): number {
  nargsIndex ??= new Map(ENTRY_NARGS);
  const entry = syscallByName(arch, name)?.entry;
  return (entry ? nargsIndex.get(entry) : undefined) ?? 6;
}
