// advise's tallies: keys counted as light rows until they matter, then as Tallies that a process's end and the
// table's compaction never drop.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SparseTallies } from '../../src/analyze/tallies.js';

const place = (pid: number, where: string) => () => ({ pid, where });

test('a key is kept from its `keep`th call on, with every call counted, in the order keys reached it', () => {
  const t = new SparseTallies(3, 3);
  for (let i = 0; i < 5; i++) t.add('1 b', 1, { time: 10n, bytes: 2, small: true }, place(1, 'b'));
  for (let i = 0; i < 2; i++) t.add('1 light', 1, { time: 1n }, place(1, 'light'));
  for (let i = 0; i < 3; i++) t.add('1 a', 1, { time: 5n, bytes: 100 }, place(1, 'a'));
  assert.deepEqual(
    t.kept().map((k) => [k.where, k.count, k.time, k.bytes, k.small]),
    [
      ['b', 5, 50n, 10, 5],
      ['a', 3, 15n, 300, 0],
    ],
  );
});

test('an ended process loses its light rows at the next compaction, never its kept ones', () => {
  const t = new SparseTallies(2);
  t.add('7 kept', 7, { time: 1n }, place(7, 'kept'));
  t.add('7 kept', 7, { time: 1n }, place(7, 'kept'));
  t.add('7 light', 7, { time: 1n }, place(7, 'light'));
  t.retire(7);
  // enough keys of another process to fill the rows (1024) and compact, then to grow
  for (let i = 0; i < 3000; i++) t.add(`8 ${i}`, 8, { time: 1n }, place(8, String(i)));
  t.add('7 kept', 7, { time: 1n }, place(7, 'kept'));
  // the light row of pid 7 was dropped: one more call does not make it a pair
  t.add('7 light', 7, { time: 1n }, place(7, 'light'));
  // a row of pid 8 that survived the compaction and growth still counts
  t.add('8 5', 8, { time: 1n }, place(8, '5'));
  assert.deepEqual(
    t.kept().map((k) => [k.where, k.count]),
    [
      ['kept', 3],
      ['5', 2],
    ],
  );
});
