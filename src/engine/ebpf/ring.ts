// The BPF ring buffer seen from JavaScript: the consumer page (ours to write), the producer page, and a window
// of the data pages mapped at a time. The kernel maps every data page it hands out at once, so a whole 256 MiB
// ring mapped would count 256 MiB in vat's RSS; a window of a few MiB slides along as records are read. The
// kernel offers the data pages twice in a row, so a window that starts before the end may run past it: a
// record that wraps is read in place.
import { VatError } from '../../errors.js';
import { bpfLibc, mapShared } from '../../sys/bpf.js';
import type { BpfMap } from './loader.js';

const PAGE = 4096;
const BUSY = 0x80000000;
const DISCARD = 0x40000000;
const HDR = 8;
/** Ring bytes a record of `len` data bytes takes: its header, then the data padded to 8 bytes (the kernel's layout). */
const span = (len: number): number => Math.ceil((len + HDR) / 8) * 8;
/** Bytes of data pages mapped at once (a record is at most ~25 KiB: SCRATCH_SIZE; a window is far larger). */
export const RING_WINDOW = 8 << 20;

interface Mapping {
  readonly address: bigint;
  readonly len: number;
}

export class RingReader {
  private readonly consumer: DataView;
  private readonly producer: DataView;
  private readonly size: number;
  private readonly window: number;
  private readonly fd: number;
  private readonly pages: Mapping[] = [];
  /** The mapped window: ring offset of its first byte (page-aligned), views over it. */
  private base = 0;
  private win: Mapping | undefined;
  private data = new DataView(new ArrayBuffer(0));
  private bytes = new Uint8Array(0);

  constructor(map: BpfMap, window = RING_WINDOW) {
    const size = map.maxEntries;
    this.fd = map.fd;
    this.size = size;
    // a ring no larger than the window is mapped whole, both copies (every record then reads in place at once)
    this.window = size <= window ? 2 * size : window;
    const cons = mapShared(map.fd, PAGE, 0, true);
    const prod = mapShared(map.fd, PAGE, PAGE, false);
    if (cons) this.pages.push({ address: cons.address, len: PAGE });
    if (prod) this.pages.push({ address: prod.address, len: PAGE });
    if (!cons || !prod) {
      this.close();
      throw new VatError('eBPF: cannot map the ring buffer', 'EBPF');
    }
    this.consumer = new DataView(cons.buffer);
    this.producer = new DataView(prod.buffer);
    this.mapAt(0);
  }

  /** Maps the window so that it starts at the page of ring offset `at` (in the first copy of the data pages). */
  private mapAt(at: number): void {
    this.unmapWindow();
    const base = this.window === 2 * this.size ? 0 : at - (at % PAGE);
    const m = mapShared(this.fd, this.window, 2 * PAGE + base, false);
    if (!m) throw new VatError('eBPF: cannot map the ring buffer', 'EBPF');
    this.win = { address: m.address, len: this.window };
    this.base = base;
    this.data = new DataView(m.buffer);
    this.bytes = new Uint8Array(m.buffer);
  }

  private unmapWindow(): void {
    if (!this.win) return;
    bpfLibc.munmap(this.win.address, this.win.len);
    this.win = undefined;
    this.data = new DataView(new ArrayBuffer(0));
    this.bytes = new Uint8Array(0);
  }

  /** Whether `len` bytes at ring offset `at` are inside the window. */
  private covers(at: number, len: number): boolean {
    return this.win !== undefined && at >= this.base && at + len <= this.base + this.window;
  }

  /**
   * Calls `each(view, bytes, offset, length, position)` for every committed record (views over the window: valid
   * during the call only), then hands the space back. Returns the number of records read; stops after `max` so the
   * caller can flush output in between.
   */
  drain(
    each: (view: DataView, bytes: Uint8Array, offset: number, length: number, position: number) => void,
    max = 1 << 16,
  ): number {
    let cons = Number(this.consumer.getBigUint64(0, true));
    const prod = Number(this.producer.getBigUint64(0, true));
    let n = 0;
    while (cons < prod && n < max) {
      const at = cons % this.size; // positions pass 2^32: no 32-bit bit operations
      if (!this.covers(at, HDR)) this.mapAt(at);
      const head = this.data.getUint32(at - this.base, true);
      if (head & BUSY) break; // reserved by another CPU, not yet committed
      const len = head & ~(BUSY | DISCARD);
      if (!(head & DISCARD)) {
        if (!this.covers(at, HDR + len)) this.mapAt(at);
        each(this.data, this.bytes, at - this.base + HDR, len, cons);
      }
      cons += span(len);
      n++;
    }
    this.consumer.setBigUint64(0, BigInt(cons), true);
    return n;
  }

  /**
   * Looks at the committed records from the read position up to ring position `to` without reading them:
   * `each(view, bytes, offset, length, position)` as drain() gives them, with each one's ring position. Past the
   * reader's window they are seen through a window of their own, unmapped after (so vat's RSS grows by one window
   * at most). False when they could not all be seen: one not yet committed, or more than `max` bytes ahead.
   */
  peek(
    to: number,
    max: number,
    each: (view: DataView, bytes: Uint8Array, offset: number, length: number, position: number) => void,
  ): boolean {
    let pos = Number(this.consumer.getBigUint64(0, true));
    if (to - pos > max) return false;
    let stuck = -1; // a record that runs past the reader's window: seen from a window of its own
    while (pos < to) {
      const at = pos % this.size;
      let own: Mapping | undefined;
      let data = this.data;
      let bytes = this.bytes;
      let base = this.base;
      let limit = this.base + this.window;
      if (stuck === pos || !this.covers(at, HDR)) {
        // the data pages are mapped twice in a row: a window from any page may run past the ring's end
        base = at - (at % PAGE);
        const len = Math.min(this.window, 2 * this.size - base);
        const m = mapShared(this.fd, len, 2 * PAGE + base, false);
        if (!m) return false;
        own = { address: m.address, len };
        data = new DataView(m.buffer);
        bytes = new Uint8Array(m.buffer);
        limit = base + len;
      }
      // offsets in the window run on past the ring's end, as positions do
      let off = at - base;
      try {
        while (pos < to && base + off + HDR <= limit) {
          const head = data.getUint32(off, true);
          if (head & BUSY) return false;
          const len = head & ~(BUSY | DISCARD);
          if (base + off + HDR + len > limit) break; // seen from a window that starts at it
          if (!(head & DISCARD)) each(data, bytes, off + HDR, len, pos);
          const step = span(len);
          off += step;
          pos += step;
        }
      } finally {
        if (own) bpfLibc.munmap(own.address, own.len);
      }
      if (stuck === pos) return false; // no window holds it (never: a record is far smaller than a window)
      stuck = pos;
    }
    return true;
  }

  /** Ring positions: bytes written by the kernel so far, bytes read by vat so far. */
  produced(): number {
    return Number(this.producer.getBigUint64(0, true));
  }

  consumed(): number {
    return Number(this.consumer.getBigUint64(0, true));
  }

  close(): void {
    this.unmapWindow();
    for (const m of this.pages) bpfLibc.munmap(m.address, m.len);
    this.pages.length = 0;
  }
}
