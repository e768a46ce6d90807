// -P PATH and -e trace-fds=SET: only calls that touch a path or fd (strace's pathtrace_match_set). Decided at
// the call's entry from its arguments: paths as decoded, fds through the path behind them (or the fd set).
import type { SyscallEnter, SyscallExit } from '../model/events.js';
import type { Value } from '../model/value.js';
import { TRACE_CLASSES } from '../tables/classes.js';
import { type FdResolver, FdTable, fdResolver, pathText } from './fd-paths.js';
import { inSet, type NumberSet } from './number-set.js';

export interface PathTraceSpec {
  /** -P: each path as given, and as realpath resolves it (strace's pathtrace_select). */
  readonly paths: readonly string[];
  /** -e trace-fds=: these fds match whatever their path (strace 6.3's --trace-fds). */
  readonly fds?: NumberSet;
}

const FILE = new Set<string>(TRACE_CLASSES['%file']);
const DESC_OR_NET = new Set<string>([...TRACE_CLASSES['%desc'], ...TRACE_CLASSES['%network']]);

/** Where a call's fds (F) and paths (P) are, by argument index; strace's special cases. */
type Shape = readonly (readonly ['F' | 'P', number])[];
const SHAPES: Readonly<Record<string, Shape>> = {};
const shape = (names: string, s: Shape): void => {
  for (const n of names.split(' ')) (SHAPES as Record<string, Shape>)[n] = s;
};
shape('dup2 dup3 kexec_file_load sendfile tee', [
  ['F', 0],
  ['F', 1],
]);
shape(
  'execveat faccessat faccessat2 fchmodat fchmodat2 fchownat fspick futimesat inotify_add_watch mkdirat ' +
    'mknodat mount_setattr name_to_handle_at newfstatat open_tree openat openat2 readlinkat statx unlinkat ' +
    'utimensat',
  [
    ['F', 0],
    ['P', 1],
  ],
);
shape('link mount pivot_root', [
  ['P', 0],
  ['P', 1],
]);
shape('quotactl symlink', [['P', 1]]);
shape('linkat move_mount renameat2 renameat', [
  ['F', 0],
  ['F', 2],
  ['P', 1],
  ['P', 3],
]);
shape('mmap', [['F', 4]]);
shape('symlinkat', [
  ['F', 1],
  ['P', 2],
]);
shape('copy_file_range splice', [
  ['F', 0],
  ['F', 2],
]);
shape('epoll_ctl', [['F', 2]]);
// x86_64 passes fanotify_mark's 64-bit mask in one register: the fd and path are arguments 3 and 4
shape('fanotify_mark', [
  ['F', 3],
  ['P', 4],
]);
/** Calls of the file, desc or network classes with no fd or path to look at. */
shape(
  'bpf epoll_create epoll_create1 eventfd2 eventfd fanotify_init fsopen inotify_init inotify_init1 ' +
    'io_uring_setup landlock_create_ruleset memfd_create memfd_secret mq_open perf_event_open pidfd_open pipe ' +
    'pipe2 socket socketpair timerfd_create userfaultfd',
  [],
);
/**
 * strace 6.1 also skips these for paths (their fd rarely has one); 6.3's --trace-fds looks at their first
 * argument: here the fd set matches it, a path never does.
 */
const FD_SET_ONLY = new Set(
  (
    'accept accept4 fsmount io_uring_enter io_uring_register landlock_add_rule landlock_restrict_self ' +
    'mq_getsetattr mq_notify mq_timedreceive mq_timedsend signalfd signalfd4 timerfd_gettime timerfd_settime'
  ).split(' '),
);

const FSCONFIG_SET_PATH = 3;
const FSCONFIG_SET_PATH_EMPTY = 4;
const FSCONFIG_SET_FD = 5;

/** The fds listed in select's fd_set texts (`[3 4]`, `[3</tmp/x>]`) and poll's pollfd structs. */
function listedFds(v: Value | undefined, out: number[]): number[] {
  if (v === undefined) return out;
  if (v.k === 'text') for (const m of v.text.matchAll(/(?:^\[| )(\d+)/g)) out.push(Number(m[1]));
  else if (v.k === 'array') {
    for (const item of v.items) listedFds(item, out);
    if (v.cutFds) out.push(...v.cutFds);
  } else if (v.k === 'struct') {
    const fd = v.fields.find(([name]) => name === 'fd')?.[1];
    if (fd?.k === 'fd') out.push(fd.fd);
    else if (fd?.k === 'int') out.push(Number(fd.v));
  }
  return out;
}

export class CallSelector {
  private readonly paths: ReadonlySet<string>;
  /** The decision for each thread's call in progress, and its entry (kept for the fd table). */
  private readonly inCall = new Map<number, { selected: boolean; enter: SyscallEnter }>();
  private readonly table = new FdTable();
  private readonly resolve: FdResolver;

  constructor(
    private readonly spec: PathTraceSpec,
    resolve?: FdResolver,
  ) {
    this.paths = new Set(spec.paths.map((p) => Buffer.from(p, 'utf8').toString('latin1')));
    this.resolve = resolve ?? fdResolver(this.table);
  }

  /** Whether the call entered is shown; its exit gets the same answer. */
  enter(e: SyscallEnter): boolean {
    const selected = this.matches(e);
    this.inCall.set(e.pid, { selected, enter: e });
    return selected;
  }

  /** Whether the call's line is shown (as decided at entry); learns the fds it opened or closed. */
  exit(e: SyscallExit): boolean {
    const call = this.inCall.get(e.pid);
    this.inCall.delete(e.pid);
    this.table.exit(call?.enter, e);
    return call?.selected ?? true;
  }

  /** A thread exec'd: its call in progress (the execve) goes on as `pid`. */
  exec(oldPid: number, pid: number): void {
    const call = this.inCall.get(oldPid);
    if (call) {
      this.inCall.delete(oldPid);
      this.inCall.set(pid, call);
    }
    this.table.exec(oldPid, pid);
  }

  private fd(pid: number, fd: number): boolean {
    if (this.spec.fds && fd >= 0 && inSet(this.spec.fds, fd)) return true;
    if (this.paths.size === 0 || fd < 0) return false;
    const path = this.resolve(pid, fd);
    return path !== undefined && this.paths.has(path);
  }

  private path(e: SyscallEnter, i: number): boolean {
    const p = pathText(e.args[i]);
    return p !== undefined && this.paths.has(p);
  }

  private matches(e: SyscallEnter): boolean {
    const file = FILE.has(e.name);
    if (!file && !DESC_OR_NET.has(e.name)) return false;
    const arg = (i: number): number => Number(BigInt.asIntN(32, e.raw[i] ?? 0n));
    const s = SHAPES[e.name];
    if (s) return s.some(([kind, i]) => (kind === 'F' ? this.fd(e.pid, arg(i)) : this.path(e, i)));
    switch (e.name) {
      case 'select':
      case 'pselect6':
        return [1, 2, 3].some((i) => listedFds(e.args[i], []).some((fd) => this.fd(e.pid, fd)));
      case 'poll':
      case 'ppoll':
        return listedFds(e.args[0], []).some((fd) => this.fd(e.pid, fd));
      case 'fsconfig': {
        const cmd = arg(1);
        if (cmd === FSCONFIG_SET_PATH || cmd === FSCONFIG_SET_PATH_EMPTY)
          return this.fd(e.pid, arg(4)) || this.path(e, 3);
        return cmd === FSCONFIG_SET_FD && this.fd(e.pid, arg(4));
      }
    }
    if (FD_SET_ONLY.has(e.name)) {
      const fd = arg(0);
      return this.spec.fds !== undefined && fd >= 0 && inSet(this.spec.fds, fd);
    }
    return file ? this.path(e, 0) : this.fd(e.pid, arg(0));
  }
}
