// Events back into timestamp order: a call's record reaches the ring at its exit, so its entry (stamped at
// entry) comes after events other threads made meanwhile. Events wait here until the engine knows that no
// earlier one can still arrive (the watermark), then leave in order; equal stamps keep their arrival order.
// Most events arrive already in order (one thread's calls, a storm): those queue in a plain FIFO run, and only
// the others go into a binary heap (behind a backlog the queue holds ~10^5 events, and the exit half of a split
// call goes in near its front: an insertion into a sorted array then moved the whole queue, 55 s of CPU on the
// threads cell). What leaves next is the earlier of the run's head and the heap's top.

/** What waits here: events, or anything else stamped (calls as text). */
interface Stamped {
  readonly ts: bigint;
}

/** Lets one item out; `next` is the item after it in stamp order, if one is already here. */
export type Emit<T> = (e: T, next: T | undefined) => void;

export class Reorder<T extends Stamped> {
  /** The heap: items that arrived before an item already queued in the run. */
  private items: T[] = [];
  /** Arrival numbers, beside the items: the tie-break that keeps equal stamps in arrival order. */
  private seqs: number[] = [];
  /** The run: items that arrived in stamp order, from `head` on (a FIFO: no comparison but one at each push). */
  private run: (T | undefined)[] = [];
  private runSeqs: number[] = [];
  private head = 0;
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
    const n = this.run.length;
    if (n === this.head || e.ts >= (this.run[n - 1] as T).ts) {
      this.run.push(e);
      this.runSeqs.push(this.seq++);
      return;
    }
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
    return this.items.length + this.run.length - this.head;
  }

  /** Whether the run's head leaves before the heap's top (both present). */
  private runFirst(): boolean {
    const a = this.run[this.head] as T;
    const b = this.items[0] as T;
    return a.ts < b.ts || (a.ts === b.ts && (this.runSeqs[this.head] as number) < (this.seqs[0] as number));
  }

  /** The earliest item, without taking it. */
  private first(): T | undefined {
    if (this.head === this.run.length) return this.items[0];
    if (this.items.length === 0 || this.runFirst()) return this.run[this.head];
    return this.items[0];
  }

  /** Takes the earliest item out. */
  private pop(): T {
    if (this.head < this.run.length && (this.items.length === 0 || this.runFirst())) return this.shift();
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

  /** Takes the run's head; the run's arrays start again when it is empty, or drop what left once that is most. */
  private shift(): T {
    const e = this.run[this.head] as T;
    this.run[this.head] = undefined;
    this.head++;
    if (this.head === this.run.length) {
      this.run.length = 0;
      this.runSeqs.length = 0;
      this.head = 0;
    } else if (this.head >= 4096 && this.head * 2 >= this.run.length) {
      this.run = this.run.slice(this.head);
      this.runSeqs = this.runSeqs.slice(this.head);
      this.head = 0;
    }
    return e;
  }

  /** Lets out, in order, every event stamped before `watermark`. */
  release(watermark: bigint, emit: Emit<T>): void {
    for (let e = this.first(); e !== undefined && e.ts < watermark; e = this.first()) this.out(emit);
  }

  /** Lets out the `n` oldest events, whatever their stamps. */
  releaseOldest(n: number, emit: Emit<T>): void {
    for (let i = 0; i < n && this.size > 0; i++) this.out(emit);
  }

  /** The trace ends: everything left, in order. */
  releaseAll(emit: Emit<T>): void {
    while (this.size > 0) this.out(emit);
  }

  private out(emit: Emit<T>): void {
    const e = this.pop();
    if (e.ts < this.last) this.late++;
    else this.last = e.ts;
    emit(e, this.first());
  }
}
