// How long a sleeping thread has not run: its scheduler exec_start against "now" on the same CPU's clock.
import { execFileSync } from 'node:child_process';
import { type ProcOwner, procFile } from '../../sys/procfs.js';

const EXEC_START = /se\.exec_start\s*:\s*([\d.]+)/;

/** A thread's last exec_start (ms on its CPU's scheduler clock) from `/proc/OWNER/NAME` (a `sched` file). */
export function execStart(owner: ProcOwner, name: string): number | undefined {
  const m = EXEC_START.exec(procFile(owner, name) ?? '');
  return m ? Number(m[1]) : undefined;
}

/**
 * Milliseconds since a thread last ran, or null when its exec_start says nothing: the scheduler sets it to 0 when
 * it moves a queued thread to another CPU ("no longer cache hot"), which a sleeping thread left on its queue
 * (a delayed dequeue) can undergo without running again; 0 against "now" was once printed as the uptime.
 */
export function sinceLastRan(started: number | undefined, now: number | undefined): number | null {
  if (started === undefined || now === undefined || started === 0) return null;
  return Math.max(0, Math.round(now - started));
}

/**
 * "Now" on a CPU's scheduler clock, which is per CPU and skips steal time: a `cat` pinned to that CPU reads its
 * own exec_start. Our own thread's value is the fallback (off by up to a second on a busy VM).
 */
export function clockOn(cpu: string | undefined, cache: Map<string, number | undefined>): number | undefined {
  const key = cpu ?? 'self';
  if (cache.has(key)) return cache.get(key);
  let now: number | undefined;
  if (cpu !== undefined && /^\d+$/.test(cpu))
    try {
      // the pinned reader is another process: its /proc/thread-self is its own, which the port cannot read
      const out = execFileSync('taskset', ['-c', cpu, 'cat', '/proc/thread-self/sched'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 2000,
      });
      const m = EXEC_START.exec(out);
      if (m) now = Number(m[1]);
    } catch {
      now = undefined;
    }
  now ??= execStart('thread-self', 'sched');
  cache.set(key, now);
  return now;
}
