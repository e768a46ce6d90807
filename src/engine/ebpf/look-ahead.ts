// Behind a backlog, a look at the calls in flight (taken at the producer's position) lets events out only once
// the reader gets there; meanwhile every record's events were held (up to the reorder bound, then let out by
// count, out of order, and promoted by the garbage collector on the way). The records in between are in the ring
// already: their stamps, read without decoding them, bound what they can still add, so the events before that
// bound go out now. A long call among them would hold everything after its entry: its entry is shown now (as a
// blocked call's is), and its exit then bounds instead.
import { REC } from './layout.js';
import type { RingReader } from './ring.js';

const TWO32 = 2 ** 32;
/** Bytes of records looked at ahead at most (a look further ahead waits for the reader to get nearer). */
const AHEAD_MAX = 64 << 20;
/** A call this long, seen ahead, has its entry shown at once (kernel clock ns). */
const LONG_NS = 1_000_000;

/** Shows a record's entry before it is read; false when it cannot be (its entry then bounds). */
export type EnterAhead = (view: DataView, bytes: Uint8Array, offset: number, length: number) => boolean;

export class LookAhead {
  /** Ring order: per record, its ring position and the least stamp from it on (relative to `hi0`). */
  private pos = new Float64Array(1024);
  private least = new Float64Array(1024);
  private n = 0;
  /** The first record not read yet. */
  private i = 0;
  /** The position the records were seen up to (-1: none seen). */
  private to = -1;
  private hi0 = 0;

  constructor(
    private readonly ring: Pick<RingReader, 'peek'>,
    private readonly enterAhead: EnterAhead,
  ) {}

  /**
   * The earliest stamp the records from the read position up to ring position `to` can still add, or undefined
   * when some could not be seen (not committed yet, or beyond the mapped window: then the caller waits to get
   * there, as before). `cons`: the read position.
   */
  earliest(cons: number, to: number): bigint | undefined {
    if (this.to !== to && !this.see(to)) return undefined;
    while (this.i < this.n && (this.pos[this.i] as number) < cons) this.i++;
    if (this.i >= this.n) return undefined;
    return BigInt(this.hi0) * BigInt(TWO32) + BigInt(this.least[this.i] as number);
  }

  private see(to: number): boolean {
    this.n = 0;
    this.i = 0;
    this.to = -1;
    const complete = this.ring.peek(to, AHEAD_MAX, (v, bytes, off, len, at) => {
      if (this.n === this.least.length) this.grow();
      const inHi = v.getUint32(off + REC.tsEnter + 4, true);
      const inLo = v.getUint32(off + REC.tsEnter, true);
      if (this.n === 0) this.hi0 = inHi;
      const enter = (inHi - this.hi0) * TWO32 + inLo;
      const exit =
        (v.getUint32(off + REC.tsExit + 4, true) - this.hi0) * TWO32 + v.getUint32(off + REC.tsExit, true);
      // exact as doubles: the high halves are taken relative to the first record's
      const long = exit - enter >= LONG_NS && this.enterAhead(v, bytes, off, len);
      this.pos[this.n] = at;
      this.least[this.n++] = long ? exit : enter;
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
