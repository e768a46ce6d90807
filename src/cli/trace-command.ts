// `vat [OPTIONS] -- CMD` / `vat -p PID`: strace's options into a TraceConfig, the engine run, the exit status.
import type { DecodeOptions } from '../decode/options.js';
import type { TraceConfig, TraceOutcome } from '../engine/engine.js';
import { resolveCommand } from '../engine/ptrace/launch.js';
import { PtraceEngine } from '../engine/ptrace/ptrace-engine.js';
import { UsageError } from '../errors.js';
import { parseTraceSet } from '../filter/trace-set.js';
import { signalByValue } from '../tables/signals.js';
import { parseTraceArgs, TRACE_HELP } from './trace-options.js';

function parsePids(values: readonly string[]): number[] {
  const pids: number[] = [];
  for (const v of values)
    for (const part of v.split(/[\s,]+/).filter(Boolean)) {
      if (!/^\d+$/.test(part) || Number(part) <= 0) throw new UsageError(`Invalid process id: '${part}'`);
      if (Number(part) === process.pid) throw new UsageError("I'm sorry, I can't let you do that, Dave.");
      pids.push(Number(part));
    }
  return pids;
}

function parseStrsize(values: readonly string[] | undefined): number {
  const v = values?.at(-1);
  if (v === undefined) return 32;
  if (!/^\d+$/.test(v)) throw new UsageError(`invalid -s argument: '${v}'`);
  return Number(v);
}

/** -e QUALIFIER=SET; only trace= is understood so far, the rest is refused rather than ignored. */
function parseExpressions(values: readonly string[]): Set<string> | undefined {
  let set: Set<string> | undefined;
  for (const expr of values) {
    const eq = expr.indexOf('=');
    const [qualifier, spec] = eq < 0 ? ['trace', expr] : [expr.slice(0, eq), expr.slice(eq + 1)];
    if (qualifier === 't' || qualifier === 'trace') set = parseTraceSet(spec);
    else throw new UsageError(`-e ${qualifier}=...: not supported yet by vat (only trace=)`);
  }
  return set;
}

export async function traceCommand(argv: string[]): Promise<number> {
  const { counts, values, command } = parseTraceArgs(argv);
  if (counts.help) {
    process.stdout.write(
      `usage: vat [OPTIONS] -- COMMAND [ARGS...] | vat [OPTIONS] -p PID\n\n${TRACE_HELP}\n`,
    );
    return 0;
  }
  const attach = parsePids(values.attach ?? []);
  if (command.length === 0 && attach.length === 0) throw new UsageError('must have PROG [ARGS] or -p PID');
  const follow = counts.follow ?? 0;
  const output = values.output?.at(-1);
  if ((output?.startsWith('|') || output?.startsWith('!')) && follow >= 2)
    throw new UsageError('piping the output and -ff are mutually exclusive');
  if (follow >= 2 && output === undefined) throw new UsageError('-ff has no effect without -o');
  const decode: DecodeOptions = {
    strsize: parseStrsize(values.strsize),
    xflag: Math.min(counts.hex ?? 0, 2) as 0 | 1 | 2,
    verbose: (counts.verbose ?? 0) > 0,
    yflag: Math.min(counts.fds ?? 0, 2) as 0 | 1 | 2,
  };
  const traceSet = parseExpressions([
    ...(values.expr ?? []),
    ...(values.trace ?? []).map((t) => `trace=${t}`),
  ]);
  const commandPath = command.length > 0 ? resolveCommand(command[0] as string) : undefined;
  const config: TraceConfig = {
    command,
    ...(commandPath ? { commandPath } : {}),
    attach,
    followForks: follow > 0,
    decode,
    ...(traceSet ? { traceSet: [...traceSet] } : {}),
  };
  // as strace: launching a command with -o FILE implies -q (no attach notices) unless -q is given
  const quiet = counts.quiet ?? (output !== undefined && command.length > 0 ? 1 : 0);
  const text = {
    target: { ...(output !== undefined ? { path: output } : {}), append: (counts.append ?? 0) > 0, perProcess: follow >= 2 },
    options: {
      toFile: output !== undefined,
      followForks: follow > 0,
      perProcess: follow >= 2,
      xflag: decode.xflag,
      quiet,
      multiAttach: attach.length + (command.length > 0 ? 1 : 0) > 1,
    },
  };
  const engine = new PtraceEngine();
  // attach mode: Ctrl-C, SIGTERM, SIGHUP detach and leave the tracees running;
  // launch mode: as strace with -o, vat ignores them and the command decides (it gets them from the terminal)
  const onSignal = (): void => {
    if (attach.length > 0 && command.length === 0) engine.stop();
  };
  const handled = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGPIPE'] as const;
  for (const s of handled) process.on(s, onSignal);
  let outcome: TraceOutcome;
  try {
    outcome = await engine.run({ ...config, text });
  } finally {
    for (const s of handled) process.off(s, onSignal);
  }
  if (outcome.killedBy !== undefined) reraise(outcome.killedBy);
  return outcome.status;
}

/** Dies of the same signal as the traced command, as strace does (no core file of vat itself). */
function reraise(signo: number): void {
  const name = signalByValue(signo)?.name;
  const coreSignals = [
    'SIGQUIT',
    'SIGILL',
    'SIGTRAP',
    'SIGABRT',
    'SIGBUS',
    'SIGFPE',
    'SIGSEGV',
    'SIGSYS',
    'SIGXCPU',
    'SIGXFSZ',
  ];
  if (!name || coreSignals.includes(name) || name.startsWith('SIGRT')) return;
  process.kill(process.pid, name as NodeJS.Signals);
}
