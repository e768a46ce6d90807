// io_uring_register's arg by opcode (buffer iovecs, files updates, restrictions, resource register/update
// structs, ring fds) against strace 6.1 in each -X style, all given to fd -1; then the two-phase PROBE and
// IOWQ_MAX_WORKERS and the IOWQ_AFF cpu list, failing and injected to succeed.
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

test('io_uring_register PROBE, IOWQ_MAX_WORKERS and IOWQ_AFF, failing and injected, as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const exe = fixture('io-uring-register-probe');
  for (const x of ['-Xabbrev', '-Xraw', '-Xverbose']) {
    for (const inject of [[], ['-e', 'inject=io_uring_register:retval=0']]) {
      const opts = [x, ...inject, '-e', 'trace=io_uring_register'];
      const v = traceWith('vat', opts, [exe]).trace;
      assert.equal(normalize(v), normalize(traceWith('strace', opts, [exe]).trace), opts.join(' '));
      if (x !== '-Xabbrev') continue;
      assert.match(
        v,
        /\[\[IO_WQ_BOUND\]=4, \[IO_WQ_UNBOUND\]=0, \[2 \/\* IO_WQ_\?\?\? \*\/\]=3735928559, \.\.\. \/\*/,
      );
      assert.match(v, /IOWQ_AFF, \[0 2 63 72\], 16\)/);
      if (inject.length > 0) assert.match(v, /resv2=0xbeef\}, \.\.\.\]\}, 2\)/);
    }
  }
});
