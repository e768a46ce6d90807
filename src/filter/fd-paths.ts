// The path behind a tracee's fd, for -P: read live from /proc as strace's getfdpath does (the tracee is stopped
// while the sink decides), else from a table kept from the calls seen (open/dup/close results), for events
// whose process is gone or that come from elsewhere.
import { existsSync } from 'node:fs';
import type { SyscallEnter, SyscallExit } from '../model/events.js';
import type { Value } from '../model/value.js';
import { procFdPath } from '../sys/procfs.js';

/** Resolves an fd of a process to its path as bytes in a latin1 string; undefined when unknown. */
export type FdResolver = (pid: number, fd: number) => string | undefined;

/** The bytes of a decoded path argument as a latin1 string, or undefined when it was not read whole. */
export function pathText(v: Value | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (v.k === 'str') return v.more ? undefined : Buffer.from(v.bytes).toString('latin1');
  if (v.k === 'named' || v.k === 'commented') return pathText(v.value);
  return undefined;
}

const F_DUPFD = 0;
const F_DUPFD_CLOEXEC = 1030;
/** Calls that open a path, and which argument holds it. */
const OPENS: Readonly<Record<string, number>> = { open: 0, creat: 0, openat: 1, openat2: 1 };
const FORKS = new Set(['fork', 'vfork', 'clone', 'clone3']);

/** fd -> path per process, kept from the calls' results: what a process opened under trace, not inherited. */
export class FdTable {
  private readonly tables = new Map<number, Map<number, string>>();

  private table(pid: number): Map<number, string> {
    let t = this.tables.get(pid);
    if (!t) {
      t = new Map();
      this.tables.set(pid, t);
    }
    return t;
  }

  get(pid: number, fd: number): string | undefined {
    return this.tables.get(pid)?.get(fd);
  }

  /** Learns from a finished call (`enter` is its entry, for the path an open was given). */
  exit(enter: SyscallEnter | undefined, e: SyscallExit): void {
    if (e.ret === undefined || e.errno !== undefined) return;
    const ret = Number(e.ret);
    const raw = enter?.raw ?? [];
    const arg = (i: number): number => Number(BigInt.asIntN(32, raw[i] ?? 0n));
    const t = this.table(e.pid);
    const opened = OPENS[e.name];
    if (opened !== undefined) {
      const path = pathText(enter?.args[opened]);
      if (path !== undefined) t.set(ret, path);
      else t.delete(ret);
      return;
    }
    const copy = (from: number, to: number): void => {
      const path = t.get(from);
      if (path !== undefined) t.set(to, path);
      else t.delete(to);
    };
    if (e.name === 'close') t.delete(arg(0));
    else if (e.name === 'dup') copy(arg(0), ret);
    else if (e.name === 'dup2' || e.name === 'dup3') copy(arg(0), arg(1));
    else if (e.name === 'fcntl' && (arg(1) === F_DUPFD || arg(1) === F_DUPFD_CLOEXEC)) copy(arg(0), ret);
    else if (FORKS.has(e.name) && ret > 0) this.tables.set(ret, new Map(t));
    else if (e.retValue?.k === 'fd') t.delete(ret); // a new fd with no path we know (socket, pipe, ...)
  }

  /** A thread exec'd and goes on as `pid`. */
  exec(oldPid: number, pid: number): void {
    const t = this.tables.get(oldPid);
    if (t && oldPid !== pid) {
      this.tables.set(pid, t);
      this.tables.delete(oldPid);
    }
  }
}

/** Live /proc first; the table only for a process /proc no longer shows. */
export function fdResolver(table: FdTable): FdResolver {
  return (pid, fd) => {
    if (fd < 0) return undefined;
    const live = procFdPath(pid, fd);
    if (live !== undefined || existsSync(`/proc/${pid}`)) return live;
    return table.get(pid, fd);
  };
}
