// -k: walks a stopped thread's user-space stack with libunwind-ptrace (CFI from .eh_frame, so code without
// frame pointers unwinds) and names each frame from /proc/PID/maps and the file's symbol table.
import type { StackFrame } from '../../../model/events.js';
import { allocNative, type NativeBuffer } from '../../../sys/libc.js';
import {
  CURSOR_SIZE,
  type Libunwind,
  loadLibunwind,
  UNW_ENOMEM,
  UNW_REG_IP,
} from '../../../sys/libunwind.js';
import { procTgid } from '../../../sys/procfs.js';
import { type ElfSymbols, readElfSymbols, symbolAt } from './elf-symbols.js';
import { findMapping, type Mapping, readMaps } from './maps.js';

/** strace's limit: a deeper walk ends with `too many stack frames`. */
const MAX_FRAMES = 256;
/** Calls that change a process's mappings: its cached maps (and libunwind's cache) are dropped at their exit. */
export const REMAPS: ReadonlySet<string> = new Set([
  'mmap',
  'munmap',
  'mprotect',
  'mremap',
  'brk',
  'remap_file_pages',
  'shmat',
  'shmdt',
]);
/** Calls whose stack strace takes at entry (after them the thread is gone or runs another program). */
const AT_ENTRY = new Set(['exit', 'exit_group', 'execve', 'execveat']);

interface Proc {
  maps: Mapping[] | undefined;
}

export class StackTracer {
  private readonly cursor: NativeBuffer = allocNative(CURSOR_SIZE);
  private readonly word: NativeBuffer = allocNative(8);
  private name: NativeBuffer = allocNative(256);
  private readonly as: bigint;
  /** libunwind-ptrace's per-thread handle (it remembers the last ELF image it used). */
  private readonly upt = new Map<number, bigint>();
  private readonly tgid = new Map<number, number>();
  private readonly procs = new Map<number, Proc>();
  /** Stacks taken at the entry of exit/execve, shown with the call's end. */
  private readonly pending = new Map<number, StackFrame[]>();
  /** Each file's symbol tables, read once (undefined: not an ELF file we can read). */
  private readonly files = new Map<string, ElfSymbols | undefined>();
  /** VAT_STACK_NAMES=libunwind: names from libunwind itself (slower; to check ours against). */
  private readonly libunwindNames = process.env.VAT_STACK_NAMES === 'libunwind';
  /** Threads inside a call made through the i386 ABI. */
  private readonly compat = new Set<number>();

  private constructor(
    private readonly lib: Libunwind,
    private readonly demangle: (symbol: string) => string,
  ) {
    this.as = lib.createAddressSpace();
  }

  /** The tracer, or a one-line reason -k cannot work on this machine. */
  static create(demangle: (symbol: string) => string = (s) => s): StackTracer | string {
    const lib = loadLibunwind();
    if (typeof lib === 'string')
      return `-k needs ${lib}: install libunwind (Debian/Ubuntu: apt-get install libunwind8; Fedora: dnf install libunwind)`;
    return new StackTracer(lib, demangle);
  }

  /**
   * At every syscall-entry stop, traced or not: mapping changes drop the cached maps; exit and execve have their
   * stack taken now (not the command's first execve, whose stack strace shows in the new program). A call
   * through the i386 ABI gets no stack (the unwinder reads 64-bit frames).
   */
  atEntry(tid: number, name: string, traced: boolean, firstExec: boolean, compat: boolean): void {
    if (REMAPS.has(name)) this.invalidate(tid, name);
    if (compat) this.compat.add(tid);
    else this.compat.delete(tid);
    if (traced && !compat && AT_ENTRY.has(name) && !firstExec) this.pending.set(tid, this.capture(tid));
  }

  /** At a traced call's exit stop: its stack, taken now unless it was taken at entry. */
  atExit(tid: number, name: string): StackFrame[] | undefined {
    if (this.compat.has(tid)) return undefined;
    if (REMAPS.has(name)) this.invalidate(tid, name);
    const early = this.pending.get(tid);
    if (early) {
      this.pending.delete(tid);
      return early;
    }
    if (name === 'execve' || name === 'execveat') this.invalidate(tid, name);
    return this.capture(tid);
  }

  /** The thread left its call without an exit stop (it died): the stack taken at entry, if any. */
  atLost(tid: number): StackFrame[] | undefined {
    const early = this.pending.get(tid);
    this.pending.delete(tid);
    return early;
  }

  /** The thread's process runs a new program (PTRACE_EVENT_EXEC). */
  exec(tid: number, oldTid: number): void {
    if (oldTid !== tid) this.forget(oldTid);
    this.invalidate(tid);
  }

  /** The thread is gone. */
  forget(tid: number): void {
    const upt = this.upt.get(tid);
    if (upt !== undefined) this.lib.uptDestroy(upt);
    this.upt.delete(tid);
    this.pending.delete(tid);
    this.compat.delete(tid);
    const tgid = this.tgid.get(tid);
    this.tgid.delete(tid);
    if (tgid === tid) this.procs.delete(tgid);
  }

  /**
   * Drops the process's cached mappings, and libunwind's cached unwind rules when code may have gone (their
   * addresses may be reused): not for brk or mprotect, which change no code.
   */
  invalidate(tid: number, cause = 'execve'): void {
    const proc = this.procs.get(this.tgidOf(tid));
    if (proc) proc.maps = undefined;
    if (cause !== 'brk' && cause !== 'mprotect') this.lib.flushCache(this.as);
  }

  /** Walks the stopped thread's stack, innermost frame first. */
  capture(tid: number): StackFrame[] {
    const frames: StackFrame[] = [];
    const proc = this.proc(tid);
    const cursor = this.cursor.address;
    if (this.lib.initRemote(cursor, this.as, this.uptOf(tid)) < 0) return frames;
    // libunwind names a caller's frame by ip - 1 (the call, not the next instruction), except the innermost
    // frame and a frame a signal interrupted
    let afterSignal = true;
    for (;;) {
      if (frames.length >= MAX_FRAMES) {
        frames.push({ error: 'too many stack frames', address: 0 });
        break;
      }
      if (this.lib.getReg(cursor, UNW_REG_IP, this.word.address) < 0) break;
      const ip = Number(this.word.view.getBigUint64(0, true));
      const m = this.mapping(proc, tid, ip);
      if (!m?.exec) {
        // libunwind reports ip 0 at the end of some stacks: not an error (strace says nothing either)
        if (ip !== 0) frames.push({ error: 'unexpected_backtracing_error', address: ip });
        break;
      }
      frames.push(this.frame(proc, tid, m, ip, !afterSignal));
      afterSignal = this.lib.isSignalFrame(cursor) > 0;
      if (this.lib.step(cursor) <= 0) break;
    }
    return frames;
  }

  /** The executable mapping at ip; a miss in cached maps reads them again (a call vat did not see mapped it). */
  private mapping(proc: Proc, tid: number, ip: number): Mapping | undefined {
    const fresh = proc.maps === undefined;
    proc.maps ??= readMaps(tid);
    const m = findMapping(proc.maps, ip);
    if (m?.exec || fresh || ip === 0) return m;
    proc.maps = readMaps(tid);
    return findMapping(proc.maps, ip);
  }

  private frame(proc: Proc, tid: number, m: Mapping, ip: number, caller: boolean): StackFrame {
    const address = ip - m.start + m.offset;
    const named = this.libunwindNames ? this.procName() : this.symbol(proc, tid, m, caller ? ip - 1 : ip);
    if (named === undefined) return { module: m.path, address };
    return {
      module: m.path,
      symbol: this.demangle(named.name),
      offset: named.offset + (caller && !this.libunwindNames ? 1 : 0),
      address,
    };
  }

  /** The function at `at` from the file's own symbol tables (cached per file). */
  private symbol(
    proc: Proc,
    tid: number,
    m: Mapping,
    at: number,
  ): { name: string; offset: number } | undefined {
    const where = at >= m.start ? m : this.mapping(proc, tid, at);
    if (!where) return undefined;
    let elf = this.files.get(where.file);
    if (elf === undefined && !this.files.has(where.file)) {
      elf = readElfSymbols(where.path);
      this.files.set(where.file, elf);
    }
    return elf ? symbolAt(elf, at, where.start, where.offset) : undefined;
  }

  /** The frame's function name and offset from libunwind. */
  private procName(): { name: string; offset: number } | undefined {
    for (;;) {
      const rc = this.lib.getProcName(
        this.cursor.address,
        this.name.address,
        this.name.bytes.length,
        this.word.address,
      );
      if (rc === UNW_ENOMEM && this.name.bytes.length < 1 << 16) {
        this.name = allocNative(this.name.bytes.length * 4);
        continue;
      }
      if (rc !== 0) return undefined;
      const end = this.name.bytes.indexOf(0);
      const s = Buffer.from(this.name.bytes.subarray(0, end < 0 ? this.name.bytes.length : end)).toString(
        'utf8',
      );
      return s === '' ? undefined : { name: s, offset: Number(this.word.view.getBigUint64(0, true)) };
    }
  }

  private uptOf(tid: number): bigint {
    let upt = this.upt.get(tid);
    if (upt === undefined) {
      upt = this.lib.uptCreate(tid);
      this.upt.set(tid, upt);
    }
    return upt;
  }

  private tgidOf(tid: number): number {
    let tgid = this.tgid.get(tid);
    if (tgid === undefined) {
      tgid = procTgid(tid) ?? tid;
      this.tgid.set(tid, tgid);
    }
    return tgid;
  }

  private proc(tid: number): Proc {
    const tgid = this.tgidOf(tid);
    let p = this.procs.get(tgid);
    if (!p) {
      p = { maps: undefined };
      this.procs.set(tgid, p);
    }
    return p;
  }
}
