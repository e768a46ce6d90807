// The BPF ring buffer seen from JavaScript: the consumer page (ours to write), the producer page and the data
// pages, mapped once (the kernel offers them twice in a row, which doubles vat's RSS): the rare record that
// wraps past the end is copied into one contiguous run.
import { VatError } from '../../errors.js';
import { bpfLibc, mapShared } from '../../sys/bpf.js';
import type { BpfMap } from './loader.js';

const PAGE = 4096;
const BUSY = 0x80000000;
const DISCARD = 0x40000000;
const HDR = 8;

export class RingReader {
  private readonly consumer: DataView;
  private readonly producer: DataView;
  /** The data pages (twice); records are read through `data` at offsets modulo the size. */
  readonly data: DataView;
  readonly bytes: Uint8Array;
  private readonly size: number;
  private readonly maps: { address: bigint; len: number }[] = [];

  constructor(map: BpfMap) {
    const size = map.maxEntries;
    const cons = mapShared(map.fd, PAGE, 0, true);
    const prod = mapShared(map.fd, PAGE + size, PAGE, false);
    if (!cons || !prod) throw new VatError('eBPF: cannot map the ring buffer', 'EBPF');
    this.maps.push({ address: cons.address, len: PAGE }, { address: prod.address, len: PAGE + size });
    this.consumer = new DataView(cons.buffer);
    this.producer = new DataView(prod.buffer, 0, PAGE);
    this.data = new DataView(prod.buffer, PAGE);
    this.bytes = new Uint8Array(prod.buffer, PAGE);
    this.size = size;
  }

  /** A record that wraps past the end of the data pages, copied whole. */
  private wrapped = new Uint8Array(0);

  /**
   * Calls `each(view, bytes, offset, length)` for every committed record (`view` and `bytes` over the data
   * pages, or over a copy for a record that wraps), then hands the space back. Returns the number of records
   * read; stops after `max` so the caller can flush output in between.
   */
  drain(
    each: (view: DataView, bytes: Uint8Array, offset: number, length: number) => void,
    max = 1 << 16,
  ): number {
    let cons = Number(this.consumer.getBigUint64(0, true));
    const prod = Number(this.producer.getBigUint64(0, true));
    let n = 0;
    while (cons < prod && n < max) {
      const at = cons % this.size; // positions pass 2^32: no 32-bit bit operations
      const head = this.data.getUint32(at, true);
      if (head & BUSY) break; // reserved by another CPU, not yet committed
      const len = head & ~(BUSY | DISCARD);
      if (!(head & DISCARD)) {
        const start = at + HDR; // headers are 8-aligned and never wrap; a record's body may
        if (start + len <= this.size) each(this.data, this.bytes, start, len);
        else {
          if (this.wrapped.length < len) this.wrapped = new Uint8Array(len);
          const w = this.wrapped;
          const first = Math.max(0, this.size - start);
          w.set(this.bytes.subarray(start % this.size, (start % this.size) + (first || len)), 0);
          if (first > 0) w.set(this.bytes.subarray(0, len - first), first);
          each(new DataView(w.buffer, 0, len), w, 0, len);
        }
      }
      cons += Math.ceil((len + HDR) / 8) * 8;
      n++;
    }
    this.consumer.setBigUint64(0, BigInt(cons), true);
    return n;
  }

  /** Ring positions: bytes written by the kernel so far, bytes read by vat so far. */
  produced(): number {
    return Number(this.producer.getBigUint64(0, true));
  }

  consumed(): number {
    return Number(this.consumer.getBigUint64(0, true));
  }

  close(): void {
    for (const m of this.maps) bpfLibc.munmap(m.address, m.len);
    this.maps.length = 0;
  }
}
