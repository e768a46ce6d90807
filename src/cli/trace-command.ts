// `vat [OPTIONS] -- CMD` / `vat -p PID`: strace's options into a TraceConfig, the engine run, the exit status.
import { constants as osConstants } from 'node:os';
import { basename } from 'node:path';
import type { DecodeOptions } from '../decode/options.js';
import type { Engine, TraceConfig, TraceOutputs } from '../engine/engine.js';
import { resolveCommand } from '../engine/ptrace/launch.js';
import { PtraceEngine } from '../engine/ptrace/ptrace-engine.js';
import { stackTracesUnavailable } from '../engine/ptrace/stack/index.js';
import { stopStepReport } from '../engine/ptrace/stop-step.js';
import { ignoreDebuggerSignal } from '../engine/ptrace/tracee-signals.js';
import { ENGINE_CHOICES, type EngineChoice, parseRingSize, selectEngine } from '../engine/select.js';
import { Session } from '../engine/session.js';
import { UsageError, VatError } from '../errors.js';
import type { QuietClass } from '../filter/qualifiers.js';
import { DEFAULT_COLUMNS, parseColumns, parseSortBy } from '../format/summary-table.js';
import { checkOutputPath } from '../sink/output-check.js';
import type { SummarySpec } from '../sink/summary-sink.js';
import type { TextTarget } from '../sink/text-sink.js';
import { captureLaunchState } from '../sys/launch-state.js';
import { allocNative, libc } from '../sys/libc.js';
import { selinuxEnabled } from '../sys/selinux.js';
import { XLAT } from '../tables/generated/xlat.js';
import { signalByValue } from '../tables/signals.js';
import { syscallByName } from '../tables/syscalls.js';
import { PROG } from '../util/prog-name.js';
import { becomeCommand, daemonRole, detachTracer } from './daemonize.js';
import { extraOptions } from './extra-options.js';
import { guardSignals, interruptLevel } from './interrupt-signals.js';
import { parseOutputOptions } from './output-options.js';
import { printLines } from './parse-subcommand.js';
import { parseDetachOn } from './strace-extras.js';
import { tipText } from './tips.js';
import { type ParsedTraceArgs, parseTraceArgs, TRACE_HELP } from './trace-options.js';
import { versionLine } from './version.js';

function parsePids(values: readonly string[]): number[] {
  const pids: number[] = [];
  for (const v of values)
    for (const part of v.split(/[\s,]+/).filter(Boolean)) {
      if (!/^\d+$/.test(part) || Number(part) <= 0) throw new UsageError(`Invalid process id: '${part}'`);
      if (Number(part) === process.pid) throw new UsageError("I'm sorry, I can't let you do that, Dave.");
      if (!pids.includes(Number(part))) pids.push(Number(part)); // `-p X -p X` attaches once
    }
  return pids;
}

function parseStrsize(values: readonly string[] | undefined): number {
  const v = values?.at(-1);
  if (v === undefined) return 32;
  if (!/^\d+$/.test(v)) throw new UsageError(`invalid -s argument: '${v}'`);
  return Number(v);
}

export async function traceCommand(argv: string[]): Promise<number> {
  // first, before vat opens anything or handles a signal: what the command is to inherit
  const launchState = captureLaunchState();
  const parsed = parseTraceArgs(argv);
  const { counts, values, command } = parsed;
  if (counts.help) {
    process.stdout.write(
      `usage: vat [OPTIONS] -- COMMAND [ARGS...] | vat [OPTIONS] -p PID\n\n${TRACE_HELP}\n`,
    );
    return 0;
  }
  // -V anywhere among the options (`-o log -V`), as strace: the version on stdout, nothing traced
  if (counts.version) {
    printLines([versionLine()]);
    return 0;
  }
  const attach = parsePids(values.attach ?? []);
  const systemWide = (counts.systemWide ?? 0) > 0;
  const cgroup = values.cgroup?.at(-1);
  const scoped = systemWide || cgroup !== undefined;
  // -e qualifiers, -z/-Z, -q, -P and the time options (strace's errors; its warnings go on stderr), before
  // the command is looked for: strace parses them with the options
  const shown = parseOutputOptions(parsed, {
    toFile: values.output?.at(-1) !== undefined,
    launching: command.length > 0,
    summaryOnly: Boolean(counts.summary) && !counts.summaryToo,
  });
  // -S and -U too are checked as strace parses them
  for (const key of values.sortBy ?? []) parseSortBy(key);
  if (values.columns) parseColumns(values.columns.join(','));
  // so is each -b (`-b chdir` is refused before a missing command is)
  for (const v of values.detachOn ?? []) parseDetachOn(v);
  if (command.length === 0 && attach.length === 0 && !scoped)
    throw new UsageError('must have PROG [ARGS] or -p PID');
  const choice = values.engine?.at(-1) ?? (scoped ? 'auto' : 'ptrace');
  if (!(ENGINE_CHOICES as readonly string[]).includes(choice))
    throw new UsageError(`invalid --engine argument: '${choice}' (ptrace, ebpf or auto)`);
  const ringSize = values.ringSize ? parseRingSize(values.ringSize.at(-1) as string) : undefined;
  const output = values.output?.at(-1);
  // strace runs -ff without -o as -f (one stream has no per-process files to split into)
  const follow = output === undefined ? Math.min(counts.follow ?? 0, 1) : (counts.follow ?? 0);
  if ((output?.startsWith('|') || output?.startsWith('!')) && follow >= 2)
    throw new UsageError('piping the output and -ff are mutually exclusive');
  const summaryWanted = counts.summary || counts.summaryToo;
  if (!summaryWanted && counts.wall)
    throw new UsageError('-w/--summary-wall-clock must be given with (-c/--summary-only or -C/--summary)');
  if (!summaryWanted && values.columns)
    throw new UsageError('-U/--summary-columns must be given with (-c/--summary-only or -C/--summary)');
  if (!summaryWanted && values.sortBy)
    process.stderr.write(
      `${PROG}: -S/--summary-sort-by has no effect without (-c/--summary-only or -C/--summary)\n`,
    );
  for (const w of shown.warnings) process.stderr.write(`${PROG}: ${w}\n`);
  // --secontext as strace built with SELinux support: where SELinux is off no context can be read, and
  // none is looked for
  const secontext = shown.secontext && selinuxEnabled() ? shown.secontext : undefined;
  if (shown.secontext && counts.summary && !counts.summaryToo)
    process.stderr.write(`${PROG}: --secontext has no effect with -c/--summary-only\n`);
  const traceSet = shown.traceSet;
  const extra = extraOptions(parsed);
  const yflag = shown.fdDetails
    ? shown.fdDetails.length === 0
      ? 0
      : shown.fdDetails.some((d) => d !== 'path')
        ? 2
        : 1
    : (Math.min(counts.fds ?? 0, 2) as 0 | 1 | 2);
  const decode: DecodeOptions = {
    strsize: parseStrsize(values.strsize),
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
  if (extra.user && command.length === 0) throw new UsageError('-u and -p are mutually exclusive');
  const commandPath = command.length > 0 ? resolveCommand(command[0] as string) : undefined;
  // strace's `Can't fopen`, before the command runs (not after its side effects are done)
  if (output !== undefined) checkOutputPath(output, follow >= 2);
  if (extra.daemonize > 0 && command.length === 0)
    throw new UsageError('PROG [ARGS] must be specified with -D/--daemonize');
  const daemon = extra.daemonize > 0 ? daemonRole() : undefined;
  const config: TraceConfig = {
    command,
    ...(daemon ? { daemonOf: daemon.pid } : {}),
    ...(commandPath ? { commandPath } : {}),
    attach,
    followForks: follow > 0,
    decode,
    launchState,
    ...(traceSet ? { traceSet: [...traceSet] } : {}),
    ...(shown.inject ? { inject: shown.inject } : {}),
    ...injectSeed(values.seed?.at(-1)),
    ...(systemWide ? { systemWide } : {}),
    ...(cgroup !== undefined ? { cgroup } : {}),
    ...(ringSize !== undefined ? { ringSize } : {}),
    ...(extra.env.length > 0 ? { commandEnv: extra.env } : {}),
    ...(extra.argv0 !== undefined ? { argv0: extra.argv0 } : {}),
    ...(extra.detachOnExec ? { detachOnExec: true } : {}),
    ...(extra.user ? { user: extra.user } : {}),
    ...(counts.instructionPointer ? { instructionPointer: true } : {}),
    ...(extra.interruptible === 1 ? { interruptible: 1 } : {}),
  };
  // -D: the first vat process becomes the command; the detached tracer it starts runs on from here
  if (extra.daemonize > 0 && !daemon) return becomeCommand(extra.daemonize, config);
  if (daemon) detachTracer(daemon.level);
  const pathTrace = shown.paths.length > 0 || shown.traceFds;
  // --output-separately is -ff's second f (with -o and -f)
  const perProcess =
    follow >= 2 || (follow > 0 && output !== undefined && (counts.outputSeparately ?? 0) > 0);
  const text = {
    target: {
      ...(output !== undefined ? { path: output } : {}),
      append: (counts.append ?? 0) > 0,
      perProcess: perProcess,
    },
    options: {
      toFile: output !== undefined,
      followForks: follow > 0 || scoped, // many processes: pid prefixes
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
    daemonize: extra.daemonize > 0,
    toFile: output !== undefined,
    launching: command.length > 0,
  });
  ignoreDebuggerSignal(); // a tracee's kill(getppid(), SIGUSR1) must not open Node's debugger in vat
  if (counts.seccompBpf && (attach.length > 0 || command.length === 0))
    throw new UsageError('--seccomp-bpf cannot be used with -p: a running process cannot be given a filter');
  // -b execve lets processes go with the filter still in them, where SECCOMP_RET_TRACE would fail their calls
  if (extra.detachOnExec && counts.seccompBpf !== undefined)
    process.stderr.write(`${PROG}: --seccomp-bpf is not enabled because it is not compatible with -b\n`);
  const seccompBpf = !extra.detachOnExec && seccompChoice(counts, traceSet !== undefined, follow > 0);
  const limit = values.syscallLimit?.at(-1);
  if (limit !== undefined && !/^[1-9]\d*$/.test(limit))
    throw new UsageError(`invalid --syscall-limit argument: '${limit}'`);
  const tracing = {
    seccompBpf: seccompBpf && attach.length === 0,
    ...(limit !== undefined ? { syscallLimit: Number(limit) } : {}),
    ...(counts.killOnExit ? { killOnExit: true } : {}),
    ...(counts.stackTraces && !stackTracesIdle(counts) ? { stackTraces: stackTracesOrExplain() } : {}),
  };
  const debug = (line: string): void => {
    if (extra.debug) process.stderr.write(`${PROG}: ${line}\n`);
  };
  debug(
    `command ${commandPath === undefined ? '(none)' : JSON.stringify(commandPath)}, attach [${attach.join(',')}]`,
  );
  debug(
    `seccomp-bpf ${tracing.seccompBpf ? 'on' : 'off'}, follow ${follow}, trace set ${traceSet ? traceSet.size : 'all'}`,
  );
  if (extra.debug && choice !== 'ebpf') debug(stopStepReport());
  const summary = summarySpec(counts, values, text.target, extra.overhead, shown.quiet);
  const outputs: TraceOutputs = {
    ...(counts.json ? { json: text.target } : summary && !counts.summaryToo ? {} : { text }),
    ...(summary ? { summary } : {}),
  };
  const quietUnknown = { attach: shown.quiet.includes('attach'), exit: shown.quiet.includes('exit') };
  const full: TraceConfig = {
    ...config,
    ...tracing,
    quietUnknown,
    // as strace: a command that closes its stdin or stdout in a pipeline must not find vat holding the pipe
    releaseStdio: true,
    // what the engine itself does for the outputs (which go to the Session, beside this config)
    ...(summary && !summary.wall ? { systemTimes: true } : {}),
    ...(outputs.text?.options.decodePids ? { nameLauncher: true } : {}),
  };
  const session = new Session(
    () => {
      nameTracer();
      return pickEngine(choice as EngineChoice, full, {
        // -d always; -v (strace's verbose decoding) when --engine was given
        say: Boolean(extra.debug) || (values.engine !== undefined && decode.verbose),
        defaulted: values.engine === undefined,
        // -I 1, 3 and 4 catch no signal: vat's event loop has nothing to do while the tracer runs
        inline: level !== 2,
      });
    },
    full,
    { guard: (stop) => guardSignals(level, stop), outputs },
  );
  const outcome = await session.run();
  const interrupted = session.interrupted;
  if (extra.tips) process.stderr.write(tipText(extra.tips));
  if (interrupted !== undefined) {
    const signo = osConstants.signals[interrupted];
    reraise(signo);
    return 128 + signo;
  }
  debug(
    `command ended: status ${outcome.status}${outcome.killedBy !== undefined ? `, killed by signal ${outcome.killedBy}` : ''}`,
  );
  if (outcome.killedBy !== undefined) reraise(outcome.killedBy);
  return outcome.status;
}

/**
 * Whether the command gets the tracing seccomp filter (on by default with -e trace=SET). Only with -f: a
 * child or thread vat does not follow inherits the filter, and SECCOMP_RET_TRACE with no tracer fails its
 * calls with ENOSYS. Without -f it is turned off, as strace does, with its warning only when --seccomp-bpf was
 * asked for (-v is strace's verbose decoding, not verbose messages; -d says whether the filter is on).
 */
function seccompChoice(counts: ParsedTraceArgs['counts'], filtered: boolean, follow: boolean): boolean {
  const wanted = !counts.noSeccompBpf && (counts.seccompBpf !== undefined || filtered);
  if (!wanted || follow) return wanted;
  if (counts.seccompBpf !== undefined)
    process.stderr.write(`${PROG}: --seccomp-bpf cannot be used without -f/--follow-forks, disabling\n`);
  return false;
}

/** --seed N: inject's prob= draws the same choices for the same N. */
function injectSeed(value: string | undefined): { seed?: number } {
  if (value === undefined) return {};
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff)
    throw new UsageError(`invalid --seed argument: '${value}'`);
  return { seed: Number(value) };
}

/** --engine: the engine for this trace; with -v, which one and why on stderr. */
async function pickEngine(
  choice: EngineChoice,
  config: TraceConfig,
  how: { readonly say: boolean; readonly inline: boolean; readonly defaulted: boolean },
): Promise<Engine> {
  const chosen = selectEngine(choice, config);
  // ptrace by default, even as root: eBPF's start-up and speed figures do not hold yet (BENCHMARKS.md)
  const why =
    how.defaulted && chosen.engine === 'ptrace'
      ? 'the default (--engine auto picks eBPF when it can)'
      : chosen.why;
  if (how.say) process.stderr.write(`${PROG}: engine ${chosen.engine}: ${why}\n`);
  // the eBPF engine's code is loaded only when it runs (a ptrace trace starts sooner without it)
  if (chosen.engine === 'ebpf') return new (await import('../engine/ebpf/ebpf-engine.js')).EbpfEngine();
  // launching with no signal to catch, the tracer runs on this thread (-p and -D keep a worker)
  return new PtraceEngine({
    inline: how.inline && config.command.length > 0 && config.daemonOf === undefined,
  });
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

/**
 * Dies of the same signal as the traced command, as strace does: a parent's waitpid sees the signal, not an
 * exit status. For signals that dump core, RLIMIT_CORE goes to 0 first (the core is the command's, not vat's).
 */
/**
 * Names vat's process `vat` (its main thread's comm), as strace's is `strace`: what a tracee's getppid shows
 * under -Y (`= 1234<vat>`) and what `ps -C vat` finds. The command line in /proc stays as it was.
 */
function nameTracer(): void {
  const option = XLAT.prctl_option.values.find(([n]) => n === 'PR_SET_NAME')?.[1];
  const nr = syscallByName('x86_64', 'prctl')?.nr;
  if (option !== undefined && nr !== undefined) libc.prctlString(nr, option, basename(PROG));
}

function reraise(signo: number): void {
  if (signalByValue(signo) === undefined) return;
  const rlimit = allocNative(16); // struct rlimit { rlim_cur, rlim_max }, both 0
  libc.setrlimit(RLIMIT_CORE, rlimit.address);
  // through libc, with the default action restored: Node handles some signals itself (SIGUSR1 starts its
  // debugger), so process.kill would not end vat the way the command ended
  libc.signal(signo, SIG_DFL);
  libc.raise(signo);
}

const RLIMIT_CORE = XLAT.rlimit_resource.values.find(([name]) => name === 'RLIMIT_CORE')?.[1] ?? 4;

/** SIG_DFL is the null handler in every C library. */
const SIG_DFL = 0;

/** strace's warning: -c prints no calls, so no stacks (-C does print them). */
function stackTracesIdle(counts: ParsedTraceArgs['counts']): boolean {
  if (!counts.summary || counts.summaryToo) return false;
  process.stderr.write(`${PROG}: -k/--stack-traces has no effect with -c/--summary-only\n`);
  return true;
}

/** -k on a machine without the unwinding library: one line saying what to install, before anything runs. */
function stackTracesOrExplain(): true {
  const missing = stackTracesUnavailable();
  if (missing !== undefined) throw new VatError(missing, 'ENOUNWIND', 1);
  return true;
}

/** SELinux is mounted (what libselinux's is_selinux_enabled checks first). */
