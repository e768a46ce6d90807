// The ProcFs port: every /proc read of the decoders, the -P filter, the sinks and `vat stuck` goes through here
// (`npm run lint` keeps node:fs out of decode/, filter/, format/ and analyze/stuck/); formatters take what they
// need as ports (model/call.ts ThreadGroups, the text sink's comm and pid-namespace lookups) and stay pure.
import {
  closeSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  statSync,
} from 'node:fs';
import { bytesText, textBytes } from '../util/os-bytes.js';
import { nsIds, nsPids, procBase, procDir } from './proc-dir.js';

/**
 * The /proc directory of a pid in vat's namespace (a number, see sys/proc-dir.ts), or of an entry named as /proc
 * names it (a string: `self`, or a name procPids listed).
 */
const procEntry = (owner: number | string): string =>
  typeof owner === 'number' ? procDir(owner) : `/proc/${owner}`;

/**
 * Whose /proc directory: a pid (or tid) in vat's namespace, or an entry as /proc names it (`self`, `thread-self`, a
 * name procPids listed, a pid /proc itself gave such as TracerPid).
 */
export type ProcOwner = number | string;

/**
 * A file under a process's /proc directory (`status`, `task/TID/stat`, `net/tcp`, `fdinfo/3`), whole, in
 * `encoding`; undefined when it cannot be read (the process is gone, or the file does not exist).
 */
export function procFile(
  owner: ProcOwner,
  name: string,
  encoding: 'utf8' | 'latin1' = 'utf8',
): string | undefined {
  try {
    return readFileSync(`${procEntry(owner)}/${name}`, encoding);
  } catch {
    return undefined;
  }
}

/**
 * A live process's command name (`/proc/PID/comm` without the newlines that end it, as strace strips them),
 * undefined once it is gone; bytes that are not UTF-8 kept (as os-bytes' lone surrogates): the tracee chose it.
 */
export function procComm(pid: number): string | undefined {
  const latin1 = procFile(pid, 'comm', 'latin1');
  return latin1 === undefined ? undefined : bytesText(Buffer.from(latin1.replace(/\n+$/, ''), 'latin1'));
}

/** A file of the kernel's own under /proc (`meminfo`, `sys/net/core/optmem_max`), undefined when unreadable. */
export function procKernelFile(name: string): string | undefined {
  try {
    return readFileSync(`/proc/${name}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** A kernel setting under /proc/sys (`net/core/optmem_max`), undefined when it cannot be read. */
export const procSysctl = (name: string): string | undefined => procKernelFile(`sys/${name}`);

/**
 * A path under a process's /proc directory (`fd/3`, `cwd/rel/path`, `root/etc`) for the calls that take a path
 * rather than reading it here (getfilecon for --secontext): the entry found as procFile finds it.
 */
export const procPath = (owner: ProcOwner, name: string): string => `${procEntry(owner)}/${name}`;

/** Whether /proc still shows the process (a zombie included). */
export function procExists(pid: number): boolean {
  try {
    statSync(procDir(pid));
    return true;
  } catch {
    return false;
  }
}

/** The numeric entries of a directory (`/proc` for the processes, `/proc/PID/task`, `/proc/PID/fd`), in readdir order. */
function numbered(dir: string): string[] | undefined {
  try {
    return readdirSync(dir).filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
}

/** Every process /proc lists now, in readdir's order (as names: `1`, `523`); empty when /proc cannot be read. */
export const procPids = (): string[] => numbered('/proc') ?? [];

/**
 * The threads of a process (`/proc/PID/task`) by their ids in vat's namespace, undefined when it is gone. A /proc
 * of an ancestor namespace names them by its own ids: their NSpid lines give vat's.
 */
export function procTasks(pid: number | string): string[] | undefined {
  const dir = `${procEntry(pid)}/task`;
  const tids = numbered(dir);
  const level = procBase();
  if (tids === undefined || level === 0 || typeof pid === 'string') return tids;
  return tids.map((t) => String(nsPids(`${dir}/${t}`)?.[level] ?? '')).filter((t) => t !== '');
}

/** The open fds of a process (`/proc/PID/fd`), undefined when it is gone or not readable. */
export const procFds = (pid: number | string): string[] | undefined => numbered(`${procEntry(pid)}/fd`);

/**
 * Up to `length` bytes of a process's memory at `addr` (`/proc/PID/mem`: one read, which stops at the first page
 * that cannot be read), undefined when nothing can be read.
 */
export function procMemRead(pid: number, addr: bigint, length: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(`${procDir(pid)}/mem`, 'r');
    const buf = Buffer.alloc(length);
    return buf.subarray(0, readSync(fd, buf, 0, length, addr));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A live thread's process (its Tgid, in vat's namespace); undefined once the thread is gone. */
export function procTgid(tid: number): number | undefined {
  const level = procBase();
  // Tgid is in /proc's namespace; NStgid lists it per level, vat's at procBase()
  if (level > 0) return nsIds(procDir(tid), 'NStgid')?.[level];
  const m = /^Tgid:\s+(\d+)/m.exec(procFile(tid, 'status') ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Thread groups from /proc, read once per thread while it is alive and forgotten when it exits. */
export class ProcThreadGroups {
  private readonly cache = new Map<number, number>();

  pidOf(tid: number): number {
    let pid = this.cache.get(tid);
    if (pid === undefined) {
      pid = procTgid(tid) ?? tid;
      this.cache.set(tid, pid);
    }
    return pid;
  }

  forget(tid: number): void {
    this.cache.delete(tid);
  }

  know(tid: number, tgid: number): void {
    if (!this.cache.has(tid)) this.cache.set(tid, tgid);
  }
}

/**
 * The link behind a process's fd (`/proc/PID/fd/N`, the one place it is read) as the kernel gives it
 * (util/os-bytes); undefined when gone.
 */
export function procFdLink(pid: ProcOwner, fd: number): string | undefined {
  try {
    return bytesText(readlinkSync(`${procEntry(pid)}/fd/${fd}`, 'buffer'));
  } catch {
    return undefined;
  }
}

/** The executable a process runs (`/proc/PID/exe`), its bytes kept (util/os-bytes); undefined when gone. */
export function procExe(pid: number): string | undefined {
  try {
    return bytesText(readlinkSync(`${procDir(pid)}/exe`, 'buffer'));
  } catch {
    return undefined;
  }
}

/** A process's working directory (`/proc/PID/cwd`), its bytes kept (util/os-bytes); undefined when gone. */
export function procCwd(pid: number): string | undefined {
  try {
    return bytesText(readlinkSync(`${procDir(pid)}/cwd`, 'buffer'));
  } catch {
    return undefined;
  }
}

/** /proc/self at the start of a path (followed by a slash or nothing). */
const PROC_SELF = /^\/proc\/self(?=\/|$)/;

/** A path process `pid` gave, /proc/self in it made that process's entry (as the kernel names what it opened). */
export const procSelfOf = (path: string, pid: number): string => path.replace(PROC_SELF, `/proc/${pid}`);

const DELETED = ' (deleted)';

/**
 * strace's get_proc_pid_fd_path: the link `/proc/PID/fd/FD` gave (`link`, as procFdLink reads it), with a
 * ` (deleted)` the kernel appended taken off and said, when the file really is gone (not when a file is named so).
 */
export function procFdDeleted(pid: number, fd: number, link: string): { path: string; deleted: boolean } {
  if (link.length <= DELETED.length || !link.endsWith(DELETED)) return { path: link, deleted: false };
  try {
    const target = statSync(`${procDir(pid)}/fd/${fd}`);
    const named = lstatSync(textBytes(link));
    if (named.ino === target.ino && named.dev === target.dev) return { path: link, deleted: false };
  } catch {
    // the named file is gone: the suffix is the kernel's
  }
  return { path: link.slice(0, -DELETED.length), deleted: true };
}

/** The path behind a tracee's fd as bytes in a latin1 string, without the kernel's deleted mark (-P matches it). */
export function procFdPath(pid: number, fd: number): string | undefined {
  const link = procFdLink(pid, fd);
  return link === undefined ? undefined : textBytes(procFdDeleted(pid, fd, link).path).toString('latin1');
}

/**
 * The first mapping of the file named `name` (as /proc/PID/maps prints it, `anon_inode:kvm-vcpu:0`) on a device
 * of major 0, as strace's mmap cache finds a vcpu's struct kvm_run; undefined when there is none.
 */
export function procAnonMapping(pid: number, name: string): { start: bigint; end: bigint } | undefined {
  const maps = procFile(pid, 'maps', 'latin1');
  if (maps === undefined) return undefined;
  for (const line of maps.split('\n')) {
    // start-end perms offset major:minor inode   pathname
    const m = /^([0-9a-f]+)-([0-9a-f]+) \S+ [0-9a-f]+ ([0-9a-f]+):[0-9a-f]+ \d+ +(.*)$/.exec(line);
    if (m && m[4] === name && Number.parseInt(m[3] as string, 16) === 0)
      return { start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`) };
  }
  return undefined;
}
