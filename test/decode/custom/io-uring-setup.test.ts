// io_uring_setup's params: the caller's settings at entry (wq_fd, resv), the ring the kernel set up at exit,
// an unreadable struct as its address, compared with strace 6.1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, traceWith } from '../../helpers/strace-oracle.js';

test('io_uring_setup params, as strace', { skip: !hasStrace && 'strace is not installed' }, () => {
  const exe = fixture('io-uring-params');
  const o = ['-y', '-e', 'trace=io_uring_setup'];
  const v = traceWith('vat', o, [exe]).trace;
  assert.equal(v, traceWith('strace', o, [exe]).trace);
  assert.match(v, /resv=\[0, 0xdead, 0\]/);
  // where io_uring is allowed, the ring the kernel set up shows its offsets
  if (/^io_uring_setup\(2, .*\) = \d+/m.test(v)) assert.match(v, /sq_off=\{head=\d+/);
});
