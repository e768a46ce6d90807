// userfaultfd ioctls (UFFDIO_API, REGISTER, COPY, ZEROPAGE, WAKE, UNREGISTER) compared with strace 6.1 on a fixture
// under each constant style and -v, failing (EBADF) and injected to succeed, so that the exit fields print too.
import assert from 'node:assert/strict';
import { ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

ioctlMatchesStrace({
  title: 'userfaultfd',
  fixture: 'ioctl-uffdio',
  check: (v, extra) => {
    assert.match(v, /\{range=\{start=[^,]+, len=0x2000\}, mode=/);
    if (extra.includes('inject=ioctl:retval=0')) assert.match(v, /zeropage=0x1000\}\) = 0/);
  },
});
