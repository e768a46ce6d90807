// What each process's fds point at, replayed from the calls in a trace (open, dup, pipe, socket, fork, chdir).
import { posix } from 'node:path';
import { type ArgRec, fdOf, fdPathOf, rawOf, type SyscallRec, strOf, symOf } from './source.js';

export type FdKind = 'file' | 'pipe' | 'socket' | 'tty' | 'other';

export interface FdInfo {
  readonly path: string;
  readonly kind: FdKind;
}

const STD: readonly FdInfo[] = [
  { path: 'stdin', kind: 'other' },
  { path: 'stdout', kind: 'other' },
  { path: 'stderr', kind: 'other' },
];

const OPENERS = new Set(['open', 'openat', 'openat2', 'creat', 'open_tree', 'fspick', 'mq_open']);
const ANON: Record<string, string> = {
  eventfd: 'eventfd',
  eventfd2: 'eventfd',
  epoll_create: 'epoll',
  epoll_create1: 'epoll',
  timerfd_create: 'timerfd',
  signalfd: 'signalfd',
  signalfd4: 'signalfd',
  inotify_init: 'inotify',
  inotify_init1: 'inotify',
  pidfd_open: 'pidfd',
  userfaultfd: 'userfaultfd',
  fanotify_init: 'fanotify',
  perf_event_open: 'perf_event',
  bpf: 'bpf',
  io_uring_setup: 'io_uring',
};
const CLONE_FILES = 0x400n;

/** A path from -y (`pipe:[123]`, `socket:[45]`, `/dev/pts/0`) says what kind of fd it is. */
export function kindOfPath(path: string): FdKind {
  if (path.startsWith('pipe:')) return 'pipe';
  if (path.startsWith('socket:') || path.startsWith('UNIX:') || /^(TCP|UDP|TCPv6|UDPv6|NETLINK)/.test(path))
    return 'socket';
  if (/^\/dev\/(pts\/|tty)/.test(path)) return 'tty';
  if (path.startsWith('anon_inode:')) return 'other';
  return 'file';
}

export class FdTable {
  private readonly tables = new Map<number, Map<number, FdInfo>>();
  private readonly cwds = new Map<number, string>();

  private table(pid: number): Map<number, FdInfo> {
    let t = this.tables.get(pid);
    if (!t) {
      t = new Map();
      this.tables.set(pid, t);
    }
    return t;
  }

  /** What fd N of a process is, as far as the trace tells (0-2 default to stdin/stdout/stderr). */
  lookup(pid: number, fd: number, value?: ArgRec['value']): FdInfo | undefined {
    const shown = fdPathOf(value);
    if (shown !== undefined) return { path: shown, kind: kindOfPath(shown) };
    return this.table(pid).get(fd) ?? STD[fd];
  }

  /** `3 (/etc/passwd)` for reports. */
  describe(pid: number, fd: number, value?: ArgRec['value']): string {
    const info = this.lookup(pid, fd, value);
    return info ? `fd ${fd} (${info.path})` : `fd ${fd}`;
  }

  /** An absolute path when the directory is known, else the path as the program gave it. */
  resolve(pid: number, path: string, dirfd?: ArgRec): string {
    if (path.startsWith('/')) return posix.normalize(path);
    let base: string | undefined;
    const sym = symOf(dirfd?.value);
    const atCwd = dirfd === undefined || sym?.startsWith('AT_FDCWD') || dirfd.raw === '0xffffff9c';
    // -y shows the cwd: `AT_FDCWD</tmp>`
    if (atCwd) base = /^AT_FDCWD<(.*)>$/.exec(sym ?? '')?.[1] ?? this.cwds.get(pid);
    else {
      const fd = fdOf(dirfd.value);
      base = fd === undefined ? undefined : this.lookup(pid, fd, dirfd.value)?.path;
      if (base !== undefined && !base.startsWith('/')) base = undefined;
    }
    return base === undefined ? path : posix.join(base, path);
  }

  /** Applies one finished call. */
  update(r: SyscallRec): void {
    if (r.ret === null || r.errno !== null) return;
    const t = this.table(r.pid);
    const ret = Number(r.ret);
    const arg = (i: number): ArgRec | undefined => r.args[i];
    const fdArg = (i: number): number | undefined => {
      const a = arg(i);
      return fdOf(a?.value) ?? (a?.raw ? Number(BigInt.asIntN(32, BigInt(a.raw))) : undefined);
    };
    const copy = (from: number | undefined, to: number): void => {
      const info = from === undefined ? undefined : this.lookup(r.pid, from);
      if (info) t.set(to, info);
    };
    if (OPENERS.has(r.name)) {
      const p = r.args.find((a) => a.name === 'pathname' || a.name === 'name' || a.name === 'path');
      const dirfd = r.args.find((a) => a.name === 'dirfd');
      const path = strOf(p?.value);
      const shown = fdPathOf(r.ret_value);
      if (shown !== undefined) t.set(ret, { path: shown, kind: kindOfPath(shown) });
      else if (path !== undefined) {
        const full = this.resolve(r.pid, path, dirfd);
        t.set(ret, { path: full, kind: kindOfPath(full) });
      }
      return;
    }
    switch (r.name) {
      case 'dup':
        copy(fdArg(0), ret);
        return;
      case 'dup2':
      case 'dup3': {
        const to = fdArg(1);
        if (to !== undefined) copy(fdArg(0), to);
        return;
      }
      case 'fcntl':
        if (symOf(arg(1)?.value)?.startsWith('F_DUPFD')) copy(fdArg(0), ret);
        return;
      case 'close': {
        const fd = fdArg(0);
        if (fd !== undefined) t.delete(fd);
        return;
      }
      case 'pipe':
      case 'pipe2':
      case 'socketpair': {
        const a = r.name === 'socketpair' ? arg(3) : arg(0);
        const v = a?.value;
        const items =
          v && typeof v === 'object' && !Array.isArray(v) && Array.isArray(v.array) ? v.array : [];
        const kind: FdKind = r.name === 'socketpair' ? 'socket' : 'pipe';
        for (const item of items) {
          const fd = fdOf(item);
          if (fd !== undefined) t.set(fd, { path: fdPathOf(item) ?? kind, kind });
        }
        return;
      }
      case 'socket': {
        const domain = symOf(arg(0)?.value) ?? 'socket';
        t.set(ret, { path: `socket ${domain}`, kind: 'socket' });
        return;
      }
      case 'accept':
      case 'accept4':
        t.set(ret, { path: fdPathOf(r.ret_value) ?? 'socket (accepted)', kind: 'socket' });
        return;
      case 'memfd_create':
        t.set(ret, { path: `memfd:${strOf(arg(0)?.value) ?? ''}`, kind: 'other' });
        return;
      case 'chdir': {
        const p = strOf(arg(0)?.value);
        if (p !== undefined) this.cwds.set(r.pid, this.resolve(r.pid, p));
        return;
      }
      case 'fchdir': {
        const fd = fdArg(0);
        const p = fd === undefined ? undefined : this.lookup(r.pid, fd)?.path;
        if (p?.startsWith('/')) this.cwds.set(r.pid, p);
        return;
      }
      case 'clone':
      case 'clone3':
      case 'fork':
      case 'vfork': {
        if (ret <= 0) return;
        const flags = r.name === 'clone' ? (rawOf(r, 0) ?? 0n) : 0n;
        const child = this.table(ret);
        // a thread (same pid in the trace) or CLONE_FILES shares the table: copying is as good here
        if (ret !== r.pid && (flags & CLONE_FILES) === 0n)
          for (const [fd, info] of t) if (!child.has(fd)) child.set(fd, info);
        const cwd = this.cwds.get(r.pid);
        if (cwd !== undefined && !this.cwds.has(ret)) this.cwds.set(ret, cwd);
        return;
      }
    }
    const anon = ANON[r.name];
    if (anon !== undefined && ret >= 0) t.set(ret, { path: fdPathOf(r.ret_value) ?? anon, kind: 'other' });
  }
}
