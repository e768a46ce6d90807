// Behind a backlog, a look at the calls in flight (taken at the producer's position) lets events out only once
// the reader gets there; meanwhile every record's events were held (up to the reorder bound, then let out by
// count, out of order, and promoted by the garbage collector on the way). The records in between are in the ring
// already: their stamps, read without decoding them, bound what they can still add, so the events before that
// bound go out now. A long call among them would hold everything after its entry: its entry is shown now (as a
// blocked call's is), and its exit then bounds instead.
import { REC } from './layout.js';
import type { RingReader } from './ring.js';

const TWO32 = 2 ** 32;
/**
 * Bytes of records looked at ahead at most (a look further ahead waits for the reader to get nearer): the largest
 * ring. They are seen through one window at a time, and kept per chunk of records.
 */
const AHEAD_MAX = 2 ** 32;
/** A call this long, seen ahead, has its entry shown at once (kernel clock ns). */
const LONG_NS = 1_000_000;

/** Shows a record's entry before it is read; false when it cannot be (its entry then bounds). */
export type EnterAhead = (view: DataView, bytes: Uint8Array, offset: number, length: number) => boolean;

export class LookAhead {
  /**
   * Ring order, per chunk of `chunk` records: the position of its first and the least stamp from it on (relative to
   * `hi0`). A chunk the reader is in still counts its records already read: a bound a little early, never late.
   */
  private pos = new Float64Array(1024);
  private least = new Float64Array(1024);
  private n = 0;
  /** The chunk the reader is in. */
  private i = 0;
  /** The position the records were seen up to (-1: none seen). */
  private to = -1;
  private hi0 = 0;

  constructor(
    private readonly ring: Pick<RingReader, 'peek'>,
    private readonly enterAhead: EnterAhead,
    private readonly chunk = 64,
  ) {}

  /**
   * The earliest stamp the records from the read position `cons` up to ring position `to` can still add, or
   * undefined when some could not be seen (not committed yet, or too far ahead: then the caller waits to get
   * nearer, as before) or none is left.
   */
  earliest(cons: number, to: number): bigint | undefined {
    if (this.to !== to && !this.see(to)) return undefined;
    if (cons >= to || this.n === 0) return undefined;
    while (this.i + 1 < this.n && (this.pos[this.i + 1] as number) <= cons) this.i++;
    return BigInt(this.hi0) * BigInt(TWO32) + BigInt(this.least[this.i] as number);
  }

  private see(to: number): boolean {
    this.n = 0;
    this.i = 0;
    this.to = -1;
    let records = 0;
    const complete = this.ring.peek(to, AHEAD_MAX, (v, bytes, off, len, at) => {
      const inHi = v.getUint32(off + REC.tsEnter + 4, true);
      const inLo = v.getUint32(off + REC.tsEnter, true);
      if (records === 0) this.hi0 = inHi;
      // exact as doubles: the high halves are taken relative to the first record's
      const enter = (inHi - this.hi0) * TWO32 + inLo;
      const exit =
        (v.getUint32(off + REC.tsExit + 4, true) - this.hi0) * TWO32 + v.getUint32(off + REC.tsExit, true);
      const long = exit - enter >= LONG_NS && this.enterAhead(v, bytes, off, len);
      const key = long ? exit : enter;
      if (records++ % this.chunk === 0) {
        if (this.n === this.least.length) this.grow();
        this.pos[this.n] = at;
        this.least[this.n++] = key;
      } else if (key < (this.least[this.n - 1] as number)) this.least[this.n - 1] = key;
    });
    if (!complete) {
      this.n = 0;
      return false;
    }
    for (let j = this.n - 2; j >= 0; j--)
      if ((this.least[j + 1] as number) < (this.least[j] as number))
        this.least[j] = this.least[j + 1] as number;
    this.to = to;
    return true;
  }

  private grow(): void {
    const pos = new Float64Array(this.pos.length * 2);
    pos.set(this.pos);
    this.pos = pos;
    const least = new Float64Array(this.least.length * 2);
    least.set(this.least);
    this.least = least;
  }
}
