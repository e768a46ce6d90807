// Events back into timestamp order: a call's record reaches the ring at its exit, so its entry (stamped at
// entry) comes after events other threads made meanwhile. Events wait here until the engine knows that no
// earlier one can still arrive (the watermark), then leave in order; equal stamps keep their arrival order.

/** What waits here: events, or anything else stamped (calls as text). */
interface Stamped {
  readonly ts: bigint;
}

/** Lets one item out; `next` is the item after it in stamp order, if one is already here. */
export type Emit<T> = (e: T, next: T | undefined) => void;

export class Reorder<T extends Stamped> {
  private events: T[] = [];
  private head = 0;
  /** The stamp of the last event let out: one arriving later with an earlier stamp is late (never dropped). */
  private last = 0n;
  late = 0;

  push(e: T): void {
    const a = this.events;
    a.push(e);
    // nearly sorted input: walk back from the tail while the previous event is later
    let i = a.length - 1;
    while (i > this.head) {
      const prev = a[i - 1] as T;
      if (prev.ts <= e.ts) break;
      a[i] = prev;
      i--;
    }
    a[i] = e;
  }

  get size(): number {
    return this.events.length - this.head;
  }

  /** Lets out, in order, every event stamped before `watermark`. */
  release(watermark: bigint, emit: Emit<T>): void {
    const a = this.events;
    while (this.head < a.length) {
      const e = a[this.head] as T;
      if (e.ts >= watermark) break;
      this.out(e, emit);
      this.head++;
    }
    this.compact();
  }

  /** Lets out the `n` oldest events, whatever their stamps. */
  releaseOldest(n: number, emit: Emit<T>): void {
    const end = Math.min(this.events.length, this.head + n);
    for (; this.head < end; this.head++) this.out(this.events[this.head] as T, emit);
    this.compact();
  }

  /** The trace ends: everything left, in order. */
  releaseAll(emit: Emit<T>): void {
    const a = this.events;
    for (; this.head < a.length; this.head++) this.out(a[this.head] as T, emit);
    this.compact();
  }

  private out(e: T, emit: Emit<T>): void {
    if (e.ts < this.last) this.late++;
    else this.last = e.ts;
    emit(e, this.events[this.head + 1]);
  }

  private compact(): void {
    if (this.head === this.events.length) {
      this.events = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }
}
