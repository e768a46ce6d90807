// Watchdog, NBD, inotify, entropy pool and LIRC ioctls, compared with strace 6.1 on a fixture: failing (EBADF) and
// injected to succeed (what GET requests wrote back), with -y (NBD_SET_SOCK's fd) and the -X styles.
import assert from 'node:assert/strict';
import { ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

ioctlMatchesStrace({
  title: 'device',
  fixture: 'ioctl-devices',
  optionSets: [[], ['-y'], ['-Xverbose'], ['-s', '8', '-e', 'inject=ioctl:retval=0']],
  check: (v) => {
    assert.match(v, /\{entropy_count=16, buf_size=40, buf="rrrrrrrr/);
    assert.match(v, /WDIOC_SETTIMEOUT.*, \[45\]\)/);
    assert.match(v, /LIRC_SET_REC_MODE.*, \[(LIRC_MODE_SCANCODE|0x8 \/\* LIRC_MODE_SCANCODE \*\/)\]\)/);
  },
});
