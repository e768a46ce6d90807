// The /proc entry of a process vat knows by pid. /proc may have been mounted by an ancestor pid namespace (vat
// run under `unshare -pf` without a /proc of its own, as strace's tests do): there `/proc/N` is another process
// than vat's pid N, and the entry is found by the pid lists (NSpid) the kernel gives for each namespace level.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** A /proc entry's status file (`/proc/N` or `/proc/N/task/T`), undefined when it cannot be read. */
export function procStatus(path: string): string | undefined {
  try {
    return readFileSync(`${path}/status`, 'latin1');
  } catch {
    return undefined;
  }
}

/** The status lines that list an id once per pid-namespace level, from /proc's namespace down to the task's own. */
export type NsIdField = 'NSpid' | 'NStgid' | 'NSpgid' | 'NSsid';

/** One of those lines of a /proc entry, as numbers; undefined when unreadable. */
export function nsIds(path: string, field: NsIdField): number[] | undefined {
  const line = new RegExp(`^${field}:\\s*(.*)$`, 'm').exec(procStatus(path) ?? '')?.[1];
  return line?.trim().split(/\s+/).map(Number);
}

/** The NSpid line: the pid seen from /proc's namespace first, then from each nested one down to its own. */
export const nsPids = (path: string): number[] | undefined => nsIds(path, 'NSpid');

/** The pid namespace of a /proc entry (`/proc/N` or `/proc/N/task/T`): its ns/pid link, `pid:[INODE]`. */
export const readNs = (dir: string): string | undefined => {
  try {
    return readlinkSync(`${dir}/ns/pid`);
  } catch {
    return undefined;
  }
};

/**
 * The pid namespace of a /proc entry, also for a zombie (an exited child whose SIGCHLD is being decoded), whose
 * ns links the kernel has already dropped: a child lives in its parent's namespace when at the parent's level,
 * else in the one the parent made for its children.
 */
export function nsOf(dir: string): string | undefined {
  const own = readNs(dir);
  if (own !== undefined) return own;
  const ppid = parentOf(dir);
  if (ppid === undefined) return undefined;
  const parent = `/proc/${ppid}`;
  const sameLevel = nsPids(parent)?.length === nsPids(dir)?.length;
  try {
    return readlinkSync(`${parent}/ns/${sameLevel ? 'pid' : 'pid_for_children'}`);
  } catch {
    return undefined;
  }
}

/** The parent's pid as /proc numbers it, undefined for none (pid 0) or an unreadable entry. */
function parentOf(dir: string): string | undefined {
  const ppid = /^PPid:\s*(\d+)/m.exec(procStatus(dir) ?? '')?.[1];
  return ppid === undefined || ppid === '0' ? undefined : ppid;
}

/** vat's own pid namespace; null until read. */
let ownNs: string | undefined | null = null;

export const ownPidNs = (): string | undefined => {
  if (ownNs === null) ownNs = readNs('/proc/self');
  return ownNs;
};

/**
 * Whether a /proc entry whose NSpid line has `level + 1` or more entries lives in vat's pid namespace or one
 * nested in it, not in a sibling namespace at the same depth (another `unshare -pf` run beside vat's, whose pid N
 * is not vat's pid N): its ancestors are walked up to the first one at vat's level, whose namespace must be vat's.
 */
function underOwnNs(path: string, level: number): boolean {
  let dir = path;
  for (let hops = 0; hops < 64; hops++) {
    const depth = (nsPids(dir)?.length ?? 0) - 1;
    if (depth < level) return false;
    if (depth === level) return nsOf(dir) === ownPidNs();
    const ppid = parentOf(dir);
    if (ppid === undefined) return false;
    dir = `/proc/${ppid}`;
  }
  return false;
}

/** Where vat's own pids sit in this /proc's NSpid lines: 0 when /proc is vat's namespace's. */
let base: number | null = null;

export const procBase = (): number => {
  if (base === null) base = Math.max(0, (nsPids('/proc/self')?.length ?? 1) - 1);
  return base;
};

/** The last entry per vat pid when /proc is not vat's namespace's; checked again on use (pids are reused). */
const dirs = new Map<number, string>();

/** A path under /proc no process has: reads through it fail as for a process that has gone. */
const NOWHERE = '/proc/.vat-no-such-process';

/** `/proc/PID` for the process or thread that has `pid` in vat's namespace (a path that fails when none has). */
export function procDir(pid: number): string {
  const level = procBase();
  if (level === 0) return `/proc/${pid}`;
  const mine = (path: string): string | undefined => (nsPids(path)?.[level] === pid ? path : undefined);
  const known = dirs.get(pid);
  if (known !== undefined && mine(known) !== undefined) return known;
  // the number alone is not enough: a sibling namespace at vat's depth numbers its processes from 1 too
  const found = scanProc((path) => (mine(path) !== undefined && underOwnNs(path, level) ? path : undefined));
  if (found === undefined) return NOWHERE;
  dirs.set(pid, found);
  return found;
}

/** The first /proc entry, process or thread, for which `test` answers. */
export function scanProc<T>(test: (path: string) => T | undefined): T | undefined {
  for (const dir of readdirSync('/proc')) {
    if (!/^\d+$/.test(dir)) continue;
    const found = test(`/proc/${dir}`) ?? threadIn(dir, test);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A non-leader thread of process `dir` for which `test` answers. */
function threadIn<T>(dir: string, test: (path: string) => T | undefined): T | undefined {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${dir}/task`);
  } catch {
    return undefined;
  }
  for (const t of tasks)
    if (t !== dir) {
      const found = test(`/proc/${dir}/task/${t}`);
      if (found !== undefined) return found;
    }
  return undefined;
}
