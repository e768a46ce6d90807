// The one fd table: what each process's fds refer to, replayed from its calls with the kernel's rules (dup and
// F_DUPFD, close and close_range, O_CLOEXEC dropped at exec, CLONE_FILES sharing the table). What an fd refers
// to (T) is its reader's: a path for -P, a path and kind for the analyses.
import { constantOf } from '../tables/constants.js';
import type { XlatName } from '../tables/generated/xlat.js';

/** A successful call as the table needs it; each reader maps its own form (events, JSON records) onto this. */
export interface FdCall {
  readonly name: string;
  /** The return value (the call succeeded). */
  readonly ret: number;
  /** Argument i as an fd number. */
  fd(i: number): number | undefined;
  /** Argument i as a number (a command, flags), when known. */
  int(i: number): bigint | undefined;
  /** Whether argument i has flag `name` (value `bit`): from the register, or the decoded symbols. */
  has(i: number, name: string, bit: bigint): boolean;
}

/**
 * What a new fd refers to, which only the reader knows: `open` for a call that opened a path, `new` for any other
 * call that returned a number (the reader tells whether it is an fd). A target sets the fd; null forgets it;
 * undefined leaves the table as it was (the return value was no fd).
 */
export type Describe<T> = (how: 'open' | 'new', fd: number) => T | null | undefined;

interface Files<T> {
  readonly fds: Map<number, T>;
  readonly cloexec: Set<number>;
}

const O_CLOEXEC = constantOf('open_flags', 'O_CLOEXEC');
const CLONE_FILES = constantOf('clone_flags', 'CLONE_FILES');
const CLONE_THREAD = constantOf('clone_flags', 'CLONE_THREAD');
const F_DUPFD = constantOf('fcntl_cmd', 'F_DUPFD');
const F_SETFD = constantOf('fcntl_cmd', 'F_SETFD');
const F_DUPFD_CLOEXEC = constantOf('fcntl_cmd', 'F_DUPFD_CLOEXEC');
const FD_CLOEXEC = constantOf('fd_flags', 'FD_CLOEXEC');
const CLOSE_RANGE_UNSHARE = constantOf('close_range_flags', 'CLOSE_RANGE_UNSHARE');
const CLOSE_RANGE_CLOEXEC = constantOf('close_range_flags', 'CLOSE_RANGE_CLOEXEC');
const MAX_FD = 0x7fffffff;

/** Calls that open a path, with the index of their flags argument (-1: none or in a struct). */
export const FD_OPENERS: Readonly<Record<string, number>> = {
  open: 1,
  openat: 2,
  creat: -1,
  openat2: -1,
  open_tree: 2,
  fspick: -1,
  mq_open: 1,
};

/**
 * Calls that make fds with a close-on-exec flag of their own: the flags argument, and the flag's table and name
 * (pipe2 and socketpair return theirs in an array: the reader sets them, asking cloexecAtBirth()).
 */
const BIRTH_CLOEXEC: Readonly<Record<string, readonly [number, XlatName, string]>> = {
  socket: [1, 'sock_type_flags', 'SOCK_CLOEXEC'],
  socketpair: [1, 'sock_type_flags', 'SOCK_CLOEXEC'],
  accept4: [3, 'sock_flags', 'SOCK_CLOEXEC'],
  pipe2: [1, 'pipe_flags', 'O_CLOEXEC'],
  eventfd2: [1, 'eventfd_flags', 'EFD_CLOEXEC'],
  signalfd4: [3, 'signalfd_flags', 'SFD_CLOEXEC'],
  timerfd_create: [1, 'timerfd_flags', 'TFD_CLOEXEC'],
  epoll_create1: [0, 'epoll_create_flags', 'EPOLL_CLOEXEC'],
  inotify_init1: [0, 'inotify_init_flags', 'IN_CLOEXEC'],
  memfd_create: [1, 'memfd_flags', 'MFD_CLOEXEC'],
  fanotify_init: [0, 'fanotify_init_flags', 'FAN_CLOEXEC'],
  userfaultfd: [0, 'userfaultfd_flags', 'O_CLOEXEC'],
  perf_event_open: [4, 'perf_event_open_flags', 'PERF_FLAG_FD_CLOEXEC'],
  fsopen: [1, 'fsopen_flags', 'FSOPEN_CLOEXEC'],
  fsmount: [1, 'fsmount_flags', 'FSMOUNT_CLOEXEC'],
};
const BIRTH_BITS = new Map(
  Object.entries(BIRTH_CLOEXEC).map(([call, [at, table, name]]) => [
    call,
    [at, name, constantOf(table, name)] as const,
  ]),
);

/** Whether the fds a call made are close-on-exec by its own flag (SOCK_CLOEXEC, EFD_CLOEXEC, pipe2's O_CLOEXEC...). */
export function cloexecAtBirth(c: Pick<FdCall, 'name' | 'has'>): boolean {
  const b = BIRTH_BITS.get(c.name);
  return b !== undefined && c.has(b[0], b[1], b[2]);
}

const FORKS = new Set(['fork', 'vfork', 'clone', 'clone3']);
const EXECS = new Set(['execve', 'execveat']);

export class FdTable<T> {
  private readonly files = new Map<number, Files<T>>();

  /** `inherited`: what an fd the trace never saw open refers to (stdin, stdout, stderr), for dup's source. */
  constructor(private readonly inherited?: (fd: number) => T | undefined) {}

  private of(pid: number): Files<T> {
    let f = this.files.get(pid);
    if (!f) {
      f = { fds: new Map(), cloexec: new Set() };
      this.files.set(pid, f);
    }
    return f;
  }

  get(pid: number, fd: number): T | undefined {
    return this.files.get(pid)?.fds.get(fd);
  }

  set(pid: number, fd: number, target: T, cloexec = false): void {
    const f = this.of(pid);
    f.fds.set(fd, target);
    if (cloexec) f.cloexec.add(fd);
    else f.cloexec.delete(fd);
  }

  delete(pid: number, fd: number): void {
    const f = this.files.get(pid);
    f?.fds.delete(fd);
    f?.cloexec.delete(fd);
  }

  /** Applies one successful call of process (or thread) `pid`; a new fd's target comes from `describe`. */
  apply(pid: number, c: FdCall, describe: Describe<T>): void {
    const flagsAt = FD_OPENERS[c.name];
    if (flagsAt !== undefined) {
      const target = describe('open', c.ret);
      if (target === undefined || target === null) this.delete(pid, c.ret);
      else this.set(pid, c.ret, target, flagsAt >= 0 && c.has(flagsAt, 'O_CLOEXEC', O_CLOEXEC));
      return;
    }
    switch (c.name) {
      case 'close': {
        const fd = c.fd(0);
        if (fd !== undefined) this.delete(pid, fd);
        return;
      }
      case 'close_range':
        this.closeRange(pid, c);
        return;
      case 'dup':
        this.dup(pid, c.fd(0), c.ret, false);
        return;
      case 'dup2':
      case 'dup3':
        this.dup(pid, c.fd(0), c.fd(1), c.name === 'dup3' && c.has(2, 'O_CLOEXEC', O_CLOEXEC));
        return;
      case 'fcntl':
      case 'fcntl64': {
        const cmd = c.int(1);
        if (cmd === F_DUPFD || cmd === F_DUPFD_CLOEXEC)
          this.dup(pid, c.fd(0), c.ret, cmd === F_DUPFD_CLOEXEC);
        else if (cmd === F_SETFD) {
          const fd = c.fd(0);
          const f = this.files.get(pid);
          if (fd !== undefined && f?.fds.has(fd)) {
            if (((c.int(2) ?? 0n) & FD_CLOEXEC) !== 0n) f.cloexec.add(fd);
            else f.cloexec.delete(fd);
          }
        }
        return;
      }
    }
    if (FORKS.has(c.name)) {
      if (c.ret > 0)
        this.fork(pid, c.ret, c.has(0, 'CLONE_FILES', CLONE_FILES) || c.has(0, 'CLONE_THREAD', CLONE_THREAD));
      return;
    }
    if (EXECS.has(c.name)) {
      this.exec(pid);
      return;
    }
    if (c.ret < 0) return;
    const target = describe('new', c.ret);
    if (target === null) this.delete(pid, c.ret);
    else if (target !== undefined) this.set(pid, c.ret, target, cloexecAtBirth(c));
  }

  /** dup2/dup3/F_DUPFD: `to` now refers to what `from` does (unknown: `to` is forgotten). */
  private dup(pid: number, from: number | undefined, to: number | undefined, cloexec: boolean): void {
    if (to === undefined) return;
    const target = from === undefined ? undefined : (this.get(pid, from) ?? this.inherited?.(from));
    if (target === undefined) this.delete(pid, to);
    else this.set(pid, to, target, cloexec);
  }

  private closeRange(pid: number, c: FdCall): void {
    const first = c.fd(0);
    if (first === undefined) return;
    const raw = c.int(1);
    const last = raw === undefined || raw > BigInt(MAX_FD) ? MAX_FD : Number(raw);
    const flags = c.int(2) ?? 0n;
    const f = this.files.get(pid);
    if (!f) return;
    const mine = (flags & CLOSE_RANGE_UNSHARE) !== 0n ? this.unshare(pid) : f;
    for (const fd of [...mine.fds.keys()])
      if (fd >= first && fd <= last) {
        if ((flags & CLOSE_RANGE_CLOEXEC) !== 0n) mine.cloexec.add(fd);
        else {
          mine.fds.delete(fd);
          mine.cloexec.delete(fd);
        }
      }
  }

  private unshare(pid: number): Files<T> {
    const f = this.of(pid);
    const copy = { fds: new Map(f.fds), cloexec: new Set(f.cloexec) };
    this.files.set(pid, copy);
    return copy;
  }

  /** A child process or thread: it shares the table (a thread, CLONE_FILES) or starts with a copy. */
  fork(parent: number, child: number, share: boolean): void {
    if (child === parent) return;
    const f = this.of(parent);
    this.files.set(child, share ? f : { fds: new Map(f.fds), cloexec: new Set(f.cloexec) });
  }

  /** A successful exec: O_CLOEXEC fds are closed; a thread that exec'd goes on as `pid`. */
  exec(pid: number, oldPid = pid): void {
    const f = this.files.get(oldPid);
    if (!f) return;
    if (oldPid !== pid) {
      this.files.set(pid, f);
      this.files.delete(oldPid);
    }
    for (const fd of f.cloexec) f.fds.delete(fd);
    f.cloexec.clear();
  }

  /** Every fd of every process whose target `change` gives a new one (a file renamed or deleted) gets it. */
  retarget(change: (target: T) => T | undefined): void {
    for (const f of this.files.values())
      for (const [fd, target] of f.fds) {
        const to = change(target);
        if (to !== undefined) f.fds.set(fd, to);
      }
  }

  /** A process is gone. */
  forget(pid: number): void {
    this.files.delete(pid);
  }
}
