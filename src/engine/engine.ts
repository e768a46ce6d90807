// The engine interface: whatever traces (ptrace, eBPF) takes a TraceConfig and streams TraceEvents; the
// outputs written on its decoding thread come beside the config, from the Session.
import type { SeccompPolicy } from '../bpf/index.js';
import type { DecodeOptions } from '../decode/options.js';
import type { InjectRule } from '../filter/inject-spec.js';
import type { TraceEvent } from '../model/events.js';
import type { TraceOutputs } from '../sink/outputs.js';

export type { TraceOutputs };

import type { LaunchState } from '../sys/launch-state.js';

/** Everything an engine needs to run a trace; plain data so that it crosses into a worker thread. */
export interface TraceConfig {
  /** Command to launch (argv[0] resolved by the caller), or empty to only attach. */
  readonly command: readonly string[];
  /** Absolute path of command[0]. */
  readonly commandPath?: string;
  /** The fds and ignored signals vat's parent gave it, which the launched command inherits as under strace. */
  readonly launchState?: LaunchState;
  /** -D: the command is this running process (vat's own first pid), seized here and traced into its execve. */
  readonly daemonOf?: number;
  readonly attach: readonly number[];
  readonly followForks: boolean;
  /**
   * -q/-e quiet=: `attach` silences `Detached unknown pid N` (a CLONE_PTRACE child without -f), `exit` silences
   * `Exit of unknown pid N ignored` (a child that is not a tracee, e.g. made with CLONE_PARENT), as in strace.
   */
  /** Once the command is launched, vat's own stdin and stdout are let go (nothing of vat's reads or writes them). */
  readonly releaseStdio?: boolean;
  readonly quietUnknown?: { readonly attach: boolean; readonly exit: boolean };
  /**
   * Security modes: clone3 is refused (ENOSYS: libc falls back to clone, whose flags vat rewrites race-free),
   * and a child created untraced anyway is killed; otherwise it is only reported. It is listed in the outcome.
   */
  readonly killUntraced?: boolean;
  readonly decode: DecodeOptions;
  /** Syscall names to report; undefined reports all. */
  readonly traceSet?: readonly string[];
  /** -c without -w: each call carries the tracee's system time it used (read around the call), not wall time. */
  readonly systemTimes?: boolean;
  /** -Y: the launched command's first thread takes its name before its execve, so that its lines name it. */
  readonly nameLauncher?: boolean;
  /** --seccomp-bpf: a seccomp filter in the launched command stops only the traced syscalls. */
  readonly seccompBpf?: boolean;
  /** --syscall-limit: detach from everything after this many syscalls were shown. */
  readonly syscallLimit?: number;
  /** -e inject= / -e fault=, in command-line order (the last naming a syscall wins). */
  readonly inject?: readonly InjectRule[];
  /** --seed: the start of the pseudo-random choices of inject's prob= (a reproducible run). */
  readonly seed?: number;
  /** --system-wide (eBPF): every process but vat. */
  readonly systemWide?: boolean;
  /** --cgroup PATH (eBPF): every process of that cgroup v2 directory. */
  readonly cgroup?: string;
  /** --ring-size (eBPF): bytes of the ring buffer, a power of two. */
  readonly ringSize?: number;
  /** -i: syscall and signal events carry the instruction pointer. */
  readonly instructionPointer?: boolean;
  /** -E, --argv0: the launched command's environment and argv[0], when they differ from vat's. */
  readonly commandEnv?: readonly EnvEdit[];
  readonly argv0?: string;
  /** -b execve: detach from each process at its first execve (after the launch). */
  readonly detachOnExec?: boolean;
  /** -u: run the launched command as this user (strace's run_uid/run_gid, and the groups). */
  readonly user?: RunAs;
  /** -I 1: vat dies of a fatal signal at once; the launched command then runs on (no PTRACE_O_EXITKILL). */
  readonly interruptible?: 1;
  /** -d: the tracer says what it found out while tracing (whether PTRACE_GET_SYSCALL_INFO works). */
  readonly debug?: boolean;
  /** --kill-on-exit: tracees die with vat (PTRACE_O_EXITKILL) and are killed, not detached, when vat stops. */
  readonly killOnExit?: boolean;
  /** -k: each traced call (and signal) carries the user-space stack of the thread. */
  readonly stackTraces?: boolean;
  /**
   * `vat sandbox`: a seccomp filter compiled from this policy is installed in the launched command before its
   * execve, instead of the tracing filter; it must be installed or the command does not run. With pinExec,
   * execve is allowed only with the exact path pointer of that launch (the program itself cannot exec). With
   * detachAfterExec vat lets the command go right after the exec (no ptrace; its status is still waited for).
   */
  readonly sandbox?: {
    readonly policy: SeccompPolicy;
    readonly pinExec: boolean;
    readonly detachAfterExec: boolean;
  };
}

/** -E VAR=VAL sets, -E VAR removes, in command-line order. */
export type EnvEdit = { readonly set: string; readonly value?: string };

export interface RunAs {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly groups: readonly number[];
}

export interface TraceOutcome {
  /** Exit status of the launched command (128+signal when killed), or 0 when only attaching. */
  readonly status: number;
  /** The signal that killed the launched command, if any: vat re-raises it as strace does. */
  readonly killedBy?: number;
  /** Children a followed tracee created without vat seeing them (no ptrace event): their calls are missing. */
  readonly untraced?: readonly number[];
}

/** Receives events in order, in batches. */
export type EventSink = (events: readonly TraceEvent[]) => void;

export interface Engine {
  readonly name: string;
  /**
   * Traces until every tracee is gone (or stop() detached them); events go to `sink` when one is given, and to
   * `outputs` (strace text, JSON Lines, -c), which the thread that decodes opens and writes itself.
   */
  run(config: TraceConfig, sink?: EventSink, outputs?: TraceOutputs): Promise<TraceOutcome>;
  /**
   * Detach from every tracee and finish; safe to call from a signal handler. `signal`: the fatal signal the
   * user sent vat (-I 2), which a launched command gets too before vat lets it go, as under strace.
   */
  stop(signal?: number): void;
}
