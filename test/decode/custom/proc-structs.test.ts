// The structs behind mq_open/mq_getsetattr/mq_notify, landlock_add_rule, ptrace's SETSIGMASK/SECCOMP_GET_METADATA/
// SETSIGINFO (si_fd under -y), fanotify_mark's FAN_NOFD, fsconfig's dirfd/blob/long path and pidfd_getfd's target fd
// (named from the pidfd's process), each at the end of a readable page, under -y and each -X style, as strace 6.1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

const CALLS =
  'trace=mq_open,mq_getsetattr,mq_notify,landlock_add_rule,fanotify_mark,fsconfig,pidfd_getfd,ptrace';
/** ptrace's pid is the fixture's own, different in each run. */
const samePid = (t: string): string => normalize(t).replace(/(ptrace\([^,]*, )\d+/g, '$1PID');

test('mq, landlock, ptrace, fanotify_mark, fsconfig and pidfd_getfd structs and fds, as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const exe = fixture('proc-structs');
  for (const x of ['-Xabbrev', '-Xraw', '-Xverbose']) {
    const opts = ['-y', x, '-e', CALLS];
    const v = traceWith('vat', opts, [exe]).trace;
    assert.equal(samePid(v), samePid(traceWith('strace', opts, [exe]).trace), x);
    if (x === '-Xabbrev') {
      assert.match(
        v,
        /mq_getsetattr\(-1, \{mq_flags=O_NONBLOCK, mq_maxmsg=2, mq_msgsize=64, mq_curmsgs=0\}, NULL\)/,
      );
      assert.match(v, /parent_fd=10<\/dev\/null>\}/);
      assert.match(v, /fanotify_mark\(-1, 0, 0, FAN_NOFD, NULL\)/);
      assert.match(v, /pidfd_getfd\(\d+<anon_inode:\[pidfd\]>, 10<\/dev\/null>, 0\)/);
      assert.match(v, /PTRACE_SETSIGMASK, \d+, 8, \[USR1\]\)/);
      assert.match(v, /si_fd=10<\/dev\/null>\}/);
    }
  }
});
