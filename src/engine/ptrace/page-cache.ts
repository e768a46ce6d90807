// strace's per-stop cache of tracee pages (vm_read_mem in its ucopy.c): a read spanning at most four pages is
// served from whole pages, each read once per stop, so decoding an iovec array and the strings it points to
// costs one process_vm_readv per page rather than one per piece (strace's umovestr_cached tests count them).
import { allocNative, libc, type NativeBuffer } from '../../sys/libc.js';

const PAGE = 4096;
const SLOTS = 4;
const MASK = BigInt(PAGE - 1);

export class PageCache {
  private readonly pages: NativeBuffer = allocNative(SLOTS * PAGE);
  /** local iovec, remote iovec: 2 x {base, len}. */
  private readonly iov: NativeBuffer = allocNative(32);
  /** The page each slot holds, for the process `pid`. */
  private readonly held: bigint[] = new Array<bigint>(SLOTS).fill(0n);
  /** The slot filled last; -1 when the cache holds nothing. Slots are reused in turn, as strace does. */
  private last = -1;
  private pid = 0;
  /** process_vm_readv calls made (for tests). */
  fills = 0;

  constructor() {
    this.iov.view.setBigUint64(8, BigInt(PAGE), true);
    this.iov.view.setBigUint64(24, BigInt(PAGE), true);
  }

  /** Forgets every page: the tracee ran, or vat wrote into it. */
  invalidate(): void {
    this.last = -1;
  }

  /**
   * Copies `len` bytes at `addr` of process `pid` into `out`: the count copied (fewer when a later page is
   * unreadable), -1 when the first page is unreadable (errno says why), undefined when the span is not for
   * the cache (more than four pages, or page 0).
   */
  read(pid: number, addr: bigint, len: number, out: Uint8Array): number | undefined {
    let page = addr & ~MASK;
    const after = (addr + BigInt(len) + MASK) & ~MASK;
    if (page === 0n || after - page > BigInt(SLOTS * PAGE)) return undefined;
    if (pid !== this.pid) {
      this.pid = pid;
      this.last = -1;
    }
    let done = 0;
    let offset = Number(addr - page);
    while (done < len) {
      const slot = this.slotOf(page);
      if (slot < 0) return done > 0 ? done : -1;
      const n = Math.min(len - done, PAGE - offset);
      const from = slot * PAGE + offset;
      out.set(this.pages.bytes.subarray(from, from + n), done);
      done += n;
      page += BigInt(PAGE);
      offset = 0;
    }
    return done;
  }

  /** The slot holding `page`, read into the next slot when absent; -1 when it cannot be read. */
  private slotOf(page: bigint): number {
    if (this.last >= 0) {
      const i = this.held.indexOf(page);
      if (i >= 0) return i;
    }
    const slot = (this.last + 1) % SLOTS;
    const v = this.iov.view;
    v.setBigUint64(0, this.pages.address + BigInt(slot * PAGE), true);
    v.setBigUint64(16, page, true);
    this.fills++;
    if (libc.processVmReadv(this.pid, this.iov.address, 1, this.iov.address + 16n, 1, 0) < 0) return -1;
    if (this.last < 0) this.held.fill(0n);
    this.held[slot] = page;
    this.last = slot;
    return slot;
  }
}
