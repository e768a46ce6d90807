// What a seccomp filter tells the kernel to do with a system call, and its 32-bit return-value form
// (SECCOMP_RET_* action in the high 16 bits, data such as an errno in the low 16).
import { errnoByName, errnoByValue } from '../tables/errnos.js';
import { SECCOMP_RET, SECCOMP_RET_MASK } from './consts.js';
import { BpfError } from './errors.js';

/** Action kinds and their SECCOMP_RET_* constant; the ones with data carry it in the low 16 bits. */
const KINDS = {
  'kill-process': SECCOMP_RET.SECCOMP_RET_KILL_PROCESS,
  'kill-thread': SECCOMP_RET.SECCOMP_RET_KILL_THREAD,
  trap: SECCOMP_RET.SECCOMP_RET_TRAP,
  errno: SECCOMP_RET.SECCOMP_RET_ERRNO,
  'user-notif': SECCOMP_RET.SECCOMP_RET_USER_NOTIF,
  trace: SECCOMP_RET.SECCOMP_RET_TRACE,
  log: SECCOMP_RET.SECCOMP_RET_LOG,
  allow: SECCOMP_RET.SECCOMP_RET_ALLOW,
} as const;

export type ActionKind = keyof typeof KINDS;

export type SeccompAction =
  | { readonly kind: 'allow' | 'log' | 'kill-process' | 'kill-thread' | 'user-notif' }
  | { readonly kind: 'errno'; readonly errno: number }
  | { readonly kind: 'trace' | 'trap'; readonly data: number };

const DATA = SECCOMP_RET_MASK.SECCOMP_RET_DATA;
const ACTION_FULL = SECCOMP_RET_MASK.SECCOMP_RET_ACTION_FULL;

function data16(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > DATA) {
    throw new BpfError(`${what} ${value} out of 0..${DATA}`);
  }
  return value;
}

export const ALLOW: SeccompAction = { kind: 'allow' };
export const LOG: SeccompAction = { kind: 'log' };
export const KILL_PROCESS: SeccompAction = { kind: 'kill-process' };
export const KILL_THREAD: SeccompAction = { kind: 'kill-thread' };
export const USER_NOTIF: SeccompAction = { kind: 'user-notif' };

/** SECCOMP_RET_ERRNO: the call fails with this errno (a number or a name such as 'EPERM') without running. */
export function errnoAction(errno: number | string): SeccompAction {
  const value = typeof errno === 'number' ? errno : errnoByName(errno)?.value;
  if (value === undefined) throw new BpfError(`unknown errno ${String(errno)}`);
  return { kind: 'errno', errno: data16(value, 'errno') };
}

/** SECCOMP_RET_TRACE: a PTRACE_EVENT_SECCOMP stop for the tracer, `data` as its PTRACE_GETEVENTMSG. */
export const traceAction = (data = 0): SeccompAction => ({ kind: 'trace', data: data16(data, 'trace data') });

/** SECCOMP_RET_TRAP: a SIGSYS with `data` in si_errno. */
export const trapAction = (data = 0): SeccompAction => ({ kind: 'trap', data: data16(data, 'trap data') });

/** The filter's return value for an action. */
export function actionValue(action: SeccompAction): number {
  const base = KINDS[action.kind];
  if (action.kind === 'errno') return (base | data16(action.errno, 'errno')) >>> 0;
  if (action.kind === 'trace' || action.kind === 'trap') return (base | data16(action.data, 'data')) >>> 0;
  return base >>> 0;
}

const BY_VALUE = new Map<number, ActionKind>(
  (Object.entries(KINDS) as [ActionKind, number][]).map(([kind, v]) => [v >>> 0, kind]),
);

/** The action a return value stands for, as the kernel reads it (unknown actions kill the process). */
export function actionOf(value: number): SeccompAction | undefined {
  const kind = BY_VALUE.get((value & ACTION_FULL) >>> 0);
  const data = value & DATA;
  if (kind === 'errno') return { kind, errno: data };
  if (kind === 'trace' || kind === 'trap') return { kind, data };
  return kind ? { kind } : undefined;
}

/** A return value as libseccomp's PFC writes actions: ALLOW, ERRNO(EPERM), TRACE(7). */
export function formatActionValue(value: number): string {
  const action = actionOf(value);
  if (!action) return `0x${(value >>> 0).toString(16)} /* SECCOMP_RET_??? */`;
  const name = action.kind.toUpperCase().replace('-', '_');
  if (action.kind === 'errno') {
    return `ERRNO(${errnoByValue(action.errno)?.name ?? action.errno})`;
  }
  if (action.kind === 'trace' || action.kind === 'trap') return `${name}(${action.data})`;
  return name;
}
