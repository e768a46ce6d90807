// Parsers for the pinned kernel files in data/kernel: each turns one file's text into plain rows.

export interface SyscallRow {
  nr: number;
  name: string;
  abi: string;
  /** Kernel entry point (sys_openat); empty when the number is reserved and returns ENOSYS. */
  entry: string;
}

/** Parses a syscall_*.tbl file: `<number> <abi> <name> [<entry point> [<compat entry>]]`. */
export function parseSyscallTable(text: string, abis: readonly string[]): SyscallRow[] {
  const rows: SyscallRow[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const [nr, abi, name, entry] = trimmed.split(/\s+/);
    if (nr === undefined || abi === undefined || name === undefined) continue;
    if (!abis.includes(abi)) continue;
    rows.push({ nr: Number(nr), name, abi, entry: (entry ?? '').replace(/\/.*$/, '') });
  }
  return rows;
}

/** Reads `syscall_abis_64 += a b c` from arch/arm64/kernel/Makefile.syscalls. */
export function parseArm64Abis(text: string): string[] {
  const m = /syscall_abis_64\s*\+=\s*(.*)/.exec(text);
  return ['common', '64', ...(m?.[1]?.trim().split(/\s+/) ?? [])];
}

export interface DefineRow {
  name: string;
  value: number;
  comment: string;
}

/** Evaluates the constant expressions kernel headers use: 12, 0x4206, NAME, (1 << NAME). */
function evalDefine(raw: string, known: ReadonlyMap<string, number>): number | undefined {
  const term = (t: string): number | undefined => {
    const m = /^(-?)(0x[0-9a-fA-F]+|\d+)[UuLl]*$/.exec(t);
    if (!m?.[2]) return known.get(t);
    return (m[1] ? -1 : 1) * Number(m[2]);
  };
  const expr = raw.replace(/^\((.*)\)$/, '$1').trim();
  const shift = /^(\w+)\s*<<\s*(\w+)$/.exec(expr);
  if (shift?.[1] && shift[2]) {
    const [a, b] = [term(shift[1]), term(shift[2])];
    return a === undefined || b === undefined ? undefined : a * 2 ** b;
  }
  return term(expr);
}

/** Reads `#define NAME value /* comment *\/` lines whose name matches; unresolvable values are skipped. */
export function parseDefines(text: string, pattern: RegExp, known = new Map<string, number>()): DefineRow[] {
  const rows: DefineRow[] = [];
  const re = /^#\s*define\s+([A-Za-z_][A-Za-z0-9_]*)\s+([^/]*?)\s*(?:\/\*\s*(.*?)\s*\*\/)?\s*$/;
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (!m?.[1] || m[2] === undefined) continue;
    const value = evalDefine(m[2], known);
    if (value === undefined) continue;
    known.set(m[1], value);
    if (pattern.test(m[1])) rows.push({ name: m[1], value, comment: m[3] ?? '' });
  }
  return rows;
}

/** Reads tab-separated `key<TAB>value` lines, skipping `#` comments. */
export function parseTsv(text: string): [string, string][] {
  const rows: [string, string][] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    rows.push([line.slice(0, tab), line.slice(tab + 1)]);
  }
  return rows;
}

const I32 = /^(int|pid_t|clockid_t|timer_t|mqd_t|key_t|key_serial_t|__s32|s32|rwf_t)$/;
const U32 = /^(unsigned int|unsigned|u32|__u32|uint32_t|uid_t|gid_t|qid_t|enum \w+)$/;
// umode_t, and x86's 16-bit old_uid_t/old_gid_t
const U16 = /^(umode_t|old_uid_t|old_gid_t|unsigned short|u16|__u16)$/;

/** How the kernel narrows a register argument of this C type (the same union as src/tables/arg-width.ts). */
export type ArgWidth = 'i32' | 'u32' | 'u16' | 'full';

/** The width of one parameter declaration (`int options`, `unsigned`, `const char __user *name`). */
function paramWidth(decl: string): ArgWidth {
  if (decl.includes('*') || decl.includes('[')) return 'full';
  const words = decl
    .replace(/\b(const|volatile|__user)\b/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  // the last word is the parameter's name unless it is a type word: io_submit(aio_context_t, long, ...) names none
  const named = words.length > 1 && !/^(int|long|short|char|unsigned|signed)$/.test(words.at(-1) ?? '');
  const type = (named ? words.slice(0, -1) : words).join(' ');
  if (I32.test(type)) return 'i32';
  if (U32.test(type)) return 'u32';
  if (U16.test(type)) return 'u16';
  return 'full';
}

/**
 * Reads `asmlinkage long sys_NAME(TYPE name, ...);` prototypes from include/linux/syscalls.h: entry point ->
 * each argument's width. An entry declared twice (per-architecture variants) keeps a narrow width only where
 * every declaration agrees.
 */
export function parseSyscallPrototypes(text: string): Map<string, ArgWidth[]> {
  const out = new Map<string, ArgWidth[]>();
  const flat = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\s+/g, ' ');
  for (const m of flat.matchAll(/asmlinkage long (sys_\w+)\(([^)]*)\);/g)) {
    const [, entry = '', params = ''] = m;
    const widths = params.trim() === 'void' ? [] : params.split(',').map(paramWidth);
    const prev = out.get(entry);
    out.set(entry, prev ? widths.map((w, i) => (prev[i] === w ? w : 'full')) : widths);
  }
  return out;
}
