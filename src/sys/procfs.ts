// The /proc reads the tracer's outputs need, in one place: formatters take them as ports (model/call.ts
// ThreadGroups) and stay pure.
import { readFileSync } from 'node:fs';

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
