// seccomp user-notification ioctls compared with strace 6.1 on a fixture under each constant style and -y, failing
// (EBADF) and injected to succeed, so that a notification prints both as passed and as returned.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

for (const extra of [
  [],
  ['-y'],
  ['-Xraw'],
  ['-Xverbose'],
  ['-e', 'inject=ioctl:retval=0'],
  ['-y', '-Xverbose', '-e', 'inject=ioctl:retval=0'],
]) {
  test(`seccomp ioctls ${extra.join(' ') || '(default)'} match strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('ioctl-seccomp');
    const opts = ['-e', 'trace=ioctl', ...extra];
    const v = normalize(traceWith('vat', opts, [exe]).trace).replace(/pid=\d+/g, 'pid=PID');
    assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace).replace(/pid=\d+/g, 'pid=PID'));
    assert.match(v, /\{id=0x1234, val=-5, error=/);
  });
}
