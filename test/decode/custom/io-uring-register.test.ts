// io_uring_register's arg by opcode (buffer iovecs, files updates, restrictions, resource register/update
// structs, ring fds) against strace 6.1 in each -X style, all given to fd -1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

test('io_uring_register args, as strace', { skip: !hasStrace && 'strace is not installed' }, () => {
  const exe = fixture('io-uring-register-args');
  for (const x of ['-Xabbrev', '-Xraw', '-Xverbose']) {
    const opts = [x, '-e', 'trace=io_uring_register'];
    const v = traceWith('vat', opts, [exe]).trace;
    assert.equal(normalize(v), normalize(traceWith('strace', opts, [exe]).trace), x);
    if (x !== '-Xabbrev') continue;
    assert.match(
      v,
      /FILES_UPDATE, \{offset=7, resv=0x55, fds=\[0, -1, IORING_REGISTER_FILES_SKIP, -3\]\}, 4\)/,
    );
    assert.match(v, /\{opcode=0x9 \/\* IORING_RESTRICTION_\?\?\? \*\/ \/\* op: 0xef \*\/\}/);
    assert.match(v, /tags=\[0x1, 0xdead, 0\], \/\* bytes 32\.\.47 \*\/ "[^"]*\\xa1[^"]*"\}, 48\)/);
    assert.match(v, /RING_FDS, \[\{offset=-1, data=0\}, \{offset=3, resv=0x1, data=5\}\], 2\)/);
  }
});
