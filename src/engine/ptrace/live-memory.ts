// Memory port over a stopped tracee: process_vm_readv into one reusable native buffer (no per-read allocation).
import type { Memory } from '../../decode/memory.js';
import { allocNative, libc, type NativeBuffer } from '../../sys/libc.js';

const SCRATCH = 1 << 20;
const PAGE = 4096;

export class LiveMemory implements Memory {
  private readonly scratch: NativeBuffer = allocNative(SCRATCH);
  /** local iovec, remote iovec: 2 x {base, len}. */
  private readonly iov: NativeBuffer = allocNative(32);
  pid = 0;

  constructor() {
    this.iov.view.setBigUint64(0, this.scratch.address, true);
  }

  /** Reads into the scratch buffer; returns the count read (0 when unreadable). */
  private fill(addr: bigint, len: number): number {
    const n = Math.min(len, SCRATCH);
    this.iov.view.setBigUint64(8, BigInt(n), true);
    this.iov.view.setBigUint64(16, addr, true);
    this.iov.view.setBigUint64(24, BigInt(n), true);
    const got = libc.processVmReadv(this.pid, this.iov.address, 1, this.iov.address + 16n, 1, 0);
    return Math.max(got, 0);
  }

  read(addr: bigint, len: number): Uint8Array | undefined {
    if (addr === 0n) return undefined;
    if (len === 0) return new Uint8Array(0);
    const got = this.fill(addr, len);
    return got === 0 ? undefined : this.scratch.bytes.slice(0, got);
  }

  readString(addr: bigint, max: number): { bytes: Uint8Array; complete: boolean } | undefined {
    if (addr === 0n) return undefined;
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
      // unreadable memory before the NUL and before the limit: strace's umovestr fails and the address is shown
      if (got < want) return undefined;
      chunks.push(this.scratch.bytes.slice(0, got));
      total += got;
      at += BigInt(got);
      if (want === 0) break;
    }
    return { bytes: concat(chunks, total).subarray(0, max), complete: false };
  }

  /** Writes bytes into the tracee (used to place exec arguments and seccomp programs). */
  write(addr: bigint, data: Uint8Array): boolean {
    if (data.length > SCRATCH) return false;
    this.scratch.bytes.set(data, 0);
    this.iov.view.setBigUint64(8, BigInt(data.length), true);
    this.iov.view.setBigUint64(16, addr, true);
    this.iov.view.setBigUint64(24, BigInt(data.length), true);
    return libc.processVmWritev(this.pid, this.iov.address, 1, this.iov.address + 16n, 1, 0) === data.length;
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
