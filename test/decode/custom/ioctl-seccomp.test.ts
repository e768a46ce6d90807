// seccomp user-notification ioctls compared with strace 6.1 on a fixture under each constant style and -y, failing
// (EBADF) and injected to succeed, so that a notification prints both as passed and as returned.
import assert from 'node:assert/strict';
import { ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

ioctlMatchesStrace({
  title: 'seccomp',
  fixture: 'ioctl-seccomp',
  optionSets: [
    [],
    ['-y'],
    ['-Xraw'],
    ['-Xverbose'],
    ['-e', 'inject=ioctl:retval=0'],
    ['-y', '-Xverbose', '-e', 'inject=ioctl:retval=0'],
  ],
  mask: (t) => t.replace(/pid=\d+/g, 'pid=PID'),
  check: (v) => assert.match(v, /\{id=0x1234, val=-5, error=/),
});
