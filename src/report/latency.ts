// Latency percentiles in bounded memory: a log-scale histogram per syscall (buckets 5 % wide), not every sample.

const RATIO = 1.05;
const LOG = Math.log(RATIO);
/** Durations below 0.1 µs share the first bucket. */
const FLOOR_US = 0.1;

export class LatencyHistogram {
  private readonly buckets = new Map<number, number>();
  private n = 0;
  min = Number.POSITIVE_INFINITY;
  max = 0;
  total = 0;

  add(us: number): void {
    const b = us <= FLOOR_US ? 0 : Math.ceil(Math.log(us / FLOOR_US) / LOG);
    this.buckets.set(b, (this.buckets.get(b) ?? 0) + 1);
    this.n++;
    this.total += us;
    if (us < this.min) this.min = us;
    if (us > this.max) this.max = us;
  }

  get count(): number {
    return this.n;
  }

  /** The upper bound of the bucket holding the q-th quantile (0 < q <= 1), clamped to the observed range. */
  quantile(q: number): number {
    if (this.n === 0) return 0;
    const rank = Math.ceil(q * this.n);
    let seen = 0;
    for (const b of [...this.buckets.keys()].sort((x, y) => x - y)) {
      seen += this.buckets.get(b) ?? 0;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, FLOOR_US * RATIO ** b));
    }
    return this.max;
  }
}
