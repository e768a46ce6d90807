// Flags arguments the kernel declares `unsigned long` (mbind's mode) print whole; `int` ones (set_mempolicy's mode)
// print their low 32 bits, compared with strace 6.1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

test('mbind mode with upper bits set is printed whole, as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const exe = fixture('mbind-mode');
  const opts = ['-e', 'trace=mbind,set_mempolicy'];
  const v = normalize(traceWith('vat', opts, [exe]).trace);
  assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
  assert.match(v, /^mbind\(ADDR, 4096, ADDR \/\* MPOL_\?\?\? \*\/, NULL, 0, 0\)/m);
  assert.match(v, /^mbind\(ADDR, 4096, MPOL_BIND\|MPOL_F_STATIC_NODES, NULL, 0, 0\)/m);
  assert.match(v, /^set_mempolicy\(MPOL_DEFAULT, NULL, 0\)/m);
});
