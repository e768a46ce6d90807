// -y for the eBPF engine: records are decoded after the calls ran (the fd may be closed, reused, or the process
// gone), so each process's fds are followed through its calls (open, dup, close, fork) and /proc is only asked
// about fds the trace has not seen, its answer kept for later.
import { readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { pathText } from '../../filter/fd-paths.js';
import type { Value } from '../../model/value.js';
import { constantOf } from '../../tables/constants.js';

const AT_FDCWD = -100;
const F_DUPFD = Number(constantOf('fcntl_cmd', 'F_DUPFD'));
const F_DUPFD_CLOEXEC = Number(constantOf('fcntl_cmd', 'F_DUPFD_CLOEXEC'));
/** Calls that open a path: the argument with the path, and the one with the directory fd (-1: none). */
const OPENS: Readonly<Record<string, readonly [number, number]>> = {
  open: [0, -1],
  creat: [0, -1],
  openat: [1, 0],
  openat2: [1, 0],
};

function readlink(path: string): string | undefined {
  try {
    return readlinkSync(path); // as the ptrace engine reads it
  } catch {
    return undefined;
  }
}

export class FdShadow {
  private readonly tables = new Map<number, Map<number, string | null>>();
  private readonly cwds = new Map<number, string>();

  /** Processes whose every fd is known (seen from their start): an fd missing from their table is closed. */
  private readonly complete = new Set<number>();

  private table(tgid: number): Map<number, string | null> {
    let t = this.tables.get(tgid);
    if (!t) {
      t = new Map();
      this.tables.set(tgid, t);
    }
    return t;
  }

  /** A process vat starts or attaches to: the fds it has now, before it runs on (its calls change them). */
  snapshot(tgid: number): void {
    const t = this.table(tgid);
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${tgid}/fd`);
    } catch {
      return;
    }
    for (const fd of fds) {
      const path = readlink(`/proc/${tgid}/fd/${fd}`);
      if (path !== undefined) t.set(Number(fd), path);
    }
    this.complete.add(tgid);
    this.cwd(tgid);
  }

  /** The path behind `fd` of process `tgid` as of the call being decoded. */
  path(tgid: number, fd: number): string | undefined {
    if (fd < 0) return undefined;
    const t = this.table(tgid);
    const known = t.get(fd);
    if (known !== undefined) return known ?? readlink(`/proc/${tgid}/fd/${fd}`);
    if (this.complete.has(tgid)) return undefined; // closed
    const live = readlink(`/proc/${tgid}/fd/${fd}`);
    if (live !== undefined) t.set(fd, live);
    return live;
  }

  cwd(tgid: number): string | undefined {
    let c = this.cwds.get(tgid);
    if (c === undefined) {
      c = readlink(`/proc/${tgid}/cwd`);
      if (c !== undefined) this.cwds.set(tgid, c);
    }
    return c;
  }

  /** Learns from a call that returned `ret` (entry arguments decoded): before its return value is decoded. */
  learn(
    tgid: number,
    name: string,
    raw: readonly bigint[],
    args: readonly Value[],
    ret: bigint,
    retFd: boolean,
  ): void {
    if (ret < 0n) return;
    const fdArg = (i: number): number => Number(BigInt.asIntN(32, raw[i] ?? 0n));
    const r = Number(ret);
    const t = this.table(tgid);
    const open = OPENS[name];
    if (open) {
      const [pathAt, dirAt] = open;
      const dir = dirAt < 0 || fdArg(dirAt) === AT_FDCWD ? this.cwd(tgid) : this.path(tgid, fdArg(dirAt));
      t.set(r, this.resolve(pathText(args[pathAt]), dir) ?? null);
      return;
    }
    const copy = (from: number, to: number): void => {
      t.set(to, this.path(tgid, from) ?? null);
    };
    if (name === 'close') t.delete(fdArg(0));
    else if (name === 'dup') copy(fdArg(0), r);
    else if (name === 'dup2' || name === 'dup3') copy(fdArg(0), fdArg(1));
    else if (name === 'fcntl' && (fdArg(1) === F_DUPFD || fdArg(1) === F_DUPFD_CLOEXEC)) copy(fdArg(0), r);
    else if (name === 'chdir') {
      const dir = this.resolve(pathText(args[0]), this.cwd(tgid));
      if (dir !== undefined) this.cwds.set(tgid, dir);
      else this.cwds.delete(tgid);
    } else if (name === 'fchdir') {
      const dir = this.path(tgid, fdArg(0));
      if (dir !== undefined) this.cwds.set(tgid, dir);
      else this.cwds.delete(tgid);
    } else if (retFd) t.set(r, null); // a new fd (socket, pipe, ...): /proc may still know it
  }

  /** The path the kernel would show: absolute, symlinks followed while they still exist. */
  private resolve(bytes: string | undefined, dir: string | undefined): string | undefined {
    if (bytes === undefined) return undefined;
    const path = Buffer.from(bytes, 'latin1').toString(); // pathText gives bytes; /proc links read as UTF-8
    let abs = path;
    if (!path.startsWith('/')) {
      if (dir === undefined) return undefined;
      abs = `${dir === '/' ? '' : dir}/${path}`;
    }
    try {
      return realpathSync(abs);
    } catch {
      return abs;
    }
  }

  /**
   * A thread or process was created (the fork tracepoint, read before any record of the child): it starts with
   * its parent's fds and directory (a thread's records name its group, so its copy goes unused).
   */
  forked(parentTgid: number, child: number): void {
    const t = this.tables.get(parentTgid);
    if (!t) return;
    this.tables.set(child, new Map(t));
    if (this.complete.has(parentTgid)) this.complete.add(child);
    const c = this.cwds.get(parentTgid);
    if (c !== undefined) this.cwds.set(child, c);
  }

  /** A process is gone. */
  forget(tgid: number): void {
    this.tables.delete(tgid);
    this.cwds.delete(tgid);
    this.complete.delete(tgid);
  }
}
