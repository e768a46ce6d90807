// `vat syscalls --os windows [NAME|NUMBER|PATTERN]`: NT system call numbers per Windows release.
import { UsageError } from '../../errors.js';
import {
  isWindowsArch,
  ntCallByName,
  ntCallByNumber,
  ntCalls,
  ntHex,
  ntLatest,
  ntReleases,
  WINDOWS_ARCHES,
  type WindowsArch,
} from '../../tables/windows.js';
import { didYouMean } from '../../util/suggest.js';
import { printJson, printLines } from '../parse-subcommand.js';

/** --arch for Windows: x64 or x86 (x86_64 and i386 understood as the same), all of them when not given. */
export function windowsArches(value: string | undefined): WindowsArch[] {
  if (value === undefined) return [...WINDOWS_ARCHES];
  const arch = value === 'x86_64' ? 'x64' : value === 'i386' ? 'x86' : value;
  if (isWindowsArch(arch)) return [arch];
  throw new UsageError(
    `syscalls: unknown Windows architecture '${value}'${didYouMean(value, WINDOWS_ARCHES)}`,
  );
}

/** Every release of the given architectures, in the order of the longest list (x86 goes back to NT 3.1). */
function releaseRows(arches: readonly WindowsArch[]): string[] {
  const out: string[] = [];
  for (const arch of [...arches].sort((a, b) => ntReleases(b).length - ntReleases(a).length))
    for (const r of ntReleases(arch)) if (!out.includes(r)) out.push(r);
  return out;
}

function showOne(name: string, arches: readonly WindowsArch[], json: boolean): void {
  const present = arches.filter((a) => ntCallByName(a, name));
  const numberIn = (arch: WindowsArch, release: string): number | null => {
    const i = ntReleases(arch).indexOf(release);
    return i < 0 ? null : (ntCallByName(arch, name)?.numbers[i] ?? null);
  };
  const releases = releaseRows(present);
  if (json) {
    const numbers: Record<string, Record<string, number | null>> = {};
    for (const arch of present)
      numbers[arch] = Object.fromEntries(ntReleases(arch).map((r) => [r, numberIn(arch, r)]));
    printJson({ name, os: 'windows', numbers });
    return;
  }
  const width = Math.max(...releases.map((r) => r.length));
  const lines = [
    name,
    `  ${'release'.padEnd(width)}  ${present.map((a) => a.padEnd(6)).join('  ')}`.trimEnd(),
  ];
  for (const r of releases) {
    const cells = present.map((a) => {
      const known = ntReleases(a).includes(r);
      const nr = numberIn(a, r);
      return (nr === null ? (known ? '-' : '') : ntHex(nr)).padEnd(6);
    });
    lines.push(`  ${r.padEnd(width)}  ${cells.join('  ')}`.trimEnd());
  }
  printLines(lines);
}

/** The list: calls of the newest release of the architecture, by number, matching the pattern if one is given. */
function showList(arch: WindowsArch, match: ((name: string) => boolean) | undefined, json: boolean): void {
  const release = ntLatest(arch);
  const rows = ntCalls(arch)
    .flatMap((c) => {
      const nr = c.numbers.at(-1);
      return nr === null || nr === undefined || (match && !match(c.name)) ? [] : [{ nr, name: c.name }];
    })
    .sort((a, b) => a.nr - b.nr);
  if (json) {
    printJson(rows.map((r) => ({ nr: r.nr, hex: ntHex(r.nr), name: r.name, arch, release })));
    return;
  }
  printLines([`# ${arch}, ${release}`, ...rows.map((r) => `${ntHex(r.nr)}  ${r.name}`)]);
}

export function windowsSyscalls(
  query: string | undefined,
  match: ((name: string) => boolean) | undefined,
  archValue: string | undefined,
  json: boolean,
): number {
  const arches = windowsArches(archValue);
  if (query === undefined || match) {
    showList(arches[0] === 'x86' ? 'x86' : 'x64', match, json);
    return 0;
  }
  let name = query;
  if (/^(0x[0-9a-f]+|\d+)$/i.test(query)) {
    const arch = arches[0] as WindowsArch;
    const call = ntCallByNumber(arch, Number(query));
    if (!call)
      throw new UsageError(`syscalls: no NT system call has number ${query} on ${arch} (${ntLatest(arch)})`);
    name = call.name;
  }
  if (!arches.some((a) => ntCallByName(a, name))) {
    const names = [...new Set(arches.flatMap((a) => ntCalls(a).map((c) => c.name)))];
    throw new UsageError(`syscalls: unknown NT system call '${query}'${didYouMean(query, names)}`);
  }
  showOne(name, arches, json);
  return 0;
}
