// futex_waitv's waiter array (FUTEX_WAITV_MAX, __reserved, unreadable tail) and sched_setattr's size the kernel
// refused (`{size=1} => {size=56}`), compared with strace 6.1 under default, -v, -s4 and -e verbose=none.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

test('futex_waitv waiters and sched_setattr E2BIG, as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const exe = fixture('futex-waitv-sched-attr');
  for (const extra of [[], ['-v'], ['-s4'], ['-e', 'verbose=none']]) {
    const opts = [...extra, '-e', 'trace=futex_waitv,sched_setattr'];
    const v = traceWith('vat', opts, [exe]).trace;
    assert.equal(normalize(v), normalize(traceWith('strace', opts, [exe]).trace), extra.join(' '));
    if (extra.length === 0) {
      assert.match(v, /flags=FUTEX_32\|FUTEX_PRIVATE_FLAG\|0xffffff7d, __reserved=0xdeadbeef\}\], 1,/);
      assert.match(v, /sched_setattr\(0, \{size=1\} => \{size=\d+\}, 0\) = -1 E2BIG/);
    }
  }
});
