// Caller-given structs of failed calls, compared with strace 6.1: shown as addresses only by the calls strace
// reads them for at exit (epoll_pwait2's timeout, epoll_pwait's sigmask), decoded by the others.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../helpers/strace-oracle.js';

test('failed calls: input structs as strace shows them, per call', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const exe = fixture('failed-inputs');
  const opts = ['-e', 'trace=epoll_pwait2,epoll_pwait,rt_sigtimedwait,io_getevents,mq_timedreceive,pipe2'];
  const v = normalize(traceWith('vat', opts, [exe]).trace);
  assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
  assert.match(v, /^epoll_pwait2\(-1, ADDR, 1, ADDR, ADDR, 8\) = -1 EBADF/m);
  assert.match(v, /^epoll_pwait\(-1, ADDR, 1, 0, ADDR, 8\) = -1 EBADF/m);
  assert.match(v, /^rt_sigtimedwait\(ADDR, ADDR, \{tv_sec=1, tv_nsec=2\}, 7\) = -1 EINVAL/m);
  assert.match(v, /^pipe2\(ADDR, 0\) = -1 EFAULT/m);
  assert.match(v, /^io_getevents\(NULL, 1, 1, ADDR, \{tv_sec=1, tv_nsec=2\}\) = -1 EINVAL/m);
});
