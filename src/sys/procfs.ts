// The /proc reads the tracer's outputs need, in one place: formatters take them as ports (model/call.ts
// ThreadGroups) and stay pure.
import { lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';

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

/** The link behind a tracee's fd (`/proc/PID/fd/N`) as the kernel gives it; undefined when it is gone. */
export function procFdLink(pid: number, fd: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/fd/${fd}`);
  } catch {
    return undefined;
  }
}

const DELETED = ' (deleted)';

/**
 * strace's get_proc_pid_fd_path: readlink of /proc/PID/fd/FD; a ` (deleted)` the kernel appended is dropped
 * when the file really is gone (not when a file is named so).
 */
export function procFdPath(pid: number, fd: number): string | undefined {
  const link = `/proc/${pid}/fd/${fd}`;
  let path: string;
  try {
    path = readlinkSync(link, 'latin1');
  } catch {
    return undefined;
  }
  if (path.length <= DELETED.length || !path.endsWith(DELETED)) return path;
  try {
    const target = statSync(link);
    const named = lstatSync(Buffer.from(path, 'latin1'));
    if (named.ino === target.ino && named.dev === target.dev) return path;
  } catch {
    // the named file is gone: the suffix is the kernel's
  }
  return path.slice(0, -DELETED.length);
}
