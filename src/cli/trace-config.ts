// strace's options into what a trace runs: the engine's TraceConfig, the outputs, the engine choice, -I's level
// and -D. A pure function of the parsed options and the environment port (trace-env.ts): it returns the plan or
// strace's error, with the warnings said before either, all in strace's order; the runner (trace-command.ts)
// writes them and does the I/O.
import type { DecodeOptions } from '../decode/options.js';
import type { RunAs, TraceConfig, TraceOutputs } from '../engine/engine.js';
import { ENGINE_CHOICES, type EngineChoice, parseRingSize } from '../engine/select.js';
import { UsageError, VatError } from '../errors.js';
import type { QuietClass } from '../filter/qualifiers.js';
import { DEFAULT_COLUMNS, parseColumns, parseSortBy } from '../format/summary-table.js';
import type { SummarySpec } from '../sink/summary-sink.js';
import type { TextTarget } from '../sink/text-sink.js';
import { extraOptions } from './extra-options.js';
import { type InterruptLevel, interruptLevel } from './interrupt-signals.js';
import { parseOutputOptions } from './output-options.js';
import { daemonizeLevel, parseDetachOn } from './strace-extras.js';
import type { TipsSpec } from './tips.js';
import type { TraceEnv } from './trace-env.js';
import type { ParsedTraceArgs } from './trace-options.js';

/** What the runner does with a trace's options. */
export interface TracePlan {
  /** What the engine does; the runner adds the launch state it captured. */
  readonly config: TraceConfig;
  readonly outputs: TraceOutputs;
  readonly engine: {
    readonly choice: EngineChoice;
    /** --engine was not given: auto, or ptrace when vat stands in for strace (a link named `strace`). */
    readonly defaulted: boolean;
    /** Say on stderr which engine and why: -d, or -v with --engine. */
    readonly say: boolean;
  };
  readonly interruptLevel: InterruptLevel;
  /** -D's level (0: none); `daemonOf` in the config is set in the detached tracer. */
  readonly daemonize: number;
  /** In the detached tracer: its -D level (it leaves vat's process group or session). */
  readonly daemonLevel?: number;
  /** -d's lines (the runner adds what it finds at run time). */
  readonly debug?: readonly string[];
  readonly tips?: TipsSpec;
}

export type TraceBuild =
  | { readonly kind: 'trace'; readonly warnings: readonly string[]; readonly plan: TracePlan }
  | { readonly kind: 'refused'; readonly warnings: readonly string[]; readonly error: VatError };

/** The plan, or the first error strace would give; the warnings said before it either way. */
export function buildTraceConfig(parsed: ParsedTraceArgs, env: TraceEnv): TraceBuild {
  const warnings: string[] = [];
  try {
    return { kind: 'trace', warnings, plan: plan(parsed, env, warnings) };
  } catch (error) {
    if (error instanceof VatError) return { kind: 'refused', warnings, error };
    throw error;
  }
}

function parsePids(values: readonly string[], self: number): number[] {
  const pids: number[] = [];
  for (const v of values)
    for (const part of v.split(/[\s,]+/).filter(Boolean)) {
      if (!/^\d+$/.test(part) || Number(part) <= 0) throw new UsageError(`Invalid process id: '${part}'`);
      if (Number(part) === self) throw new UsageError("I'm sorry, I can't let you do that, Dave.");
      if (!pids.includes(Number(part))) pids.push(Number(part)); // `-p X -p X` attaches once
    }
  return pids;
}

/** -s/--string-limit N (the last one): strace's limit is UINT_MAX / 4; its error names the option as written. */
function parseStrsize(order: ParsedTraceArgs['order']): number {
  const o = order.findLast((e) => e.name === 'strsize' && e.value !== undefined);
  if (o === undefined) return 32;
  return strsizeValue(o.value as string, o.flag);
}

function strsizeValue(v: string, flag: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 0x3fffffff) throw new UsageError(`invalid ${flag} argument: '${v}'`);
  return Number(v);
}

/** The first -p, -s, -S or -b on the command line whose value strace refuses as it reads it, and where it is. */
function firstBadValue(
  order: ParsedTraceArgs['order'],
  self: number,
): { index: number; error: VatError } | undefined {
  for (const [index, o] of order.entries()) {
    if (o.value === undefined) continue;
    try {
      if (o.name === 'attach') parsePids([o.value], self);
      else if (o.name === 'strsize') strsizeValue(o.value, o.flag);
      else if (o.name === 'sortBy') parseSortBy(o.value);
      else if (o.name === 'detachOn') parseDetachOn(o.value);
    } catch (error) {
      if (error instanceof VatError) return { index, error };
      throw error;
    }
  }
  return undefined;
}

/** The checks in strace's order: each error thrown, each warning pushed as strace would write it then. */
function plan(parsed: ParsedTraceArgs, env: TraceEnv, warnings: string[]): TracePlan {
  const { counts, values, command } = parsed;
  const outputContext = {
    toFile: values.output?.at(-1) !== undefined,
    launching: command.length > 0,
    realpath: env.realpath,
  };
  // strace reads -p, -s, -S and -b as its getopt loop meets them: an -e error before the first bad one wins
  const bad = firstBadValue(parsed.order, env.pid);
  if (bad) {
    parseOutputOptions({ ...parsed, order: parsed.order.slice(0, bad.index) }, outputContext);
    throw bad.error;
  }
  const attach = parsePids(values.attach ?? [], env.pid);
  const systemWide = (counts.systemWide ?? 0) > 0;
  const cgroup = values.cgroup?.at(-1);
  const scoped = systemWide || cgroup !== undefined;
  // -e qualifiers, -z/-Z, -q, -P and the time options (strace's errors; its warnings come a little later),
  // before the command is looked for: strace parses them with the options
  const shown = parseOutputOptions(parsed, outputContext);
  warnings.push(...shown.warnings);
  // -U too is checked as strace parses it
  if (values.columns) parseColumns(values.columns.join(','));
  // so are -c and -C: strace refuses the second as it meets it
  if (counts.summary && counts.summaryToo)
    throw new UsageError('-c/--summary-only and -C/--summary are mutually exclusive');
  const strsize = parseStrsize(parsed.order);
  const extra = extraOptions(parsed);
  if (command.length === 0 && attach.length === 0 && !scoped)
    throw new UsageError('must have PROG [ARGS] or -p PID');
  if (extra.argv0 !== undefined && command.length === 0)
    throw new UsageError('--argv0 requires a command to launch');
  // a drop-in strace keeps strace's engine; vat itself picks eBPF where it can
  const choice = values.engine?.at(-1) ?? (env.standsInForStrace && !scoped ? 'ptrace' : 'auto');
  if (!(ENGINE_CHOICES as readonly string[]).includes(choice))
    throw new UsageError(`invalid --engine argument: '${choice}' (ptrace, ebpf or auto)`);
  const ringSize = values.ringSize ? parseRingSize(values.ringSize.at(-1) as string) : undefined;
  const output = values.output?.at(-1);
  // then strace checks the options together, in this order
  const daemonize = daemonizeLevel(extra.daemonize, command.length > 0);
  if (extra.hexConflict)
    throw new VatError('-x and --strings-in-hex cannot be provided simultaneously', 'EUSAGE', 1);
  const seccompAsked = counts.seccompBpf !== undefined && !counts.noSeccompBpf;
  // -b execve lets processes go with the filter still in them, where SECCOMP_RET_TRACE would fail their calls
  if (seccompAsked && extra.detachOnExec)
    warnings.push('--seccomp-bpf is not enabled because it is not compatible with -b');
  const forks = followForks(parsed.order);
  if (seccompAsked && !extra.detachOnExec) {
    if (attach.length > 0 && (command.length === 0 || extra.debug))
      warnings.push('--seccomp-bpf is not enabled for processes attached with -p');
    if (!forks.follow) warnings.push('--seccomp-bpf cannot be used without -f/--follow-forks, disabling');
  }
  if (forks.deprecatedF !== undefined) warnings.push(forks.deprecatedF);
  const summaryWanted = counts.summary || counts.summaryToo;
  const summaryOnly = Boolean(counts.summary) && !counts.summaryToo;
  if (summaryWanted && forks.separately)
    throw new UsageError(
      '(-c/--summary-only or -C/--summary) and -ff/--output-separately are mutually exclusive',
    );
  if (!summaryWanted && counts.wall)
    throw new UsageError('-w/--summary-wall-clock must be given with (-c/--summary-only or -C/--summary)');
  if (!summaryWanted && values.columns)
    throw new UsageError('-U/--summary-columns must be given with (-c/--summary-only or -C/--summary)');
  if (!summaryWanted && values.sortBy)
    warnings.push('-S/--summary-sort-by has no effect without (-c/--summary-only or -C/--summary)');
  // --secontext as strace built with SELinux support: where SELinux is off no context can be read, and
  // none is looked for
  const secontext = shown.secontext && env.selinuxEnabled() ? shown.secontext : undefined;
  const traceSet = shown.traceSet;
  const yflag = shown.fdDetails
    ? shown.fdDetails.length === 0
      ? 0
      : shown.fdDetails.some((d) => d !== 'path')
        ? 2
        : 1
    : (Math.min(counts.fds ?? 0, 2) as 0 | 1 | 2);
  const decode: DecodeOptions = {
    strsize,
    xflag: extra.xflag ?? (Math.min(counts.hex ?? 0, 2) as 0 | 1 | 2),
    verbose: (counts.verbose ?? 0) > 0,
    yflag,
    ...(shown.fdDetails ? { fdDetails: shown.fdDetails } : {}),
    ...(shown.decodePidsComm ? { decodePids: true } : {}),
    ...(shown.decodePidsNs ? { pidns: true } : {}),
    ...(extra.constStyle ? { constStyle: extra.constStyle } : {}),
    ...(shown.rawCalls ? { rawCalls: shown.rawCalls } : {}),
    ...(shown.abbrevCalls ? { abbrevCalls: shown.abbrevCalls } : {}),
    ...(shown.verboseCalls ? { verboseCalls: shown.verboseCalls } : {}),
    ...(shown.dumpRead ? { dumpRead: shown.dumpRead } : {}),
    ...(shown.dumpWrite ? { dumpWrite: shown.dumpWrite } : {}),
    ...(shown.kvmVcpu ? { kvmVcpu: true } : {}),
    ...(shown.paths.length > 0 || shown.traceFds ? { pathTrace: true } : {}),
    ...(secontext ? { secontext } : {}),
  };
  if (summaryOnly) warnings.push(...summaryOnlyWarnings(counts, shown, yflag > 0));
  if (output === undefined) {
    if (forks.separately && !forks.follow)
      warnings.push('--output-separately has no effect without -o/--output');
    if (counts.append) warnings.push('-A/--output-append-mode has no effect without -o/--output');
  }
  warnings.push(...shown.lateWarnings);
  const user = extra.userName !== undefined ? userOf(extra.userName, env.user) : undefined;
  const seccompBpf =
    !extra.detachOnExec &&
    seccompChoice(counts, traceSet !== undefined, user !== undefined, forks.follow, warnings);
  // strace runs -ff without -o as -f (one stream has no per-process files to split into)
  const perProcess = forks.separately && output !== undefined;
  if ((output?.startsWith('|') || output?.startsWith('!')) && forks.separately)
    throw new UsageError('piping the output and -ff/--output-separately are mutually exclusive');
  // strace's `Can't fopen`, before the command runs (not after its side effects are done): strace opens -o's
  // file before it looks for the command, -ff's files only as processes start (after the command is found)
  if (output !== undefined && !perProcess) env.checkOutput(output, false);
  if (shown.quietConflict) throw new UsageError('-q and -e quiet/--quiet cannot be provided simultaneously');
  const commandPath = command.length > 0 ? env.commandPath(command[0] as string) : undefined;
  if (output !== undefined && perProcess) env.checkOutput(output, true);
  const daemon = daemonize > 0 ? env.daemonRole() : undefined;
  const pathTrace = shown.paths.length > 0 || shown.traceFds;
  const text = {
    target: {
      ...(output !== undefined ? { path: output } : {}),
      append: (counts.append ?? 0) > 0,
      perProcess: perProcess,
    },
    options: {
      toFile: output !== undefined,
      followForks: forks.follow || scoped, // many processes: pid prefixes
      perProcess: perProcess,
      xflag: decode.xflag,
      ...(extra.align !== undefined ? { align: extra.align } : {}),
      ...(counts.syscallNumber ? { syscallNumber: true } : {}),
      ...(counts.instructionPointer ? { instructionPointer: true } : {}),
      ...(shown.decodePidsComm ? { decodePids: true } : {}),
      ...(shown.decodePidsNs ? { pidns: true } : {}),
      ...(secontext ? { secontext } : {}),
      quiet: shown.quiet,
      multiAttach: attach.length + (command.length > 0 ? 1 : 0) > 1,
      time: shown.time,
      ...(shown.status ? { status: shown.status } : {}),
      ...(shown.signals ? { signals: shown.signals } : {}),
      ...(pathTrace
        ? { pathTrace: { paths: shown.paths, ...(shown.traceFds ? { fds: shown.traceFds } : {}) } }
        : {}),
      dumps: shown.dumpRead !== undefined || shown.dumpWrite !== undefined,
    },
  };
  // -I: at level 2 a fatal signal detaches every tracee (a launched command gets that signal first, as
  // strace's cleanup does) and vat then dies of it (a shell sees 130 after Ctrl-C); 3 and 4 ignore it
  const level = interruptLevel(extra.interruptible, {
    daemonize: daemonize > 0,
    toFile: output !== undefined,
    launching: command.length > 0,
  });
  const limit = values.syscallLimit?.at(-1);
  if (limit !== undefined && !/^[1-9]\d*$/.test(limit))
    throw new UsageError(`invalid --syscall-limit argument: '${limit}'`);
  const stackTraces = Boolean(counts.stackTraces) && !summaryOnly;
  if (stackTraces) {
    // -k on a machine without the unwinding library: one line saying what to install, before anything runs
    const missing = env.stackTracesUnavailable();
    if (missing !== undefined) throw new VatError(missing, 'ENOUNWIND', 1);
  }
  const summary = summarySpec(counts, values, text.target, extra.overhead, shown.quiet);
  const outputs: TraceOutputs = {
    ...(counts.json ? { json: text.target } : summary && !counts.summaryToo ? {} : { text }),
    ...(summary ? { summary } : {}),
  };
  const config: TraceConfig = {
    command,
    ...(daemon ? { daemonOf: daemon.pid } : {}),
    ...(commandPath ? { commandPath } : {}),
    attach,
    followForks: forks.follow,
    decode,
    ...(traceSet ? { traceSet: [...traceSet] } : {}),
    ...(shown.inject ? { inject: shown.inject } : {}),
    ...injectSeed(values.seed?.at(-1)),
    ...(systemWide ? { systemWide } : {}),
    ...(cgroup !== undefined ? { cgroup } : {}),
    ...(ringSize !== undefined ? { ringSize } : {}),
    ...(extra.env.length > 0 ? { commandEnv: extra.env } : {}),
    ...(extra.argv0 !== undefined ? { argv0: extra.argv0 } : {}),
    ...(extra.detachOnExec ? { detachOnExec: true } : {}),
    ...(user ? { user } : {}),
    ...(counts.instructionPointer ? { instructionPointer: true } : {}),
    ...(extra.interruptible === 1 ? { interruptible: 1 } : {}),
    seccompBpf: seccompBpf && attach.length === 0,
    ...(limit !== undefined ? { syscallLimit: Number(limit) } : {}),
    ...(counts.killOnExit ? { killOnExit: true } : {}),
    ...(extra.debug ? { debug: true } : {}),
    ...(stackTraces ? { stackTraces: true } : {}),
    quietUnknown: { attach: shown.quiet.includes('attach'), exit: shown.quiet.includes('exit') },
    // as strace: a command that closes its stdin or stdout in a pipeline must not find vat holding the pipe
    releaseStdio: true,
    // what the engine itself does for the outputs (which go to the Session, beside this config)
    ...(summary && !summary.wall ? { systemTimes: true } : {}),
    ...(outputs.text?.options.decodePids ? { nameLauncher: true } : {}),
  };
  const debug = extra.debug
    ? [
        `command ${commandPath === undefined ? '(none)' : JSON.stringify(commandPath)}, attach [${attach.join(',')}]`,
        `seccomp-bpf ${config.seccompBpf ? 'on' : 'off'}, follow ${forks.follow ? (perProcess ? 2 : 1) : 0}, trace set ${traceSet ? traceSet.size : 'all'}`,
      ]
    : undefined;
  return {
    config,
    outputs,
    engine: {
      choice: choice as EngineChoice,
      defaulted: values.engine === undefined,
      say: extra.debug || (values.engine !== undefined && decode.verbose),
    },
    interruptLevel: level,
    daemonize,
    ...(daemon ? { daemonLevel: daemon.level } : {}),
    ...(debug ? { debug } : {}),
    ...(extra.tips ? { tips: extra.tips } : {}),
  };
}

/**
 * Whether the command gets the tracing seccomp filter (on by default with -e trace=SET). Only with -f: a
 * child or thread vat does not follow inherits the filter, and SECCOMP_RET_TRACE with no tracer fails its
 * calls with ENOSYS. Without -f it is turned off, as strace does, with its warning only when --seccomp-bpf was
 * asked for (-v is strace's verbose decoding, not verbose messages; -d says whether the filter is on). Not by
 * default with -u: the command then runs as the user, who needs no_new_privs for the filter, and setuid programs
 * (-u's very purpose) would lose their privileges.
 */
function seccompChoice(
  counts: ParsedTraceArgs['counts'],
  filtered: boolean,
  asUser: boolean,
  follow: boolean,
  warnings: string[],
): boolean {
  const asked = counts.seccompBpf !== undefined && !counts.noSeccompBpf;
  const wanted = !counts.noSeccompBpf && (asked || (filtered && !asUser));
  if (!wanted || !follow) return false;
  // strace's check_seccomp_filter: a filter that passes every call on is not worth installing
  if (asked && !filtered) {
    warnings.push(
      'Seccomp filter is requested but there are no syscalls to filter.  See -e trace to filter syscalls.',
    );
    return false;
  }
  return true;
}

/**
 * strace's -f, -ff, --follow-forks, --output-separately and -F: whether forks are followed, whether each process
 * gets its own file (before -o is known: -ff without -o is then -f), and -F's warning; its two refusals.
 */
function followForks(order: ParsedTraceArgs['order']): {
  follow: boolean;
  separately: boolean;
  deprecatedF?: string;
} {
  const short = order.filter((o) => o.name === 'follow' && o.flag === '-f').length;
  const long = order.some((o) => o.name === 'follow' && o.flag !== '-f');
  const separatelyLong = order.some((o) => o.name === 'outputSeparately');
  let follow = long;
  let separately = separatelyLong;
  if (short > 0) {
    if (long) throw new VatError('-f and --follow-forks cannot be provided simultaneously', 'EUSAGE', 1);
    if (short >= 2 && separatelyLong)
      throw new VatError('-ff and --output-separately cannot be provided simultaneously', 'EUSAGE', 1);
    follow = true;
    // strace: a single -f sets output_separately back to false, --output-separately or not
    separately = short >= 2;
  }
  if (!order.some((o) => o.name === 'followDeprecated')) return { follow, separately };
  if (follow) return { follow, separately, deprecatedF: 'deprecated option -F ignored' };
  return {
    follow: true,
    separately,
    deprecatedF: 'option -F is deprecated, please use -f/--follow-forks instead',
  };
}

/** strace's warnings for options -c (without -C) makes idle, in its order. */
function summaryOnlyWarnings(
  counts: ParsedTraceArgs['counts'],
  shown: ReturnType<typeof parseOutputOptions>,
  decodeFds: boolean,
): string[] {
  const idle: [boolean, string][] = [
    [Boolean(counts.instructionPointer), '-i/--instruction-pointer'],
    [Boolean(counts.stackTraces), '-k/--stack-traces'],
    [Boolean(counts.syscallNumber), '-n/--syscall-number'],
    [shown.time.relative !== undefined, '-r/--relative-timestamps'],
    [shown.time.absolute !== undefined, '-t/--absolute-timestamps'],
    [shown.time.syscall !== undefined, '-T/--syscall-times'],
    [decodeFds, '-y/--decode-fds'],
    [shown.secontext !== undefined, '--secontext'],
  ];
  return idle.filter(([on]) => on).map(([, flag]) => `${flag} has no effect with -c/--summary-only`);
}

function userOf(name: string, findUser: TraceEnv['user']): RunAs {
  const user = findUser(name);
  if (!user) throw new UsageError(`Cannot find user '${name}'`);
  return user;
}

/** --seed N: inject's prob= draws the same choices for the same N. */
function injectSeed(value: string | undefined): { seed?: number } {
  if (value === undefined) return {};
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff)
    throw new UsageError(`invalid --seed argument: '${value}'`);
  return { seed: Number(value) };
}

/** -c/-C/-S/-U/-w/--summary-latency into the summary sink's spec; undefined when no summary is asked for. */
function summarySpec(
  counts: ParsedTraceArgs['counts'],
  values: ParsedTraceArgs['values'],
  target: TextTarget,
  overhead: bigint | undefined,
  quiet: readonly QuietClass[],
): SummarySpec | undefined {
  const wanted = counts.summary || counts.summaryToo || counts.latency;
  if (!wanted) return undefined;
  const columns = values.columns ? parseColumns(values.columns.join(',')) : [...DEFAULT_COLUMNS];
  if (counts.latency)
    columns.splice(
      columns.indexOf('name') < 0 ? columns.length : columns.indexOf('name'),
      0,
      'p50',
      'p90',
      'p99',
      'max-time',
    );
  const sortBy = values.sortBy ? parseSortBy(values.sortBy.at(-1) as string) : 'time';
  return {
    columns,
    sortBy,
    wall: Boolean(counts.wall || counts.latency),
    ...(overhead !== undefined ? { overhead } : {}),
    ...(target.path !== undefined ? { path: target.path } : {}),
    // with -C the trace text was written to the same place first
    append: target.append || Boolean(counts.summaryToo),
    // -c alone has no trace text to say attaches and detaches in
    notices: Boolean(counts.summary) && !counts.summaryToo && !counts.json && !quiet.includes('attach'),
  };
}
