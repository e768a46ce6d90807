// Events back into timestamp order: a call's record reaches the ring at its exit, so its entry (stamped at
// entry) comes after events other threads made meanwhile. Events wait here until the engine knows that no
// earlier one can still arrive (the watermark), then leave in order; equal stamps keep their arrival order.
// A binary heap: behind a backlog the queue holds ~10^5 events, and the exit half of a split call goes in near
// its front (an insertion into a sorted array then moved the whole queue: 55 s of CPU on the threads cell).

/** What waits here: events, or anything else stamped (calls as text). */
interface Stamped {
  readonly ts: bigint;
}

/** Lets one item out; `next` is the item after it in stamp order, if one is already here. */
export type Emit<T> = (e: T, next: T | undefined) => void;

export class Reorder<T extends Stamped> {
  private items: T[] = [];
  /** Arrival numbers, beside the items: the tie-break that keeps equal stamps in arrival order. */
  private seqs: number[] = [];
  private seq = 0;
  /** The stamp of the last event let out: one arriving later with an earlier stamp is late (never dropped). */
  private last = 0n;
  late = 0;

  private before(i: number, j: number): boolean {
    const a = this.items[i] as T;
    const b = this.items[j] as T;
    return a.ts < b.ts || (a.ts === b.ts && (this.seqs[i] as number) < (this.seqs[j] as number));
  }

  private swap(i: number, j: number): void {
    const t = this.items[i] as T;
    this.items[i] = this.items[j] as T;
    this.items[j] = t;
    const s = this.seqs[i] as number;
    this.seqs[i] = this.seqs[j] as number;
    this.seqs[j] = s;
  }

  push(e: T): void {
    let i = this.items.length;
    this.items.push(e);
    this.seqs.push(this.seq++);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  get size(): number {
    return this.items.length;
  }

  /** Takes the earliest item out. */
  private pop(): T {
    const top = this.items[0] as T;
    const lastItem = this.items.pop() as T;
    const lastSeq = this.seqs.pop() as number;
    const n = this.items.length;
    if (n > 0) {
      this.items[0] = lastItem;
      this.seqs[0] = lastSeq;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && this.before(l + 1, l) ? l + 1 : l;
        if (!this.before(c, i)) break;
        this.swap(i, c);
        i = c;
      }
    }
    return top;
  }

  /** Lets out, in order, every event stamped before `watermark`. */
  release(watermark: bigint, emit: Emit<T>): void {
    while (this.items.length > 0 && (this.items[0] as T).ts < watermark) this.out(emit);
  }

  /** Lets out the `n` oldest events, whatever their stamps. */
  releaseOldest(n: number, emit: Emit<T>): void {
    for (let i = 0; i < n && this.items.length > 0; i++) this.out(emit);
  }

  /** The trace ends: everything left, in order. */
  releaseAll(emit: Emit<T>): void {
    while (this.items.length > 0) this.out(emit);
  }

  private out(emit: Emit<T>): void {
    const e = this.pop();
    if (e.ts < this.last) this.late++;
    else this.last = e.ts;
    emit(e, this.items[0]);
  }
}
