// lazyTable: a family is loaded at the first of its names looked up, once, and only its listed names come from it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lazyTable } from '../../src/util/lazy-table.js';

test('a family loads at its first name, once; eager entries never load it', () => {
  const loads: string[] = [];
  const find = lazyTable<number>({ a: 1 }, [
    [
      ['b', 'c'],
      () => {
        loads.push('bc');
        return { b: 2, c: 3 };
      },
    ],
    [
      ['d'],
      () => {
        loads.push('d');
        return { d: 4, b: 99 };
      },
    ],
  ]);
  assert.equal(find('a'), 1);
  assert.deepEqual(loads, []);
  assert.equal(find('c'), 3);
  assert.equal(find('b'), 2);
  assert.deepEqual(loads, ['bc']);
  // a family's entry under a name another family lists does not replace that family's
  assert.equal(find('d'), 4);
  assert.equal(find('b'), 2);
  assert.deepEqual(loads, ['bc', 'd']);
  assert.equal(find('e'), undefined);
  assert.equal(find('toString'), undefined);
});

test('a name its family does not define stays undefined after the load', () => {
  const find = lazyTable<number>({}, [[['x', 'y'], () => ({ x: 1 })]]);
  assert.equal(find('y'), undefined);
  assert.equal(find('x'), 1);
  assert.equal(find('y'), undefined);
});
