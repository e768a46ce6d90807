// -y for the eBPF engine: records are decoded after the calls ran (the fd may be closed, reused, or the process
// gone), so each process's fds are followed through its calls (open, dup, close, fork) and /proc is only asked
// about fds the trace has not seen, its answer kept for later. The fds are the one fd table's (model/fd-table.ts:
// dup, F_DUPFD, close_range, close-on-exec at exec), with "ask /proc" as a target of its own.
import { realpathSync } from 'node:fs';
import type { DecodeOptions } from '../../decode/options.js';
import { pathText } from '../../filter/fd-paths.js';
import { cloexecAtBirth, type FdCall, FdTable } from '../../model/fd-table.js';
import type { Value } from '../../model/value.js';
import { procCwd, procFdDeleted, procFdLink, procFds, procSelfOf } from '../../sys/procfs.js';
import { bytesText, textBytes } from '../../util/os-bytes.js';
import { anonFd } from './anon-fds.js';
import type { FdInode } from './captured-memory.js';

const AT_FDCWD = -100;
/** An open fd whose path the trace does not know (a socket, a pipe, a dup of an unknown fd): /proc knows it. */
const ASK = Symbol('ask /proc');
/** A file deleted while open: the kernel names it `PATH (deleted)`, and strace prints the mark after the brackets. */
interface Gone {
  readonly gone: string;
}
type Target = string | typeof ASK | Gone;
const DELETED = ' (deleted)';
/** Children come from the fork tracepoint (forked()), read before any record of the child: not from clone's return. */
const FORKS = new Set(['fork', 'vfork', 'clone', 'clone3']);
/** Calls that open a path: the argument with the path, and the one with the directory fd (-1: none). */
const OPENS: Readonly<Record<string, readonly [number, number]>> = {
  open: [0, -1],
  creat: [0, -1],
  openat: [1, 0],
  openat2: [1, 0],
};

/** Calls that delete a name (its path argument, and its directory fd: -1 none) and that rename one (old, new). */
const UNLINKS: Readonly<Record<string, readonly [number, number]>> = {
  unlink: [0, -1],
  rmdir: [0, -1],
  unlinkat: [1, 0],
};
const RENAMES: Readonly<Record<string, readonly [number, number, number, number]>> = {
  rename: [0, -1, 1, -1],
  renameat: [1, 0, 3, 2],
  renameat2: [1, 0, 3, 2],
};
/** renameat2's RENAME_EXCHANGE (include/uapi/linux/fs.h): the two names swap files. */
const RENAME_EXCHANGE = 2n;

/** The rest of `path` below `dir` ('' for dir itself), or undefined when it is not there. */
function below(path: string, dir: string): string | undefined {
  if (path === dir) return '';
  return path.startsWith(`${dir}/`) ? path.slice(dir.length) : undefined;
}

/** What /proc says fd `fd` of `tgid` is: its path, or the file it named before it was deleted. */
function fromProc(tgid: number, fd: number): Target | undefined {
  const link = procFdLink(tgid, fd);
  if (link === undefined) return undefined;
  const { path, deleted } = procFdDeleted(tgid, fd, link);
  return deleted ? { gone: path } : link;
}

/** The kernel's link text for a known target. */
const linkText = (t: string | Gone): string => (typeof t === 'string' ? t : `${t.gone}${DELETED}`);

/** /proc/PID/ns/TYPE (or a thread's): the kernel names what it opens `TYPE:[INODE]` (pid_for_children: `pid`). */
const NS_FILE = /^\/proc\/[^/]+\/(?:task\/\d+\/)?ns\/([a-z]+?)(?:_for_children)?$/;

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
      const target = fromProc(tgid, Number(fd));
      if (target !== undefined) this.table.set(tgid, Number(fd), target);
    }
    this.complete.add(tgid);
    this.cwd(tgid);
  }

  /** The path behind `fd` of process `tgid` as of the call being decoded. */
  path(tgid: number, fd: number): string | undefined {
    if (fd < 0) return undefined;
    const known = this.table.get(tgid, fd);
    if (known !== undefined) return known === ASK ? procFdLink(tgid, fd) : linkText(known);
    if (this.complete.has(tgid)) return undefined; // closed
    const live = fromProc(tgid, fd);
    if (live === undefined || live === ASK) return undefined;
    this.table.set(tgid, fd, live);
    return linkText(live);
  }

  /**
   * Whether the file behind `fd` was deleted as of the call being decoded (`link`: what path() gave): the trace saw
   * it unlinked; a file the trace never saw opened is asked of /proc.
   */
  deleted(tgid: number, fd: number, link: string): { path: string; deleted: boolean } {
    const known = this.table.get(tgid, fd);
    if (typeof known === 'string') return { path: link, deleted: false };
    if (known !== undefined && known !== ASK) return { path: known.gone, deleted: true };
    return procFdDeleted(tgid, fd, link);
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
    // an fd with no path (eventfd, epoll, bpf's maps, memfd...): named by the call that made it, since /proc may
    // no longer know it when this record is read
    const anon = anonFd(name, raw, args);
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
        const path = this.resolve(pathText(args[pathAt]), dir, tgid);
        // a namespace file is named by its type and inode (`user:[4026531837]`), the inode read at the exit
        const ns = path === undefined ? null : NS_FILE.exec(path);
        const inode = inodes.find((i) => i.fd === Number(ret));
        if (ns && inode) return `${ns[1]}:[${inode.ino}]`;
        return path ?? ASK;
      }
      if (anon !== undefined && anon !== 'ask') return 'gone' in anon ? { gone: anon.gone } : anon.link;
      if (!retFd && anon === undefined) return undefined;
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
    this.names(tgid, name, raw, args);
    if (name === 'chdir') {
      const dir = this.resolve(pathText(args[0]), this.cwd(tgid), tgid);
      if (dir !== undefined) this.cwds.set(tgid, dir);
      else this.cwds.delete(tgid);
    } else if (name === 'fchdir') {
      const dir = this.path(tgid, fdArg(0));
      if (dir !== undefined) this.cwds.set(tgid, dir);
      else this.cwds.delete(tgid);
    }
  }

  /** unlink and rename: the open fds whose file was deleted or renamed follow, as the kernel's names of them do. */
  private names(tgid: number, name: string, raw: readonly bigint[], args: readonly Value[]): void {
    const unlink = UNLINKS[name];
    if (unlink) {
      const gone = this.named(tgid, raw, args, ...unlink);
      if (gone !== undefined) this.table.retarget((t) => (t === gone ? { gone } : undefined));
      return;
    }
    const rename = RENAMES[name];
    if (!rename) return;
    const [oldAt, oldDir, newAt, newDir] = rename;
    const from = this.named(tgid, raw, args, oldAt, oldDir);
    const to = this.named(tgid, raw, args, newAt, newDir);
    if (from === undefined || to === undefined || from === to) return;
    const exchange = name === 'renameat2' && ((raw[4] ?? 0n) & RENAME_EXCHANGE) !== 0n;
    this.table.retarget((t) => {
      if (typeof t !== 'string') return undefined;
      const moved = below(t, from);
      if (moved !== undefined) return `${to}${moved}`;
      const replaced = below(t, to);
      if (replaced === undefined) return undefined;
      if (exchange) return `${from}${replaced}`;
      // the file the new name had is deleted (a directory replaced is empty: nothing below it is open)
      return replaced === '' ? { gone: t } : undefined;
    });
  }

  /** The absolute name a path argument gives (its directory resolved, its last part not followed). */
  private named(
    tgid: number,
    raw: readonly bigint[],
    args: readonly Value[],
    pathAt: number,
    dirAt: number,
  ): string | undefined {
    const bytes = pathText(args[pathAt]);
    if (bytes === undefined || bytes === '') return undefined;
    const dirFd = Number(BigInt.asIntN(32, raw[dirAt] ?? 0n));
    const dir = dirAt < 0 || dirFd === AT_FDCWD ? this.cwd(tgid) : this.path(tgid, dirFd);
    const slash = bytes.lastIndexOf('/');
    const parent = slash < 0 ? '.' : slash === 0 ? '/' : bytes.slice(0, slash);
    const where = this.resolve(parent, dir, tgid);
    if (where === undefined) return undefined;
    const base = bytesText(Buffer.from(bytes.slice(slash + 1), 'latin1'));
    return `${where === '/' ? '' : where}/${base}`;
  }

  /** The path the kernel would show: absolute, symlinks followed while they still exist. */
  private resolve(bytes: string | undefined, dir: string | undefined, tgid: number): string | undefined {
    if (bytes === undefined) return undefined;
    // pathText gives bytes in latin1; kernel names travel as util/os-bytes strings, as procFdLink reads them
    const path = bytesText(Buffer.from(bytes, 'latin1'));
    let abs = path;
    if (!path.startsWith('/')) {
      if (dir === undefined) return undefined;
      abs = `${dir === '/' ? '' : dir}/${path}`;
    }
    // /proc/self is the process that opened it, not vat (which resolves the path)
    abs = procSelfOf(abs, tgid);
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
