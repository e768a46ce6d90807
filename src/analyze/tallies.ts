// Tallies by key whose memory follows the keys that matter: advise counts every distinct call, path and file
// of a trace, but only keys seen often enough make a finding. Until a key reaches `keep` calls it costs a row
// of numbers in typed arrays (no strings, no Map entry); then it becomes a Tally with its strings. A 300 MB
// log has millions of keys.

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

/** The two hashes of the last key hashed (hashInto): no array per call on the hot path. */
let hashA = 0;
let hashB = 0;

/** Two independent 32-bit hashes of a string (FNV-1a and a murmur-style mix): a key's 62-bit name. */
function hashInto(s: string): void {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  hashA = a | 0;
  hashB = b | 0;
}

/** Float columns of a light row: time (ns), bytes, small calls; a tally that needs fewer keeps fewer. */
export type Columns = 1 | 2 | 3;

export class SparseTallies {
  /** Open addressing: slot to row + 1 (0 is empty); a row is named by both hashes of its key (62 bits). */
  private slots = new Int32Array(1 << 12);
  /** Per row: both hashes and the process (one cache line for a key's name). */
  private names = new Int32Array(1024 * 3);
  private counts = new Uint16Array(1024);
  private cols: Float64Array;
  private used = 0;
  /** Per row: 1 + its index in keptList once the key reached `keep` (then only that Tally counts); never dropped. */
  private heavy = new Int32Array(1024);
  /** The kept tallies in the order their keys reached `keep`. */
  private readonly keptList: Tally[] = [];
  /** Processes that ended: their light rows can never reach `keep` and go at the next compaction. */
  private readonly retired = new Set<number>();

  constructor(
    private readonly keep: number,
    private readonly columns: Columns = 1,
  ) {
    this.cols = new Float64Array(1024 * columns);
  }

  /**
   * Counts one call of process `pid` under `key` (which names the process too); `describe` names the tally's
   * process and place once the key is kept.
   */
  add(
    key: string,
    pid: number,
    add: TallyAdd,
    describe: () => Pick<Tally, 'pid' | 'where' | 'example'>,
  ): void {
    // the key is hashed once: its row names it, and a kept key's row holds its Tally
    hashInto(key);
    const a = hashA;
    const b = hashB;
    const found = this.find(a, b);
    const kept = found < 0 ? undefined : this.keptList[(this.heavy[found] ?? 0) - 1];
    if (kept) {
      kept.count++;
      kept.time += add.time;
      kept.bytes += add.bytes ?? 0;
      if (add.small) kept.small++;
      return;
    }
    // a pid seen again after its end is a new process of the same number
    if (this.retired.size > 0) this.retired.delete(pid);
    const row = found < 0 ? this.insert(a, b, pid) : found;
    const n = this.columns;
    const at = row * n;
    const c = this.cols;
    const count = (this.counts[row] ?? 0) + 1;
    this.counts[row] = count;
    c[at] = (c[at] ?? 0) + Number(add.time);
    if (n > 1) c[at + 1] = (c[at + 1] ?? 0) + (add.bytes ?? 0);
    if (n > 2 && add.small) c[at + 2] = (c[at + 2] ?? 0) + 1;
    if (count < this.keep) return;
    const d = describe();
    const tally: Tally = {
      pid: d.pid,
      where: d.where,
      ...(d.example === undefined ? {} : { example: d.example }),
      count,
      time: BigInt(Math.round(c[at] ?? 0)),
      bytes: n > 1 ? (c[at + 1] ?? 0) : 0,
      small: n > 2 ? (c[at + 2] ?? 0) : 0,
    };
    this.heavy[row] = this.keptList.push(tally);
  }

  /** Process `pid` ended: its keys below `keep` are dropped when the table next needs room. */
  retire(pid: number): void {
    this.retired.add(pid);
  }

  /** The keys seen at least `keep` times, with their counts. */
  kept(): readonly Tally[] {
    return this.keptList;
  }

  /** The row named by hashes (a, b), -1 when there is none. */
  private find(a: number, b: number): number {
    const mask = this.slots.length - 1;
    const names = this.names;
    for (let i = a & mask; ; i = (i + 1) & mask) {
      const r = (this.slots[i] ?? 0) - 1;
      if (r < 0) return -1;
      if (names[3 * r] === a && names[3 * r + 1] === b) return r;
    }
  }

  /** A new row for hashes (a, b); placed by probing again: a compaction in newRow may have rebuilt the slots. */
  private insert(a: number, b: number, pid: number): number {
    const row = this.newRow(a, b, pid);
    this.placeRow(row);
    if (this.used * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    return row;
  }

  private newRow(a: number, b: number, pid: number): number {
    if (this.used === this.counts.length) {
      if (this.retired.size > 0) this.compact();
      if (this.used * 2 > this.counts.length) {
        const size = this.counts.length * 2;
        this.names = grown(this.names, new Int32Array(size * 3));
        this.counts = grown(this.counts, new Uint16Array(size));
        this.heavy = grown(this.heavy, new Int32Array(size));
        this.cols = grown(this.cols, new Float64Array(size * this.columns));
      }
    }
    const r = this.used++;
    this.names[3 * r] = a;
    this.names[3 * r + 1] = b;
    this.names[3 * r + 2] = pid;
    return r;
  }

  /** Drops the light rows of ended processes (moving the rest down) and rebuilds the slots. */
  private compact(): void {
    const n = this.columns;
    const heavy = this.heavy;
    let to = 0;
    for (let r = 0; r < this.used; r++) {
      if (heavy[r] === 0 && this.retired.has(this.names[3 * r + 2] ?? 0)) continue;
      if (to !== r) {
        this.names.copyWithin(3 * to, 3 * r, 3 * r + 3);
        this.counts[to] = this.counts[r] ?? 0;
        this.cols.copyWithin(n * to, n * r, n * r + n);
        heavy[to] = heavy[r] ?? 0;
      }
      to++;
    }
    heavy.fill(0, to, this.used);
    this.names.fill(0, 3 * to, 3 * this.used);
    this.counts.fill(0, to, this.used);
    this.cols.fill(0, n * to, n * this.used);
    this.used = to;
    this.retired.clear();
    this.rehash(this.slots.length);
  }

  /** Puts row r into the first free slot of its probe sequence. */
  private placeRow(r: number): void {
    const mask = this.slots.length - 1;
    let i = (this.names[3 * r] ?? 0) & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = r + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let r = 0; r < this.used; r++) this.placeRow(r);
  }
}

function grown<T extends Int32Array | Uint16Array | Float64Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}

/**
 * A set of strings kept as their two 32-bit hashes (8 bytes a key in open addressing, no string): `why`'s
 * successful (call, path) keys of one process, up to millions in a large log. Two keys share both hashes with odds of
 * about one in 2^62 per pair.
 */
export class KeySet {
  private slots: Int32Array;
  private used = 0;

  /** `pairs`: the starting number of slots (a power of two; the set doubles at half full). */
  constructor(pairs = 1 << 12) {
    this.slots = new Int32Array(2 * pairs);
  }

  add(key: string): void {
    const [a, b] = fingerprint(key);
    if (this.find(a, b) >= 0) return;
    this.insert(this.slots, a, b);
    this.used++;
    if (this.used * 4 > this.slots.length) this.grow();
  }

  has(key: string): boolean {
    const [a, b] = fingerprint(key);
    return this.find(a, b) >= 0;
  }

  /** The slot pair holding (a, b), or -1. */
  private find(a: number, b: number): number {
    const s = this.slots;
    const mask = (s.length >> 1) - 1;
    for (let i = a & mask; ; i = (i + 1) & mask) {
      const x = s[2 * i + 1] ?? 0;
      if (x === 0) return -1;
      if (x === b && s[2 * i] === a) return i;
    }
  }

  private insert(s: Int32Array, a: number, b: number): void {
    const mask = (s.length >> 1) - 1;
    let i = a & mask;
    while ((s[2 * i + 1] ?? 0) !== 0) i = (i + 1) & mask;
    s[2 * i] = a;
    s[2 * i + 1] = b;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) {
      const b = old[i + 1] ?? 0;
      if (b !== 0) this.insert(this.slots, old[i] ?? 0, b);
    }
  }
}

/** Both hashes of a key, the second never 0 (0 marks an empty slot). */
function fingerprint(key: string): [number, number] {
  hashInto(key);
  return [hashA, hashB === 0 ? 1 : hashB];
}
