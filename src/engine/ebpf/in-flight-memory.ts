// The Memory port for a call shown before its record (blocked past the in-flight look): the copies its entry made,
// else the process's memory itself, read now. The thread is still in the call, so what it gave the kernel is there
// as ptrace would read it at the entry stop; buffers the program copies only at the exit (write's, sendto's) would
// otherwise print as addresses.
import type { Memory } from '../../decode/memory.js';
import { procMemRead } from '../../sys/procfs.js';

const PAGE = 4096;

export class InFlightMemory implements Memory {
  constructor(
    private readonly captured: Memory,
    private readonly pid: number,
  ) {}

  read(addr: bigint, len: number): Uint8Array | undefined {
    const copy = this.captured.read(addr, len);
    if (copy !== undefined || addr === 0n || len === 0) return copy;
    const live = procMemRead(this.pid, addr, len);
    return live && live.length > 0 ? live : undefined;
  }

  readString(addr: bigint, max: number): { bytes: Uint8Array; complete: boolean } | undefined {
    const copy = this.captured.readString(addr, max);
    if (copy !== undefined || addr === 0n) return copy;
    // up to page ends: an unmapped page after the string's end does not fail it
    const parts: Uint8Array[] = [];
    let total = 0;
    for (let at = addr; total <= max; ) {
      const want = Math.min(PAGE - Number(at % BigInt(PAGE)), max + 1 - total);
      const got = procMemRead(this.pid, at, want);
      if (!got || got.length === 0) return undefined; // unreadable before its NUL: shown as an address
      const nul = got.indexOf(0);
      parts.push(nul >= 0 ? got.subarray(0, nul) : got);
      total += nul >= 0 ? nul : got.length;
      if (nul >= 0) return { bytes: Buffer.concat(parts), complete: true };
      at += BigInt(got.length);
    }
    return { bytes: Buffer.concat(parts).subarray(0, max), complete: false };
  }
}
