// strace's qualifiers and output options, in command-line order: -e trace=/status=/signal=/quiet=/read=/write=/
// trace-fds= and their long forms, -z/-Z, -q, -P, -t/-r/-T and --timestamps. Errors and warnings in strace's words.
import type { FdDetail } from '../decode/options.js';
import { UsageError } from '../errors.js';
import { type InjectRule, parseInject } from '../filter/inject-spec.js';
import { isComplete, type NumberSet } from '../filter/number-set.js';
import {
  type CallStatus,
  parseFdSet,
  parseQuietSet,
  parseSignalSet,
  parseStatusSet,
  type QuietClass,
  quietClasses,
  STATUSES,
  statusNames,
} from '../filter/qualifiers.js';
import { parseTraceSet } from '../filter/trace-set.js';
import {
  type AbsoluteState,
  NO_TIMESTAMPS,
  parseTimestamps,
  precisionDigits,
  SHORT_TIMESTAMPS,
  type TimeOptions,
} from '../format/timestamps.js';
import { quoteBytes } from '../model/quote.js';
import { listSyscalls } from '../tables/syscalls.js';
import { parseDecodePids, parseKvm, parseSecontext } from './strace-extras.js';
import type { ParsedTraceArgs } from './trace-options.js';

/** -q, -qq, -qqq as strace expands them. */
const Q_LEVELS = ['attach,personality', 'exit,attach,personality', 'all'] as const;
const Q_LEVELS_DEFAULT = Q_LEVELS[0];

type Qualifier =
  | 'trace'
  | 'status'
  | 'signal'
  | 'quiet'
  | 'read'
  | 'write'
  | 'trace-fds'
  | 'inject'
  | 'fault'
  | 'abbrev'
  | 'verbose'
  | 'raw'
  | 'kvm'
  | 'decode-fds'
  | 'decode-pids'
  | 'secontext';

/** strace's qual_options names (6.1, and 6.3's trace-fds), by the qualifier they set. */
const QUALIFIERS: Readonly<Record<string, Qualifier | 'unsupported'>> = {
  trace: 'trace',
  t: 'trace',
  signal: 'signal',
  signals: 'signal',
  s: 'signal',
  status: 'status',
  quiet: 'quiet',
  silent: 'quiet',
  silence: 'quiet',
  q: 'quiet',
  read: 'read',
  reads: 'read',
  r: 'read',
  write: 'write',
  writes: 'write',
  w: 'write',
  'trace-fd': 'trace-fds',
  'trace-fds': 'trace-fds',
  fd: 'trace-fds',
  fds: 'trace-fds',
  abbrev: 'abbrev',
  a: 'abbrev',
  verbose: 'verbose',
  v: 'verbose',
  raw: 'raw',
  x: 'raw',
  fault: 'fault',
  inject: 'inject',
  kvm: 'kvm',
  'decode-fd': 'decode-fds',
  'decode-fds': 'decode-fds',
  'decode-pid': 'decode-pids',
  'decode-pids': 'decode-pids',
  secontext: 'secontext',
};

/** Long options that are a qualifier in disguise (`--status=SET` is `-e status=SET`). */
const LONG_QUALIFIERS: Partial<Record<string, Qualifier>> = {
  trace: 'trace',
  status: 'status',
  signals: 'signal',
  readFds: 'read',
  writeFds: 'write',
  traceFds: 'trace-fds',
  quietSet: 'quiet',
  inject: 'inject',
  fault: 'fault',
  rawSet: 'raw',
  abbrevSet: 'abbrev',
  verboseSet: 'verbose',
  kvm: 'kvm',
  decodeFds: 'decode-fds',
  decodePids: 'decode-pids',
  secontext: 'secontext',
};

/** What a long option without its `=VALUE` means. */
const LONG_DEFAULTS: Partial<Record<Qualifier, string>> = {
  quiet: Q_LEVELS_DEFAULT,
  'decode-fds': 'path',
  secontext: '!full,mismatch',
};

export interface OutputOptions {
  /** -e trace=: syscall names; undefined traces all. */
  readonly traceSet?: Set<string>;
  readonly quiet: readonly QuietClass[];
  /** undefined: every call prints (no holding back). */
  readonly status?: readonly CallStatus[];
  readonly signals?: NumberSet;
  readonly dumpRead?: NumberSet;
  readonly dumpWrite?: NumberSet;
  readonly traceFds?: NumberSet;
  /** -e inject= / -e fault= rules in command-line order. */
  readonly inject?: readonly InjectRule[];
  /** -P paths as given, then their resolved forms. */
  readonly paths: readonly string[];
  readonly time: TimeOptions;
  /** -e raw=, -e abbrev=, -e verbose=: the calls in each set (undefined: strace's default, all). */
  readonly rawCalls?: readonly string[];
  readonly abbrevCalls?: readonly string[];
  readonly verboseCalls?: readonly string[];
  /** -e decode-fds=: the fd details asked for. */
  readonly fdDetails?: readonly FdDetail[];
  /** -e decode-pids=comm (-Y). */
  readonly decodePidsComm: boolean;
  /** --decode-pids=pidns: pids from another pid namespace also given in vat's. */
  readonly decodePidsNs: boolean;
  /** --secontext: which parts of SELinux contexts to print (undefined: none). */
  readonly secontext?: { readonly full: boolean; readonly mismatch: boolean };
  /** -e kvm=vcpu. */
  readonly kvmVcpu?: boolean;
  /** Warnings strace prints and goes on (one line each, without the `vat: `): those of parsing (inject's). */
  readonly warnings: readonly string[];
  /** -z/-Z's and -P's, which strace says after its checks of the options together. */
  readonly lateWarnings: readonly string[];
  /** -q with -e quiet=/--quiet: refused, but only where strace checks it (after -P's paths and -o's file). */
  readonly quietConflict: boolean;
}

/** `-e QUALIFIER=SET` into the qualifier and its set; an unknown word before `=` makes it all a trace set. */
function splitQualifier(expr: string): [Qualifier, string] {
  const eq = expr.indexOf('=');
  const key = expr.slice(0, eq);
  const which = eq >= 0 && Object.hasOwn(QUALIFIERS, key) ? QUALIFIERS[key] : undefined;
  if (which === undefined) return ['trace', expr];
  if (which === 'unsupported') throw new UsageError(`-e ${key}=...: not supported yet by vat`);
  return [which, expr.slice(eq + 1)];
}

/** -r/-T's precision: none given keeps 6 digits; `invalid --syscall-times argument: 'ps'` otherwise. */
function precision(flag: string, value: string | undefined): number {
  if (value === undefined) return 6;
  const d = value === '' ? undefined : precisionDigits(value);
  if (d === undefined) throw new UsageError(`invalid ${flag} argument: '${value}'`);
  return d;
}

export function parseOutputOptions(
  parsed: ParsedTraceArgs,
  context: {
    readonly toFile: boolean;
    readonly launching: boolean;
    /** A -P path's realpath, undefined when it does not resolve (the environment port's). */
    readonly realpath: (path: string) => string | undefined;
  },
): OutputOptions {
  let traceSet: Set<string> | undefined;
  let status: NumberSet | undefined;
  let signals: NumberSet | undefined;
  let quietSet: NumberSet | undefined;
  let dumpRead: NumberSet | undefined;
  let dumpWrite: NumberSet | undefined;
  let traceFds: NumberSet | undefined;
  const inject: InjectRule[] = [];
  const warnings: string[] = [];
  let zflags = 0;
  let absolute: AbsoluteState = NO_TIMESTAMPS;
  let longTimestamps = false;
  let relative: number | undefined;
  let syscall: number | undefined;
  const given: string[] = [];
  const calls: Partial<Record<'raw' | 'abbrev' | 'verbose', string[]>> = {};
  let fdDetails: FdDetail[] | undefined;
  // strace: the last --decode-pids= replaces the set; -Y adds comm to it
  let decodePidsComm = false;
  let decodePidsNs = false;
  let kvmVcpu = false;
  let secontext: ReturnType<typeof parseSecontext>;
  const qualify = (q: Qualifier, spec: string): void => {
    if (q === 'raw' || q === 'abbrev' || q === 'verbose') {
      const set = parseTraceSet(spec);
      calls[q] = set ? [...set] : allSyscallNames();
    } else if (q === 'decode-fds') fdDetails = parseFdDetails(spec);
    else if (q === 'decode-pids') ({ comm: decodePidsComm, pidns: decodePidsNs } = parseDecodePids(spec));
    else if (q === 'kvm') kvmVcpu = parseKvm(spec) === 'vcpu';
    else if (q === 'secontext') secontext = parseSecontext(spec);
    else if (q === 'trace') traceSet = parseTraceSet(spec);
    else if (q === 'status') status = parseStatusSet(spec);
    else if (q === 'signal') signals = parseSignalSet(spec);
    else if (q === 'quiet') quietSet = parseQuietSet(spec);
    else if (q === 'read') dumpRead = parseFdSet(spec);
    else if (q === 'write') dumpWrite = parseFdSet(spec);
    else if (q === 'inject' || q === 'fault') {
      const { rule, warnings: w } = parseInject(q, spec);
      inject.push(rule);
      warnings.push(...w);
    } else traceFds = parseFdSet(spec);
  };
  for (const { name, flag, value } of parsed.order) {
    const long = LONG_QUALIFIERS[name];
    if (name === 'expr') qualify(...splitQualifier(value ?? ''));
    // --quiet alone is -e quiet=attach,personality
    else if (long) {
      const spec = value ?? LONG_DEFAULTS[long];
      if (spec === undefined) throw new UsageError(`option '${flag}' requires an argument`);
      qualify(long, spec);
    } else if (name === 'successfulOnly' || name === 'failedOnly') {
      status = parseStatusSet(name === 'successfulOnly' ? 'successful' : 'failed');
      zflags++;
    } else if (name === 'tracePath' && value !== undefined) given.push(value);
    else if (name === 'decodePidsComm') decodePidsComm = true;
    else if (name === 'pidnsTranslation') qualify('decode-pids', 'pidns');
    else if (name === 'timestamps') {
      longTimestamps = true;
      const next = parseTimestamps(value ?? SHORT_TIMESTAMPS[0], absolute);
      if (!next) throw new UsageError(`invalid ${flag} argument: '${value}'`);
      absolute = next;
    } else if (name === 'relative') relative = precision(flag, value);
    else if (name === 'syscallTimes') syscall = precision(flag, value);
  }
  const tshort = parsed.counts.tshort ?? 0;
  if (tshort > 0) {
    if (longTimestamps)
      throw new UsageError('-t and --absolute-timestamps cannot be provided simultaneously');
    absolute = parseTimestamps(SHORT_TIMESTAMPS[Math.min(tshort, 3) - 1] as string, absolute) ?? absolute;
  }
  // strace says these after its checks of -f, -c and -o (trace-config.ts), the parse-time ones before them
  const lateWarnings: string[] = [];
  if (zflags > 1)
    lateWarnings.push(
      'Only the last of -z/--successful-only/-Z/--failed-only options will take effect. ' +
        'See status qualifier for more complex filters.',
    );
  // strace resolves -P paths before it applies -q: only an explicit -e quiet= silences this
  const explicitQuiet = quietSet ? quietClasses(quietSet) : [];
  const paths = selectPaths(given, explicitQuiet.includes('path-resolution'), lateWarnings, context.realpath);
  let qshort = parsed.counts.quiet ?? 0;
  const quietConflict = qshort > 0 && quietSet !== undefined;
  // as strace: launching a command with -o FILE implies -q unless a quiet setting is given
  if (qshort === 0 && !quietSet && context.toFile && context.launching) qshort = 1;
  const quiet =
    qshort > 0 ? quietClasses(parseQuietSet(Q_LEVELS[Math.min(qshort, 3) - 1] as string)) : explicitQuiet;
  const time: TimeOptions = {
    ...(absolute.format !== 'none'
      ? { absolute: { unix: absolute.format === 'unix', digits: absolute.digits } }
      : {}),
    ...(relative !== undefined ? { relative } : {}),
    ...(syscall !== undefined ? { syscall } : {}),
  };
  return {
    ...(traceSet ? { traceSet } : {}),
    quiet,
    ...(status && !isComplete(status, STATUSES.length) ? { status: statusNames(status) } : {}),
    ...(signals ? { signals } : {}),
    ...(dumpRead ? { dumpRead } : {}),
    ...(dumpWrite ? { dumpWrite } : {}),
    ...(traceFds ? { traceFds } : {}),
    ...(inject.length > 0 ? { inject } : {}),
    paths,
    time,
    warnings,
    lateWarnings,
    quietConflict,
    ...(calls.raw ? { rawCalls: calls.raw } : {}),
    ...(calls.abbrev ? { abbrevCalls: calls.abbrev } : {}),
    ...(calls.verbose ? { verboseCalls: calls.verbose } : {}),
    ...(fdDetails ? { fdDetails } : {}),
    decodePidsComm,
    decodePidsNs,
    ...(kvmVcpu ? { kvmVcpu } : {}),
    ...(secontext ? { secontext } : {}),
  };
}

/**
 * strace's pathtrace_select: each path as given, and its realpath when that differs (said on stderr unless
 * -e quiet=path-resolution). A path that does not exist is kept as given.
 */
function selectPaths(
  given: readonly string[],
  quiet: boolean,
  warnings: string[],
  realpath: (path: string) => string | undefined,
): string[] {
  const paths: string[] = [];
  const add = (p: string): void => {
    if (!paths.includes(p)) paths.push(p);
  };
  for (const p of given) {
    add(p);
    const real = realpath(p);
    if (real === undefined || real === p) continue;
    const q = (s: string): string => quoteBytes(Buffer.from(s), false, 0);
    if (!quiet) warnings.push(`Requested path ${q(p)} resolved into ${q(real)}`);
    add(real);
  }
  return paths;
}

const FD_DETAILS: readonly FdDetail[] = ['path', 'socket', 'dev', 'pidfd'];

/** -e decode-fds=SET: path, socket, dev, pidfd, all, none (strace's words for errors). */
function parseFdDetails(spec: string): FdDetail[] {
  const out = new Set<FdDetail>();
  for (const word of spec.split(',')) {
    if (word === 'all') for (const d of FD_DETAILS) out.add(d);
    else if ((FD_DETAILS as readonly string[]).includes(word)) out.add(word as FdDetail);
    else if (word !== 'none') throw new UsageError(`invalid decode-fds '${word}'`);
  }
  return [...out];
}

const allSyscallNames = (): string[] => listSyscalls('x86_64').map((c) => c.name);
