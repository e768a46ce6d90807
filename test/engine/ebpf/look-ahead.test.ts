// The reader's look ahead (behind a backlog): the earliest stamp the unread records up to a look can still add is
// their least entry stamp, from the reader's position on; a long call's entry is shown at once and its exit bounds
// instead; records that cannot all be seen give no bound. The ring here is a list of records in REC's layout.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KIND, REC } from '../../../src/engine/ebpf/layout.js';
import { LookAhead } from '../../../src/engine/ebpf/look-ahead.js';

interface Rec {
  readonly tid: number;
  readonly enter: bigint;
  readonly exit: bigint;
}

const MS = 1_000_000n;
const BASE = 5n << 32n; // stamps past 2^32 ns: the halves are read separately
const SIZE = REC.size;

/** A ring of records at positions 0, SIZE, 2*SIZE...; `seen` false: one is not committed yet. */
function ring(recs: readonly Rec[], seen = true) {
  const bytes = new Uint8Array(recs.length * SIZE);
  const v = new DataView(bytes.buffer);
  recs.forEach((r, i) => {
    v.setUint32(i * SIZE + REC.kind, KIND.syscall, true);
    v.setUint32(i * SIZE + REC.tid, r.tid, true);
    v.setBigUint64(i * SIZE + REC.tsEnter, r.enter, true);
    v.setBigUint64(i * SIZE + REC.tsExit, r.exit, true);
  });
  return {
    peeks: 0,
    cons: 0,
    peek(
      to: number,
      _max: number,
      each: (v: DataView, b: Uint8Array, off: number, len: number, at: number) => void,
    ) {
      this.peeks++;
      for (let at = this.cons; at < to; at += SIZE) each(v, bytes, at, SIZE, at);
      return seen;
    },
  };
}

const call = (tid: number, enter: bigint, exit: bigint): Rec => ({
  tid,
  enter: BASE + enter,
  exit: BASE + exit,
});

test('the least entry stamp of the records not read yet, from the reader position on', () => {
  const recs = [call(1, 10n, 20n), call(2, 5n, 21n), call(1, 22n, 30n), call(3, 25n, 31n)];
  const r = ring(recs);
  const ahead = new LookAhead(r, () => false, 1);
  const to = recs.length * SIZE;
  assert.equal(ahead.earliest(0, to), BASE + 5n);
  r.cons = 2 * SIZE; // the first two read
  assert.equal(ahead.earliest(r.cons, to), BASE + 22n);
  r.cons = 3 * SIZE;
  assert.equal(ahead.earliest(r.cons, to), BASE + 25n);
  assert.equal(r.peeks, 1, 'the records are looked at once per look');
});

test('per chunk of records, the bound counts the chunk the reader is in whole (early, never late)', () => {
  const recs = [call(1, 10n, 20n), call(2, 5n, 21n), call(1, 22n, 30n), call(3, 25n, 31n), call(1, 32n, 40n)];
  const r = ring(recs);
  const ahead = new LookAhead(r, () => false, 2);
  const to = recs.length * SIZE;
  assert.equal(ahead.earliest(0, to), BASE + 5n); // seen from the start: chunks [10, 5] [22, 25] [32]
  r.cons = SIZE; // in the first chunk
  assert.equal(ahead.earliest(r.cons, to), BASE + 5n);
  r.cons = 3 * SIZE; // in the second chunk: its first record (22), read, counts still
  assert.equal(ahead.earliest(r.cons, to), BASE + 22n);
  r.cons = 4 * SIZE;
  assert.equal(ahead.earliest(r.cons, to), BASE + 32n);
  r.cons = to;
  assert.equal(ahead.earliest(r.cons, to), undefined, 'none left');
});

test('a long call seen ahead has its entry shown now, and its exit bounds', () => {
  const long = call(7, 1n, 3n * MS);
  const recs = [call(1, 2n * MS, 2n * MS + 10n), long, call(1, 3n * MS + 5n, 3n * MS + 9n)];
  const shown: number[] = [];
  const ahead = new LookAhead(ring(recs), (v, _b, off) => {
    shown.push(v.getUint32(off + REC.tid, true));
    return true;
  });
  assert.equal(ahead.earliest(0, recs.length * SIZE), BASE + 2n * MS);
  assert.deepEqual(shown, [7]);
});

test('a long call whose entry cannot be shown bounds by its entry', () => {
  const recs = [call(1, 2n * MS, 2n * MS + 10n), call(7, 1n, 3n * MS)];
  const ahead = new LookAhead(ring(recs), () => false);
  assert.equal(ahead.earliest(0, recs.length * SIZE), BASE + 1n);
});

test('records that cannot all be seen give no bound', () => {
  const recs = [call(1, 10n, 20n)];
  assert.equal(new LookAhead(ring(recs, false), () => false).earliest(0, SIZE), undefined);
});
