// The ring the programs write to, grown while tracing. A trace starts on a small ring (64 MiB: ~14 ms for the kernel
// to make, against 50-100 ms for 256 MiB, and 64 MiB of kernel memory held instead of 256 for the many traces whose
// reader keeps up). When the reader falls behind (a storm), a bigger ring is made on another thread and put in the
// programs' map of maps; once the kernel says no program still writes to the first (an RCU grace period), the first
// is read to its end, then the second. Positions run on across rings (the second starts where the first ended), so
// a position taken at any time orders records as in one ring.

import { memoryHeadroom } from '../../sys/memory-headroom.js';
import { type BpfMap, closeFd, createMapLater, setInnerLater } from './loader.js';
import { RingReader } from './ring.js';
import { defaultRingSize } from './ring-size.js';

/**
 * Backlog (bytes written, not yet read) at which a bigger ring is asked for: 1/16 of the ring (4 MiB of 64). The
 * next ring is twice as big (64 -> 128 -> 256 MiB): under a burst of four threads on two CPUs, making 256 MiB took
 * the kernel 80-270 ms, while 64 MiB filled in ~220 ms; 128 MiB takes half as long, and then holds twice as much.
 */
const GROW_AT = 16;

/**
 * The largest ring the memory left allows now (the traced command may have taken what there was at start): a quarter
 * of it (the first ring was sized at an eighth).
 */
const room = (): number => defaultRingSize(2 * memoryHeadroom());

type Each = (view: DataView, bytes: Uint8Array, offset: number, length: number) => void;
type PeekEach = (view: DataView, bytes: Uint8Array, offset: number, length: number, position: number) => void;

interface Ring {
  readonly map: BpfMap;
  readonly reader: RingReader;
}

export class GrowingRing {
  private cur: Ring;
  /** The position of the current ring's byte 0. */
  private base = 0;
  /** The ring that took the current one's place in the map of maps, once the kernel said so. */
  private next: Ring | undefined;
  /** The current ring's producer position when the switch was asked: records past it may be later than the next
   *  ring's first ones. */
  private askedAt: number | undefined;
  /** The current ring's producer position once no program writes to it any more. */
  private final: number | undefined;
  private growth: Promise<void> | undefined;
  private stopped = false;
  private closed = false;
  /** The record drain() is giving says that everything before its exit is in (false for the records between). */
  trusted = true;

  /**
   * `first` is in slot 0 of `outer` already; it is this object's to close. `target`: the size to grow to (no
   * growth when it is not larger than the first).
   */
  constructor(
    /** The programs' map of maps (none: the ring is named directly and never grows). */
    private readonly outer: BpfMap | undefined,
    first: BpfMap,
    private readonly target: number,
    /** Said when the ring grew or could not. */
    private readonly note: (text: string) => void = () => {},
  ) {
    this.cur = { map: first, reader: new RingReader(first) };
  }

  get size(): number {
    return this.cur.map.maxEntries;
  }

  /** Whether a position taken now orders the records (not while the rings are being switched). */
  get settled(): boolean {
    return this.askedAt === undefined || this.final !== undefined;
  }

  produced(): number {
    if (this.next && this.final !== undefined) return this.base + this.final + this.next.reader.produced();
    return this.base + this.cur.reader.produced();
  }

  consumed(): number {
    return this.base + this.cur.reader.consumed();
  }

  drain(each: Each, max = 1 << 16): number {
    let n = this.drainCurrent(each, max);
    if (this.next && this.final !== undefined && this.cur.reader.consumed() >= this.final) {
      this.switchRings();
      n += this.cur.reader.drain(each, max - n);
    }
    if (this.growth === undefined && !this.stopped && this.outer && this.target > this.size) {
      const backlog = this.cur.reader.produced() - this.cur.reader.consumed();
      if (backlog > this.size / GROW_AT) this.growth = this.grow();
    }
    return n;
  }

  /** drain() of the current ring; a record written while the rings were being switched is not trusted. */
  private drainCurrent(each: Each, max: number): number {
    const askedAt = this.askedAt;
    if (askedAt === undefined) return this.cur.reader.drain(each, max);
    return this.cur.reader.drain((view, bytes, off, len, at) => {
      this.trusted = at < askedAt;
      each(view, bytes, off, len);
      this.trusted = true;
    }, max);
  }

  /** As RingReader.peek, in positions across rings. */
  peek(to: number, max: number, each: PeekEach): boolean {
    if (to - this.consumed() > max) return false;
    const from = (base: number): PeekEach =>
      base === 0 ? each : (v, b, off, len, at) => each(v, b, off, len, at + base);
    const end = this.final === undefined ? undefined : this.base + this.final;
    if (end === undefined || to <= end) return this.cur.reader.peek(to - this.base, max, from(this.base));
    if (!this.cur.reader.peek(this.final as number, max, from(this.base))) return false;
    return this.next ? this.next.reader.peek(to - end, max, from(end)) : true;
  }

  /** No more growth; a switch under way is finished (the programs are detached: what the rings hold is all). */
  async settle(): Promise<void> {
    this.stopped = true;
    await this.growth;
  }

  close(): void {
    this.stopped = true;
    this.closed = true;
    for (const r of [this.cur, this.next]) {
      if (!r) continue;
      r.reader.close();
      closeFd(r.map.fd);
    }
    this.next = undefined;
  }

  /** Makes the bigger ring on another thread and puts it in the programs' slot. */
  private async grow(): Promise<void> {
    // measured again: in a memory cgroup, a ring made once the command has taken its memory could wake the OOM
    // killer on the command itself; events lost are counted instead
    const size = Math.min(this.size * 2, this.target, room());
    if (size <= this.size) {
      this.note(`ring: not grown past ${this.size >> 20} MiB: too little memory left`);
      return;
    }
    const outer = this.outer as BpfMap;
    const fd = await createMapLater('vat_ring', 'RINGBUF', 0, 0, size);
    if (fd < 0 || this.stopped) {
      if (fd >= 0) closeFd(fd);
      else this.note(`ring: could not grow to ${size >> 20} MiB; staying at ${this.size >> 20} MiB`);
      return;
    }
    const map: BpfMap = { fd, name: 'vat_ring', keySize: 0, valueSize: 0, maxEntries: size };
    let reader: RingReader;
    try {
      reader = new RingReader(map);
    } catch {
      closeFd(fd);
      return;
    }
    this.askedAt = this.cur.reader.produced();
    const installed = await setInnerLater(outer, fd);
    if (this.closed) {
      reader.close();
      closeFd(fd);
      return;
    }
    if (!installed) {
      // still the first ring's slot: nothing was written to the other
      this.askedAt = undefined;
      reader.close();
      closeFd(fd);
      return;
    }
    // the grace period is over: every record of the first ring is in, up to this position
    this.final = this.cur.reader.produced();
    this.next = { map, reader };
    this.note(`ring: grew from ${this.size >> 20} to ${size >> 20} MiB (the reader fell behind)`);
  }

  private switchRings(): void {
    const old = this.cur;
    this.base += this.final as number;
    this.cur = this.next as Ring;
    this.next = undefined;
    this.final = undefined;
    this.askedAt = undefined;
    this.growth = undefined; // the next may be asked for
    old.reader.close();
    closeFd(old.map.fd);
  }
}
