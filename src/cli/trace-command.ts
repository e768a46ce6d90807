// `vat [OPTIONS] -- CMD` / `vat -p PID`: the runner. The options become a plan (trace-config.ts, pure); here
// are the I/O: warnings and errors written, -D's fork, the engine run by a Session, the exit status.
import { constants as osConstants } from 'node:os';
import { basename } from 'node:path';
import { startRing } from '../engine/ebpf/ring-size.js';
import type { Engine, TraceConfig, TraceOutputs } from '../engine/engine.js';
import { PtraceEngine } from '../engine/ptrace/ptrace-engine.js';
import { stopStepReport } from '../engine/ptrace/stop-step.js';
import { ignoreDebuggerSignal } from '../engine/ptrace/tracee-signals.js';
import type { InlineSignals } from '../engine/ptrace/tracer-host.js';
import { type EngineChoice, type Selection, selectEngine } from '../engine/select.js';
import { Session } from '../engine/session.js';
import { VatError } from '../errors.js';
import { captureLaunchState } from '../sys/launch-state.js';
import { allocNative, libc } from '../sys/libc.js';
import { XLAT } from '../tables/generated/xlat.js';
import { signalByValue } from '../tables/signals.js';
import { syscallByName } from '../tables/syscalls.js';
import { PROG } from '../util/prog-name.js';
import { becomeCommand, detachTracer } from './daemonize.js';
import { FATAL_SIGNALS, type FatalSignal, guardSignals } from './interrupt-signals.js';
import { printLines } from './parse-subcommand.js';
import { tipText } from './tips.js';
import { buildTraceConfig } from './trace-config.js';
import { systemTraceEnv } from './trace-env.js';
import { parseTraceArgs, TRACE_HELP } from './trace-options.js';
import { versionLine } from './version.js';

export async function traceCommand(argv: string[]): Promise<number> {
  // first, before vat opens anything or handles a signal: what the command is to inherit
  const launchState = captureLaunchState();
  const parsed = parseTraceArgs(argv);
  if (parsed.counts.help) {
    process.stdout.write(
      `usage: vat [OPTIONS] -- COMMAND [ARGS...] | vat [OPTIONS] -p PID\n\n${TRACE_HELP}\n`,
    );
    return 0;
  }
  // -V anywhere among the options (`-o log -V`), as strace: the version on stdout, nothing traced
  if (parsed.counts.version) {
    printLines([versionLine()]);
    return 0;
  }
  const built = buildTraceConfig(parsed, systemTraceEnv());
  // -D's detached tracer read the same options: the first process said their warnings (as strace's parent
  // does before it forks)
  const tracerOfDaemon = built.kind === 'trace' && built.plan.daemonLevel !== undefined;
  if (!tracerOfDaemon) for (const w of built.warnings) process.stderr.write(`${PROG}: ${w}\n`);
  if (built.kind === 'refused') throw built.error;
  const { plan } = built;
  const config: TraceConfig = { ...plan.config, launchState };
  // -D: the first vat process becomes the command; the detached tracer it starts runs on from here
  if (plan.daemonize > 0 && plan.daemonLevel === undefined) return becomeCommand(plan.daemonize, config);
  if (plan.daemonLevel !== undefined) detachTracer(plan.daemonLevel);
  ignoreDebuggerSignal(); // a tracee's kill(getppid(), SIGUSR1) must not open Node's debugger in vat
  const debug = (line: string): void => {
    if (plan.debug) process.stderr.write(`${PROG}: ${line}\n`);
  };
  for (const line of plan.debug ?? []) debug(line);
  /** The session's stop for a signal, which -I 2's handlers call. */
  let stopOn: ((signal: FatalSignal) => void) | undefined;
  const session = new Session(
    () => {
      nameTracer();
      return pickEngine(plan.engine.choice, config, {
        say: plan.engine.say,
        defaulted: plan.engine.defaulted,
        debug: plan.debug !== undefined,
        outputs: plan.outputs,
        // vat's event loop has nothing to do while the tracer runs: -I 1, 3 and 4 catch no signal, and the tracer
        // latches -I 2's itself
        catching:
          plan.interruptLevel === 2
            ? {
                signals: FATAL_SIGNALS.map((s) => osConstants.signals[s]),
                onSignal: (signo) => {
                  const name = FATAL_SIGNALS.find((s) => osConstants.signals[s] === signo);
                  if (name !== undefined) stopOn?.(name);
                },
              }
            : undefined,
      });
    },
    config,
    {
      guard: (stop) => {
        stopOn = stop;
        return guardSignals(plan.interruptLevel, stop);
      },
      outputs: plan.outputs,
    },
  );
  const outcome = await session.run();
  const interrupted = session.interrupted;
  if (plan.tips) process.stderr.write(tipText(plan.tips));
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

/** --engine: the engine for this trace; with -d (or -v with --engine), which one and why on stderr. */
async function pickEngine(
  choice: EngineChoice,
  config: TraceConfig,
  how: {
    readonly say: boolean;
    readonly catching: InlineSignals | undefined;
    readonly defaulted: boolean;
    readonly debug: boolean;
    readonly outputs: TraceOutputs;
  },
): Promise<Engine> {
  const chosen = selectEngine(choice, config);
  if (how.say)
    process.stderr.write(`${PROG}: engine ${chosen.engine}: ${engineWhy(chosen, choice, how.defaulted)}\n`);
  // the eBPF engine's code is loaded only when it runs (a ptrace trace starts sooner without it)
  if (chosen.engine === 'ebpf') {
    // the ring's allocation (most of the engine's start-up) runs on another thread while its code loads
    const early = startRing(config, how.outputs);
    const engine = new (await import('../engine/ebpf/ebpf-engine.js')).EbpfEngine(early);
    if (choice !== 'auto') return engine;
    // auto: programs the kernel refuses (its verifier, a memory limit on the ring) leave the trace to ptrace
    try {
      await engine.prepare(config, how.outputs);
      return engine;
    } catch (err) {
      if (!(err instanceof VatError)) throw err;
      if (how.say) process.stderr.write(`${PROG}: engine ptrace: eBPF could not start: ${err.message}\n`);
    }
  }
  if (how.debug) process.stderr.write(`${PROG}: ${stopStepReport()}\n`);
  // the tracer runs on this thread (-D's detached tracer keeps a worker)
  return new PtraceEngine({ inline: config.daemonOf === undefined, catching: how.catching });
}

/** The reason -d gives for the engine: the selection's, or why the default was not auto. */
function engineWhy(chosen: Selection, choice: EngineChoice, defaulted: boolean): string {
  if (!defaulted) return chosen.why;
  // only a `strace` link defaults to ptrace (trace-config.ts)
  if (choice === 'ptrace')
    return `the default under the name ${basename(PROG)} (strace's engine; --engine auto picks eBPF when it can)`;
  return `${chosen.why} (--engine auto, the default)`;
}

/**
 * Names vat's process `vat` (its main thread's comm), as strace's is `strace`: what a tracee's getppid shows
 * under -Y (`= 1234<vat>`) and what `ps -C vat` finds. The command line in /proc stays as it was.
 */
function nameTracer(): void {
  const option = XLAT.prctl_option.values.find(([n]) => n === 'PR_SET_NAME')?.[1];
  const nr = syscallByName('x86_64', 'prctl')?.nr;
  if (option !== undefined && nr !== undefined) libc.prctlString(nr, option, basename(PROG));
}

/**
 * Dies of the same signal as the traced command, as strace does: a parent's waitpid sees the signal, not an
 * exit status. For signals that dump core, RLIMIT_CORE goes to 0 first (the core is the command's, not vat's).
 */
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
