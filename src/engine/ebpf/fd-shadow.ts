// -y for the eBPF engine: records are decoded after the calls ran (the fd may be closed, reused, or the process
// gone), so each process's fds are followed through its calls (open, dup, close, fork) and /proc is only asked
// about fds the trace has not seen, its answer kept for later. The fds are the one fd table's (model/fd-table.ts:
// dup, F_DUPFD, close_range, close-on-exec at exec), with "ask /proc" as a target of its own.
import { realpathSync } from 'node:fs';
import type { DecodeOptions } from '../../decode/options.js';
import { pathText } from '../../filter/fd-paths.js';
import { cloexecAtBirth, type FdCall, FdTable } from '../../model/fd-table.js';
import type { Value } from '../../model/value.js';
import { procCwd, procFdLink, procFds } from '../../sys/procfs.js';
import { bytesText, textBytes } from '../../util/os-bytes.js';
import type { FdInode } from './captured-memory.js';

const AT_FDCWD = -100;
/** An open fd whose path the trace does not know (a socket, a pipe, a dup of an unknown fd): /proc knows it. */
const ASK = Symbol('ask /proc');
type Target = string | typeof ASK;
/** Children come from the fork tracepoint (forked()), read before any record of the child: not from clone's return. */
const FORKS = new Set(['fork', 'vfork', 'clone', 'clone3']);
/** Calls that open a path: the argument with the path, and the one with the directory fd (-1: none). */
const OPENS: Readonly<Record<string, readonly [number, number]>> = {
  open: [0, -1],
  creat: [0, -1],
  openat: [1, 0],
  openat2: [1, 0],
};

const S_IFMT = 0o170000;
/** What /proc shows for an fd whose inode has no path, by its type (others are asked of /proc). */
const NO_PATH = new Map([
  [0o010000, 'pipe'],
  [0o140000, 'socket'],
]);

/** `pipe:[123]` or `socket:[45]` for a pipe's or socket's inode, as /proc/PID/fd shows it. */
export function inodeText(i: FdInode): string | undefined {
  const kind = NO_PATH.get(i.mode & S_IFMT);
  return kind === undefined ? undefined : `${kind}:[${i.ino}]`;
}

/** Whether the decoders name fds (-y, -e decode-fds=): the reader then follows each process's fds. */
export const followsFds = (d: DecodeOptions): boolean =>
  d.yflag > 0 || (d.fdDetails !== undefined && d.fdDetails.length > 0);

export class FdShadow {
  // a dup of an fd the trace never saw open copies "ask /proc"
  private readonly table = new FdTable<Target>(() => ASK);
  private readonly cwds = new Map<number, string>();

  /** Processes whose every fd is known (seen from their start): an fd missing from their table is closed. */
  private readonly complete = new Set<number>();

  /** A process vat starts or attaches to: the fds it has now, before it runs on (its calls change them). */
  snapshot(tgid: number): void {
    const fds = procFds(tgid);
    if (fds === undefined) return;
    for (const fd of fds) {
      const path = procFdLink(tgid, Number(fd));
      if (path !== undefined) this.table.set(tgid, Number(fd), path);
    }
    this.complete.add(tgid);
    this.cwd(tgid);
  }

  /** The path behind `fd` of process `tgid` as of the call being decoded. */
  path(tgid: number, fd: number): string | undefined {
    if (fd < 0) return undefined;
    const known = this.table.get(tgid, fd);
    if (known !== undefined) return known === ASK ? procFdLink(tgid, fd) : known;
    if (this.complete.has(tgid)) return undefined; // closed
    const live = procFdLink(tgid, fd);
    if (live !== undefined) this.table.set(tgid, fd, live);
    return live;
  }

  cwd(tgid: number): string | undefined {
    let c = this.cwds.get(tgid);
    if (c === undefined) {
      c = procCwd(tgid);
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
    inodes: readonly FdInode[] = [],
  ): void {
    if (ret < 0n || FORKS.has(name)) return;
    const fdArg = (i: number): number => Number(BigInt.asIntN(32, raw[i] ?? 0n));
    const call: FdCall = {
      name,
      ret: Number(ret),
      fd: fdArg,
      int: (i) => raw[i],
      has: (i, _name, bit) => ((raw[i] ?? 0n) & bit) !== 0n,
    };
    this.table.apply(tgid, call, (how) => {
      const open = OPENS[name];
      if (how === 'open' && open) {
        const [pathAt, dirAt] = open;
        const dir = dirAt < 0 || fdArg(dirAt) === AT_FDCWD ? this.cwd(tgid) : this.path(tgid, fdArg(dirAt));
        return this.resolve(pathText(args[pathAt]), dir) ?? ASK;
      }
      if (!retFd) return undefined;
      // a new fd: a pipe or socket named by the kernel at the call's exit, else /proc may still know it
      const named = inodes.find((i) => i.fd === Number(ret));
      return (named && inodeText(named)) ?? ASK;
    });
    // pipe, pipe2, socketpair: two fds in an array, named by the kernel
    if (!retFd)
      for (const i of inodes) {
        const text = inodeText(i);
        if (text !== undefined) this.table.set(tgid, i.fd, text, cloexecAtBirth(call));
      }
    if (name === 'chdir') {
      const dir = this.resolve(pathText(args[0]), this.cwd(tgid));
      if (dir !== undefined) this.cwds.set(tgid, dir);
      else this.cwds.delete(tgid);
    } else if (name === 'fchdir') {
      const dir = this.path(tgid, fdArg(0));
      if (dir !== undefined) this.cwds.set(tgid, dir);
      else this.cwds.delete(tgid);
    }
  }

  /** The path the kernel would show: absolute, symlinks followed while they still exist. */
  private resolve(bytes: string | undefined, dir: string | undefined): string | undefined {
    if (bytes === undefined) return undefined;
    // pathText gives bytes in latin1; kernel names travel as util/os-bytes strings, as procFdLink reads them
    const path = bytesText(Buffer.from(bytes, 'latin1'));
    let abs = path;
    if (!path.startsWith('/')) {
      if (dir === undefined) return undefined;
      abs = `${dir === '/' ? '' : dir}/${path}`;
    }
    try {
      return bytesText(realpathSync(textBytes(abs), { encoding: 'buffer' }));
    } catch {
      return abs;
    }
  }

  /**
   * A thread or process was created (the fork tracepoint, read before any record of the child): it starts with
   * its parent's fds and directory (a thread's records name its group, so its copy goes unused).
   */
  forked(parentTgid: number, child: number): void {
    this.table.fork(parentTgid, child, false);
    if (this.complete.has(parentTgid)) this.complete.add(child);
    const c = this.cwds.get(parentTgid);
    if (c !== undefined) this.cwds.set(child, c);
  }

  /** A process is gone. */
  forget(tgid: number): void {
    this.table.forget(tgid);
    this.cwds.delete(tgid);
    this.complete.delete(tgid);
  }
}
