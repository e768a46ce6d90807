// waitid's id and rt_sigtimedwait's result against strace 6.1: -Y names a waitid P_PID child at entry (before it
// is reaped), the signal a rt_sigtimedwait returns is named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

/** pids (with or without -Y's `<comm>`) and the process group become N, CPU times T. */
const same = (trace: string): string =>
  normalize(trace)
    .replace(/\b\d{2,}(?=<)/g, 'N')
    .replace(/P_P(GID|ID), \d+/g, 'P_P$1, N')
    // a child's clock ticks: 0 or 1 with timing
    .replace(/(si_[us]time)=\d+/g, '$1=T');

test('-Y: waitid(P_PID, N<comm>, ...) for a child reaped by the call, rt_sigtimedwait = 10 (SIGUSR1)', {
  skip: !hasStrace,
}, () => {
  const options = ['-Y', '-e', 'signal=none', '-e', 'trace=rt_sigtimedwait,waitid'];
  const exe = fixture('wait-names');
  const s = traceWith('strace', options, [exe]);
  const v = traceWith('vat', options, [exe]);
  assert.match(s.trace, /= 10 \(SIGUSR1\)/);
  assert.match(s.trace, /CLD_EXITED, si_pid=\d+, .*/);
  assert.equal(same(v.trace), same(s.trace));
  // without -Y, the ids are plain numbers
  const plain = ['-e', 'signal=none', '-e', 'trace=waitid'];
  assert.equal(same(traceWith('vat', plain, [exe]).trace), same(traceWith('strace', plain, [exe]).trace));
});
