// Lookups over the generated Windows NT system call table: releases, calls by name, numbers per release.
import { NT_SYSCALLS } from './generated/windows-nt.js';

export const WINDOWS_ARCHES = ['x64', 'x86'] as const;
export type WindowsArch = (typeof WINDOWS_ARCHES)[number];
export const isWindowsArch = (a: string): a is WindowsArch =>
  (WINDOWS_ARCHES as readonly string[]).includes(a);

/** A release's name (as the source names it, `Windows 11 and Server (11 25H2)`), oldest first. */
export const ntReleases = (arch: WindowsArch): readonly string[] => NT_SYSCALLS[arch].releases;

/** The newest release the table has for an architecture (x86 ends with Windows 10). */
export const ntLatest = (arch: WindowsArch): string => ntReleases(arch).at(-1) ?? '';

export interface NtCall {
  readonly name: string;
  /** The number in each release of ntReleases(arch), null where the call does not exist. */
  readonly numbers: readonly (number | null)[];
}

export const ntCalls = (arch: WindowsArch): NtCall[] =>
  NT_SYSCALLS[arch].calls.map(([name, numbers]) => ({ name, numbers }));

export const ntCallByName = (arch: WindowsArch, name: string): NtCall | undefined =>
  ntCalls(arch).find((c) => c.name === name);

/** The call a number names in the newest release. */
export const ntCallByNumber = (arch: WindowsArch, nr: number): NtCall | undefined =>
  ntCalls(arch).find((c) => c.numbers.at(-1) === nr);

/** How many system calls each release has, oldest first. */
export function ntCounts(arch: WindowsArch): { release: string; count: number }[] {
  const calls = NT_SYSCALLS[arch].calls;
  return ntReleases(arch).map((release, i) => ({
    release,
    count: calls.filter(([, nrs]) => nrs[i] !== null && nrs[i] !== undefined).length,
  }));
}

/** strace-style hex for an NT number: `0x0055`. */
export const ntHex = (nr: number): string => `0x${nr.toString(16).padStart(4, '0')}`;
