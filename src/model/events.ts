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
}

/** A signal was delivered to the tracee: `--- SIGCHLD {...} ---`. */
export interface SignalEvent extends Base {
  readonly type: 'signal';
  readonly signo: number;
  readonly info: Value | undefined;
}

/** The process exited or was killed: `+++ exited with 0 +++`, `+++ killed by SIGKILL (core dumped) +++`. */
export interface ExitEvent extends Base {
  readonly type: 'exited';
  readonly code?: number;
  readonly signo?: number;
  readonly core?: boolean;
}

/** A thread other than the leader exec'd: its old id is gone (`+++ superseded by execve in pid N +++`). */
export interface ExecEvent extends Base {
  readonly type: 'exec';
  readonly oldPid: number;
}

/** Attach and detach notices (`Process N attached`). */
export interface AttachEvent extends Base {
  readonly type: 'attach' | 'detach';
}

export type TraceEvent = SyscallEnter | SyscallExit | SignalEvent | ExitEvent | ExecEvent | AttachEvent;
