// `vat syscalls [NAME|NUMBER|PATTERN] [--os linux|windows] [--arch A] [--class %C] [--count] [--json]`: the reference.
import { UsageError } from '../../errors.js';
import { TRACE_CLASSES, type TraceClass } from '../../tables/classes.js';
import { classesOf, formatSignature, signatureOf } from '../../tables/lookup.js';
import {
  ARCH_NAMES,
  type Arch,
  isArch,
  listSyscalls,
  type SyscallInfo,
  syscallByName,
  syscallByNumber,
} from '../../tables/syscalls.js';
import { manSummary } from '../../util/man-summary.js';
import { didYouMean } from '../../util/suggest.js';
import { parseSubcommand, printHelp, printJson, printLines } from '../parse-subcommand.js';
import { countSyscalls } from './syscalls-count.js';
import { windowsSyscalls } from './syscalls-windows.js';

export const SYSCALLS_HELP = `usage: vat syscalls [NAME|NUMBER|PATTERN] [--os linux|windows] [--arch A] [--class %CLASS] [--json]
       vat syscalls --count [--os linux|windows] [--arch A] [--json]

  vat syscalls                 list x86_64 syscalls: number, name, signature, classes
  vat syscalls openat          one syscall: its number on each architecture, signature, classes, man summary
  vat syscalls 257             the same, by number (on --arch, default x86_64)
  vat syscalls 'open*'         names matching a glob (* ?) or /regex/
  --arch A                     x86_64 (default), i386 or arm64
  --class %C                   only syscalls in a trace class (%file, %desc, %network, ...)
  --os windows                 Windows NT system calls: a list shows the newest release's numbers,
                               one call (NtCreateFile) its number in every release; --arch x64 or x86
  --count                      how many system calls each OS and ABI has (Windows: per release)
  --json                       machine-readable output`;

function parseArch(value: string | undefined): Arch {
  if (value === undefined) return 'x86_64';
  if (isArch(value)) return value;
  throw new UsageError(`syscalls: unknown architecture '${value}'${didYouMean(value, ARCH_NAMES)}`);
}

function parseClass(value: string | undefined): TraceClass | undefined {
  if (value === undefined) return undefined;
  const cls = value.startsWith('%') ? value : `%${value}`;
  if (cls in TRACE_CLASSES) return cls as TraceClass;
  throw new UsageError(`syscalls: unknown class '${value}'${didYouMean(cls, Object.keys(TRACE_CLASSES))}`);
}

export function patternMatcher(pattern: string): ((name: string) => boolean) | undefined {
  if (pattern.startsWith('/')) {
    try {
      const re = new RegExp(pattern.slice(1));
      return (name) => re.test(name);
    } catch {
      throw new UsageError(`syscalls: invalid regular expression '${pattern.slice(1)}'`);
    }
  }
  if (!/[*?[]/.test(pattern)) return undefined;
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return (name) => re.test(name);
}

/** Every architecture's number for a name (x86_64 names are the reference). */
function numbersByArch(name: string): Record<Arch, number | null> {
  const out = {} as Record<Arch, number | null>;
  for (const arch of ARCH_NAMES) out[arch] = syscallByName(arch, name)?.nr ?? null;
  return out;
}

function describe(info: SyscallInfo) {
  const sig =
    info.arch === 'x86_64' || syscallByName('x86_64', info.name) ? signatureOf(info.name) : undefined;
  return {
    name: info.name,
    numbers: numbersByArch(info.name),
    implemented: info.entry !== '',
    entry: info.entry || null,
    signature: sig ? formatSignature(info.name, sig) : null,
    args: sig?.args ?? null,
    returns: sig?.ret ?? null,
    classes: classesOf(info.name),
    summary: manSummary(info.name) ?? null,
  };
}

function showOne(info: SyscallInfo, json: boolean): void {
  const d = describe(info);
  if (json) {
    printJson(d);
    return;
  }
  const lines = [d.name];
  for (const arch of ARCH_NAMES) lines.push(`  ${arch.padEnd(10)} ${d.numbers[arch] ?? '-'}`);
  lines.push(
    `  signature  ${d.signature ?? (d.implemented ? '(none recorded)' : 'not implemented (ENOSYS)')}`,
  );
  lines.push(`  entry      ${d.entry ?? '-'}`);
  lines.push(`  classes    ${d.classes.join(' ') || '-'}`);
  lines.push(`  summary    ${d.summary ?? '(no man page installed for this syscall)'}`);
  printLines(lines);
}

export function syscallsCommand(argv: string[]): number {
  const { values, positionals } = parseSubcommand('syscalls', argv, {
    arch: { type: 'string' },
    class: { type: 'string' },
    json: { type: 'boolean' },
    os: { type: 'string' },
    count: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    printHelp(SYSCALLS_HELP);
    return 0;
  }
  const os = values.os;
  if (os !== undefined && os !== 'linux' && os !== 'windows')
    throw new UsageError(`syscalls: unknown OS '${os}'${didYouMean(os, ['linux', 'windows'])}`);
  if (values.count) {
    if (positionals.length > 0 || values.class !== undefined)
      throw new UsageError('syscalls: --count takes no name, pattern or --class');
    return countSyscalls(os, values.arch, values.json === true);
  }
  if (os === 'windows') {
    if (values.class !== undefined) throw new UsageError('syscalls: --class applies to Linux only');
    if (positionals.length > 1) throw new UsageError('syscalls: give at most one name, number or pattern');
    const q = positionals[0];
    return windowsSyscalls(
      q,
      q === undefined ? undefined : patternMatcher(q),
      values.arch,
      values.json === true,
    );
  }
  const arch = parseArch(values.arch);
  const cls = parseClass(values.class);
  if (positionals.length > 1) throw new UsageError('syscalls: give at most one name, number or pattern');
  const query = positionals[0];
  const match = query === undefined ? undefined : patternMatcher(query);
  if (query !== undefined && !match) {
    const info = /^\d+$/.test(query) ? syscallByNumber(arch, Number(query)) : syscallByName(arch, query);
    if (!info) {
      const names = listSyscalls(arch).map((s) => s.name);
      const what = /^\d+$/.test(query) ? `number ${query} on ${arch}` : `'${query}'`;
      throw new UsageError(`syscalls: unknown syscall ${what}${didYouMean(query, names)}`);
    }
    showOne(info, values.json === true);
    return 0;
  }
  const rows = listSyscalls(arch).filter(
    (s) => (!match || match(s.name)) && (!cls || classesOf(s.name).includes(cls)),
  );
  if (values.json) {
    printJson(
      rows.map((s) => ({
        nr: s.nr,
        name: s.name,
        implemented: s.entry !== '',
        classes: classesOf(s.name),
        signature: arch === 'x86_64' ? formatSignature(s.name, signatureOf(s.name)) : null,
      })),
    );
    return 0;
  }
  printLines(
    rows.map((s) => {
      const sig =
        arch === 'x86_64' && s.entry
          ? formatSignature(s.name, signatureOf(s.name))
          : s.entry
            ? s.name
            : `${s.name} (not implemented)`;
      const classes = classesOf(s.name).join(' ');
      return `${String(s.nr).padStart(4)}  ${sig}${classes ? `  ${classes}` : ''}`;
    }),
  );
  return 0;
}
