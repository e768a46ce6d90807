// GPIO character device ioctls (v1 and v2), compared with strace 6.1 on a fixture under each constant style and
// -v, failing (EBADF) and injected to succeed, so that both what the caller passed and what came back print.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

for (const extra of [
  [],
  ['-v'],
  ['-Xraw'],
  ['-Xverbose'],
  ['-e', 'inject=ioctl:retval=0'],
  ['-v', '-Xverbose', '-e', 'inject=ioctl:retval=0'],
]) {
  test(`gpio ioctls ${extra.join(' ') || '(default)'} match strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('ioctl-gpio');
    const opts = ['-e', 'trace=ioctl', ...extra];
    const v = normalize(traceWith('vat', opts, [exe]).trace);
    assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
    assert.match(v, /\{lines=40, lineoffsets=\[0, 3, 6, /);
    assert.match(
      v,
      /num_attrs=2, attrs=\[\{debounce_period_us=1000, mask=0x3\}, \{values=0x5, mask=0x10\}\]/,
    );
  });
}
