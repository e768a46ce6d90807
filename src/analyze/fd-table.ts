// What each process's fds point at, replayed from the calls in a trace through the one fd table
// (model/fd-table.ts: dup, close_range, CLOEXEC at exec, CLONE_FILES); here what they point at (open, pipe,
// socket) and each process's directory.
import { posix } from 'node:path';
import { jsonValue } from '../format/json-value.js';
import { callSignature } from '../format/jsonl-record.js';
import { argCount, argOf } from '../import/line-call.js';
import type { Call } from '../model/call.js';
import { cloexecAtBirth, type FdCall, FdTable as Files } from '../model/fd-table.js';
import type { Value } from '../model/value.js';
import { constantOf } from '../tables/constants.js';
import { errnoOf, fdArgOf, fdOf, fdPathOf, rawOf, strOf, symOf } from './values.js';

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

/** Calls whose one path argument is the file the new fd is. */
const OPENS: ReadonlySet<string> = new Set(['open', 'openat', 'openat2', 'creat']);

/** The argument an open-like call names its file by. */
const PATH_NAMES: ReadonlySet<string> = new Set(['pathname', 'name', 'path']);

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
  lookup(pid: number, fd: number, value?: Value): FdInfo | undefined {
    const shown = fdPathOf(value);
    if (shown !== undefined) return { path: shown, kind: kindOfPath(shown) };
    return this.files.get(pid, fd) ?? STD[fd];
  }

  /** `3 (/etc/passwd)` for reports. */
  describe(pid: number, fd: number, value?: Value): string {
    const info = this.lookup(pid, fd, value);
    return info ? `fd ${fd} (${info.path})` : `fd ${fd}`;
  }

  /** An absolute path when the directory is known, else the path as the program gave it. */
  resolve(pid: number, path: string, dirfd?: DirFd): string {
    if (path.startsWith('/')) return normalized(path);
    let base: string | undefined;
    const sym = symOf(dirfd?.value);
    const atCwd = dirfd === undefined || sym?.startsWith('AT_FDCWD') || dirfd.raw === 0xffffff9cn;
    // -y shows the cwd: `AT_FDCWD</tmp>`
    if (atCwd) base = /^AT_FDCWD<(.*)>$/.exec(sym ?? '')?.[1] ?? this.cwds.get(pid);
    else {
      const fd = fdOf(dirfd.value);
      base = fd === undefined ? undefined : this.lookup(pid, fd, dirfd.value)?.path;
      if (base !== undefined && !base.startsWith('/')) base = undefined;
    }
    return base === undefined ? path : joined(base, path);
  }

  /** Applies one finished call; `firstPath` is its first path as pathUses resolved it, when the caller has it. */
  update(r: Call, firstPath?: string): void {
    if (r.ret === undefined || errnoOf(r) !== null) return;
    const ret = Number(r.ret);
    const arg = (i: number): Value | undefined => argOf(r, i);
    const call = fdCall(r, ret);
    const set = (fd: number, info: FdInfo): void => this.files.set(r.pid, fd, info, cloexecAtBirth(call));
    this.files.apply(r.pid, call, (how) => {
      if (how === 'open') {
        const shown = fdPathOf(r.retValue);
        if (shown !== undefined) return { path: shown, kind: kindOfPath(shown) };
        // the path an open named, as pathUses resolved it ('.' may stand for an empty name: resolved again)
        const known = OPENS.has(r.name) ? firstPath : undefined;
        if (known !== undefined && known !== '.') return { path: known, kind: kindOfPath(known) };
        const at = callSignature(r).args.findIndex((x) => PATH_NAMES.has(x.name));
        const path = strOf(at < 0 ? undefined : argOf(r, at));
        if (path === undefined) return null;
        const full = this.resolve(r.pid, path, dirFdOf(r));
        return { path: full, kind: kindOfPath(full) };
      }
      switch (r.name) {
        case 'socket':
          return { path: `socket ${symOf(arg(0)) ?? 'socket'}`, kind: 'socket' };
        case 'accept':
        case 'accept4':
          return { path: fdPathOf(r.retValue) ?? 'socket (accepted)', kind: 'socket' };
        case 'memfd_create':
          return { path: `memfd:${strOf(arg(0)) ?? ''}`, kind: 'other' };
      }
      const anon = ANON[r.name];
      return anon === undefined ? undefined : { path: fdPathOf(r.retValue) ?? anon, kind: 'other' };
    });
    switch (r.name) {
      case 'pipe':
      case 'pipe2':
      case 'socketpair': {
        const v = r.name === 'socketpair' ? arg(3) : arg(0);
        const items = v?.k === 'array' ? v.items : [];
        const kind: FdKind = r.name === 'socketpair' ? 'socket' : 'pipe';
        for (const item of items) {
          const fd = fdOf(item);
          if (fd !== undefined) set(fd, { path: fdPathOf(item) ?? kind, kind });
        }
        return;
      }
      case 'chdir': {
        const p = strOf(arg(0));
        if (p !== undefined) this.cwds.set(r.pid, this.resolve(r.pid, p));
        return;
      }
      case 'fchdir': {
        const fd = fdArgOf(r, 0);
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

/**
 * posix.normalize of an absolute path, which changes only `//` and the `.` and `..` segments (each after a `/`):
 * a path with neither is returned as it is, without the copy (most paths of a trace).
 */
function normalized(path: string): string {
  return path.includes('//') || path.includes('/.') ? posix.normalize(path) : path;
}

/** posix.join of an absolute directory and a relative path, without its general parsing when no segment needs it. */
function joined(base: string, path: string): string {
  if (
    !base.startsWith('/') ||
    path === '' ||
    path === '.' ||
    path.startsWith('./') ||
    path.includes('/.') ||
    path.includes('//')
  )
    return posix.join(base, path);
  return normalized(base.endsWith('/') ? base + path : `${base}/${path}`);
}

/** A dirfd argument: its value, and its register when the trace has it. */
export interface DirFd {
  readonly value: Value | undefined;
  readonly raw: bigint | undefined;
}

/** The call's `dirfd` argument, when its signature has one. */
function dirFdOf(c: Call): DirFd | undefined {
  const i = callSignature(c).args.findIndex((a) => a.name === 'dirfd');
  return i < 0 || i >= argCount(c) ? undefined : { value: argOf(c, i), raw: rawOf(c, i) };
}

/** Symbolic text anywhere in a value (a flags word, or clone3's struct of them). */
function symbols(v: Value | undefined): string {
  if (v === undefined) return '';
  const sym = symOf(v);
  if (sym !== undefined) return sym;
  const j = jsonValue(v);
  if (j === null || typeof j !== 'object') return '';
  return JSON.stringify(j, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
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

/** A call as the fd table reads it: registers when the trace has them, else the decoded values. */
function fdCall(r: Call, ret: number): FdCall {
  return {
    name: r.name,
    ret,
    fd: (i) => fdArgOf(r, i),
    int: (i) => {
      const raw = rawOf(r, i);
      if (raw !== undefined) return raw;
      const v = argOf(r, i);
      if (v?.k === 'int') return BigInt(v.v);
      const sym = symOf(v);
      return sym === undefined ? undefined : NAMED[sym];
    },
    has: (i, name, bit) => {
      const raw = rawOf(r, i);
      // the register is the truth, but clone3's points to its flags, and clone's come reordered as strace
      // prints them (`child_stack=`, then `flags=`): there, and without registers, the decoded symbols
      if (raw !== undefined && r.name !== 'clone3') return (raw & bit) !== 0n;
      const shown =
        r.name === 'clone' || r.name === 'clone3'
          ? r.args.map((x) => symbols(x)).join(' ')
          : symbols(argOf(r, i));
      return wordIn(shown, name);
    },
  };
}
