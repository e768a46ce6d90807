// GPIO character device ioctls (v1 and v2), compared with strace 6.1 on a fixture under each constant style and
// -v, failing (EBADF) and injected to succeed, so that both what the caller passed and what came back print.
import assert from 'node:assert/strict';
import { ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

ioctlMatchesStrace({
  title: 'gpio',
  fixture: 'ioctl-gpio',
  check: (v) => {
    assert.match(v, /\{lines=40, lineoffsets=\[0, 3, 6, /);
    assert.match(
      v,
      /num_attrs=2, attrs=\[\{debounce_period_us=1000, mask=0x3\}, \{values=0x5, mask=0x10\}\]/,
    );
  },
});
