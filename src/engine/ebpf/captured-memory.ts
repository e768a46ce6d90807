// The Memory port over what the kernel program captured for one call: decoders read the same way as from a
// live process; an address nobody captured reads as unreadable, and strace prints such memory as an address.
import type { Memory } from '../../decode/memory.js';
import { SEG, SEG_FLAG } from './layout.js';

interface Segment {
  /** A user address (below 2^47: exact as a number, compared without BigInt arithmetic per read). */
  readonly addr: number;
  readonly bytes: Uint8Array;
  readonly string: boolean;
  readonly complete: boolean;
  readonly exit: boolean;
}

/**
 * What an fd referred to at the call's exit (an inode segment): its inode number and mode, and a socket's family,
 * type and protocol (0 for another file, or when the kernel's BTF did not tell where they are).
 */
export interface FdInode {
  readonly fd: number;
  readonly ino: bigint;
  readonly mode: number;
  readonly family: number;
  readonly type: number;
  readonly protocol: number;
}

export class CapturedMemory implements Memory {
  private segments: Segment[] = [];
  /** The record's inode segments (-y: the fds its call made), apart from memory. */
  inodes: FdInode[] = [];
  /** The socket the call was given (argument 0 of sendto, recvmsg...), when its plan asked: apart from memory. */
  socket: FdInode | undefined;
  /** The name of a file the call was given (bpf's info fd: `bpf-prog`), read at its exit: apart from memory. */
  fdName: { readonly fd: number; readonly name: string } | undefined;
  /** Which capture a decoder sees first: entry decoders the entry copy, exit decoders the exit copy. */
  phase: 'entry' | 'exit' = 'entry';

  /**
   * Takes the segments of one record (`bytes` is the record's data area): copied, since the ring is reused and the
   * general path's values keep their bytes; `inPlace` for a caller done with them before the ring moves on (the
   * record paths, which make their text or JSON at once).
   */
  load(bytes: Uint8Array, inPlace = false): void {
    const segs: Segment[] = [];
    if (this.inodes.length > 0) this.inodes = [];
    this.socket = undefined;
    this.fdName = undefined;
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    let off = 0;
    while (off + SEG.size <= bytes.length) {
      const addr = v.getUint32(off + SEG.addr, true) + v.getUint32(off + SEG.addr + 4, true) * 2 ** 32;
      const len = v.getUint32(off + SEG.len, true);
      const flags = v.getUint16(off + SEG.flags, true);
      const start = off + SEG.size;
      if (start + len > bytes.length) break;
      if ((flags & SEG_FLAG.fdName) !== 0) {
        const name = bytes.subarray(start, start + len);
        const nul = name.indexOf(0);
        this.fdName = {
          fd: addr,
          name: Buffer.from(nul >= 0 ? name.subarray(0, nul) : name).toString('latin1'),
        };
      } else if ((flags & SEG_FLAG.inode) !== 0 && len >= 16) {
        const inode = {
          fd: addr,
          ino: v.getBigUint64(start, true),
          mode: v.getUint16(start + 8, true),
          family: v.getUint16(start + 10, true),
          type: v.getUint16(start + 12, true),
          protocol: v.getUint16(start + 14, true),
        };
        if ((flags & SEG_FLAG.argFd) !== 0) this.socket = inode;
        else this.inodes.push(inode);
      } else {
        const seg = {
          addr,
          bytes: inPlace ? bytes.subarray(start, start + len) : bytes.slice(start, start + len),
          string: (flags & SEG_FLAG.string) !== 0,
          complete: (flags & SEG_FLAG.complete) !== 0,
          exit: (flags & SEG_FLAG.exit) !== 0,
        };
        // a buffer read a page per segment (getdents' records) is one piece of memory again
        const last = segs.at(-1);
        if (
          last &&
          !last.string &&
          !seg.string &&
          last.exit === seg.exit &&
          last.addr + last.bytes.length === addr
        ) {
          const joined = new Uint8Array(last.bytes.length + len);
          joined.set(last.bytes);
          joined.set(seg.bytes, last.bytes.length);
          segs[segs.length - 1] = { ...last, bytes: joined };
        } else segs.push(seg);
      }
      const advance = (flags & SEG_FLAG.string) !== 0 ? len + 1 : len;
      off = start + Math.ceil(advance / 8) * 8;
    }
    this.segments = segs;
  }

  /** Forgets the copies made at the call's exit. */
  dropExit(): void {
    this.segments = this.segments.filter((s) => !s.exit);
  }

  clear(): void {
    this.segments = [];
  }

  /**
   * The segment holding `addr`, this phase's first; for `want` bytes, one that holds them all first (an entry copy
   * cut short by the entry limit, the exit copy whole).
   */
  private find(address: bigint, wantString: boolean, want = 0): { seg: Segment; at: number } | undefined {
    const addr = Number(address);
    const exit = this.phase === 'exit';
    let other: Segment | undefined;
    let short: Segment | undefined;
    for (const seg of this.segments) {
      if (addr < seg.addr || addr >= seg.addr + Math.max(seg.bytes.length, 1)) continue;
      if (wantString && !seg.string && seg.bytes.length === 0) continue;
      if (addr + want > seg.addr + seg.bytes.length) {
        if (seg.exit === exit || short === undefined) short = seg;
        continue;
      }
      if (seg.exit === exit) {
        // a string cut by the entry copy's limit (a long path), whole in the exit copy: the longer one
        if (wantString && !seg.complete) {
          const longer = this.longerString(seg);
          if (longer) return { seg: longer, at: addr - longer.addr };
        }
        return { seg, at: addr - seg.addr };
      }
      other ??= seg;
    }
    const hit = other ?? short;
    return hit ? { seg: hit, at: addr - hit.addr } : undefined;
  }

  /** The other phase's copy of the string `cut` starts, when it holds more of it. */
  private longerString(cut: Segment): Segment | undefined {
    for (const seg of this.segments)
      if (seg.string && seg.exit !== cut.exit && seg.addr === cut.addr && seg.bytes.length > cut.bytes.length)
        return seg;
    return undefined;
  }

  read(addr: bigint, len: number): Uint8Array | undefined {
    if (addr === 0n) return undefined;
    if (len === 0) return new Uint8Array(0);
    const hit = this.find(addr, false, len);
    if (!hit || hit.at >= hit.seg.bytes.length) return undefined;
    return hit.seg.bytes.subarray(hit.at, Math.min(hit.seg.bytes.length, hit.at + len));
  }

  readString(addr: bigint, max: number): { bytes: Uint8Array; complete: boolean } | undefined {
    if (addr === 0n) return undefined;
    const hit = this.find(addr, true);
    if (!hit) return undefined;
    const b = hit.seg.bytes.subarray(hit.at);
    const nul = b.indexOf(0);
    if (nul >= 0 && nul <= max) return { bytes: b.subarray(0, nul), complete: true };
    const known = hit.seg.string && hit.seg.complete;
    if (known && b.length <= max) return { bytes: b, complete: true };
    return { bytes: b.subarray(0, max), complete: false };
  }
}
