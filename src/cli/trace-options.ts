// strace's command-line grammar as a table: short options (bundled, values attached or separate), long options.
import { UsageError } from '../errors.js';

interface OptionSpec {
  readonly short?: string;
  /** Long name, or names (aliases, the first shown in help); unambiguous prefixes are accepted, as getopt_long does. */
  readonly long?: string | readonly string[];
  /**
   * Takes a value (`-o FILE`, `-oFILE`, `--output=FILE`); 'optional': only the long form, only as `--name=VALUE`
   * (the short form takes none).
   */
  readonly value?: boolean | 'optional';
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
  append: { short: 'A', long: 'output-append-mode', help: 'open -o FILE for appending' },
  outputSeparately: {
    long: 'output-separately',
    help: 'with -o FILE: one file per process, FILE.PID (as -ff)',
  },
  followDeprecated: { short: 'F', help: 'deprecated: -f (strace still takes it)' },
  attach: { short: 'p', long: 'attach', value: true, help: 'attach to PID[,PID...] (repeatable)' },
  quiet: {
    short: 'q',
    help: 'suppress attach/detach messages (-qq: also exit status, -qqq: also superseded-by-execve)',
  },
  quietSet: {
    long: ['quiet', 'silent', 'silence'],
    value: 'optional',
    help: 'same as -e quiet=SET (default attach,personality)',
  },
  strsize: {
    short: 's',
    long: 'string-limit',
    value: true,
    help: 'print at most N bytes of strings (default 32)',
  },
  hex: { short: 'x', help: 'print non-ASCII strings in hex (-xx: all strings)' },
  stringsInHex: {
    long: 'strings-in-hex',
    value: 'optional',
    help: 'non-ascii-chars (hex, not octal, escapes), non-ascii (-x), all (-xx, the default)',
  },
  fds: { short: 'y', help: 'print paths of file descriptors (-yy: also socket details)' },
  decodeFds: {
    long: 'decode-fds',
    value: 'optional',
    help: 'same as -e decode-fds=SET: path (-y, the default), socket, dev, pidfd, all (-yy)',
  },
  decodePidsComm: { short: 'Y', help: 'print command names after pids: 1234<sh> (--decode-pids=comm)' },
  decodePids: {
    long: 'decode-pids',
    value: true,
    help: "comm (-Y), pidns (pids in vat's pid namespace too)",
  },
  pidnsTranslation: { long: 'pidns-translation', help: "same as --decode-pids=pidns (strace's older name)" },
  verbose: { short: 'v', long: 'no-abbrev', help: 'print unabbreviated argv, envp, structs and arrays' },
  constStyle: {
    short: 'X',
    long: 'const-print-style',
    value: true,
    help: 'constants and flags: raw (numbers), abbrev (names, the default), verbose (both)',
  },
  rawSet: { long: 'raw', value: true, help: 'same as -e raw=SET: these calls undecoded, in hex' },
  abbrevSet: { long: 'abbrev', value: true, help: 'same as -e abbrev=SET' },
  verboseSet: { long: 'verbose', value: true, help: 'same as -e verbose=SET' },
  align: {
    short: 'a',
    long: 'columns',
    value: true,
    help: 'column where results are printed (default 40)',
  },
  syscallNumber: { short: 'n', long: 'syscall-number', help: 'print the syscall number: [ 257] openat(...)' },
  instructionPointer: {
    short: 'i',
    long: 'instruction-pointer',
    help: 'print the instruction pointer at the time of the syscall',
  },
  expr: {
    short: 'e',
    value: true,
    help: 'qualify: trace=SET (names, %class, !negation, all, none), status=, signal=, quiet=, read=, write=, trace-fds=, inject=, fault=, raw=, verbose=, abbrev=, decode-fds=, decode-pids=, kvm=',
  },
  trace: { long: 'trace', value: true, help: 'same as -e trace=SET' },
  inject: {
    long: 'inject',
    value: true,
    help: 'same as -e inject=SET:error=E|retval=V[:signal=S][:delay_enter=D][:when=N..M+S][:path=GLOB][:fd=N][:prob=P]',
  },
  fault: {
    long: 'fault',
    value: true,
    help: 'same as -e fault=SET[:error=ERRNO][:when=...] (ENOSYS by default)',
  },
  seed: { long: 'seed', value: true, help: "start inject's prob= choices from N (a reproducible run)" },
  tracePath: {
    short: 'P',
    long: 'trace-path',
    value: true,
    help: 'only calls that touch PATH, by name or through an fd (repeatable)',
  },
  traceFds: { long: 'trace-fds', value: true, help: 'same as -e trace-fds=SET: only calls on these fds' },
  status: { long: 'status', value: true, help: 'same as -e status=SET' },
  successfulOnly: {
    short: 'z',
    long: 'successful-only',
    help: 'only calls that succeed (-e status=successful)',
  },
  failedOnly: {
    short: 'Z',
    long: ['failed-only', 'failing-only'],
    help: 'only calls that fail (-e status=failed)',
  },
  signals: { long: 'signals', value: true, help: 'same as -e signal=SET' },
  readFds: { long: 'read', value: true, help: 'same as -e read=SET: hex dump data read from these fds' },
  writeFds: { long: 'write', value: true, help: 'same as -e write=SET: hex dump data written to these fds' },
  tshort: {
    short: 't',
    help: 'time of day before each line (-tt: with microseconds, -ttt: seconds since epoch)',
  },
  timestamps: {
    long: ['timestamps', 'absolute-timestamps'],
    value: 'optional',
    help: 'time before each line: [format:]none|time|unix, [precision:]s|ms|us|ns',
  },
  relative: {
    short: 'r',
    long: 'relative-timestamps',
    value: 'optional',
    help: 'time since the previous line began, before each line (=s|ms|us|ns)',
  },
  syscallTimes: {
    short: 'T',
    long: 'syscall-times',
    value: 'optional',
    help: 'time spent in each call, after it: <0.000123> (=s|ms|us|ns)',
  },
  summary: {
    short: 'c',
    long: 'summary-only',
    help: 'count time, calls and errors per syscall; print a table at the end',
  },
  summaryToo: { short: 'C', long: 'summary', help: 'like -c, but also print the trace' },
  wall: {
    short: 'w',
    long: 'summary-wall-clock',
    help: 'summary time is wall time from entry to exit (default: system time)',
  },
  sortBy: {
    short: 'S',
    long: 'summary-sort-by',
    value: true,
    help: 'sort the summary by time, calls, errors, name, min-time, max-time, avg-time or nothing',
  },
  columns: {
    short: 'U',
    long: 'summary-columns',
    value: true,
    help: 'summary columns: time-percent, total-time, avg-time, min-time, max-time, calls, errors, name',
  },
  latency: {
    long: 'summary-latency',
    help: 'add p50, p90, p99 and longest (max) latency columns to the summary (implies -w)',
  },
  seccompBpf: {
    long: 'seccomp-bpf',
    help: 'stop only at traced syscalls (a seccomp filter in the command; on by default with -e trace=)',
  },
  noSeccompBpf: { long: 'no-seccomp-bpf', help: 'trace without the seccomp filter' },
  syscallLimit: {
    long: 'syscall-limit',
    value: true,
    help: 'detach from every tracee after N syscalls were shown',
  },
  killOnExit: {
    long: 'kill-on-exit',
    help: 'tracees die with vat, and are killed instead of detached when it stops',
  },
  stackTraces: {
    short: 'k',
    long: 'stack-traces',
    help: 'print the stack of each call after it (C++ names demangled; needs libunwind)',
  },
  engine: {
    long: 'engine',
    value: true,
    help: 'ptrace (stops each call), ebpf (kernel tracepoints, never stops the command) or auto (default: eBPF where it can serve every option, else ptrace; ptrace as `strace`)',
  },
  systemWide: {
    long: 'system-wide',
    help: 'eBPF: trace every process on the system (until Ctrl-C or COMMAND ends)',
  },
  cgroup: { long: 'cgroup', value: true, help: 'eBPF: trace every process in this cgroup v2 directory' },
  ringSize: {
    long: 'ring-size',
    value: true,
    help: 'eBPF: ring buffer size, fixed (power of two, e.g. 64M; default: 64M, doubled up to 256M when the reader falls behind)',
  },
  env: {
    short: 'E',
    long: 'env',
    value: true,
    help: "VAR=VAL puts VAR in the command's environment, VAR removes it (repeatable)",
  },
  user: {
    short: 'u',
    long: 'user',
    value: true,
    help: 'run the command as USER (uid, gid, groups), setuid/setgid programs as strace does',
  },
  argv0: { long: 'argv0', value: true, help: "the command's argv[0] (default: the command as given)" },
  detachOn: { short: 'b', long: 'detach-on', value: true, help: 'execve: detach at the first execve' },
  daemonize: {
    short: 'D',
    long: 'daemonize',
    value: 'optional',
    help: 'vat runs as a grandchild (-DD: in its own process group, -DDD: its own session)',
  },
  interruptible: {
    short: 'I',
    long: 'interruptible',
    value: true,
    help: 'when SIGINT/SIGTERM/... end the trace: 1 anywhere, 2 waiting (default), 3 never (-o CMD), 4 never_tstp (-D)',
  },
  overhead: {
    short: 'O',
    long: 'summary-syscall-overhead',
    value: true,
    help: "OVERHEAD[s|ms|us|ns] subtracted from each call's time in -c",
  },
  kvm: { long: 'kvm', value: true, help: 'same as -e kvm=vcpu: KVM vcpu exit reasons' },
  secontext: {
    long: 'secontext',
    value: 'optional',
    help: 'SELinux contexts (full, mismatch) where SELinux is enabled',
  },
  debug: { short: 'd', long: 'debug', help: "vat's own diagnostics on stderr" },
  tips: {
    long: 'tips',
    value: 'optional',
    help: 'a tip at the end: [id:]N|random, [format:]none|compact|full',
  },
  json: {
    long: 'json',
    help: 'write events as JSON Lines (schema/trace-event.v1.schema.json) instead of text',
  },
  help: { short: 'h', long: 'help', help: 'show this help' },
  version: { short: 'V', long: 'version', help: 'print the version' },
} as const satisfies Record<string, OptionSpec>;
export type TraceOptionName = keyof typeof TRACE_OPTIONS;

export interface ParsedTraceArgs {
  /** Count of each flag (`-ff` is 2), or its values in order for options that take one. */
  readonly counts: Partial<Record<TraceOptionName, number>>;
  readonly values: Partial<Record<TraceOptionName, string[]>>;
  /** Every option in command-line order, as written (`-t`, `--timestamps`): for options where the last wins. */
  readonly order: readonly {
    readonly name: TraceOptionName;
    readonly flag: string;
    readonly value?: string;
  }[];
  /** The command and its arguments (after the options or `--`). */
  readonly command: string[];
}

const byShort = new Map<string, TraceOptionName>();
const byLong = new Map<string, TraceOptionName>();
const longNames = (spec: OptionSpec): readonly string[] =>
  spec.long === undefined ? [] : typeof spec.long === 'string' ? [spec.long] : spec.long;
for (const [name, spec] of Object.entries(TRACE_OPTIONS) as [TraceOptionName, OptionSpec][]) {
  if (spec.short) byShort.set(spec.short, name);
  for (const long of longNames(spec)) byLong.set(long, name);
}

/** getopt_long's lookup: the exact name, else the option every name starting so belongs to. */
function longOption(key: string, arg: string): [string, TraceOptionName] {
  const exact = byLong.get(key);
  if (exact) return [key, exact];
  const matches = [...byLong].filter(([long]) => key !== '' && long.startsWith(key));
  const first = matches[0];
  if (!first) throw new UsageError(`unrecognized option '${arg}'`);
  if (matches.some(([, name]) => name !== first[1]))
    throw new UsageError(
      `option '--${key}' is ambiguous; possibilities: ${matches.map(([l]) => `'--${l}'`).join(' ')}`,
    );
  return first;
}

/** Parses like getopt with a leading '+': options end at the first non-option word or at `--`. */
export function parseTraceArgs(argv: readonly string[]): ParsedTraceArgs {
  const counts: Partial<Record<TraceOptionName, number>> = {};
  const values: Partial<Record<TraceOptionName, string[]>> = {};
  const order: { name: TraceOptionName; flag: string; value?: string }[] = [];
  const record = (name: TraceOptionName, flag: string, value?: string): void => {
    counts[name] = (counts[name] ?? 0) + 1;
    if (value !== undefined) values[name] = [...(values[name] ?? []), value];
    order.push(value === undefined ? { name, flag } : { name, flag, value });
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
      const [key, name] = longOption(arg.slice(2, eq < 0 ? undefined : eq), arg);
      const spec: OptionSpec = TRACE_OPTIONS[name];
      if (!spec.value) {
        if (eq >= 0) throw new UsageError(`option '--${key}' doesn't allow an argument`);
        record(name, `--${key}`);
        continue;
      }
      const value = eq >= 0 ? arg.slice(eq + 1) : spec.value === 'optional' ? undefined : argv[++i];
      if (value === undefined && spec.value !== 'optional')
        throw new UsageError(`option '--${key}' requires an argument`);
      record(name, `--${key}`, value);
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    for (let j = 1; j < arg.length; j++) {
      const ch = arg[j] as string;
      const name = byShort.get(ch);
      if (!name) throw new UsageError(`invalid option -- '${ch}'`);
      const spec: OptionSpec = TRACE_OPTIONS[name];
      if (spec.value !== true) {
        record(name, `-${ch}`);
        continue;
      }
      const rest = arg.slice(j + 1);
      const value = rest !== '' ? rest : argv[++i];
      if (value === undefined) throw new UsageError(`option requires an argument -- '${ch}'`);
      record(name, `-${ch}`, value);
      break;
    }
  }
  return { counts, values, order, command: argv.slice(i) };
}

export const TRACE_HELP = (Object.values(TRACE_OPTIONS) as OptionSpec[])
  .map((o) => {
    const names = [o.short && `-${o.short}`, ...longNames(o).map((l) => `--${l}`)].filter(Boolean).join(', ');
    const arg = o.value === 'optional' ? '[=ARG]' : o.value ? ' ARG' : '';
    return `  ${`${names}${arg}`.padEnd(26)} ${o.help}`;
  })
  .join('\n');
