// Video4Linux2 ioctls compared with strace 6.1 on a fixture under each constant style and -v, failing (EBADF) and
// injected to succeed, so that both what the caller passed and what the driver returned print.
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
  ['-Xraw', '-e', 'inject=ioctl:retval=3'],
]) {
  test(`v4l2 ioctls ${extra.join(' ') || '(default)'} match strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('ioctl-v4l2');
    const opts = ['-e', 'trace=ioctl', ...extra];
    const v = normalize(traceWith('vat', opts, [exe]).trace);
    assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
    assert.match(v, /ioctl\(-1, (VIDIOC_S_FMT|ADDR \/\* VIDIOC_S_FMT \*\/|ADDR), \{type=/);
  });
}
