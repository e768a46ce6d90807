// The event stream every engine produces and every sink consumes (strace text, JSON, summaries, analyses).
import type { Value } from './value.js';

/** Nanoseconds since the epoch. */
export type Nanos = bigint;

interface Base {
  /** Thread id that stopped (strace's "pid"). */
  readonly pid: number;
  readonly ts: Nanos;
}

/** A syscall entered. `args` holds what could be decoded at entry; `complete` is false when more comes at exit. */
export interface SyscallEnter extends Base {
  readonly type: 'enter';
  readonly nr: number;
  readonly name: string;
  readonly raw: readonly bigint[];
  readonly args: readonly Value[];
  /** More arguments are decoded at exit (the entry text then ends with `, `). */
  readonly more: boolean;
  /** The call was made through another ABI (i386 int 0x80); numbers and names are that ABI's. */
  readonly abi?: 'i386' | 'x32';
  /** -i: the instruction pointer at entry. */
  readonly ip?: bigint;
}

/** A syscall returned (or the tracee left it: `ret` undefined prints `= ?`). */
export interface SyscallExit extends Base {
  readonly type: 'exit';
  readonly nr: number;
  readonly name: string;
  /** Arguments decoded at exit (out-parameters), printed after the entry ones. */
  readonly args: readonly Value[];
  readonly ret: bigint | undefined;
  /** errno number when the call failed (ret is -errno). */
  readonly errno?: number;
  /** The return value already in its display form (fd with path, hex address, flags). */
  readonly retValue?: Value;
  /** Trailing detail in parentheses after the return (`(Timeout)`, `([{fd=3, revents=POLLIN}])`). */
  readonly retDetail?: string;
  /** Time spent in the syscall, from entry stop to exit stop. */
  readonly duration?: Nanos;
  /** System CPU time the thread used during the call (what strace -c sums by default), when measured. */
  readonly systemTime?: Nanos;
  /**
   * With `ret` undefined: the entry promised arguments decoded at exit that never came (the thread died in
   * the call), printed as strace does: `read(3,  <unfinished ...>) = ?`.
   */
  readonly lostArgs?: boolean;
  /** -k: the user-space stack at the call (innermost first). */
  readonly stack?: readonly StackFrame[];
  /** -e inject= tampered with the call: strace's ` (INJECTED…)` and ` (DELAYED)` after the result. */
  readonly tamper?: TamperMark;
}

/**
 * One frame of a -k stack trace, as strace prints it: `module(symbol+0xoffset) [0xaddress]`; a frame outside
 * every file mapping ends the walk as `error [0xaddress]`.
 */
export interface StackFrame {
  /** The mapped file, as /proc/PID/maps names it. Absent on an error frame. */
  readonly module?: string;
  /** The nearest function symbol at or below the address, when the file has one. */
  readonly symbol?: string;
  /** Bytes from the symbol's start. */
  readonly offset?: number;
  /** Offset in the module's file (strace's bracketed number); on an error frame, the raw instruction pointer. */
  readonly address: number;
  /** Why the walk stopped here (`unexpected_backtracing_error`, `too many stack frames`). */
  readonly error?: string;
}

/** What -e inject= did to a call, as its exit line says. */
export interface TamperMark {
  /** What `(INJECTED…)` names: the result (`(INJECTED)`), poked arguments (`(INJECTED: args)`), or both. */
  readonly injected?: 'retval' | 'args' | 'args, retval';
  /** The tracee was held at the call's entry or exit (delay_enter=, delay_exit=). */
  readonly delayed?: boolean;
}

/** A signal was delivered to the tracee: `--- SIGCHLD {...} ---`. */
export interface SignalEvent extends Base {
  readonly type: 'signal';
  readonly signo: number;
  readonly info: Value | undefined;
  /** A group-stop (job control) rather than a delivery: `--- stopped by SIGSTOP ---`. */
  readonly stopped?: boolean;
  /** -k: the user-space stack where the signal found the thread. */
  readonly stack?: readonly StackFrame[];
  /** -i: the instruction pointer where the signal was delivered. */
  readonly ip?: bigint;
}

/** The process exited or was killed: `+++ exited with 0 +++`, `+++ killed by SIGKILL (core dumped) +++`. */
export interface ExitEvent extends Base {
  readonly type: 'exited';
  readonly code?: number;
  readonly signo?: number;
  readonly core?: boolean;
  /** -Y: the command name at death, read before the process could be reaped (as strace's tcb keeps it). */
  readonly comm?: string;
}

/** A thread other than the leader exec'd: its old id is gone (`+++ superseded by execve in pid N +++`). */
export interface ExecEvent extends Base {
  readonly type: 'exec';
  readonly oldPid: number;
}

/**
 * Attach and detach notices (`Process N attached`): a process seized with -p, a child followed with -f (at its
 * first stop), a thread detached.
 */
export interface AttachEvent extends Base {
  readonly type: 'attach' | 'detach';
  /** -p of a multi-threaded process: every thread seized, the leader first (`attached with N threads`). */
  readonly threads?: readonly number[];
  /**
   * The command vat started, traced from its first instruction: it counts among the traced processes (strace's
   * nprocs, which decides the `[pid N]` prefix) but is never announced (no notice, no JSON line).
   */
  readonly launched?: boolean;
}

/** Events the engine could not record (the eBPF ring buffer was full): never silent. */
export interface LostEvent extends Base {
  readonly type: 'lost';
  readonly count: number;
}

export type TraceEvent =
  | SyscallEnter
  | SyscallExit
  | SignalEvent
  | ExitEvent
  | ExecEvent
  | AttachEvent
  | LostEvent;
