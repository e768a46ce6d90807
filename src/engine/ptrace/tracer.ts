// The ptrace loop: one thread seizes tracees, waits for their stops, decodes syscalls and resumes them.
// Runs inside a worker (every ptrace call must come from the thread that attached).
import { writeSync } from 'node:fs';
import { compileSeccomp, encodeProgram, tracingPolicy } from '../../bpf/index.js';
import { pinExecve } from '../../bpf/pin-exec.js';
import { fdValue } from '../../decode/args/fds.js';
import { pidValue } from '../../decode/args/numbers.js';
import type { CallContext } from '../../decode/context.js';
import {
  decodeEnter,
  decodeExit,
  decodeReturn,
  exitSplit,
  putReturnFields,
  signatureFor,
} from '../../decode/decode-call.js';
import {
  i386Raw,
  i386Signature,
  ipcTarget,
  OLD_MMAP_UNREADABLE,
  oldMmapArgs,
  socketcallTarget,
} from '../../decode/i386-signature.js';
import type { DecodeOptions } from '../../decode/options.js';
import { decodeSiginfo } from '../../decode/siginfo.js';
import { setConstStyle } from '../../decode/xlat.js';
import { VatError } from '../../errors.js';
import type { CallJsonExit, OpenCallJson } from '../../model/call-json.js';
import type { CallText } from '../../model/call-text.js';
import type { SyscallEnter, SyscallExit, TraceEvent } from '../../model/events.js';
import { hex, int, text, type Value } from '../../model/value.js';
import { allocNative, lastErrno, libc, type NativeBuffer } from '../../sys/libc.js';
import { isOwnChild } from '../../sys/own-children.js';
import { procAnonMapping, procComm, procFdLink, procTasks } from '../../sys/procfs.js';
import { ACTION, NRS, STATE, type StopStep } from '../../sys/stop-step.js';
import { kernelArgs, narrower } from '../../tables/arg-width.js';
import { errnoByName } from '../../tables/errnos.js';
import { signalByName } from '../../tables/signals.js';
import type { Signature } from '../../tables/signature.js';
import {
  entryArgCount,
  isKnownNumber,
  listSyscalls,
  syscallByName,
  syscallByNumber,
  syscallName,
} from '../../tables/syscalls.js';
import type { CallCounts } from '../../util/call-counts.js';
import { PROG } from '../../util/prog-name.js';
import { randomInt } from '../../util/random-bytes.js';
import type { TraceConfig, TraceOutcome } from '../engine.js';
import { attachRefusal } from './attach-hint.js';
import { PT } from './consts.js';
import { DelayQueue } from './delay-queue.js';
import { editEnvironment } from './environment.js';
import { buildExecBlob, type ExecBlob } from './exec-args.js';
import { initialStrings } from './initial-strings.js';
import {
  errnoText,
  originalEnvironment,
  releaseStandardFds,
  shellLauncher,
  spawnLauncher,
} from './launch.js';
import { syscallInfoFromRegs } from './legacy-syscall-info.js';
import { type JsonPlan, LiveJson } from './live-json.js';
import { LiveMemory } from './live-memory.js';
import {
  headText,
  type LivePlan,
  type LiveRecord,
  LiveText,
  liveRecord,
  tailText,
  takeArgs,
  takeReturn,
} from './live-text.js';
import { REG, REGS_SIZE } from './regs.js';
import { nameLauncher, switchUser } from './run-as.js';
import { injectSeccompFilter } from './seccomp-inject.js';
import { openStackTracer, type StackTracer, withRemaps } from './stack/index.js';
import { openStopStep } from './stop-step.js';
import { Tamperer, type TamperPlan, tamperEntry, tamperExit, tamperMark } from './tamper.js';
import {
  type CloneCall,
  clearUntraced,
  cloneCall,
  createdBy,
  refuseCall,
  restoreFlags,
  type SavedFlags,
} from './untraced-guard.js';
import * as W from './wait-status.js';

const sig = (name: string): number => signalByName(name)?.value ?? 0;
const SIGTRAP = sig('TRAP');
const SIGSTOP = sig('STOP');
const SIGCONT = sig('CONT');
const STOP_SIGNALS = new Set([SIGSTOP, sig('TSTP'), sig('TTIN'), sig('TTOU')]);
const SYSCALL_TRAP = SIGTRAP | 0x80;
const EXECVE = syscallByName('x86_64', 'execve')?.nr;
const RESTART_SYSCALL = syscallByName('x86_64', 'restart_syscall')?.nr;
const CLONE = syscallByName('x86_64', 'clone')?.nr;
const CLONE3 = syscallByName('x86_64', 'clone3')?.nr;
/** Calls whose stops always come here, whatever the stop step may do with others: process creation (its events,
 * -f's CLONE_UNTRACED guard) and exec (its event moves a thread's state to the leader's id). */
const HANDLED_HERE = new Set(
  ['clone', 'clone3', 'fork', 'vfork', 'execve', 'execveat'].flatMap(
    (n) => syscallByName('x86_64', n)?.nr ?? [],
  ),
);
/** Syscall entries the stop step may handle per crossing: bounds how late a stop request (Ctrl-C) is seen. */
const STEP_BUDGET = 1024;
/** tkill(2) through libc's syscall(): inject's signal= where a restart cannot carry one (seccomp stops). */
const TKILL = syscallByName('x86_64', 'tkill')?.nr ?? 200;
const EXIT_GROUP = syscallByName('x86_64', 'exit_group')?.nr;
/** AUDIT_ARCH_I386 (EM_386 | __AUDIT_ARCH_LE): the arch a PTRACE_GET_SYSCALL_INFO entry reports for int 0x80. */
const AUDIT_ARCH_I386 = 0x40000003;
const errno = (name: string): number => errnoByName(name)?.value ?? -1;
const EINTR = errno('EINTR');
const ECHILD = errno('ECHILD');
const ESRCH = errno('ESRCH');
const EPERM = errno('EPERM');

interface Call {
  /** The general path's context and signature; undefined for a call printed from its registers (`live`). */
  readonly ctx?: CallContext;
  readonly sig?: Signature;
  /** Printed on the plain-text path (live-text.ts): its plan; the thread's record holds its arguments. */
  readonly live?: LivePlan;
  /** Written on --json's live path (live-json.ts): its plan and its open record (the entry half written). */
  readonly json?: JsonPlan;
  readonly jsonEntry?: OpenCallJson;
  readonly split: number;
  readonly nr: number;
  readonly name: string;
  /** When the tracee was let go into the call (after decoding): -T measures from here, as strace does. */
  enterTs: bigint;
  /** The thread group's system CPU time at entry (ns), from wait4's rusage: what strace -c sums. */
  readonly enterStime: bigint;
  /** The entry line promised arguments decoded at exit (it ended with `, `). */
  readonly more: boolean;
  /** -e inject= chose this call. */
  readonly tamper?: TamperPlan;
  /** -e raw=: printed undecoded, the result in hex. */
  readonly raw?: boolean;
  /** Its thread's slot in the stop step is armed to queue its exit (a live call that prints only its return). */
  readonly queued?: boolean;
  /** i386 shmat through ipc: the u32 the kernel stores the attached address in, shown as the return value. */
  readonly resultAt?: bigint;
  /** i386 msgrcv through ipc version 0: its arguments when it fails, as strace shows them. */
  readonly failedForm?: { readonly raw: readonly bigint[]; readonly signature: Signature };
}

/** What decoding an x86_64 syscall needs that depends on its number alone: worked out at its first call. */
interface SyscallPlan {
  readonly name: string;
  readonly sig: Signature;
  readonly split: number;
  /** The registers cut to the kernel's argument types (kernelArgs, with the widths looked up once). */
  readonly narrow: (raw: readonly bigint[]) => readonly bigint[];
}

function makePlan(nr: number): SyscallPlan {
  const name = syscallName('x86_64', nr);
  const sig = signatureFor(name);
  return { name, sig, split: exitSplit(sig), narrow: narrower(name) };
}

/** An event built field by field. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** How vat came to trace a thread: launched (the command), seized with -p, or followed with -f. */
type Origin = 'launched' | 'attached' | 'followed';

interface Thread {
  readonly tid: number;
  readonly origin: Origin;
  /** No stop seen yet: a followed child is announced (`Process N attached`) at its first stop, as strace does. */
  initial: boolean;
  /** The launcher shell before its execve: nothing is shown, and the execve is rewritten. */
  launcher: boolean;
  call: Call | undefined;
  /** Inside a syscall the trace filter does not select: its exit stop is passed over silently. */
  skipping: boolean;
  /** The command's own execve (the launcher's, rewritten) is under way: its failure ends the command. */
  execPending: boolean;
  /** The command's exec failed: the launcher exits 1 unseen, only its exit is shown (as strace's child). */
  hidden: boolean;
  /** The last syscall whose exit was shown: what `restart_syscall` resumes. */
  prev: string | undefined;
  /** -y's fd lookup for this thread, made once rather than per call. */
  readonly fdPath: (fd: number) => string | undefined;
  /** Inside clone/clone3 with -f, no fork/clone event yet: a child returned without one escaped tracing. */
  cloning: boolean;
  /** clone3's flags vat rewrote at entry, put back at exit. */
  cloneFlags: SavedFlags | undefined;
  /** -Y: the command name read at PTRACE_EVENT_EXIT, while the thread could still not be reaped. */
  comm: string | undefined;
  /** The plain-text path's copy of the current call's registers (live-text.ts), made at its first such call. */
  rec: LiveRecord | undefined;
  /** Without PTRACE_GET_SYSCALL_INFO: inside a syscall (its entry stop seen), so the next syscall stop is its exit. */
  legacyIn: boolean;
}

/** The exit event's command name, when one was read. */
const commOf = (t: Thread): { comm?: string } => (t.comm === undefined ? {} : { comm: t.comm });

const newThread = (tid: number, origin: Origin): Thread => ({
  tid,
  origin,
  initial: true,
  launcher: origin === 'launched',
  call: undefined,
  skipping: false,
  execPending: false,
  hidden: false,
  prev: undefined,
  fdPath: (fd) => procFdLink(tid, fd),
  cloning: false,
  cloneFlags: undefined,
  comm: undefined,
  rec: undefined,
  legacyIn: false,
});

/** Realtime nanoseconds from the monotonic clock (one hrtime read per stop). */
const clockOffset = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
const now = (): bigint => process.hrtime.bigint() + clockOffset;

export interface TracerIo {
  emit(event: TraceEvent): void;
  /**
   * Plain text is the only output (no -c, -P, --json, nor events wanted): a call may come as its text, its entry
   * half then its exit half, in place of its enter and exit events. Undefined: every call is events.
   */
  callText?(c: CallText, part: 'enter' | 'exit'): void;
  /**
   * --json is the only output (no -c, nor events wanted): a call may come as its JSON record's two halves (live-json.ts),
   * in place of its enter and exit events; `render` writes a decoded value as JSON. Undefined: every call is events.
   */
  readonly callJson?: {
    readonly render: (v: Value) => string;
    /** A call's open record, which the engine writes its entry half into, then at exit its exit half. */
    enter(tid: number, ts: bigint, nr: number, name: string): OpenCallJson;
    exit(c: OpenCallJson, x: CallJsonExit): void;
  };
  /** Hand pending events over before the tracer may block. */
  flush(): void;
  /** True once the user asked vat to stop (Ctrl-C in attach mode): detach and return. */
  stopRequested(): boolean;
  /** The fatal signal the user stopped vat with (0: none): the launched command gets it, as strace's cleanup. */
  stopSignal?(): number;
  /**
   * The output is a file nobody waits on line by line: the tracer blocks without a flush (no WNOHANG probe and
   * no write per stop); the sink writes in large blocks and `idle` lets a watchdog flush a trace left waiting.
   */
  readonly lazy?: boolean;
  /** Called around each blocking wait (lazy mode): true before, false after it returned. */
  idle?(blocked: boolean): void;
  /**
   * The stop step may queue live calls' exits while it waits, printed at its next return: lazy output on the
   * tracer's own thread, whose timer interrupts blocking waits every few tens of ms (so bounds how long), and
   * lines that show no time (the step reads no clock).
   */
  readonly queueExits?: boolean;
  /** A blocking wait returned EINTR (a tracer on the main thread is woken by a timer to write what it holds). */
  interrupted?(): void;
  /** Only counts are kept (-c alone): arguments are not decoded and tracee memory is not read. */
  readonly countOnly?: boolean;
  /**
   * -c alone: calls the stop step may count itself, without an event each, are handed over at the end (each with
   * its time less `overhead`, as the summary takes it off). Undefined: every call is an event.
   */
  readonly stepCounts?: {
    readonly overhead: bigint;
    add(counts: readonly (CallCounts & { readonly name: string })[]): void;
  };
  /** True when `pid` is one of the processes the main thread starts to wake the tracer up. */
  isWakeProcess?(pid: number): boolean;
}

export class Tracer {
  /** waitpid's status outside the stop loop (launch, detach, the command's end). */
  private readonly status = allocNative(8);
  /**
   * wait4's struct rusage (in the stop step's block): ru_stime of the stopped tracee gives the system time spent
   * in each call. The kernel sums every thread's times for each report: asked for only when -c counts system time.
   */
  private readonly systemTimes: boolean;
  /** The stop loop's one native call per stop: the held resume, wait4, then PTRACE_GET_SYSCALL_INFO. */
  private readonly step: StopStep;
  /** The step handles plain stops itself (-c's counts, calls outside -e trace=): threads are armed for it. */
  private readonly stepLoop: boolean;
  /** The syscall info the step read at the last syscall stop. */
  private readonly info: NativeBuffer;
  /** PTRACE_GET_SYSCALL_INFO's result as 64-bit words and 32-bit halves: typed-array reads cost a third of a
   * DataView's getBigUint64, which V8 does not inline; the fields fit in 32 bits are read without a BigInt. */
  private readonly infoU64: BigUint64Array;
  private readonly infoI64: BigInt64Array;
  private readonly infoU32: Uint32Array;
  private readonly regs = allocNative(REGS_SIZE);
  private readonly msg = allocNative(8);
  private readonly siginfo = allocNative(128);
  /** The environment exactly as vat got it (order included), for the launched command. */
  private readonly env: readonly string[];
  /** vat sandbox: where below the stack the exec'd path goes, secret so that a pinned execve cannot be guessed. */
  private readonly execGap = BigInt(randomInt(2048)) * 16n;
  /** -e raw=: calls printed undecoded. */
  private readonly rawCalls: ReadonlySet<string> | undefined;
  /** -e abbrev=/verbose=: the decode options of each call that differs from the trace's. */
  private readonly perCall = new Map<string, DecodeOptions>();
  /** -c alone: nobody reads the arguments, so they are not decoded (strace -c does not decode them either). */
  private readonly countOnly: boolean;
  /** Per syscall number: its name, signature, exit split and argument widths, looked up once. */
  private readonly plans = new Map<number, SyscallPlan>();
  /** --seccomp-bpf: the filter to install, and whether it is in place (then untraced calls do not stop). */
  private readonly filter: Uint8Array | undefined;
  private seccompMode = false;
  /** Whether PTRACE_GET_SYSCALL_INFO works, known at the first syscall stop; 'fails': read from the registers. */
  private syscallInfo: 'works' | 'fails' | undefined;
  /** `vat sandbox` without tracing: the command was let go after its exec; its status is waited for. */
  private sandboxDetached = false;
  /** -b execve let the launched command go: its exit is waited for, not traced. */
  private mainDetached = false;
  private mainReaped = false;
  private shown = 0;
  /** When the current stop was reported: the start of its line, and the end of a -T duration. */
  private stoppedAt = 0n;
  private readonly mem = new LiveMemory();
  private readonly threads = new Map<number, Thread>();
  /**
   * Followed children whose first stop came before their parent's fork/clone event: that event must not
   * re-register them (they may be gone by then). Stays small: each entry leaves at its parent's event.
   */
  private readonly early = new Set<number>();
  private mainPid = 0;
  /** The last -p process that could not be seized. */
  private attachError: VatError | undefined;
  private mainStatus: TraceOutcome = { status: 0 };
  /** Children created without a ptrace event (CLONE_UNTRACED set again behind vat's back). */
  private readonly untraced: number[] = [];
  private readonly options: number;
  /** Syscall numbers to report; undefined reports all. */
  private readonly selected: ReadonlySet<number> | undefined;
  /** The same names as i386 numbers (a 32-bit program's int 0x80 calls). */
  private readonly selected32: ReadonlySet<number> | undefined;
  /** -k: walks the stack at each traced call (and signal). */
  private readonly stacks: StackTracer | undefined;
  /** -e inject= / -e fault=: undefined when none was given (no per-call cost then). */
  private readonly tamper: Tamperer | undefined;
  /** Tracees held stopped by delay_enter=/delay_exit=. */
  private readonly delays = new DelayQueue();
  /** The entry being handled came from a seccomp stop, where a signal given to the restart is dropped. */
  private enteringViaSeccomp = false;
  /** Plain text alone: the calls printed from their registers, without events (live-text.ts). */
  private readonly live: LiveText | undefined;
  /** --json alone: the calls written from their registers, without events (live-json.ts). */
  private readonly liveJson: LiveJson | undefined;
  /**
   * The stop step may queue the exit of a live call that prints only its return (no exit argument, no hook),
   * rather than return to JavaScript for it; under the tracing seccomp filter too (the step then resumes the
   * thread with PTRACE_CONT, as resume() does between calls), not under a sandbox's, nor --syscall-limit (counted
   * at each exit). VAT_LIVE_EXITS=off: every exit comes here.
   */
  private readonly liveExits: boolean;

  constructor(
    private readonly config: TraceConfig,
    private readonly io: TracerIo,
  ) {
    setConstStyle(config.decode.constStyle ?? 'abbrev');
    this.rawCalls = config.decode.rawCalls ? new Set(config.decode.rawCalls) : undefined;
    this.env = editEnvironment(originalEnvironment(), config.commandEnv ?? []);
    // TRACEEXIT: a thread that dies inside a syscall shows `= ?` when it dies, before anything it causes
    let opts = PT.O_TRACESYSGOOD | PT.O_TRACEEXEC | PT.O_TRACEEXIT;
    if (config.followForks) opts |= PT.O_TRACEFORK | PT.O_TRACEVFORK | PT.O_TRACECLONE;
    if (config.killOnExit) opts |= PT.O_EXITKILL;
    this.selected = config.traceSet
      ? new Set(config.traceSet.flatMap((n) => syscallByName('x86_64', n)?.nr ?? []))
      : undefined;
    this.selected32 = config.traceSet
      ? new Set(config.traceSet.flatMap((n) => syscallByName('i386', n)?.nr ?? []))
      : undefined;
    // only for a launched command with a trace filter: attached processes cannot be given a filter
    const useFilter =
      config.seccompBpf && this.selected && config.attach.length === 0 && config.command.length > 0;
    this.stacks = config.stackTraces ? openStackTracer() : undefined;
    // -k keeps the calls that change mappings stopping, so the cached maps follow them (as strace does)
    const stopAt = this.stacks ? withRemaps(this.selected ?? []) : (this.selected ?? []);
    // numbers the table cannot name stop too (`known`), as strace shows them whatever the filter (listed only for a
    // filter: ~450 objects made at every start-up otherwise)
    const known = useFilter ? listSyscalls('x86_64').map((s) => s.nr) : [];
    // -f: clone and clone3 always stop, so that CLONE_UNTRACED is cleared (shown only when selected)
    const clones = config.followForks ? [CLONE, CLONE3].flatMap((n) => n ?? []) : [];
    this.filter = useFilter
      ? encodeProgram(compileSeccomp(tracingPolicy({ x86_64: [...stopAt, ...clones], known })))
      : undefined;
    if (this.filter || (config.sandbox && config.command.length > 0)) opts |= PT.O_TRACESECCOMP;
    this.options = opts;
    this.tamper = config.inject?.length
      ? new Tamperer(config.inject, config.seed ?? Math.floor(Math.random() * 2 ** 32))
      : undefined;
    this.systemTimes = config.systemTimes === true;
    this.step = openStopStep(this.systemTimes);
    this.info = this.step.info;
    const { buffer, byteOffset } = this.info.bytes;
    this.infoU64 = new BigUint64Array(buffer, byteOffset, 16);
    this.infoI64 = new BigInt64Array(buffer, byteOffset, 16);
    this.infoU32 = new Uint32Array(buffer, byteOffset, 32);
    this.countOnly = io.countOnly === true;
    this.mem.warn = this.warn;
    // VAT_LIVE_TEXT=off: every call as events (tests compare the two paths)
    const liveOk =
      process.env.VAT_LIVE_TEXT !== 'off' &&
      !this.stacks &&
      !this.tamper &&
      !config.instructionPointer &&
      LiveText.usable(config.decode);
    this.live = liveOk && io.callText ? new LiveText(config.decode, this.mem) : undefined;
    const json = liveOk ? io.callJson : undefined;
    // the calls the text path could print are those this one can write (its plans: the text path's own when it runs)
    const textPlans = json ? (this.live ?? new LiveText(config.decode, this.mem)) : undefined;
    this.liveJson =
      json && textPlans
        ? new LiveJson(config.decode, this.mem, json.render, (nr) => textPlans.plan(nr))
        : undefined;
    this.liveExits =
      this.live !== undefined &&
      config.sandbox === undefined &&
      config.syscallLimit === undefined &&
      process.env.VAT_LIVE_EXITS !== 'off';
    const actions = this.stepActions();
    this.stepLoop = actions !== undefined;
    // a queued exit leaves its thread between calls: armed as resume() arms it where the step passes over calls
    if (this.liveExits) this.step.afterQueued(PT.SYSCALL, this.stepLoop);
    // -w (no rusage asked for) times calls by the monotonic clock, as now() does
    if (actions) this.step.configure(actions, !this.systemTimes, io.stepCounts?.overhead ?? 0n);
  }

  /**
   * What the stop step may do by itself at each x86-64 syscall's entry: pass over a call -e trace= does not
   * select (as enter() does), or count one under -c alone (as enter() and leave() would, with no event). Undefined
   * when every stop must come here: -k walks the stack at each call, -e inject= may act at any, or
   * VAT_STOP_LOOP=off (which tests compare against).
   */
  private stepActions(): Uint8Array | undefined {
    if (this.stacks || this.tamper || process.env.VAT_STOP_LOOP === 'off') return undefined;
    const counting =
      this.countOnly && this.io.stepCounts !== undefined && this.config.syscallLimit === undefined;
    if (!counting && !this.selected) return undefined;
    const actions = new Uint8Array(NRS);
    for (let nr = 0; nr < NRS; nr++) {
      if (HANDLED_HERE.has(nr) || !isKnownNumber('x86_64', nr)) continue;
      if (this.selected && !this.selected.has(nr)) actions[nr] = ACTION.skip;
      // -e raw= counts an error by the kernel's flag, not by the value: left to leave()
      else if (counting && !this.rawCalls?.has(syscallName('x86_64', nr))) actions[nr] = ACTION.count;
    }
    return actions;
  }

  /** strace's warnings about tracee memory and tampering, on stderr after the trace text before them. */
  private readonly warn = (message: string): void => this.say(message);

  run(): TraceOutcome {
    let attached = 0;
    for (const pid of this.config.attach) if (this.attachProcess(pid)) attached++;
    if (
      this.config.attach.length > 0 &&
      attached === 0 &&
      this.config.command.length === 0 &&
      this.attachError
    ) {
      // said already: the error only sets the exit status
      throw new VatError(this.attachError.message, this.attachError.code, this.attachError.exitStatus, true);
    }
    if (this.config.command.length > 0) this.launch();
    this.loop();
    this.handOverCounts();
    if (this.sandboxDetached) this.awaitCommand();
    else if (this.mainDetached && !this.mainReaped) this.awaitCommand(false);
    return this.untraced.length > 0 ? { ...this.mainStatus, untraced: this.untraced } : this.mainStatus;
  }

  /** -c: the calls the stop step counted, added to the summary (by name, as the summary keys its rows). */
  private handOverCounts(): void {
    const counts = this.stepLoop ? this.step.counts() : [];
    if (counts.length === 0) return;
    this.io.stepCounts?.add(counts.map((c) => ({ ...c, name: syscallName('x86_64', c.nr) })));
  }

  private launch(): void {
    if (this.config.daemonOf !== undefined) {
      this.seizeFront(this.config.daemonOf);
      return;
    }
    const state = this.config.launchState ?? { fds: [] };
    const path = this.config.commandPath ?? this.config.command[0] ?? '';
    const pid = spawnLauncher(path, this.env, state, shellLauncher(path, this.config.command.slice(1)));
    // the launcher stops itself; seize it while stopped, then let it run into its execve (-I 2's latched signals
    // interrupt the wait)
    let got: number;
    do got = libc.waitpid(pid, this.status.address, PT.WUNTRACED);
    while (got < 0 && lastErrno() === EINTR);
    if (got !== pid) throw new VatError('launcher vanished', 'ESPAWN');
    // -I 1: vat may die of a signal at any point; the command then runs on, as strace's does
    const exitKill = this.config.interruptible === 1 ? 0 : PT.O_EXITKILL;
    if (libc.ptrace(PT.SEIZE, pid, 0, this.options | exitKill) < 0) {
      libc.kill(pid, sig('KILL'));
      throw new VatError(`ptrace(PTRACE_SEIZE, ${pid}): ${errnoText()}`, 'EPTRACE');
    }
    this.threads.set(pid, newThread(pid, 'launched'));
    this.mainPid = pid;
    this.io.emit({ type: 'attach', pid, ts: now(), launched: true });
    if (this.config.releaseStdio) releaseStandardFds();
    libc.kill(pid, SIGCONT);
  }

  /**
   * -D: the command is vat's first process, running; it waits for SIGUSR2 before its execve. Seize it, stop it
   * once to start syscall tracing, then say so: its execve is then rewritten like the launcher's.
   */
  private seizeFront(pid: number): void {
    if (libc.ptrace(PT.SEIZE, pid, 0, this.options) < 0)
      throw new VatError(`attach: ptrace(PTRACE_SEIZE, ${pid}): ${errnoText()}`, 'EPTRACE');
    libc.ptrace(PT.INTERRUPT, pid, 0, 0);
    for (;;) {
      if (libc.waitpid(pid, this.status.address, PT.WALL) !== pid) {
        if (lastErrno() === EINTR) continue;
        throw new VatError(`-D: the command ${pid} vanished`, 'ESPAWN');
      }
      const status = this.status.view.getInt32(0, true);
      if (!W.stopped(status)) throw new VatError(`-D: the command ${pid} vanished`, 'ESPAWN');
      if (W.ptraceEvent(status) === PT.EVENT_STOP) break;
      libc.ptrace(PT.CONT, pid, 0, W.stopSig(status)); // a signal on its way first: delivered
    }
    this.threads.set(pid, { ...newThread(pid, 'launched'), initial: false });
    this.mainPid = pid;
    libc.ptrace(PT.SYSCALL, pid, 0, 0);
    libc.kill(pid, sig('USR2'));
  }

  /**
   * Seizes a running process and interrupts it so that syscall tracing can start: with -f every thread of it
   * (`attached with N threads`), without only the thread named, as strace does. A process that cannot be
   * seized is said on stderr and left out (`-p GOOD,BAD` traces GOOD); false when nothing was seized.
   */
  private attachProcess(pid: number): boolean {
    const listed = procTasks(pid);
    if (listed === undefined)
      return this.attachFailed(`attach: ptrace(PTRACE_SEIZE, ${pid}): No such process`, 'ESRCH');
    let tids = listed.map(Number);
    if (!this.config.followForks) tids = [pid];
    const seized: number[] = [];
    for (const tid of tids) {
      if (this.threads.has(tid)) continue;
      if (libc.ptrace(PT.SEIZE, tid, 0, this.options) < 0) {
        const e = lastErrno();
        if (e === ESRCH && tid !== pid) continue;
        if (seized.length > 0) continue; // a thread of a process already seized (another tracer raced us)
        const hint = e === EPERM ? attachRefusal(tid) : '';
        return this.attachFailed(
          `attach: ptrace(PTRACE_SEIZE, ${tid}): ${errnoText(e)}${hint}`,
          e === EPERM ? 'EPERM' : 'ESRCH',
        );
      }
      libc.ptrace(PT.INTERRUPT, tid, 0, 0);
      this.threads.set(tid, newThread(tid, 'attached'));
      seized.push(tid);
    }
    if (seized.length === 0) return false;
    // the leader first, as strace counts `Process N attached with M threads`
    seized.sort((a, b) => (a === pid ? -1 : b === pid ? 1 : a - b));
    this.io.emit({ type: 'attach', pid, ts: now(), ...(seized.length > 1 ? { threads: seized } : {}) });
    return true;
  }

  /** strace's attach error, said now; thrown at the end of attaching when no process could be seized. */
  private attachFailed(message: string, code: string): false {
    this.attachError = new VatError(message, code);
    this.io.flush();
    writeSync(2, `${PROG}: ${message}\n`);
    return false;
  }

  private loop(): void {
    // true: notices emitted before the loop (`Process N attached`) are flushed before the first blocking wait,
    // as a tracee that makes no call (a busy loop under -p) would otherwise hold them until vat ends
    const state = { pending: true };
    while (this.threads.size > 0) {
      const next = this.once(state);
      if (next === 'return') return;
      if (next === 'break') break;
    }
    this.step.flush();
    this.io.flush();
  }

  /**
   * One pass of the loop: a wait and the stop it reports. Its own method so that V8 optimizes it as any hot
   * function, rather than the loop's body waiting for on-stack replacement (which sometimes never came).
   */
  private once(state: { pending: boolean }): 'next' | 'break' | 'return' {
    const limit = this.config.syscallLimit;
    if (this.io.stopRequested() || (limit !== undefined && this.shown >= limit)) {
      this.step.flush();
      this.signalCommand(this.io.stopSignal?.() ?? 0);
      this.detachAll();
      if (limit !== undefined && this.shown >= limit) this.awaitCommand();
      return 'return';
    }
    const holding = this.delays.size > 0;
    if (holding) for (const h of this.delays.due(now())) this.resume(h.tid, h.signal);
    let pid: number = state.pending || holding ? this.wait(PT.WALL | PT.WNOHANG) : 0;
    if (pid === 0) {
      if (state.pending) this.io.flush();
      state.pending = false;
      if (holding) {
        // a held tracee is due soon: poll rather than block, so that it is let go on time
        this.delays.nap(now());
        return 'next';
      }
      if (this.io.idle) {
        this.io.idle(true);
        pid = this.wait(PT.WALL);
        this.io.idle(false);
      } else pid = this.wait(PT.WALL);
    }
    if (pid < 0) {
      const e = -pid;
      if (e === EINTR) {
        this.io.interrupted?.();
        return 'next';
      }
      if (e === ECHILD) return 'break';
      throw new VatError(`waitpid: ${errnoText(e)}`, 'EWAIT');
    }
    this.stoppedAt = now();
    // a slot armed for a queued exit is taken back where that call ends here (liveExit, lost)
    if (this.stepLoop) this.takeSlot(pid);
    this.mem.invalidate(); // strace's invalidate_umove_cache: the tracees ran since the last stop
    try {
      // lazy output: nothing has to be written before the next wait, so no WNOHANG probe for it
      if (this.handle(pid, this.step.status()) && !this.io.lazy) state.pending = true;
    } catch (err) {
      // a fault of vat's own: never leave a tracee stopped; let every one go, then report
      this.resume(pid);
      this.step.flush();
      this.detachAll();
      throw err;
    }
    return 'next';
  }

  /**
   * The held resume, then wait4: a pid, 0 (WNOHANG), or -errno. The step may handle plain stops of armed threads
   * first; none while a tracee is held by delay_enter=/delay_exit= (it is let go on time here).
   */
  private wait(options: number): number {
    const pid = this.step.wait(options, this.stepLoop && this.delays.size === 0 ? STEP_BUDGET : 0);
    if (this.liveExits && this.step.queued() > 0) this.takeExits();
    return pid;
  }

  /**
   * The exits the stop step queued, printed in the order they came, before the stop it returned with (their lines
   * show no time: their stamp is that of the stop before).
   */
  private takeExits(): void {
    const step = this.step;
    for (let i = 0, n = step.queued(); i < n; i++) {
      const t = this.threads.get(step.queuedTid(i));
      const call = t?.call;
      if (t === undefined || call?.live === undefined) continue;
      t.call = undefined;
      t.prev = call.name;
      this.liveExit(t, call, call.live, false, step.queue32, step.queuedReturnAt(i));
    }
    step.clearQueue();
  }

  /** ru_stime of the last wait report, in ns (0 when no summary needs it). */
  private stime(): bigint {
    return this.step.stime();
  }

  /**
   * A thread's state back from the stop step, before a stop of it is handled here: inside a call it passed over
   * (skipping), or inside a call it counted (the call as enter() would have made it under -c alone).
   */
  private takeSlot(tid: number): void {
    const state = this.step.take(tid);
    // live: the call's exit is this stop, or after it (JavaScript prints it)
    if (state === STATE.free || state === STATE.armed || state === STATE.live) return;
    const t = this.threads.get(tid);
    if (!t) return;
    if (state === STATE.skipping) {
      t.skipping = true;
      return;
    }
    const nr = this.step.takenNr;
    const start = this.step.takenStart;
    const { name, sig, split } = this.plan(nr);
    const ctx: CallContext = {
      pid: tid,
      name,
      raw: [],
      args: sig.args,
      mem: this.mem,
      opts: this.callOptions(name),
      fdPath: t.fdPath,
      stackPointer: 0n,
    };
    // the step's start is ru_stime, or the monotonic clock now() is built on
    const enterTs = this.systemTimes ? this.stoppedAt : start + clockOffset;
    const enterStime = this.systemTimes ? start : 0n;
    t.call = { ctx, sig, split, nr, name, enterTs, enterStime, more: false };
  }

  /** A thread between calls, with nothing pending: the step may handle its next call's stops. */
  private static plain(t: Thread): boolean {
    return (
      !t.call &&
      !t.skipping &&
      !t.hidden &&
      !t.launcher &&
      !t.execPending &&
      !t.initial &&
      !t.cloning &&
      t.cloneFlags === undefined
    );
  }

  /** Handles one wait report; returns true when it emitted events. */
  private handle(pid: number, status: number): boolean {
    const t = this.threads.get(pid);
    if (!W.stopped(status)) {
      if (!t) {
        // strace's -b execve: the command's end is waited for, its status not taken (vat then exits 0)
        if (pid === this.mainPid && this.mainDetached) this.mainReaped = true;
        else this.unknownExit(pid);
        return false;
      }
      return this.gone(t, status);
    }
    let thread = t;
    if (!thread && !this.config.followForks && !this.early.has(pid)) {
      // a child made with CLONE_PTRACE is attached to vat by the kernel: without -f strace lets it go
      libc.ptrace(PT.DETACH, pid, 0, 0);
      if (!this.config.quietUnknown?.attach) this.say(`Detached unknown pid ${pid}`);
      return false;
    }
    if (!thread) {
      // an auto-attached child reporting before its parent's fork event
      thread = this.adopt(pid);
      this.early.add(pid);
    }
    const announced = thread.initial && this.firstStop(thread);
    const s = W.stopSig(status);
    if (s === SYSCALL_TRAP) return this.syscallStop(thread) || announced;
    const event = W.ptraceEvent(status);
    if (event !== 0) return this.eventStop(thread, event, s) || announced;
    return this.signalStop(thread, s) || announced;
  }

  /**
   * A child that is not a tracee ended: one made with CLONE_PARENT by the command (vat is its parent) is
   * reported as strace does; vat's own helpers (wake-up processes, the `-o |COMMAND` shell) are not.
   */
  private unknownExit(pid: number): void {
    if (pid === this.mainPid || isOwnChild(pid) || this.io.isWakeProcess?.(pid)) return;
    if (!this.config.quietUnknown?.exit) this.say(`Exit of unknown pid ${pid} ignored`);
  }

  /** A notice of the tracer's own on stderr, after the trace text before it. */
  private say(message: string): void {
    this.io.flush();
    writeSync(2, `${PROG}: ${message}\n`);
  }

  private adopt(tid: number): Thread {
    const t = newThread(tid, 'followed');
    this.threads.set(tid, t);
    return t;
  }

  /** The first stop of a thread: a followed child is announced; an attached one may be inside a syscall. */
  private firstStop(t: Thread): boolean {
    t.initial = false;
    if (t.origin === 'followed') {
      this.io.emit({ type: 'attach', pid: t.tid, ts: now() });
      return true;
    }
    if (t.origin === 'attached' && libc.ptrace(PT.GETREGS, t.tid, 0, this.regs.address) === 0) {
      // seized inside a syscall: a later restart_syscall resumes it (strace's startup_tcb)
      const nr = this.regs.view.getBigInt64(REG.orig_rax, true);
      if (nr >= 0n) t.prev = syscallByNumber('x86_64', Number(nr))?.name;
      t.legacyIn = nr >= 0n;
    }
    return false;
  }

  /** With the seccomp filter in place a thread between calls runs on to its next traced call (PTRACE_CONT). */
  private resume(tid: number, signal = 0): void {
    let request: number = PT.SYSCALL;
    if (this.seccompMode) {
      const t = this.threads.get(tid);
      if (t && !t.call && !t.skipping && !t.launcher) request = PT.CONT;
    }
    // held until the next wait, which makes it in the same native call
    this.step.resume(request, tid, signal);
    // without PTRACE_GET_SYSCALL_INFO the routine could not tell a stop's call: every stop comes here
    if (this.stepLoop && request === PT.SYSCALL && !this.seccompMode && this.syscallInfo !== 'fails') {
      const t = this.threads.get(tid);
      if (t && Tracer.plain(t)) this.step.arm(tid);
    }
  }

  /** The thread dies inside a syscall (PTRACE_EVENT_EXIT, or its death): `= ?`. Returns true when it emitted. */
  private lost(t: Thread, ts: bigint): boolean {
    const call = t.call;
    t.call = undefined;
    t.skipping = false;
    // a slot armed for this call's exit must not queue a later thread's under the same id
    if (call?.queued) this.step.take(t.tid);
    if (!call || t.launcher) return false;
    const stack = this.stacks?.atLost(t.tid);
    this.io.emit({
      type: 'exit',
      pid: t.tid,
      ts,
      nr: call.nr,
      name: call.name,
      args: [],
      ret: undefined,
      ...(call.more ? { lostArgs: true } : {}),
      ...(stack ? { stack } : {}),
    });
    return true;
  }

  private gone(t: Thread, status: number): boolean {
    this.threads.delete(t.tid);
    this.stacks?.forget(t.tid);
    this.tamper?.forget(t.tid);
    this.delays.drop(t.tid);
    if (t.launcher) return false;
    const ts = now();
    this.lost(t, ts);
    if (W.exited(status)) {
      this.io.emit({ type: 'exited', pid: t.tid, ts, code: W.exitCode(status), ...commOf(t) });
      if (t.tid === this.mainPid) this.mainStatus = { status: W.exitCode(status) };
    } else {
      const signo = W.termSig(status);
      this.io.emit({ type: 'exited', pid: t.tid, ts, signo, core: W.coreDumped(status), ...commOf(t) });
      if (t.tid === this.mainPid) this.mainStatus = { status: 128 + signo, killedBy: signo };
    }
    return true;
  }

  private syscallStop(t: Thread): boolean {
    const v = this.info.view;
    // read by the step that waited for this stop
    let got = this.step.infoResult();
    if (this.syscallInfo !== 'works' && got !== 0 && got !== -ESRCH) got = this.syscallInfoCheck(t, got);
    if (got <= 0) {
      const shown = this.unknownEntry(t, -got);
      this.resume(t.tid);
      return shown;
    }
    const op = v.getUint8(0);
    if (op === PT.INFO_ENTRY) return this.enter(t);
    if (t.cloneFlags) {
      restoreFlags(t.tid, t.cloneFlags, this.mem);
      t.cloneFlags = undefined;
    }
    if (t.cloning) this.cloneReturned(t);
    if (t.execPending) return this.execReturned(t);
    if (op === PT.INFO_EXIT && t.call) return this.leave(t);
    t.skipping = false;
    this.resume(t.tid);
    return false;
  }

  /**
   * The first syscall stop says whether PTRACE_GET_SYSCALL_INFO works (-d says which, in strace's words); where it
   * fails, each syscall stop is read from the registers, entry and exit told apart by counting (strace's legacy).
   */
  private syscallInfoCheck(t: Thread, got: number): number {
    if (this.syscallInfo === undefined) {
      this.syscallInfo = got > 0 ? 'works' : 'fails';
      if (this.config.debug) this.say(`PTRACE_GET_SYSCALL_INFO ${got > 0 ? 'works' : 'does not work'}`);
      if (got > 0) return got;
    }
    return this.legacyInfo(t, t.legacyIn);
  }

  /** The registers as PTRACE_GET_SYSCALL_INFO would give them (`exit`: the stop is the call's exit). */
  private legacyInfo(t: Thread, exit: boolean): number {
    const op = syscallInfoFromRegs(t.tid, exit, this.regs, this.info);
    if (op > 0) t.legacyIn = op === PT.INFO_ENTRY;
    return op;
  }

  /**
   * A syscall stop whose call cannot be read (the thread was killed while stopped): at an entry, strace shows
   * `???(` and, when the thread dies, `<... ??? resumed>) = ?`; so does vat (strace's kill_child test).
   */
  private unknownEntry(t: Thread, error: number): boolean {
    if (t.call || t.skipping || t.hidden || t.launcher || t.execPending || error !== ESRCH) return false;
    const sig = signatureFor('');
    const ctx: CallContext = {
      pid: t.tid,
      name: '???',
      raw: [],
      args: [],
      mem: this.mem,
      opts: this.callOptions('???'),
      fdPath: t.fdPath,
      stackPointer: 0n,
    };
    const ts = this.stoppedAt;
    t.call = { ctx, sig, split: 0, nr: -1, name: '???', enterTs: ts, enterStime: 0n, more: false };
    this.io.emit({ type: 'enter', pid: t.tid, ts, nr: -1, name: '???', raw: [], args: [], more: false });
    return true;
  }

  /** At a followed clone/clone3's entry: CLONE_UNTRACED cleared (or the call refused), the child awaited. */
  private guardClone(t: Thread, clone: CloneCall, i386: boolean, args: readonly bigint[]): void {
    // security modes fail closed: clone3's flags sit in memory another thread can rewrite after vat's check,
    // so clone3 gets ENOSYS (as under Docker's default profile) and libc falls back to clone, whose flags
    // sit in a register vat rewrites race-free
    if (clone === 'clone3' && this.config.killUntraced) {
      refuseCall(t.tid);
      return;
    }
    const saved = clearUntraced(t.tid, clone, i386, args, this.mem);
    if (saved === 'refuse') refuseCall(t.tid);
    else t.cloneFlags = saved;
    t.cloning = true;
  }

  /**
   * The exit stop of a followed clone/clone3: a child id returned without a fork/clone event means the child
   * runs untraced (CLONE_UNTRACED set again between vat's rewrite and the kernel's read, by another thread).
   * It is listed in the outcome, said at once, or killed in the security modes: never a child running unseen.
   */
  private cloneReturned(t: Thread): void {
    t.cloning = false;
    const child = Number(this.info.view.getBigInt64(24, true));
    if (child <= 0 || this.threads.has(child) || this.early.has(child)) return;
    this.untraced.push(child);
    // the security modes report it themselves (as an alert, a deviation, a warning about the profile)
    if (this.config.killUntraced && createdBy(child, t.tid)) libc.kill(child, sig('KILL'));
    else {
      this.io.flush();
      writeSync(2, `vat: process ${child} was created untraced (CLONE_UNTRACED): its calls are not seen\n`);
    }
  }

  /**
   * The exit stop of the command's execve. When it failed, the command is over, as under strace: `vat: exec:
   * REASON` and exit status 1; the launcher shell that made the call must not go on (it would run a script
   * without a shebang itself, or print its own message), so it is made to call exit_group(1), unseen.
   */
  private execReturned(t: Thread): boolean {
    t.execPending = false;
    const v = this.info.view;
    const failed = v.getUint8(0) === PT.INFO_EXIT && v.getUint8(32) !== 0;
    const errnoValue = Number(-v.getBigInt64(24, true));
    let emitted = false;
    if (t.call) emitted = this.leave(t, !failed);
    else t.skipping = false;
    if (!failed) {
      if (!emitted) this.resume(t.tid);
      return emitted;
    }
    this.io.flush();
    writeSync(2, `${PROG}: exec: ${errnoText(errnoValue)}\n`);
    t.hidden = true;
    libc.ptrace(PT.GETREGS, t.tid, 0, this.regs.address);
    const r = this.regs.view;
    r.setBigUint64(REG.rip, r.getBigUint64(REG.rip, true) - 2n, true); // back onto the syscall instruction
    r.setBigUint64(REG.rax, BigInt(EXIT_GROUP ?? 231), true);
    r.setBigUint64(REG.rdi, 1n, true);
    libc.ptrace(PT.SETREGS, t.tid, 0, this.regs.address);
    this.resume(t.tid);
    return emitted;
  }

  private enter(t: Thread): boolean {
    const v = this.info.view;
    let nr = this.entryNr();
    const firstExec = t.launcher;
    if (t.launcher) {
      if (nr !== EXECVE) {
        this.resume(t.tid);
        return false;
      }
      const deps = { regs: this.regs, status: this.status, mem: this.mem };
      if (this.config.nameLauncher) nameLauncher(t.tid, deps);
      if (this.config.user) {
        switchUser(t.tid, this.config.user, this.config.commandPath ?? this.config.command[0] ?? '', deps);
      }
      const blob = this.execBlob(t.tid);
      // the tracing filter's stops are read by PTRACE_GET_SYSCALL_INFO only: without it every call stops
      const program = this.config.sandbox
        ? this.sandboxProgram(blob)
        : this.syscallInfo === 'fails'
          ? undefined
          : this.filter;
      if (this.filter && !program && this.config.debug)
        this.say('seccomp-bpf off: PTRACE_GET_SYSCALL_INFO does not work');
      if (program) this.installFilter(t.tid, program);
      this.rewriteExec(t.tid, blob);
      t.launcher = false;
      t.execPending = true;
      if (this.syscallInfo === 'fails') this.legacyInfo(t, false);
      else libc.ptrace(PT.GET_SYSCALL_INFO, t.tid, 128, this.info.at);
      nr = this.entryNr();
    }
    const i386 = v.getUint32(4, true) === AUDIT_ARCH_I386;
    const w = this.infoU64;
    // the argument registers as BigInts, made only where used: the live paths below read them as 32-bit halves
    let regs: bigint[] | undefined;
    // -f: CLONE_UNTRACED is cleared once the call is decoded as the program made it
    const clone = this.config.followForks ? cloneCall(i386, nr) : undefined;
    // i386's socketcall stands for the socket call in its first argument: selected, shown and decoded as it
    this.mem.pid = t.tid;
    // (i386's table is loaded at its first i386 call)
    // so does ipc for the System V IPC call in its first argument's low 16 bits
    const multiplexer = i386 ? syscallName('i386', nr) : undefined;
    const sub =
      multiplexer === 'socketcall'
        ? socketcallTarget(this.entryArgs(), this.mem)
        : multiplexer === 'ipc'
          ? ipcTarget(this.entryArgs(), this.mem)
          : undefined;
    if (sub) {
      nr = syscallByName('i386', sub.name)?.nr ?? nr;
      regs = [...sub.raw];
    }
    // i386's old mmap (90) takes one pointer to its six arguments: shown as mmap's six, or the pointer alone
    const oldMmap = multiplexer === 'mmap' ? oldMmapArgs(this.entryArgs(), this.mem) : undefined;
    if (oldMmap) regs = [...oldMmap];
    // numbers the table cannot name are always shown, as strace does (`syscall_0x1f4(...)`)
    const arch = i386 ? 'i386' : 'x86_64';
    const unselected =
      this.selected && !(i386 ? this.selected32 : this.selected)?.has(nr) && isKnownNumber(arch, nr);
    if (t.hidden || unselected) {
      if (clone) this.guardClone(t, clone, i386, regs ?? this.entryArgs());
      this.stacks?.atEntry(t.tid, syscallName(i386 ? 'i386' : 'x86_64', nr), false, false, i386);
      t.skipping = true;
      this.resume(t.tid);
      return false;
    }
    const known = i386 || sub ? undefined : this.plan(nr);
    if (known && !firstExec && !clone && nr !== RESTART_SYSCALL) {
      const live = this.live?.plan(nr);
      if (live && this.liveEnter(t, nr, live)) return true;
      const json = this.liveJson?.plan(nr);
      if (json && this.jsonEnter(t, json)) return true;
    }
    regs ??= this.entryArgs();
    const name = known?.name ?? sub?.name ?? syscallName(i386 ? 'i386' : 'x86_64', nr);
    const raw = i386 ? i386Raw(name, regs) : regs;
    const signature =
      known?.sig ??
      (sub?.signature
        ? sub.signature
        : multiplexer === 'mmap' && !oldMmap
          ? OLD_MMAP_UNREADABLE
          : i386
            ? (i386Signature(name) ?? signatureFor(''))
            : signatureFor(name));
    this.mem.pid = t.tid;
    const ctx: Mutable<CallContext> = {
      pid: t.tid,
      name,
      // -c alone reads no argument (only -e inject= does, at exit)
      raw: i386 || (this.countOnly && !this.tamper) ? raw : known ? known.narrow(raw) : kernelArgs(name, raw),
      args: signature.args,
      mem: this.mem,
      opts: this.callOptions(name),
      fdPath: t.fdPath,
      stackPointer: w[2] as bigint,
    };
    // set after, not spread in: a spread in the literal makes each call's context the slow way
    if (this.config.decode.kvmVcpu) ctx.mappingOf = (file: string) => procAnonMapping(t.tid, file);
    if (i386) ctx.abi = 'i386';
    const split = known?.split ?? exitSplit(signature);
    const ts = this.stoppedAt;
    const abi = i386 ? 'i386' : 'x86_64';
    const plan = this.tamper?.decide(t.tid, abi, name, signature.args, raw, this.mem);
    if (plan) tamperEntry(t.tid, abi, plan, raw, this.mem, this.warn);
    let args: Value[];
    let more = false;
    const raw_ = this.rawCalls?.has(name) === true && !i386;
    if (this.countOnly) args = [];
    else if (raw_) {
      args = raw.slice(0, entryArgCount('x86_64', name)).map((r) => hex(r));
      ctx.entryOnly = true;
    } else if (nr === RESTART_SYSCALL && !i386)
      args = [text(`<... resuming interrupted ${t.prev ?? 'system call'} ...>`)];
    else
      try {
        args = decodeEnter(ctx, split);
        more = split < signature.args.length && !ctx.entryOnly;
      } catch {
        args = rawArgs(ctx); // a decoder fault costs this call its decoding, never the trace
      }
    this.stacks?.atEntry(t.tid, name, true, firstExec, i386);
    if (clone) this.guardClone(t, clone, i386, regs);
    const call: Call = {
      ctx,
      sig: signature,
      split,
      nr,
      name,
      enterTs: ts,
      enterStime: this.stime(),
      more,
      tamper: plan,
      raw: raw_,
      resultAt: sub?.resultAt,
      failedForm: sub?.failedForm,
    };
    t.call = call;
    // -c alone: only exits are counted; nothing reads an entry event
    if (!this.countOnly) {
      const enter: Mutable<SyscallEnter> = { type: 'enter', pid: t.tid, ts, nr, name, raw, args, more };
      if (i386) enter.abi = 'i386';
      if (this.config.instructionPointer) enter.ip = w[1] as bigint;
      this.io.emit(enter);
    }
    call.enterTs = now();
    const rule = plan?.rule;
    let signal = rule?.signal ?? 0;
    if (signal !== 0 && this.enteringViaSeccomp) {
      libc.tgkill(TKILL, t.tid, signal, 0);
      signal = 0;
    }
    if (rule?.delayEnter !== undefined) this.delays.hold(t.tid, rule.delayEnter, signal, now());
    else this.resume(t.tid, signal);
    return true;
  }

  /** enter() on the plain-text path: the call's entry half as text; false when it must take the general path. */
  private liveEnter(t: Thread, nr: number, plan: LivePlan): boolean {
    t.rec ??= liveRecord();
    const r = t.rec;
    takeArgs(r, this.infoU32, plan.narrow);
    const head = headText(r, plan);
    if (head === undefined) return false;
    const ts = this.stoppedAt;
    const name = plan.name;
    this.io.callText?.(
      { type: 'call', pid: t.tid, ts, tsExit: ts, nr, name, head, tail: '', result: '', failed: false },
      'enter',
    );
    // an exit that prints only the return: the stop step may queue it (takeExits) rather than return for it
    const queued =
      this.liveExits &&
      plan.exit.length === 0 &&
      plan.hook === undefined &&
      this.io.queueExits === true &&
      this.step.armLive(t.tid);
    t.call = {
      live: plan,
      split: 0,
      nr,
      name,
      enterTs: now(),
      enterStime: this.stime(),
      more: r.more,
      queued,
    };
    this.resume(t.tid);
    return true;
  }

  /** enter() on --json's live path: the record's entry half; false when it must take the general path. */
  private jsonEnter(t: Thread, plan: JsonPlan): boolean {
    t.rec ??= liveRecord();
    const r = t.rec;
    takeArgs(r, this.infoU32, plan.narrow);
    this.mem.pid = t.tid;
    const json = this.liveJson as LiveJson;
    const io = this.io.callJson;
    if (!io || !json.takes(r, plan)) return false;
    const entry = io.enter(t.tid, this.stoppedAt, plan.nr, plan.name);
    json.jsonEnter(entry, r, this.infoU32, plan);
    t.call = {
      json: plan,
      jsonEntry: entry,
      split: 0,
      nr: plan.nr,
      name: plan.name,
      enterTs: now(),
      enterStime: this.stime(),
      more: plan.exit.length > 0,
    };
    this.resume(t.tid);
    return true;
  }

  /** leave() on --json's live path: the record's exit half. */
  private jsonLeave(t: Thread, plan: JsonPlan, entry: OpenCallJson, resume: boolean): boolean {
    t.rec ??= liveRecord();
    const r = t.rec;
    takeReturn(r, this.infoU32, 6);
    this.mem.pid = t.tid;
    this.io.callJson?.exit(entry, (this.liveJson as LiveJson).jsonExit(entry, r, plan, this.stoppedAt));
    this.shown++;
    if (resume) this.resume(t.tid);
    return true;
  }

  /** leave() on the plain-text path: the exit half as text. */
  private liveLeave(t: Thread, call: Call, plan: LivePlan, resume: boolean): boolean {
    // its exit came here (the step's queue was full): the slot armed for it is free again
    if (call.queued) this.step.take(t.tid);
    return this.liveExit(t, call, plan, resume, this.infoU32, 6);
  }

  /**
   * A live call's exit half, its return given as the halves at `words[at]`: from the exit stop's syscall info, or
   * from an exit the stop step queued.
   */
  private liveExit(
    t: Thread,
    call: Call,
    plan: LivePlan,
    resume: boolean,
    words: Uint32Array,
    at: number,
  ): boolean {
    t.rec ??= liveRecord();
    const r = t.rec;
    takeReturn(r, words, at);
    this.mem.pid = t.tid;
    const { tail, result } = tailText(r, plan);
    // one literal, as liveEnter's: properties added after a spread miss their inline cache at every call
    const c: CallText = {
      type: 'call',
      pid: t.tid,
      ts: call.enterTs,
      tsExit: this.stoppedAt,
      nr: call.nr,
      name: call.name,
      head: '',
      tail,
      result,
      failed: r.failed,
    };
    this.io.callText?.(c, 'exit');
    this.shown++;
    if (resume) this.resume(t.tid);
    return true;
  }

  /** The six argument registers of the entry in the syscall info, as BigInts. */
  private entryArgs(): bigint[] {
    const w = this.infoU64;
    return [w[4] as bigint, w[5] as bigint, w[6] as bigint, w[7] as bigint, w[8] as bigint, w[9] as bigint];
  }

  /** The syscall number at an entry stop: a Number without a BigInt when it fits 32 bits (it always does but for
   * a program's own nonsense, which keeps its full 64-bit value as before). */
  private entryNr(): number {
    const u = this.infoU32;
    return u[7] === 0 ? (u[6] as number) : Number(this.infoU64[3]);
  }

  private leave(t: Thread, resume = true): boolean {
    const call = t.call;
    if (!call) return false;
    t.call = undefined;
    t.prev = call.name;
    const ctx = call.ctx;
    const sig = call.sig;
    if (call.live) return this.liveLeave(t, call, call.live, resume);
    if (call.json && call.jsonEntry) return this.jsonLeave(t, call.json, call.jsonEntry, resume);
    if (!ctx || !sig) return false;
    let ret = this.infoI64[3] as bigint;
    let failed = this.info.bytes[32] !== 0;
    const plan = call.tamper;
    this.mem.pid = t.tid;
    const injected = plan ? tamperExit(t.tid, plan, ctx.raw, this.mem, this.warn) : undefined;
    if (injected !== undefined) {
      ret = BigInt.asIntN(64, injected);
      failed = plan?.rule.error !== undefined;
    }
    this.mem.pid = t.tid;
    if (call.resultAt !== undefined && !failed) {
      const at = this.mem.read(call.resultAt, 4);
      if (at && at.length === 4) ret = BigInt(new DataView(at.buffer, at.byteOffset, 4).getUint32(0, true));
    }
    ctx.ret = ret;
    ctx.failed = failed;
    if (failed && call.failedForm) {
      const shown = ctx as Mutable<CallContext>;
      shown.raw = call.failedForm.raw;
      shown.args = call.failedForm.signature.args;
    }
    let args: Value[] = [];
    let result: ReturnType<typeof decodeReturn>;
    try {
      if (call.raw) result = failed ? { errno: Number(-ret) } : { value: hex(ret) };
      else if (this.countOnly)
        result = ret < 0n && ret >= -4095n ? { errno: Number(-ret) } : { value: int(ret) };
      else {
        args = decodeExit(ctx, call.split);
        result = decodeReturn(ctx, sig, BigInt.asUintN(64, ret));
      }
      // an injected retval is a success, whatever its value (`= -1 (INJECTED)`; unsigned where the call's kind says)
      if (injected !== undefined && !failed && result.errno !== undefined)
        result = { value: int(sig.ret === 'udec' ? BigInt.asUintN(64, ret) : ret) };
    } catch {
      result = ret < 0n && ret >= -4095n ? { errno: Number(-ret) } : { value: int(ret) };
    }
    const ts = this.stoppedAt;
    const stack = this.stacks?.atExit(t.tid, call.name);
    // fields put in the order spreads would give, without a spread's object and copy per call
    const exit: Mutable<SyscallExit> = {
      type: 'exit',
      pid: t.tid,
      ts,
      nr: call.nr,
      name: call.name,
      args,
      ret,
    };
    putReturnFields(exit, ctx, result);
    exit.duration = ts - call.enterTs;
    if (this.systemTimes) exit.systemTime = this.stime() - call.enterStime;
    if (stack) exit.stack = stack;
    const mark = plan && tamperMark(plan);
    if (mark) exit.tamper = mark;
    this.io.emit(exit);
    this.shown++;
    const delay = plan?.rule.delayExit;
    if (delay !== undefined) this.delays.hold(t.tid, delay, 0, now());
    else if (resume) this.resume(t.tid);
    return true;
  }

  private installFilter(tid: number, program: Uint8Array): void {
    // a sandbox always sets no_new_privs (nothing under it may gain privileges); the tracing filter only when needed
    this.seccompMode = injectSeccompFilter(
      tid,
      program,
      { regs: this.regs, status: this.status, mem: this.mem },
      this.config.sandbox !== undefined,
    );
    // a queued exit leaves its thread between calls: resumed as resume() would resume it
    if (this.seccompMode) this.step.afterQueued(PT.CONT, false);
    if (!this.seccompMode && this.config.sandbox) {
      // never run the command without the sandbox it was promised
      libc.kill(tid, sig('KILL'));
      throw new VatError(
        'sandbox: could not install the seccomp filter; the command was not run',
        'ESECCOMP',
      );
    }
    if (!this.seccompMode)
      writeSync(2, `${PROG}: --seccomp-bpf: could not install the filter, every syscall stops\n`);
  }

  /** `vat sandbox`: its filter, with execve pinned to the path pointer rewriteExec() is about to give it. */
  private sandboxProgram(blob: ExecBlob): Uint8Array {
    const sandbox = this.config.sandbox as NonNullable<TraceConfig['sandbox']>;
    const pin = sandbox.pinExec ? blob.path : undefined;
    const policy = pin === undefined ? sandbox.policy : pinExecve(sandbox.policy, pin);
    return encodeProgram(compileSeccomp(policy));
  }

  /** The decoding plan of an x86_64 syscall number, made at its first call. */
  private plan(nr: number): SyscallPlan {
    let p = this.plans.get(nr);
    if (!p) {
      p = makePlan(nr);
      this.plans.set(nr, p);
    }
    return p;
  }

  /** -e abbrev=SET: calls outside SET print unabbreviated (as -v); -e verbose=SET: outside SET, no structs. */
  private callOptions(name: string): DecodeOptions {
    const d = this.config.decode;
    if (!d.abbrevCalls && !d.verboseCalls) return d;
    let o = this.perCall.get(name);
    if (!o) {
      o = {
        ...d,
        ...(d.abbrevCalls ? { verbose: !d.abbrevCalls.includes(name) } : {}),
        ...(d.verboseCalls && !d.verboseCalls.includes(name) ? { noDeref: true } : {}),
      };
      this.perCall.set(name, o);
    }
    return o;
  }

  /** The command's argv, with --argv0's name first when given. */
  private argv(): readonly string[] {
    const { command, argv0 } = this.config;
    return argv0 === undefined ? command : [argv0, ...command.slice(1)];
  }

  /** The command's path, argv and vat's environment for the launcher's execve, below its stack pointer. */
  private execBlob(tid: number): ExecBlob {
    libc.ptrace(PT.GETREGS, tid, 0, this.regs.address);
    const rsp = this.regs.view.getBigUint64(REG.rsp, true);
    const path = this.config.commandPath ?? this.config.command[0] ?? '';
    this.mem.pid = tid;
    return buildExecBlob(rsp, path, this.argv(), this.env, this.execGap, initialStrings(tid));
  }

  /** Replaces the launcher's execve arguments with the command's path, argv and vat's environment. */
  private rewriteExec(tid: number, blob: ExecBlob): void {
    const r = this.regs.view;
    libc.ptrace(PT.GETREGS, tid, 0, this.regs.address);
    this.mem.pid = tid;
    if (!this.mem.write(blob.base, blob.bytes)) {
      // the launcher's own arguments are the command's too, but argv[0] and the environment's order may differ
      this.io.flush();
      writeSync(
        2,
        `${PROG}: could not write the command's arguments into the launcher: it runs as the shell execs it\n`,
      );
      return;
    }
    r.setBigUint64(REG.rdi, blob.path, true);
    r.setBigUint64(REG.rsi, blob.argv, true);
    r.setBigUint64(REG.rdx, blob.envp, true);
    libc.ptrace(PT.SETREGS, tid, 0, this.regs.address);
  }

  private eventStop(t: Thread, event: number, s: number): boolean {
    switch (event) {
      case PT.EVENT_FORK:
      case PT.EVENT_VFORK:
      case PT.EVENT_CLONE: {
        libc.ptrace(PT.GETEVENTMSG, t.tid, 0, this.msg.address);
        const child = Number(this.msg.view.getBigUint64(0, true));
        t.cloning = false;
        // expect the child's first stop, unless it came (and maybe went) already
        if (!this.early.delete(child) && !this.threads.has(child)) this.adopt(child);
        this.resume(t.tid);
        return false;
      }
      case PT.EVENT_EXEC:
        return this.execStop(t);
      case PT.EVENT_SECCOMP:
        return this.seccompStop(t);
      case PT.EVENT_EXIT: {
        // -Y: its name now (an exec or PR_SET_NAME since its last shown line renamed it); gone once reaped
        if (this.config.decode.decodePids) t.comm = procComm(t.tid);
        const emitted = this.lost(t, now());
        this.resume(t.tid);
        return emitted;
      }
      case PT.EVENT_STOP:
        if (!t.launcher && STOP_SIGNALS.has(s)) {
          // group-stop: stay stopped until SIGCONT, as without vat
          this.io.emit({ type: 'signal', pid: t.tid, ts: now(), signo: s, info: undefined, stopped: true });
          libc.ptrace(PT.LISTEN, t.tid, 0, 0);
          return true;
        }
        this.resume(t.tid); // the first stop after seize or auto-attach, PTRACE_INTERRUPT, SIGCONT after LISTEN
        return false;
      default:
        this.resume(t.tid);
        return false;
    }
  }

  /** A traced call stopped by the filter (SECCOMP_RET_TRACE): its entry, unless a syscall-entry stop came first. */
  private seccompStop(t: Thread): boolean {
    if (t.call || t.skipping) {
      this.resume(t.tid);
      return false;
    }
    // read by the step that waited for this stop
    const got = this.step.infoResult();
    if (got <= 0) {
      // killed while stopped here: its call entered but cannot be read, `???(` as at a syscall-entry stop
      const shown = this.unknownEntry(t, -got);
      this.resume(t.tid);
      return shown;
    }
    this.enteringViaSeccomp = true;
    try {
      return this.enter(t);
    } finally {
      this.enteringViaSeccomp = false;
    }
  }

  /**
   * PTRACE_EVENT_EXEC. When a non-leader thread exec'd, the kernel gave it the leader's id (`t` is the leader's
   * entry): the leader is gone without an exit report, and the thread goes on under its id with its execve.
   */
  private execStop(t: Thread): boolean {
    if (this.config.sandbox?.detachAfterExec && t.tid === this.mainPid && !this.sandboxDetached) {
      // the filter is in place and the new program is loaded: let it run at full speed, untraced
      libc.ptrace(PT.DETACH, t.tid, 0, 0);
      this.threads.delete(t.tid);
      this.sandboxDetached = true;
      return false;
    }
    libc.ptrace(PT.GETEVENTMSG, t.tid, 0, this.msg.address);
    const oldTid = Number(this.msg.view.getBigUint64(0, true));
    let emitted = false;
    this.stacks?.exec(t.tid, oldTid);
    if (oldTid !== t.tid && oldTid > 0) {
      if (this.stepLoop || this.liveExits) this.takeSlot(oldTid);
      const old = this.threads.get(oldTid);
      this.threads.delete(oldTid);
      this.early.delete(oldTid);
      const ts = now();
      this.lost(t, ts); // normally shown at the leader's PTRACE_EVENT_EXIT already
      t.call = old?.call;
      t.rec = old?.rec ?? t.rec;
      t.skipping = old?.skipping ?? false;
      t.legacyIn = old?.legacyIn ?? t.legacyIn;
      t.prev = old?.prev;
      t.launcher = false;
      this.io.emit({ type: 'exec', pid: t.tid, oldPid: oldTid, ts });
      emitted = true;
    }
    // -b execve: a process is let go once an exec succeeded (a failed one is traced on), as strace does at
    // this event; the launcher's exec, which starts the command, is not one of them
    if (this.config.detachOnExec && !t.execPending) {
      this.detachAtExec(t);
      return true;
    }
    this.resume(t.tid);
    return emitted;
  }

  private signalStop(t: Thread, s: number): boolean {
    if (t.launcher) {
      this.resume(t.tid, s === SIGCONT ? 0 : s);
      return false;
    }
    libc.ptrace(PT.GETSIGINFO, t.tid, 0, this.siginfo.address);
    const stack = this.stacks?.capture(t.tid);
    let ip: bigint | undefined;
    if (this.config.instructionPointer && libc.ptrace(PT.GETREGS, t.tid, 0, this.regs.address) === 0)
      ip = this.regs.view.getBigUint64(REG.rip, true);
    this.io.emit({
      type: 'signal',
      pid: t.tid,
      ts: now(),
      signo: s,
      info: decodeSiginfo(
        this.siginfo.view,
        (pid) => pidValue({ opts: this.config.decode, pid: t.tid }, pid),
        // si_fd (SIGIO with F_SETSIG) is the tracee's fd: its path under -y, as in a call's arguments
        (fd) => fdValue(this.signalContext(t), fd),
      ),
      ...(stack ? { stack } : {}),
      ...(ip !== undefined ? { ip } : {}),
    });
    this.resume(t.tid, s);
    return true;
  }

  /** What an fd in a signal's siginfo is read with: the stopped thread's fd table, the trace's options. */
  private signalContext(t: Thread): CallContext {
    const opts = this.config.decode;
    return {
      pid: t.tid,
      name: '',
      raw: [],
      args: [],
      mem: this.mem,
      opts,
      fdPath: t.fdPath,
      stackPointer: 0n,
    };
  }

  /**
   * After --syscall-limit or the sandbox let the command go: it is still vat's child, so its exit is waited for,
   * and its status taken unless `record` is false (-b execve, as strace).
   */
  private awaitCommand(record = true): void {
    if (this.mainPid === 0) return;
    let got = -1;
    do got = libc.waitpid(this.mainPid, this.status.address, 0);
    while (got < 0 && lastErrno() === EINTR);
    if (got !== this.mainPid || !record) return;
    this.recordMain(this.status.view.getInt32(0, true));
  }

  private recordMain(status: number): void {
    this.mainReaped = true;
    if (W.exited(status)) this.mainStatus = { status: W.exitCode(status) };
    else if (W.signaled(status))
      this.mainStatus = { status: 128 + W.termSig(status), killedBy: W.termSig(status) };
  }

  /** -b execve: the thread is let go at its execve entry; its open line ends ` <detached ...>`. */
  private detachAtExec(t: Thread): void {
    libc.ptrace(PT.DETACH, t.tid, 0, 0);
    t.call = undefined;
    this.threads.delete(t.tid);
    if (t.tid === this.mainPid) this.mainDetached = true;
    this.io.emit({ type: 'detach', pid: t.tid, ts: now() });
  }

  /**
   * -I 2: a fatal signal ends the trace; the command vat launched (not a -p process) is continued and given it
   * before every tracee is let go, as strace's cleanup does.
   */
  private signalCommand(signal: number): void {
    if (signal === 0 || this.mainPid === 0 || !this.threads.has(this.mainPid)) return;
    libc.kill(this.mainPid, SIGCONT);
    libc.kill(this.mainPid, signal);
  }

  /** Detaches from every tracee, leaving each running with no signal lost (--kill-on-exit: kills them). */
  private detachAll(): void {
    // held tracees first: they are stopped already, and would never report the stop PTRACE_INTERRUPT asks for
    for (const h of this.delays.due(0n, true)) this.resume(h.tid, h.signal);
    this.step.flush();
    if (this.stepLoop || this.liveExits) for (const tid of this.threads.keys()) this.takeSlot(tid);
    if (this.config.killOnExit) for (const t of this.threads.values()) libc.kill(t.tid, sig('KILL'));
    const order = [...this.threads.keys()];
    const detached = new Set<number>();
    for (const t of this.threads.values()) libc.ptrace(PT.INTERRUPT, t.tid, 0, 0);
    while (this.threads.size > 0) {
      const pid = libc.waitpid(-1, this.status.address, PT.WALL);
      if (pid < 0) {
        if (lastErrno() === EINTR) continue;
        break;
      }
      const t = this.threads.get(pid);
      const status = this.status.view.getInt32(0, true);
      if (!t) {
        // a followed child nobody announced yet: let it go too
        if (W.stopped(status)) libc.ptrace(PT.DETACH, pid, 0, 0);
        continue;
      }
      if (!W.stopped(status)) {
        this.gone(t, status);
        continue;
      }
      const s = W.stopSig(status);
      const event = W.ptraceEvent(status);
      // a signal-delivery-stop carries a signal that must still be delivered after detaching
      const deliver = s !== SYSCALL_TRAP && event === 0 ? s : 0;
      libc.ptrace(PT.DETACH, pid, 0, deliver);
      this.threads.delete(pid);
      detached.add(pid);
    }
    // notices in the order the threads were traced, as strace's table order
    const ts = now();
    for (const pid of order) if (detached.has(pid)) this.io.emit({ type: 'detach', pid, ts });
    this.io.flush();
  }
}

/** strace's fallback for what cannot be decoded: the raw arguments in hex. */
const rawArgs = (ctx: CallContext): Value[] => ctx.raw.slice(0, ctx.args.length).map((r) => hex(r));
