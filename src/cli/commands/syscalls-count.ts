// `vat syscalls --count [--os linux|windows] [--arch A]`: how many system calls each OS/ABI has, and how it grew.

import { UsageError } from '../../errors.js';
import { KERNEL_VERSION } from '../../tables/generated/kernel-version.js';
import { ARCH_NAMES, type Arch, isArch, listSyscalls } from '../../tables/syscalls.js';
import { ntCounts, ntLatest, type WindowsArch } from '../../tables/windows.js';
import { didYouMean } from '../../util/suggest.js';
import { printJson, printLines } from '../parse-subcommand.js';
import { windowsArches } from './syscalls-windows.js';

interface LinuxCount {
  readonly arch: Arch;
  /** Numbers with a kernel entry point. */
  readonly implemented: number;
  /** Numbers the table names but the kernel leaves unimplemented (ENOSYS). */
  readonly reserved: number;
}

const linuxCount = (arch: Arch): LinuxCount => {
  const rows = listSyscalls(arch);
  const implemented = rows.filter((r) => r.entry !== '').length;
  return { arch, implemented, reserved: rows.length - implemented };
};

function linuxArches(value: string | undefined): Arch[] {
  if (value === undefined) return [...ARCH_NAMES];
  if (isArch(value)) return [value];
  throw new UsageError(`syscalls: unknown architecture '${value}'${didYouMean(value, ARCH_NAMES)}`);
}

export function countSyscalls(
  os: 'linux' | 'windows' | undefined,
  arch: string | undefined,
  json: boolean,
): number {
  const linux = os === 'windows' ? [] : linuxArches(arch).map(linuxCount);
  const windows: { arch: WindowsArch; releases: { release: string; count: number }[] }[] =
    os === 'linux' ? [] : windowsArches(arch).map((a) => ({ arch: a, releases: ntCounts(a) }));
  if (json) {
    printJson({
      ...(os !== 'windows' ? { linux: { version: KERNEL_VERSION, arches: linux } } : {}),
      ...(os !== 'linux' ? { windows } : {}),
    });
    return 0;
  }
  const lines: string[] = [];
  if (linux.length > 0) {
    lines.push(`Linux ${KERNEL_VERSION} (the pinned kernel tables; one release, so no history)`);
    for (const c of linux)
      lines.push(
        `  ${c.arch.padEnd(8)} ${String(c.implemented).padStart(4)}  (+${c.reserved} numbers reserved, ENOSYS)`,
      );
  }
  for (const w of windows) {
    lines.push(`Windows NT ${w.arch}, per release (growth from the previous one)`);
    let previous: number | undefined;
    for (const { release, count } of w.releases) {
      const grew = previous === undefined ? '' : ` ${count - previous >= 0 ? '+' : ''}${count - previous}`;
      lines.push(`  ${release.padEnd(40)} ${String(count).padStart(4)}${grew}`);
      previous = count;
    }
  }
  const l = linux[0];
  const w = windows[0];
  if (l && w)
    lines.push(
      `Linux ${KERNEL_VERSION} ${l.arch}: ${l.implemented}; ${ntLatest(w.arch)} ${w.arch}: ${w.releases.at(-1)?.count ?? 0}`,
    );
  printLines(lines);
  return 0;
}
