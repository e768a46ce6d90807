// Memory port over a stopped tracee: process_vm_readv into one reusable native buffer (no per-read allocation).
import type { Memory } from '../../decode/memory.js';
import { printsAsItself, quoteForX } from '../../model/quote.js';
import { allocNative, lastErrno, libc, type NativeBuffer } from '../../sys/libc.js';
import { errnoByName, errnoByValue } from '../../tables/errnos.js';
import { NOT_CACHED, PageCache, UNREADABLE } from './page-cache.js';
import { peekWords, pokeWords } from './ptrace-words.js';

const SCRATCH = 1 << 20;
const PAGE = 4096;
const ENOSYS = errnoByName('ENOSYS')?.value;
const EPERM = errnoByName('EPERM')?.value;

export class LiveMemory implements Memory {
  private readonly scratch: NativeBuffer = allocNative(SCRATCH);
  /** local iovec, remote iovec: 2 x {base, len}. */
  private readonly iov: NativeBuffer = allocNative(32);
  /** Pages read at this stop (strace's umove cache); the tracer calls invalidate() at every stop. */
  readonly cache = new PageCache();
  /** The iovecs as words and 32-bit halves: stored without a DataView's BigInt calls (V8 does not inline them). */
  private readonly iovU64 = new BigUint64Array(this.iov.bytes.buffer, 0, 4);
  private readonly iovU32 = new Uint32Array(this.iov.bytes.buffer, 0, 8);
  pid = 0;
  /** Where strace's own read and write warnings go (`short read (1 < 4096) @0x...: Bad address`); none: silent. */
  warn: ((message: string) => void) | undefined;

  constructor() {
    this.iov.view.setBigUint64(0, this.scratch.address, true);
  }

  /** The tracee ran (a new stop): what was read before may have changed. */
  invalidate(): void {
    this.cache.invalidate();
  }

  /** Reads into the scratch buffer; returns the count read (0 when unreadable). */
  private fill(addr: bigint, len: number): number {
    const n = Math.min(len, SCRATCH);
    let got = this.cache.read(this.pid, addr, n, this.scratch.bytes);
    if (got === undefined) {
      const u32 = this.iovU32;
      u32[2] = n;
      u32[3] = 0;
      this.iovU64[2] = addr;
      u32[6] = n;
      u32[7] = 0;
      got = libc.processVmReadv(this.pid, this.iov.at, 1, this.iov.at + 16, 1, 0);
    }
    if (got >= 0) return got;
    return this.byWords() ? peekWords(this.pid, addr, this.scratch.bytes.subarray(0, n)) : 0;
  }

  /** After a failed process_vm_readv: whether it is unavailable or refused (strace's ENOSYS/EPERM case), so
   * memory is read word by word through ptrace instead. */
  private byWords(): boolean {
    const e = lastErrno();
    return e === ENOSYS || e === EPERM;
  }

  read(addr: bigint, len: number): Uint8Array | undefined {
    if (addr === 0n) return undefined;
    if (len === 0) return new Uint8Array(0);
    const got = this.fill(addr, len);
    return got === 0 ? undefined : this.scratch.bytes.slice(0, got);
  }

  readString(addr: bigint, max: number): { bytes: Uint8Array; complete: boolean } | undefined {
    if (addr === 0n) return undefined;
    // the common case, a string that ends in its first page: its bytes found in place in the page cache, without
    // copying the rest of the page first
    const first = this.cache.lend(this.pid, addr, Math.min(PAGE - Number(addr % BigInt(PAGE)), max + 1));
    if (first) {
      const nul = first.indexOf(0);
      if (nul >= 0) return { bytes: first.slice(0, nul), complete: true };
    } else if (first === null && !this.byWords()) return undefined;
    const chunks: Uint8Array[] = [];
    let total = 0;
    let at = addr;
    // read up to page ends so an unmapped next page does not fail the whole read
    while (total <= max) {
      const toPageEnd = PAGE - Number(at % BigInt(PAGE));
      const want = Math.min(toPageEnd, max + 1 - total);
      const got = this.fill(at, want);
      const nul = this.scratch.bytes.subarray(0, got).indexOf(0);
      if (nul >= 0) {
        chunks.push(this.scratch.bytes.slice(0, nul));
        return { bytes: concat(chunks, total + nul), complete: true };
      }
      // unreadable memory before the NUL and before the limit: strace's umovestr fails and the address is shown,
      // saying so when part of the string was read
      if (got < want) {
        if (total + got > 0) this.shortRead(addr, total + got, max + 1);
        return undefined;
      }
      chunks.push(this.scratch.bytes.slice(0, got));
      total += got;
      at += BigInt(got);
      if (want === 0) break;
    }
    return { bytes: concat(chunks, total).subarray(0, max), complete: false };
  }

  /**
   * readString's common case made text at once: a string that ends in its first page (within `max` + 1 bytes), at
   * address `at` (a Number below 2^47), quoted as quoteForX quotes its bytes, from the page in place (no copy, no
   * Value). null: its page is unreadable (the address is shown); undefined: readString must read it (longer, cut
   * at `max`, not cacheable, or read word by word).
   */
  quotedString(at: number, max: number, xflag: 0 | 1 | 2 | 3): string | null | undefined {
    const len = Math.min(PAGE - (at % PAGE), max + 1);
    const from = this.cache.place(this.pid, at, len);
    if (from < 0) return from === UNREADABLE && !this.byWords() ? null : undefined;
    const pages = this.cache.bytes;
    const end = from + len;
    let plain = true;
    let nul = from;
    for (; nul < end; nul++) {
      const b = pages[nul] as number;
      if (b === 0) break;
      if (!printsAsItself(b)) plain = false;
    }
    if (nul === end) return undefined;
    if (plain && xflag !== 2) return `"${this.cache.latin1(from, nul)}"`;
    return quoteForX(pages.subarray(from, nul), false, xflag);
  }

  /**
   * strings.ts byteBuffer's text for a buffer of `len` bytes at address `at` (a Number below 2^47) whose first
   * `max` + 1 bytes lie in one page: up to `max` of them quoted in place (`...` when it is longer), as quoteForX
   * quotes them. null: its page is unreadable (the address is shown); undefined: byteBuffer must read it.
   */
  quotedBytes(at: number, len: number, max: number, xflag: 0 | 1 | 2 | 3): string | null | undefined {
    const shown = Math.min(len, max);
    // byteBuffer fetches one byte past the limit, and all must be readable
    const fetched = Math.min(len, max + 1);
    if (!(fetched > 0)) return undefined;
    const from = this.lendAt(at, fetched);
    if (from < 0) return from === UNREADABLE ? null : undefined;
    const pages = this.cache.bytes;
    const end = from + shown;
    let plain = true;
    for (let i = from; i < end; i++) {
      if (!printsAsItself(pages[i] as number)) {
        plain = false;
        break;
      }
    }
    const more = len > shown;
    if (plain && xflag !== 2) return `"${this.cache.latin1(from, end)}"${more ? '...' : ''}`;
    return quoteForX(pages.subarray(from, end), more, xflag);
  }

  /**
   * `len` bytes at address `at` (a Number below 2^47) within one page, lent in place: their index in `cache.view`
   * (valid until the next read or stop); UNREADABLE when their page cannot be read (the address is shown), NOT_CACHED
   * when read() must read them (across pages, not cacheable, read word by word).
   */
  lendAt(at: number, len: number): number {
    const from = this.cache.place(this.pid, at, len);
    return from === UNREADABLE && this.byWords() ? NOT_CACHED : from;
  }

  /** strace's umovestr warning: `got` bytes of a string were readable, then memory ended before its NUL. */
  private shortRead(addr: bigint, got: number, wanted: number): void {
    const e = errnoByValue(lastErrno());
    // a process gone (ESRCH) is not worth a word, as in strace
    if (e?.name !== 'EFAULT' && e?.name !== 'EIO') return;
    this.warn?.(`short read (${got} < ${wanted}) @0x${addr.toString(16)}: ${e.message}`);
  }

  /**
   * Writes bytes into the tracee (exec arguments, seccomp programs), word by word with ptrace when
   * process_vm_writev cannot (as strace's upoken falls back); true when all were written.
   */
  write(addr: bigint, data: Uint8Array): boolean {
    const r = this.writeSome(addr, data);
    if (r === data.length) return true;
    return r < 0 && pokeWords(this.pid, addr, data) === data.length;
  }

  /**
   * strace's upoken: process_vm_writev, word by word with ptrace where that cannot write at all; the count of
   * bytes written. A write cut short where memory ends is reported, as strace reports it.
   */
  poke(addr: bigint, data: Uint8Array): number {
    const r = this.writeSome(addr, data);
    if (r === data.length) return r;
    if (r >= 0) {
      this.warn?.(`pid:${this.pid} short write (${r} < ${data.length}) @0x${addr.toString(16)}`);
      return r;
    }
    const e = errnoByValue(lastErrno());
    if (e?.name === 'ESRCH') return 0;
    if (e && ['ENOSYS', 'EPERM', 'EFAULT', 'EIO'].includes(e.name))
      return pokeWords(this.pid, addr, data, this.warn);
    this.warn?.(`pid:${this.pid} @0x${addr.toString(16)}${e ? `: ${e.message}` : ''}`);
    return 0;
  }

  /** Writes what it can: the count of bytes written (fewer where memory ends), -1 when none could be. */
  writeSome(addr: bigint, data: Uint8Array): number {
    if (data.length > SCRATCH) return -1;
    this.cache.invalidate();
    this.scratch.bytes.set(data, 0);
    this.iov.view.setBigUint64(8, BigInt(data.length), true);
    this.iov.view.setBigUint64(16, addr, true);
    this.iov.view.setBigUint64(24, BigInt(data.length), true);
    return libc.processVmWritev(this.pid, this.iov.address, 1, this.iov.address + 16n, 1, 0);
  }
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]?.length === total) return chunks[0];
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    const part = c.subarray(0, Math.min(c.length, total - off));
    out.set(part, off);
    off += part.length;
  }
  return out;
}
