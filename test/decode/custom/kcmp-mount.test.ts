// kcmp's fds by the pid they belong to (-y paths of pid1/pid2, none for a pid that names no process, the
// kcmp_epoll_slot's signed fds), mount's flags in each -X style and lookup_dcookie's arguments, as strace 6.1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

/** The fixture's own pid, which kcmp prints as pid1/pid2, made the same in both traces. */
const samePid = (t: string): string =>
  normalize(t).replace(/kcmp\(\d+, (?:\d+|-1)/g, (m) => m.replace(/\d+/g, 'P'));

test('kcmp prints the fds of pid1 and pid2 under -y, the slot fds signed, as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const exe = fixture('kcmp-fds');
  for (const x of ['-Xabbrev', '-Xraw', '-Xverbose']) {
    const opts = ['-y', x, '-e', 'trace=kcmp'];
    const v = traceWith('vat', opts, [exe]).trace;
    assert.equal(samePid(v), samePid(traceWith('strace', opts, [exe]).trace), x);
    if (x === '-Xabbrev') {
      assert.match(v, /KCMP_EPOLL_TFD, 10<\/dev\/null>, \{efd=10, tfd=11, toff=7\}\) += -1 ESRCH/);
      assert.match(v, /\{efd=-559038737, tfd=-87097619, toff=3134983661\}/);
    }
  }
});

test('mount flags styled by -X as a whole when no magic leads them, and lookup_dcookie, as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const exe = fixture('mount-flags-bad');
  for (const x of ['-Xabbrev', '-Xraw', '-Xverbose']) {
    const opts = [x, '-e', 'trace=mount,lookup_dcookie'];
    const v = traceWith('vat', opts, [exe]).trace;
    assert.equal(normalize(v), normalize(traceWith('strace', opts, [exe]).trace), x);
    if (x === '-Xraw') assert.match(v, /, 0x4000200, /);
  }
  assert.match(traceWith('vat', [], [exe]).trace, /lookup_dcookie\(0, NULL, 0\) += -1 ENOSYS/);
});
