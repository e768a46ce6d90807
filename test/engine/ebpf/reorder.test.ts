// The eBPF engine's reorder queue (a heap since the threads cell spent 55 s of CPU inserting into a sorted array):
// events leave in stamp order, equal stamps in arrival order, `next` is the following event, and events pushed
// while one is let out (the exit half of a split call) take their place.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Reorder } from '../../../src/engine/ebpf/reorder.js';

interface Item {
  readonly ts: bigint;
  readonly id: string;
}

const item = (ts: number, id: string): Item => ({ ts: BigInt(ts), id });

test('events leave in stamp order; equal stamps keep their arrival order', () => {
  const q = new Reorder<Item>();
  const stamps = [5, 3, 9, 3, 1, 7, 3, 2, 8, 5];
  for (const [i, ts] of stamps.entries()) q.push(item(ts, `e${i}`));
  const out: string[] = [];
  const nexts: (string | undefined)[] = [];
  q.releaseAll((e, next) => {
    out.push(e.id);
    nexts.push(next?.id);
  });
  const want = stamps
    .map((ts, i) => ({ ts, id: `e${i}` }))
    .sort((a, b) => a.ts - b.ts) // stable: arrival order within a stamp
    .map((e) => e.id);
  assert.deepEqual(out, want);
  assert.deepEqual(nexts, [...want.slice(1), undefined]);
  assert.equal(q.size, 0);
  assert.equal(q.late, 0);
});

test('release stops at the watermark; releaseOldest ignores it; late arrivals are counted', () => {
  const q = new Reorder<Item>();
  for (const ts of [40, 10, 30, 20]) q.push(item(ts, String(ts)));
  const out: string[] = [];
  q.release(25n, (e) => out.push(e.id));
  assert.deepEqual(out, ['10', '20']);
  assert.equal(q.size, 2);
  q.push(item(15, '15')); // earlier than what already left
  q.releaseOldest(2, (e) => out.push(e.id));
  assert.deepEqual(out, ['10', '20', '15', '30']);
  assert.equal(q.late, 1);
  q.releaseAll((e) => out.push(e.id));
  assert.deepEqual(out, ['10', '20', '15', '30', '40']);
});

test('an item pushed while another is let out leaves in its place', () => {
  const q = new Reorder<Item>();
  for (let ts = 0; ts < 1000; ts += 10) q.push(item(ts, `c${ts}`));
  const out: string[] = [];
  q.releaseAll((e) => {
    out.push(e.id);
    // a call's exit half, stamped just after its entry
    if (e.id.startsWith('c')) q.push(item(Number(e.ts) + 5, `x${e.ts}`));
  });
  const want: string[] = [];
  for (let ts = 0; ts < 1000; ts += 10) want.push(`c${ts}`, `x${ts}`);
  assert.deepEqual(out, want);
});

test('in-order and out-of-order arrivals mixed, released by watermarks: the same order as a stable sort', () => {
  // a seeded generator: mostly rising stamps (one thread), with earlier ones (other threads' entries) among them
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let round = 0; round < 20; round++) {
    const q = new Reorder<Item>();
    const all: { ts: number; id: string; n: number }[] = [];
    const out: string[] = [];
    const nexts: [string, string | undefined][] = [];
    let clock = 0;
    let released = -1;
    for (let i = 0; i < 3000; i++) {
      clock += rand(3);
      // never earlier than what a watermark already let out (no late arrivals here)
      const ts = rand(4) === 0 ? Math.max(released + 1, clock - rand(50)) : clock;
      all.push({ ts, id: `e${i}`, n: i });
      q.push(item(ts, `e${i}`));
      if (rand(100) === 0) {
        released = Math.max(released, clock - 60);
        q.release(BigInt(released + 1), (e, next) => {
          out.push(e.id);
          nexts.push([e.id, next?.id]);
        });
      }
    }
    q.releaseAll((e, next) => {
      out.push(e.id);
      nexts.push([e.id, next?.id]);
    });
    const want = [...all].sort((a, b) => a.ts - b.ts || a.n - b.n).map((e) => e.id);
    assert.deepEqual(out, want, `round ${round}`);
    // `next` is what left right after, unless it arrived later (then it was not here yet)
    for (const [k, [id, next]] of nexts.entries()) {
      if (next !== undefined) assert.equal(next, nexts[k + 1]?.[0], `round ${round}: next of ${id}`);
    }
    assert.equal(q.late, 0);
    assert.equal(q.size, 0);
  }
});
