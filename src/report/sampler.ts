// Which calls a big trace's timeline keeps: the longest half (blocked time is what people look for) and a
// uniform random sample of the rest, in bounded memory, reproducibly (a fixed-seed generator).

export interface Sampled<T> {
  readonly item: T;
  readonly weight: number;
}

/** xorshift32: a fixed seed, so the same trace gives the same report. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

export class CallSampler<T> {
  /** Min-heap on weight: the longest calls seen so far. */
  private readonly heap: Sampled<T>[] = [];
  private readonly reservoir: T[] = [];
  private seenRest = 0;
  private readonly random = rng(0x5eed);
  total = 0;

  constructor(private readonly capacity: number) {}

  add(item: T, weight: number): void {
    this.total++;
    const half = Math.ceil(this.capacity / 2);
    if (this.heap.length < half) {
      this.push({ item, weight });
      return;
    }
    const top = this.heap[0];
    if (top && weight > top.weight) {
      this.heap[0] = { item, weight };
      this.siftDown(0);
      this.rest(top.item);
    } else this.rest(item);
  }

  /** Algorithm R over the calls that are not among the longest. */
  private rest(item: T): void {
    const room = this.capacity - Math.ceil(this.capacity / 2);
    this.seenRest++;
    if (this.reservoir.length < room) this.reservoir.push(item);
    else {
      const j = Math.floor(this.random() * this.seenRest);
      if (j < room) this.reservoir[j] = item;
    }
  }

  items(): T[] {
    return [...this.heap.map((h) => h.item), ...this.reservoir];
  }

  get sampled(): boolean {
    return this.total > this.capacity;
  }

  private push(s: Sampled<T>): void {
    this.heap.push(s);
    let i = this.heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const a = this.heap[p];
      const b = this.heap[i];
      if (!a || !b || a.weight <= b.weight) break;
      this.heap[p] = b;
      this.heap[i] = a;
      i = p;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if ((h[l]?.weight ?? Number.POSITIVE_INFINITY) < (h[m]?.weight ?? 0)) m = l;
      if ((h[r]?.weight ?? Number.POSITIVE_INFINITY) < (h[m]?.weight ?? 0)) m = r;
      if (m === i) return;
      const a = h[i] as Sampled<T>;
      h[i] = h[m] as Sampled<T>;
      h[m] = a;
      i = m;
    }
  }
}
