// strace's per-stop cache of tracee pages (vm_read_mem in its ucopy.c): a read spanning at most four pages is
// served from whole pages, each read once per stop, so decoding an iovec array and the strings it points to
// costs one process_vm_readv per page rather than one per piece (strace's umovestr_cached tests count them).
import { allocNative, libc, type NativeBuffer } from '../../sys/libc.js';

const PAGE = 4096;
const SLOTS = 4;
/** Above this no user address lies (x86-64's 47 bits): such a span is not for the cache; below it, a Number is
 * exact, so pages are counted without BigInt arithmetic. */
const USER_END = 2 ** 47;
const TWO32 = 2 ** 32;
/** Copies up to this many bytes in a loop rather than through a subarray. */
const SMALL = 64;
/** place()'s answers that are not an index: the page cannot be read; the span is not for the cache. */
export const UNREADABLE = -1;
export const NOT_CACHED = -2;

export class PageCache {
  private readonly pages: NativeBuffer = allocNative(SLOTS * PAGE);
  /** The same pages as a DataView: structs read in place (what place() indexes). */
  readonly view = new DataView(this.pages.bytes.buffer, this.pages.bytes.byteOffset, SLOTS * PAGE);
  /** The same pages as a Buffer: its latin1 toString makes a string straight from them. */
  private readonly text = Buffer.from(this.pages.bytes.buffer, this.pages.bytes.byteOffset, SLOTS * PAGE);
  /** local iovec, remote iovec: 2 x {base, len}. */
  private readonly iov: NativeBuffer = allocNative(32);
  /** The iovecs as 32-bit halves: stored without BigInts (a DataView's setBigUint64 is not inlined). */
  private readonly iovU32 = new Uint32Array(this.iov.bytes.buffer, this.iov.bytes.byteOffset, 8);
  /** The page each slot holds, for the process `pid`. */
  private readonly held = new Float64Array(SLOTS);
  /** The slot filled last; -1 when the cache holds nothing. Slots are reused in turn, as strace does. */
  private last = -1;
  private pid = 0;
  /** process_vm_readv calls made (for tests). */
  fills = 0;

  constructor() {
    this.iovU32[2] = PAGE;
    this.iovU32[6] = PAGE;
  }

  /** Forgets every page: the tracee ran, or vat wrote into it. */
  invalidate(): void {
    this.last = -1;
  }

  /**
   * Copies `len` bytes at `addr` of process `pid` into `out`: the count copied (fewer when a later page is
   * unreadable), -1 when the first page is unreadable (errno says why), undefined when the span is not for
   * the cache (more than four pages, page 0, or above user space).
   */
  read(pid: number, addr: bigint, len: number, out: Uint8Array): number | undefined {
    if (addr <= 0n) return undefined;
    // compared as a Number: a BigInt against a Number is a runtime call in V8 (above 2^53 it still compares larger)
    const at = Number(addr);
    if (at >= USER_END) return undefined;
    let page = at - (at % PAGE);
    const after = Math.ceil((at + len) / PAGE) * PAGE;
    if (page === 0 || after - page > SLOTS * PAGE) return undefined;
    if (pid !== this.pid) {
      this.pid = pid;
      this.last = -1;
    }
    let done = 0;
    let offset = at - page;
    while (done < len) {
      const slot = this.slotOf(page);
      if (slot < 0) return done > 0 ? done : -1;
      const n = Math.min(len - done, PAGE - offset);
      const from = slot * PAGE + offset;
      const pages = this.pages.bytes;
      // a few bytes (a write's buffer, a short string) copied by hand: no subarray made per read
      if (n <= SMALL) for (let i = 0; i < n; i++) out[done + i] = pages[from + i] as number;
      else out.set(pages.subarray(from, from + n), done);
      done += n;
      page += PAGE;
      offset = 0;
    }
    return done;
  }

  /**
   * `len` bytes at `addr` of process `pid`, within one page, lent in place (valid until the next read or stop):
   * undefined when the span is not for the cache (as read()), null when its page is unreadable (errno says why).
   */
  lend(pid: number, addr: bigint, len: number): Uint8Array | null | undefined {
    if (addr <= 0n) return undefined;
    const from = this.place(pid, Number(addr), len);
    if (from < 0) return from === UNREADABLE ? null : undefined;
    return this.pages.bytes.subarray(from, from + len);
  }

  /**
   * Where lend() would lend from, without the view: the index in `bytes` of address `at` (a Number: exact below
   * 2^53), UNREADABLE when its page cannot be read (errno says why), NOT_CACHED when the span is not for the cache.
   */
  place(pid: number, at: number, len: number): number {
    if (at <= 0 || at >= USER_END) return NOT_CACHED;
    const page = at - (at % PAGE);
    const offset = at - page;
    if (page === 0 || offset + len > PAGE) return NOT_CACHED;
    if (pid !== this.pid) {
      this.pid = pid;
      this.last = -1;
    }
    const slot = this.slotOf(page);
    return slot < 0 ? UNREADABLE : slot * PAGE + offset;
  }

  /** The cached pages, valid until the next read or stop: what place() indexes. */
  get bytes(): Uint8Array {
    return this.pages.bytes;
  }

  /** Bytes `from` to `to` of the cached pages as a string of the same char codes (latin1): no copy of them first. */
  latin1(from: number, to: number): string {
    return this.text.toString('latin1', from, to);
  }

  /** The slot holding `page`, read into the next slot when absent; -1 when it cannot be read. */
  private slotOf(page: number): number {
    const held = this.held;
    // loops over the four slots, not indexOf/fill: a builtin call costs more than the search itself
    if (this.last >= 0) for (let i = 0; i < SLOTS; i++) if (held[i] === page) return i;
    const slot = (this.last + 1) % SLOTS;
    const u = this.iovU32;
    const local = this.pages.at + slot * PAGE;
    u[0] = local % TWO32;
    u[1] = Math.floor(local / TWO32);
    u[4] = page % TWO32;
    u[5] = Math.floor(page / TWO32);
    this.fills++;
    if (libc.processVmReadv(this.pid, this.iov.at, 1, this.iov.at + 16, 1, 0) < 0) return -1;
    if (this.last < 0) for (let i = 0; i < SLOTS; i++) held[i] = 0;
    held[slot] = page;
    this.last = slot;
    return slot;
  }
}
