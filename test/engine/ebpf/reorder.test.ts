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
