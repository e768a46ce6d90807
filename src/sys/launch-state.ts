// What vat's own parent handed it, read before vat changes anything: the command must get the same.
// Node marks inherited fds 3-16 close-on-exec at startup; strace's commands inherit their tracer's fds, so vat
// hands them on. (Node also resets every signal disposition before any JavaScript runs: bin/vat notes what
// vat's parent ignored and blocked, see engine/ptrace/launch.ts inheritedSignals.)
import { procFdLink, procFds } from './procfs.js';

export interface LaunchState {
  /** fds above 2 that came from vat's parent (not Node's own epoll, eventfd and self-pipes). */
  readonly fds: readonly number[];
}

export function captureLaunchState(): LaunchState {
  const targets = new Map<number, string>();
  for (const name of procFds('self') ?? []) {
    const fd = Number(name);
    // undefined for the listing's own directory fd, closed by now
    const target = procFdLink('self', fd);
    if (target !== undefined) targets.set(fd, target);
  }
  const pipes = new Map<string, number>();
  for (const t of targets.values()) if (t.startsWith('pipe:')) pipes.set(t, (pipes.get(t) ?? 0) + 1);
  // Node's own: anon inodes, and pipes whose both ends it holds (an inherited pipe comes as one end)
  const fds = [...targets]
    .filter(
      ([fd, t]) =>
        fd > 2 && !t.startsWith('anon_inode:') && !(t.startsWith('pipe:') && (pipes.get(t) ?? 0) > 1),
    )
    .map(([fd]) => fd);
  return { fds };
}
