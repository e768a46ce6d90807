// What each process's fds point at, replayed from the calls in a trace through the one fd table
// (model/fd-table.ts: dup, close_range, CLOEXEC at exec, CLONE_FILES); here what they point at (open, pipe,
// socket) and each process's directory.
import { posix } from 'node:path';
import type { JsonValue } from '../format/json-value.js';
import { cloexecAtBirth, type FdCall, FdTable as Files } from '../model/fd-table.js';
import { constantOf } from '../tables/constants.js';
import { type ArgRec, fdOf, fdPathOf, type SyscallRec, strOf, symOf } from './source.js';

type FdKind = 'file' | 'pipe' | 'socket' | 'tty' | 'other';

export interface FdInfo {
  readonly path: string;
  readonly kind: FdKind;
}

const STD: readonly FdInfo[] = [
  { path: 'stdin', kind: 'other' },
  { path: 'stdout', kind: 'other' },
  { path: 'stderr', kind: 'other' },
];

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
/** Numbers strace prints by name in the arguments the fd table reads (fcntl commands, close_range's end). */
const NAMED: Readonly<Record<string, bigint>> = {
  F_DUPFD: constantOf('fcntl_cmd', 'F_DUPFD'),
  F_SETFD: constantOf('fcntl_cmd', 'F_SETFD'),
  F_DUPFD_CLOEXEC: constantOf('fcntl_cmd', 'F_DUPFD_CLOEXEC'),
  FD_CLOEXEC: constantOf('fd_flags', 'FD_CLOEXEC'),
  '~0U': 0xffffffffn,
};

/** A path from -y (`pipe:[123]`, `socket:[45]`, `/dev/pts/0`) says what kind of fd it is. */
function kindOfPath(path: string): FdKind {
  if (path.startsWith('pipe:')) return 'pipe';
  if (path.startsWith('socket:') || path.startsWith('UNIX:') || /^(TCP|UDP|TCPv6|UDPv6|NETLINK)/.test(path))
    return 'socket';
  if (/^\/dev\/(pts\/|tty)/.test(path)) return 'tty';
  if (path.startsWith('anon_inode:')) return 'other';
  return 'file';
}

export class FdTable {
  private readonly files = new Files<FdInfo>((fd) => STD[fd]);
  private readonly cwds = new Map<number, string>();

  /** What fd N of a process is, as far as the trace tells (0-2 default to stdin/stdout/stderr). */
  lookup(pid: number, fd: number, value?: ArgRec['value']): FdInfo | undefined {
    const shown = fdPathOf(value);
    if (shown !== undefined) return { path: shown, kind: kindOfPath(shown) };
    return this.files.get(pid, fd) ?? STD[fd];
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
    const ret = Number(r.ret);
    const arg = (i: number): ArgRec | undefined => r.args[i];
    const call = recCall(r, ret);
    const set = (fd: number, info: FdInfo): void => this.files.set(r.pid, fd, info, cloexecAtBirth(call));
    this.files.apply(r.pid, call, (how) => {
      if (how === 'open') {
        const p = r.args.find((a) => a.name === 'pathname' || a.name === 'name' || a.name === 'path');
        const shown = fdPathOf(r.ret_value);
        if (shown !== undefined) return { path: shown, kind: kindOfPath(shown) };
        const path = strOf(p?.value);
        if (path === undefined) return null;
        const full = this.resolve(
          r.pid,
          path,
          r.args.find((a) => a.name === 'dirfd'),
        );
        return { path: full, kind: kindOfPath(full) };
      }
      switch (r.name) {
        case 'socket':
          return { path: `socket ${symOf(arg(0)?.value) ?? 'socket'}`, kind: 'socket' };
        case 'accept':
        case 'accept4':
          return { path: fdPathOf(r.ret_value) ?? 'socket (accepted)', kind: 'socket' };
        case 'memfd_create':
          return { path: `memfd:${strOf(arg(0)?.value) ?? ''}`, kind: 'other' };
      }
      const anon = ANON[r.name];
      return anon === undefined ? undefined : { path: fdPathOf(r.ret_value) ?? anon, kind: 'other' };
    });
    switch (r.name) {
      case 'pipe':
      case 'pipe2':
      case 'socketpair': {
        const v = (r.name === 'socketpair' ? arg(3) : arg(0))?.value;
        const items =
          v && typeof v === 'object' && !Array.isArray(v) && Array.isArray(v.array) ? v.array : [];
        const kind: FdKind = r.name === 'socketpair' ? 'socket' : 'pipe';
        for (const item of items) {
          const fd = fdOf(item);
          if (fd !== undefined) set(fd, { path: fdPathOf(item) ?? kind, kind });
        }
        return;
      }
      case 'chdir': {
        const p = strOf(arg(0)?.value);
        if (p !== undefined) this.cwds.set(r.pid, this.resolve(r.pid, p));
        return;
      }
      case 'fchdir': {
        const fd = fdArg(r, 0);
        const p = fd === undefined ? undefined : this.lookup(r.pid, fd)?.path;
        if (p?.startsWith('/')) this.cwds.set(r.pid, p);
        return;
      }
      case 'clone':
      case 'clone3':
      case 'fork':
      case 'vfork': {
        const cwd = this.cwds.get(r.pid);
        if (ret > 0 && cwd !== undefined && !this.cwds.has(ret)) this.cwds.set(ret, cwd);
        return;
      }
    }
  }
}

/** Argument i as an fd: the decoded value, else the register. */
function fdArg(r: SyscallRec, i: number): number | undefined {
  const a = r.args[i];
  return fdOf(a?.value) ?? (a?.raw ? Number(BigInt.asIntN(32, BigInt(a.raw))) : undefined);
}

/** Symbolic text anywhere in a value (a flags word, or clone3's struct of them). */
function symbols(v: JsonValue | undefined): string {
  if (v === null || v === undefined || typeof v !== 'object') return '';
  const sym = symOf(v);
  if (sym !== undefined) return sym;
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
}

const words = new Map<string, RegExp>();
/** `O_CLOEXEC` in `O_RDONLY|O_CLOEXEC`, not in a longer name. */
function wordIn(text: string, name: string): boolean {
  let re = words.get(name);
  if (!re) {
    re = new RegExp(`\\b${name}\\b`);
    words.set(name, re);
  }
  return re.test(text);
}

/** A record as the fd table reads a call: registers when the trace has them, else the decoded values. */
function recCall(r: SyscallRec, ret: number): FdCall {
  return {
    name: r.name,
    ret,
    fd: (i) => fdArg(r, i),
    int: (i) => {
      const a = r.args[i];
      if (a?.raw) return BigInt(a.raw);
      const v = a?.value;
      if (typeof v === 'number' || typeof v === 'bigint') return BigInt(v);
      const sym = symOf(v);
      return sym === undefined ? undefined : NAMED[sym];
    },
    has: (i, name, bit) => {
      const a = r.args[i];
      // the register is the truth, but clone3's points to its flags, and clone's come reordered as strace
      // prints them (`child_stack=`, then `flags=`): there, and without registers, the decoded symbols
      if (a?.raw && r.name !== 'clone3') return (BigInt(a.raw) & bit) !== 0n;
      const shown =
        r.name === 'clone' || r.name === 'clone3'
          ? r.args.map((x) => symbols(x.value)).join(' ')
          : symbols(a?.value);
      return wordIn(shown, name);
    },
  };
}
