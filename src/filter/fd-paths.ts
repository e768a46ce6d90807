// The path behind a tracee's fd, for -P: read live from /proc as strace's getfdpath does (the tracee is stopped
// while the sink decides), else from a table kept from the calls seen (open/dup/close results), for events
// whose process is gone or that come from elsewhere.
import type { SyscallEnter, SyscallExit } from '../model/events.js';
import { type FdCall, FdTable as Files } from '../model/fd-table.js';
import type { Value } from '../model/value.js';
import { procExists, procFdPath } from '../sys/procfs.js';

/** Resolves an fd of a process to its path as bytes in a latin1 string; undefined when unknown. */
export type FdResolver = (pid: number, fd: number) => string | undefined;

/** The bytes of a decoded path argument as a latin1 string, or undefined when it was not read whole. */
export function pathText(v: Value | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (v.k === 'str') return v.more ? undefined : Buffer.from(v.bytes).toString('latin1');
  if (v.k === 'named' || v.k === 'commented') return pathText(v.value);
  return undefined;
}

/** fd -> path per thread, kept from the calls' results (the one fd table's rules): what was opened under trace. */
export class FdTable {
  private readonly files = new Files<string>();

  get(pid: number, fd: number): string | undefined {
    return this.files.get(pid, fd);
  }

  /** Learns from a finished call (`enter` is its entry, for the path an open was given). */
  exit(enter: SyscallEnter | undefined, e: SyscallExit): void {
    if (e.ret === undefined || e.errno !== undefined) return;
    const raw = enter?.raw ?? [];
    const reg = (i: number): bigint | undefined => raw[i];
    const call: FdCall = {
      name: e.name,
      ret: Number(e.ret),
      fd: (i) => {
        const v = reg(i);
        return v === undefined ? undefined : Number(BigInt.asIntN(32, v));
      },
      int: reg,
      // clone3's flags are in the struct it points to: its decoded text
      has: (i, name, bit) =>
        e.name === 'clone3' ? valueText(enter?.args[0]).includes(name) : ((reg(i) ?? 0n) & bit) !== 0n,
    };
    this.files.apply(e.pid, call, (how) => {
      if (how === 'open') return pathText(enter?.args[OPEN_PATH[e.name] ?? -1]) ?? null;
      return e.retValue?.k === 'fd' ? null : undefined; // a new fd (socket, pipe, ...) with no path we know
    });
  }

  /** A thread exec'd and goes on as `pid`. */
  exec(oldPid: number, pid: number): void {
    this.files.exec(pid, oldPid);
  }
}

/** Which argument holds the path of a call that opens one. */
const OPEN_PATH: Readonly<Record<string, number>> = { open: 0, creat: 0, openat: 1, openat2: 1 };

const valueText = (v: Value | undefined): string =>
  v === undefined ? '' : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));

/** Live /proc first; the table only for a process /proc no longer shows. */
export function fdResolver(table: FdTable): FdResolver {
  return (pid, fd) => {
    if (fd < 0) return undefined;
    const live = procFdPath(pid, fd);
    if (live !== undefined || procExists(pid)) return live;
    return table.get(pid, fd);
  };
}
