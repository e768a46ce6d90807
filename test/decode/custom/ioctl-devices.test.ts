// Watchdog, NBD, inotify, entropy pool and LIRC ioctls, compared with strace 6.1 on a fixture: failing (EBADF) and
// injected to succeed (what GET requests wrote back), with -y (NBD_SET_SOCK's fd) and the -X styles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

for (const extra of [[], ['-y'], ['-Xverbose'], ['-s', '8', '-e', 'inject=ioctl:retval=0']]) {
  test(`device ioctls ${extra.join(' ') || '(default)'} match strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('ioctl-devices');
    const opts = ['-e', 'trace=ioctl', ...extra];
    const v = normalize(traceWith('vat', opts, [exe]).trace);
    assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
    assert.match(v, /\{entropy_count=16, buf_size=40, buf="rrrrrrrr/);
    assert.match(v, /WDIOC_SETTIMEOUT.*, \[45\]\)/);
    assert.match(v, /LIRC_SET_REC_MODE.*, \[(LIRC_MODE_SCANCODE|0x8 \/\* LIRC_MODE_SCANCODE \*\/)\]\)/);
  });
}
