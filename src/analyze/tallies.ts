// Tallies by key whose memory follows the keys that matter: advise counts every distinct call, path and file
// of a trace, but only keys seen often enough make a finding. Until a key reaches `keep` calls it costs a row
// of numbers (no strings); then it becomes a Tally with its strings. A 300 MB log has millions of keys.

export interface Tally {
  pid: number;
  where: string;
  count: number;
  time: bigint;
  bytes: number;
  small: number;
  example?: string;
}

/** What one call adds to its key's tally. */
export interface TallyAdd {
  readonly time: bigint;
  readonly bytes?: number;
  readonly small?: boolean;
}

/** Two independent 32-bit FNV-1a hashes of a string (different offsets): the row's slot and its check. */
function hashes(s: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a >>> 1, b | 0];
}

const COLUMNS = 4; // count, time (ns), bytes, small calls

export class SparseTallies {
  /** Slot (31-bit hash) to row; a second hash in `checks` tells keys that share a slot apart. */
  private readonly rows = new Map<number, number>();
  private checks = new Int32Array(1024);
  private cols = new Float64Array(1024 * COLUMNS);
  private used = 0;
  /** Keys that share a slot with another key (rare): counted under their full text. */
  private readonly clashes = new Map<string, number>();
  private readonly heavy = new Map<string, Tally>();

  constructor(private readonly keep: number) {}

  /** Counts one call under `key`; `describe` names the tally's process and place once the key is kept. */
  add(key: string, add: TallyAdd, describe: () => Pick<Tally, 'pid' | 'where' | 'example'>): void {
    const kept = this.heavy.get(key);
    if (kept) {
      kept.count++;
      kept.time += add.time;
      kept.bytes += add.bytes ?? 0;
      if (add.small) kept.small++;
      return;
    }
    const row = this.rowOf(key);
    const at = row * COLUMNS;
    const c = this.cols;
    c[at] = (c[at] ?? 0) + 1;
    c[at + 1] = (c[at + 1] ?? 0) + Number(add.time);
    c[at + 2] = (c[at + 2] ?? 0) + (add.bytes ?? 0);
    if (add.small) c[at + 3] = (c[at + 3] ?? 0) + 1;
    if ((c[at] ?? 0) < this.keep) return;
    const d = describe();
    this.heavy.set(key, {
      pid: d.pid,
      where: d.where,
      ...(d.example === undefined ? {} : { example: d.example }),
      count: c[at] ?? 0,
      time: BigInt(Math.round(c[at + 1] ?? 0)),
      bytes: c[at + 2] ?? 0,
      small: c[at + 3] ?? 0,
    });
  }

  /** The keys seen at least `keep` times, with their counts. */
  kept(): IterableIterator<Tally> {
    return this.heavy.values();
  }

  private rowOf(key: string): number {
    const clash = this.clashes.get(key);
    if (clash !== undefined) return clash;
    const [slot, check] = hashes(key);
    const row = this.rows.get(slot);
    if (row === undefined) {
      const fresh = this.newRow(check);
      this.rows.set(slot, fresh);
      return fresh;
    }
    if (this.checks[row] === check) return row;
    const fresh = this.newRow(check);
    this.clashes.set(key, fresh);
    return fresh;
  }

  private newRow(check: number): number {
    if (this.used === this.checks.length) {
      const checks = new Int32Array(this.used * 2);
      checks.set(this.checks);
      this.checks = checks;
      const cols = new Float64Array(this.used * 2 * COLUMNS);
      cols.set(this.cols);
      this.cols = cols;
    }
    this.checks[this.used] = check;
    return this.used++;
  }
}
