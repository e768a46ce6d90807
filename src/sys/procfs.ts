// The /proc reads the tracer's outputs need, in one place: formatters take them as ports (model/call.ts
// ThreadGroups) and stay pure.
import { lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { bytesText, textBytes } from '../util/os-bytes.js';

/** A live thread's process (Tgid in /proc/TID/status); undefined once the thread is gone. */
export function procTgid(tid: number): number | undefined {
  try {
    const m = /^Tgid:\s+(\d+)/m.exec(readFileSync(`/proc/${tid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
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
}

/** The link behind a tracee's fd (`/proc/PID/fd/N`) as the kernel gives it (util/os-bytes); undefined when gone. */
export function procFdLink(pid: number, fd: number): string | undefined {
  try {
    return bytesText(readlinkSync(`/proc/${pid}/fd/${fd}`, 'buffer'));
  } catch {
    return undefined;
  }
}

/** A process's working directory (`/proc/PID/cwd`), its bytes kept (util/os-bytes); undefined when gone. */
export function procCwd(pid: number): string | undefined {
  try {
    return bytesText(readlinkSync(`/proc/${pid}/cwd`, 'buffer'));
  } catch {
    return undefined;
  }
}

const DELETED = ' (deleted)';

/**
 * strace's get_proc_pid_fd_path: the link `/proc/PID/fd/FD` gave (`link`, as procFdLink reads it), with a
 * ` (deleted)` the kernel appended taken off and said, when the file really is gone (not when a file is named so).
 */
export function procFdDeleted(pid: number, fd: number, link: string): { path: string; deleted: boolean } {
  if (link.length <= DELETED.length || !link.endsWith(DELETED)) return { path: link, deleted: false };
  try {
    const target = statSync(`/proc/${pid}/fd/${fd}`);
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
  let maps: string;
  try {
    maps = readFileSync(`/proc/${pid}/maps`, 'latin1');
  } catch {
    return undefined;
  }
  for (const line of maps.split('\n')) {
    // start-end perms offset major:minor inode   pathname
    const m = /^([0-9a-f]+)-([0-9a-f]+) \S+ [0-9a-f]+ ([0-9a-f]+):[0-9a-f]+ \d+ +(.*)$/.exec(line);
    if (m && m[4] === name && Number.parseInt(m[3] as string, 16) === 0)
      return { start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`) };
  }
  return undefined;
}
