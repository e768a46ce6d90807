// strace's command-line grammar as a table: short options (bundled, values attached or separate), long options.
import { UsageError } from '../errors.js';

interface OptionSpec {
  readonly short?: string;
  readonly long?: string;
  /** Takes a value (`-o FILE`, `-oFILE`, `--output=FILE`). */
  readonly value?: boolean;
  readonly help: string;
}

/** Every trace option vat accepts; the key is where parse() stores it. */
export const TRACE_OPTIONS = {
  follow: {
    short: 'f',
    long: 'follow-forks',
    help: 'follow forks, vforks, clones and threads (-ff with -o: one file per process)',
  },
  output: {
    short: 'o',
    long: 'output',
    value: true,
    help: 'write the trace to FILE (|CMD pipes it into CMD)',
  },
  append: { short: 'A', help: 'open -o FILE for appending' },
  attach: { short: 'p', long: 'attach', value: true, help: 'attach to PID[,PID...] (repeatable)' },
  quiet: {
    short: 'q',
    long: 'quiet',
    help: 'suppress attach/detach messages (-qq: also exit status, -qqq: also signals)',
  },
  strsize: {
    short: 's',
    long: 'string-limit',
    value: true,
    help: 'print at most N bytes of strings (default 32)',
  },
  hex: { short: 'x', help: 'print non-ASCII strings in hex (-xx: all strings)' },
  fds: { short: 'y', help: 'print paths of file descriptors (-yy: also socket details)' },
  verbose: { short: 'v', long: 'no-abbrev', help: 'print unabbreviated argv, envp, structs and arrays' },
  expr: { short: 'e', value: true, help: 'qualify: trace=SET (names, %class, !negation, all, none)' },
  trace: { long: 'trace', value: true, help: 'same as -e trace=SET' },
  help: { short: 'h', long: 'help', help: 'show this help' },
  version: { short: 'V', long: 'version', help: 'print the version' },
} as const satisfies Record<string, OptionSpec>;
export type TraceOptionName = keyof typeof TRACE_OPTIONS;

export interface ParsedTraceArgs {
  /** Count of each flag (`-ff` is 2), or its values in order for options that take one. */
  readonly counts: Partial<Record<TraceOptionName, number>>;
  readonly values: Partial<Record<TraceOptionName, string[]>>;
  /** The command and its arguments (after the options or `--`). */
  readonly command: string[];
}

const byShort = new Map<string, TraceOptionName>();
const byLong = new Map<string, TraceOptionName>();
for (const [name, spec] of Object.entries(TRACE_OPTIONS) as [TraceOptionName, OptionSpec][]) {
  if (spec.short) byShort.set(spec.short, name);
  if (spec.long) byLong.set(spec.long, name);
}

/** Parses like getopt with a leading '+': options end at the first non-option word or at `--`. */
export function parseTraceArgs(argv: readonly string[]): ParsedTraceArgs {
  const counts: Partial<Record<TraceOptionName, number>> = {};
  const values: Partial<Record<TraceOptionName, string[]>> = {};
  const record = (name: TraceOptionName, value?: string): void => {
    counts[name] = (counts[name] ?? 0) + 1;
    if (value !== undefined) values[name] = [...(values[name] ?? []), value];
  };
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      i++;
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const key = arg.slice(2, eq < 0 ? undefined : eq);
      const name = byLong.get(key);
      if (!name) throw new UsageError(`unrecognized option '${arg}' (try 'vat --help')`);
      const spec: OptionSpec = TRACE_OPTIONS[name];
      if (!spec.value) {
        if (eq >= 0) throw new UsageError(`option '--${key}' doesn't allow an argument`);
        record(name);
        continue;
      }
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`option '--${key}' requires an argument`);
      record(name, value);
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    for (let j = 1; j < arg.length; j++) {
      const ch = arg[j] as string;
      const name = byShort.get(ch);
      if (!name) throw new UsageError(`invalid option -- '${ch}' (try 'vat --help')`);
      const spec: OptionSpec = TRACE_OPTIONS[name];
      if (!spec.value) {
        record(name);
        continue;
      }
      const rest = arg.slice(j + 1);
      const value = rest !== '' ? rest : argv[++i];
      if (value === undefined) throw new UsageError(`option requires an argument -- '${ch}'`);
      record(name, value);
      break;
    }
  }
  return { counts, values, command: argv.slice(i) };
}

export const TRACE_HELP = (Object.values(TRACE_OPTIONS) as OptionSpec[])
  .map((o) => {
    const names = [o.short && `-${o.short}`, o.long && `--${o.long}`].filter(Boolean).join(', ');
    return `  ${`${names}${o.value ? ' ARG' : ''}`.padEnd(26)} ${o.help}`;
  })
  .join('\n');
