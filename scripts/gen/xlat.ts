// Reads data/xlat/*.xlat (format: data/xlat/README.md), looks every name up in the pinned kernel headers
// and renders src/tables/generated/xlat.ts. Any name the headers cannot resolve fails the generator.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { HeaderScope } from './c-header.js';

interface XlatEntrySpec {
  /** As printed; `A|B` names a combination whose value is A|B. */
  readonly name: string;
  /** An explicit C expression, for names the headers do not define. */
  readonly expr?: string;
  readonly line: number;
}

interface XlatSpec {
  readonly name: string;
  kind?: 'flags' | 'enum';
  unknown?: string;
  readonly headers: string[];
  readonly defines: [string, string][];
  entriesFrom?: string;
  field?: { mask: string; table: string; miss: 'whole' | 'value'; rest: 'bare' | 'comment' | 'apart' };
  shifted?: { mask: string; shift: string; apart?: true };
  /** C expressions of the one-argument directives #signal, #octal, #raw and #with-flag. */
  readonly exprs: Partial<Record<SingleDirective, string>>;
  decimal?: boolean;
  verbose?: boolean;
  readonly entries: XlatEntrySpec[];
}

type SingleDirective = 'signal' | 'octal' | 'raw' | 'with-flag';

interface ResolvedXlat {
  readonly name: string;
  readonly kind: 'flags' | 'enum';
  readonly unknown: string;
  readonly values: readonly (readonly [string, number])[];
  readonly field?: {
    mask: number;
    table: string;
    miss: 'whole' | 'value';
    rest: 'bare' | 'comment' | 'apart';
  };
  readonly shifted?: { mask: number; shift: number; name: string; apart?: true };
  readonly signalMask?: number;
  readonly octalMask?: number;
  readonly raw?: number;
  readonly withFlag?: readonly [string, number];
  readonly decimal?: boolean;
  readonly verbose?: boolean;
}

type Directive = (spec: XlatSpec, args: string[]) => void;

const one = (args: string[], what: string): string => {
  if (args.length !== 1 || !args[0]) throw new Error(`expects ${what}`);
  return args[0];
};

const DIRECTIVES: Readonly<Record<string, Directive>> = {
  header: (s, a) => void s.headers.push(one(a, 'a path under data/kernel')),
  define: (s, a) => void s.defines.push([a[0] ?? '', a.slice(1).join(' ') || '1']),
  kind: (s, a) => {
    const k = one(a, 'flags or enum');
    if (k !== 'flags' && k !== 'enum') throw new Error('expects flags or enum');
    s.kind = k;
  },
  unknown: (s, a) => {
    const text = one(a, 'the comment for unknown values, or -');
    s.unknown = text === '-' ? '' : text;
  },
  entries: (s, a) => {
    s.entriesFrom = one(a, 'a table name');
  },
  format: (s, a) => {
    const f = one(a, 'hex or dec');
    if (f !== 'hex' && f !== 'dec') throw new Error('expects hex or dec');
    s.decimal = f === 'dec';
  },
  verbose: (s, a) => {
    if (a.length > 0) throw new Error('takes no arguments');
    s.verbose = true;
  },
  signal: (s, a) => {
    s.exprs.signal = one(a, 'a mask');
  },
  octal: (s, a) => {
    s.exprs.octal = one(a, 'a mask');
  },
  raw: (s, a) => {
    s.exprs.raw = one(a, 'a value');
  },
  'with-flag': (s, a) => {
    s.exprs['with-flag'] = one(a, 'a flag name');
  },
  shifted: (s, a) => {
    const [mask, shift, how] = a;
    if (!mask || !shift || a.length > 3 || (how !== undefined && how !== 'apart'))
      throw new Error('expects MASK SHIFT [apart]');
    s.shifted = { mask, shift, ...(how && { apart: true as const }) };
  },
  field: (s, a) => {
    const [mask, table, ...opts] = a;
    if (!mask || !table) throw new Error('expects MASK TABLE [miss=whole|value] [rest=bare|comment|apart]');
    const opt = new Map(opts.map((o) => o.split('=') as [string, string]));
    const miss = opt.get('miss') ?? 'whole';
    const rest = opt.get('rest') ?? 'bare';
    if (
      (miss !== 'whole' && miss !== 'value') ||
      (rest !== 'bare' && rest !== 'comment' && rest !== 'apart')
    ) {
      throw new Error('bad #field option');
    }
    s.field = { mask, table, miss, rest };
  },
};

/** Parses one .xlat file into its directives and entry lines. */
function parseXlat(name: string, text: string): XlatSpec {
  const spec: XlatSpec = { name, headers: [], defines: [], exprs: {}, entries: [] };
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s+#\s.*$/, '').trim();
    if (line === '' || line === '#' || line.startsWith('# ')) return;
    const [word = '', ...args] = line.split(/\s+/);
    try {
      if (word.startsWith('#')) {
        const directive = DIRECTIVES[word.slice(1)];
        if (!directive) throw new Error(`unknown directive ${word}`);
        directive(spec, args);
      } else if (
        !/^[A-Za-z_]\w*(\|[A-Za-z_]\w*)*$/.test(word) &&
        !(
          /^(![A-Za-z_]\w*|[A-Za-z_]\w*[+-]\d+|1<<[A-Za-z_]\w*|1<<\([A-Za-z_]\w*-1\))$/.test(word) &&
          args.length > 0
        )
      ) {
        // strace's names for a cleared bit (`!PR_TAGGED_ADDR_ENABLE`), for one past or before a constant
        // (`LOGLEVEL_DEBUG+1`, `IPV4_DEVCONF_FORWARDING-1`) and for a bit number's bit (`1<<BR_BOOLOPT_NO_LL_LEARN`, `1<<(INET_DIAG_TOS-1)`),
        // always with their value given
        throw new Error(`bad name '${word}'`);
      } else if (args.length > 0) spec.entries.push({ name: word, expr: args.join(' '), line: i + 1 });
      else spec.entries.push({ name: word, line: i + 1 });
    } catch (e) {
      throw new Error(`data/xlat/${name}.xlat:${i + 1}: ${(e as Error).message}`);
    }
  });
  if (!spec.kind) throw new Error(`data/xlat/${name}.xlat: missing #kind`);
  if (spec.unknown === undefined) throw new Error(`data/xlat/${name}.xlat: missing #unknown`);
  return spec;
}

/** Value of one entry: explicit expressions must agree with the headers when those define the name too. */
function entryValue(scope: HeaderScope, entry: XlatEntrySpec): bigint {
  if (entry.expr === undefined) {
    return entry.name.split('|').reduce((acc, part) => acc | scope.value(part), 0n);
  }
  const explicit = scope.evaluate(entry.expr);
  if (!entry.name.includes('|') && scope.hasValue(entry.name)) {
    const fromHeaders = scope.value(entry.name);
    if (fromHeaders !== explicit) {
      throw new Error(`${entry.name} is ${fromHeaders} in the headers but the entry says ${explicit}`);
    }
  }
  return explicit;
}

function toNumber(v: bigint, what: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`${what} = ${v} does not fit a JS number`);
  return n;
}

/** Resolves tables on demand (so #entries can name another table) and collects every error. */
class XlatResolver {
  private readonly done = new Map<string, ResolvedXlat>();
  private readonly busy = new Set<string>();
  readonly errors: string[] = [];

  constructor(
    private readonly specs: ReadonlyMap<string, XlatSpec>,
    private readonly kernelDir: string,
  ) {}

  resolve(name: string): ResolvedXlat | undefined {
    const cached = this.done.get(name);
    if (cached) return cached;
    const spec = this.specs.get(name);
    if (!spec || this.busy.has(name)) {
      this.errors.push(`table '${name}' ${spec ? 'refers to itself' : 'does not exist'}`);
      return undefined;
    }
    this.busy.add(name);
    const table = this.build(spec);
    this.busy.delete(name);
    if (table) this.done.set(name, table);
    return table;
  }

  private fail(spec: XlatSpec, line: number | undefined, message: string): void {
    this.errors.push(`data/xlat/${spec.name}.xlat${line ? `:${line}` : ''}: ${message}`);
  }

  private scope(spec: XlatSpec): HeaderScope | undefined {
    const scope = new HeaderScope(this.kernelDir);
    for (const [n, v] of spec.defines) scope.define(n, v);
    try {
      for (const h of spec.headers) scope.include(h);
      return scope;
    } catch (e) {
      this.fail(spec, undefined, (e as Error).message);
      return undefined;
    }
  }

  private build(spec: XlatSpec): ResolvedXlat | undefined {
    const scope = this.scope(spec);
    const inherited = spec.entriesFrom ? this.resolve(spec.entriesFrom)?.values : [];
    if (!scope || !inherited) return undefined;
    const errorsBefore = this.errors.length;
    const values = [...inherited, ...this.entries(spec, scope)];
    try {
      const table = assemble(spec, values, (expr) => toNumber(scope.evaluate(expr), expr));
      this.check(spec, table);
      return this.errors.length === errorsBefore ? table : undefined;
    } catch (e) {
      this.fail(spec, undefined, (e as Error).message);
      return undefined;
    }
  }

  /** The file's own entry lines, resolved; each failure is recorded with its line. */
  private entries(spec: XlatSpec, scope: HeaderScope): (readonly [string, number])[] {
    const values: (readonly [string, number])[] = [];
    for (const entry of spec.entries) {
      try {
        values.push([entry.name, toNumber(entryValue(scope, entry), entry.name)]);
      } catch (e) {
        this.fail(spec, entry.line, `${entry.name}: ${(e as Error).message}`);
      }
    }
    return values;
  }

  /** Flags tables: only the first entry may be 0 (strace prints it for a zero value), none negative. */
  private check(spec: XlatSpec, table: ResolvedXlat): void {
    if (table.kind !== 'flags') return;
    table.values.forEach(([n, v], i) => {
      if (v < 0) this.fail(spec, undefined, `${n} is negative (${v}) in a flags table`);
      if (v === 0 && i > 0) this.fail(spec, undefined, `${n} is 0 and not first, so it could never print`);
    });
    if (table.field && !this.specs.has(table.field.table)) {
      this.fail(spec, undefined, `#field table '${table.field.table}' does not exist`);
    }
  }
}

/** The resolved table: the directives' expressions evaluated by `num`. */
function assemble(
  spec: XlatSpec,
  values: readonly (readonly [string, number])[],
  num: (expr: string) => number,
): ResolvedXlat {
  const { signal, octal, raw, 'with-flag': flag } = spec.exprs;
  return {
    name: spec.name,
    kind: spec.kind ?? 'enum',
    unknown: spec.unknown ?? '',
    values,
    ...(spec.field && { field: { ...spec.field, mask: num(spec.field.mask) } }),
    ...(spec.shifted && {
      shifted: {
        mask: num(spec.shifted.mask),
        shift: num(spec.shifted.shift),
        name: spec.shifted.shift,
        ...(spec.shifted.apart && { apart: true as const }),
      },
    }),
    ...(signal && { signalMask: num(signal) }),
    ...(octal && { octalMask: num(octal) }),
    ...(raw && { raw: num(raw) }),
    ...(flag && { withFlag: [flag, num(flag)] as const }),
    ...(spec.decimal && { decimal: true }),
    ...(spec.verbose && { verbose: true }),
  };
}

/** Reads every data/xlat/*.xlat file, sorted by name. */
function readXlatSpecs(xlatDir: string): Map<string, XlatSpec> {
  const files = readdirSync(xlatDir)
    .filter((f) => f.endsWith('.xlat'))
    .sort();
  return new Map(
    files.map((f) => {
      const name = basename(f, '.xlat');
      return [name, parseXlat(name, readFileSync(join(xlatDir, f), 'utf8'))];
    }),
  );
}

/** Every table, resolved; throws one error listing every unresolved name. */
function resolveXlats(dataDir: string): ResolvedXlat[] {
  const specs = readXlatSpecs(join(dataDir, 'xlat'));
  const resolver = new XlatResolver(specs, join(dataDir, 'kernel'));
  const tables = [...specs.keys()].map((n) => resolver.resolve(n));
  if (resolver.errors.length > 0) {
    throw new Error(`xlat tables do not resolve:\n  ${[...new Set(resolver.errors)].join('\n  ')}`);
  }
  return tables.filter((t): t is ResolvedXlat => t !== undefined);
}

const XLAT_TYPES = `export interface XlatField {
  /** The bits printed first, as one value of \`table\`. */
  readonly mask: number;
  readonly table: string;
  /** When \`table\` has no name for those bits: print all bits as flags, or the bits as a number. */
  readonly miss: 'whole' | 'value';
  /** Whether the remaining bits, when none of them has a name, are followed by the \`unknown\` comment; \`apart\`:
   * bare, and under -X raw/verbose the field and the rest are styled each on its own (personality). */
  readonly rest: 'bare' | 'comment' | 'apart';
}

export interface XlatShifted {
  readonly mask: number;
  readonly shift: number;
  /** Printed as \`N<<name\` (strace's MAP_HUGE_SHIFT). */
  readonly name: string;
  /** -X raw/verbose style the flags apart and the shift's name as a constant (shmget's count shifted by 26 with SHM_HUGE_SHIFT in a comment). */
  readonly apart?: true;
}

export interface XlatTable {
  readonly kind: 'flags' | 'enum';
  /** strace's comment for a value with no name, e.g. 'O_???'. */
  readonly unknown: string;
  /** Entries in strace's print order; a flags table's first entry may be its zero name. */
  readonly values: readonly (readonly [string, number])[];
  readonly field?: XlatField;
  readonly shifted?: XlatShifted;
  /** Low bits that hold a signal number (clone's CSIGNAL), printed last by name. */
  readonly signalMask?: number;
  /** Permission bits printed last in octal (\`IPC_CREAT|0600\`); the flags before them are left out when 0. */
  readonly octalMask?: number;
  /** A value printed as a plain number (personality's 0xffffffff query). */
  readonly raw?: number;
  /** An enum's extra flag, printed first as \`NAME|\` when set (IPC_64). */
  readonly withFlag?: readonly [string, number];
  /** Unknown enum values in signed decimal rather than hex. */
  readonly decimal?: boolean;
  /** Known enum values too as the number, with the name in a comment (as strace prints syslog's type). */
  readonly verbose?: boolean;
}
`;

const hex = (v: number): string => (v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`);

function renderTable(t: ResolvedXlat): string {
  const value = (v: number): string => (t.kind === 'flags' ? hex(v) : String(v));
  const lines = [`  ${t.name}: {`, `    kind: '${t.kind}',`, `    unknown: '${t.unknown}',`];
  if (t.field) {
    const f = t.field;
    lines.push(
      `    field: { mask: ${hex(f.mask)}, table: '${f.table}', miss: '${f.miss}', rest: '${f.rest}' },`,
    );
  }
  if (t.shifted) {
    const s = t.shifted;
    const apart = s.apart ? ', apart: true' : '';
    lines.push(`    shifted: { mask: ${hex(s.mask)}, shift: ${s.shift}, name: '${s.name}'${apart} },`);
  }
  if (t.signalMask !== undefined) lines.push(`    signalMask: ${hex(t.signalMask)},`);
  if (t.octalMask !== undefined) lines.push(`    octalMask: 0o${t.octalMask.toString(8)},`);
  if (t.raw !== undefined) lines.push(`    raw: ${hex(t.raw)},`);
  if (t.withFlag) lines.push(`    withFlag: ['${t.withFlag[0]}', ${hex(t.withFlag[1])}],`);
  if (t.decimal) lines.push('    decimal: true,');
  if (t.verbose) lines.push('    verbose: true,');
  lines.push('    values: [', ...t.values.map(([n, v]) => `      ['${n}', ${value(v)}],`), '    ],', '  },');
  return lines.join('\n');
}

/** The text of src/tables/generated/xlat.ts. */
export function renderXlat(dataDir: string): string {
  const tables = resolveXlats(dataDir);
  return [
    '// Generated by `npm run gen` from data/xlat and the headers in data/kernel (see data/xlat/README.md). Do not edit.',
    '',
    XLAT_TYPES,
    'export const XLAT = {',
    ...tables.map(renderTable),
    '} as const satisfies Readonly<Record<string, XlatTable>>;',
    '',
    'export type XlatName = keyof typeof XLAT;',
    '',
  ].join('\n');
}
