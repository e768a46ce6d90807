// The events the library yields: whole calls (model/call.ts), signals, execs and exits, plain typed objects.
import type { Call } from '../model/call.js';
import type { Nanos, StackFrame } from '../model/events.js';
import type { Value } from '../model/value.js';
import { errnoByValue } from '../tables/errnos.js';
import { signalByValue } from '../tables/signals.js';

export type { Call, Nanos, StackFrame, Value };

/** A finished (or never-returned) syscall, with the errno's name when it failed. */
export interface SyscallEvent extends Call {
  readonly errnoName?: string;
}

export interface SignalEvent {
  readonly type: 'signal';
  readonly pid: number;
  readonly tid: number;
  readonly ts: Nanos;
  readonly signo: number;
  /** `SIGCHLD`, or `SIG<N>` for a number without a name. */
  readonly signal: string;
  /** A group-stop (`--- stopped by SIGSTOP ---`) rather than a delivery. */
  readonly stopped: boolean;
}

/** A successful execve: the program the process runs from now on. */
export interface ExecEvent {
  readonly type: 'exec';
  readonly pid: number;
  readonly tid: number;
  readonly ts: Nanos;
  readonly path: string;
  readonly argv: readonly string[];
}

/** A process or thread ended: with an exit status, or killed by a signal. */
export interface ExitEvent {
  readonly type: 'exit';
  readonly pid: number;
  readonly tid: number;
  readonly ts: Nanos;
  readonly status?: number;
  readonly signal?: string;
  readonly core?: boolean;
}

export type VatEvent = SyscallEvent | SignalEvent | ExecEvent | ExitEvent;

export const signalName = (signo: number): string => signalByValue(signo)?.name ?? `SIG${signo}`;

const decoder = new TextDecoder();
const text = (v: Value | undefined): string | undefined =>
  v?.k === 'str' ? decoder.decode(v.bytes) : undefined;

export function syscallEvent(call: Call): SyscallEvent {
  const name = call.errno !== undefined ? errnoByValue(call.errno)?.name : undefined;
  return name !== undefined ? { ...call, errnoName: name } : call;
}

/** The exec a successful execve/execveat call made, or undefined. */
export function execOf(call: Call): ExecEvent | undefined {
  if ((call.name !== 'execve' && call.name !== 'execveat') || call.ret !== 0n) return undefined;
  const path = text(call.args[call.name === 'execve' ? 0 : 1]) ?? '';
  const list = call.args[call.name === 'execve' ? 1 : 2];
  const argv = list?.k === 'array' ? list.items.map((i) => text(i) ?? '') : [];
  return { type: 'exec', pid: call.pid, tid: call.tid, ts: call.ts, path, argv };
}
