// Whether a program is a 32-bit ELF (ELFCLASS32): its calls use the i386 table, which the eBPF engine does not
// decode (its capture plans and records are x86_64's), so auto leaves such a command to ptrace.
import { type BigIntStats, closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';

/** e_ident: the 4 magic bytes, then EI_CLASS (1: ELFCLASS32, 2: ELFCLASS64). */
const MAGIC = [0x7f, 0x45, 0x4c, 0x46];
const ELFCLASS32 = 1;

/** True when PATH (a file, or /proc/PID/exe) starts with a 32-bit ELF header; false when unreadable or not ELF. */
export const isElf32 = (path: string): boolean => readClass(path)?.is32 ?? false;

/** The file at PATH opened: whether its header is a 32-bit ELF's, and its identity (fstat: the file read). */
function readClass(path: string): { is32: boolean; s: BigIntStats } | undefined {
  const head = Buffer.alloc(5);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const s = fstatSync(fd, { bigint: true });
    const is32 =
      readSync(fd, head, 0, 5, 0) === 5 && MAGIC.every((b, i) => head[i] === b) && head[4] === ELFCLASS32;
    return { is32, s };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A file's ctime older than this (ns) when its header was read: any later change of its bytes gives it a newer
 * ctime, which the kernel stamps with a coarse clock (a tick, at most 10 ms here): a second is a wide margin.
 */
const SETTLED_NS = 1_000_000_000n;
/** Files kept at most (beyond, the cache starts again): a trace execs a few programs many times. */
const KEPT_MAX = 4096;

interface Known {
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
  readonly is32: boolean;
}

/**
 * isElf32 for every exec of a trace (make: ~160 execs of sh, cp, sed, each seen twice): a file whose class was read
 * is known by its identity (device, inode, size, mtime, ctime) and asked of the file system with one stat, not read
 * again. Only a file unchanged for SETTLED_NS when it was read is kept: a change after the read moves its ctime.
 */
export class ElfClasses {
  private readonly known = new Map<string, Known>();

  /** `clock`: the realtime clock in ns (file times are on it); given by tests. */
  constructor(private readonly clock: () => bigint = () => BigInt(Date.now()) * 1_000_000n) {}

  is32(path: string): boolean {
    let s: BigIntStats | undefined;
    try {
      s = statSync(path, { bigint: true, throwIfNoEntry: false });
    } catch {
      return false;
    }
    if (s === undefined) return false;
    const k = this.known.get(`${s.dev}:${s.ino}`);
    if (k !== undefined && k.size === s.size && k.mtimeNs === s.mtimeNs && k.ctimeNs === s.ctimeNs)
      return k.is32;
    const read = readClass(path);
    if (read === undefined) return false;
    // the times fstat gave are the file's before its header was read: kept only if they were already old then
    const f = read.s;
    if (f.ctimeNs + SETTLED_NS < this.clock()) {
      if (this.known.size >= KEPT_MAX) this.known.clear();
      this.known.set(`${f.dev}:${f.ino}`, {
        size: f.size,
        mtimeNs: f.mtimeNs,
        ctimeNs: f.ctimeNs,
        is32: read.is32,
      });
    }
    return read.is32;
  }
}
