// Lookups over the generated syscall tables: by architecture, name and number.

import { createRequire } from 'node:module';
import { X86_64 } from './generated/syscalls-x86_64.js';
import type { SyscallEntry } from './syscall-entry.js';

type Table = readonly (SyscallEntry | null)[];

// The other ABIs' tables (and the entry points' argument counts) at their first use: a trace of x86_64 programs
// never reads them, and each was parsed and indexed at every start-up. Unbundled, Node (≥ 20.19) require()s the
// ES module; scripts/bundle.mjs makes lazyRequire esbuild's require, which runs the module's initialiser then.
const lazyRequire = createRequire(import.meta.url);
const LOADERS = {
  x86_64: (): Table => X86_64,
  i386: (): Table =>
    (lazyRequire('./generated/syscalls-i386.js') as typeof import('./generated/syscalls-i386.js')).I386,
  arm64: (): Table =>
    (lazyRequire('./generated/syscalls-arm64.js') as typeof import('./generated/syscalls-arm64.js')).ARM64,
} as const;
export type Arch = keyof typeof LOADERS;
export const ARCH_NAMES = Object.keys(LOADERS) as Arch[];

const loaded: { [A in Arch]?: Table } = { x86_64: X86_64 };
/** An architecture's table: each row at the index of its number, null where none is. */
export const syscallTable = (arch: Arch): Table => (loaded[arch] ??= LOADERS[arch]());

/** x32 shares the x86_64 entry with bit 30 set; rows 512-547 are its own numbers. */
export const X32_SYSCALL_BIT = 0x40000000;
/** x32's own rows (512-547), by number. */
export const x32Only = (): Table =>
  (lazyRequire('./generated/syscalls-x32.js') as typeof import('./generated/syscalls-x32.js')).X32;

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
    for (const row of syscallTable(arch)) if (row) index.set(row[1], toInfo(arch, row));
    byName.set(arch, index);
  }
  return index;
}

export function listSyscalls(arch: Arch): SyscallInfo[] {
  return syscallTable(arch).flatMap((row) => (row ? [toInfo(arch, row)] : []));
}

export function syscallByName(arch: Arch, name: string): SyscallInfo | undefined {
  return nameIndex(arch).get(name);
}

/** Whether the table names this number (strace traces the numbers it cannot name whatever the filter). */
export function isKnownNumber(arch: Arch, nr: number): boolean {
  return syscallTable(arch)[nr] != null;
}

export function syscallByNumber(arch: Arch, nr: number): SyscallInfo | undefined {
  const row = syscallTable(arch)[nr];
  return row ? toInfo(arch, row) : undefined;
}

/** A number's name as a tracer prints it (no allocation: the tracer calls it at every stop); unknown numbers
 * print as strace does, `syscall_0x1c8`. */
export function syscallName(arch: Arch, nr: number): string {
  return syscallTable(arch)[nr]?.[1] ?? `syscall_0x${nr.toString(16)}`;
}

export function isArch(name: string): name is Arch {
  return Object.hasOwn(LOADERS, name);
}

let nargsIndex: Map<string, number> | undefined;
/** How many arguments the kernel's entry point takes (what strace's -e raw= prints), 6 when unknown. */
export function entryArgCount(arch: Arch, name: string): number {
  nargsIndex ??= new Map(
    (lazyRequire('./generated/nargs.js') as typeof import('./generated/nargs.js')).ENTRY_NARGS,
  );
  const entry = syscallByName(arch, name)?.entry;
  return (entry ? nargsIndex.get(entry) : undefined) ?? 6;
}
