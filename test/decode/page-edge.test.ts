// Strings ending where readable memory ends: an unterminated one before an unmapped page is shown as its
// address (strace's umovestr fails there), a terminated one whole; compared with strace 6.1.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fixture } from '../helpers/fixtures.js';
import { normalize, traceWith } from '../helpers/strace-oracle.js';

const hasStrace = spawnSync('strace', ['-V']).status === 0;

test('strings at the edge of a mapping: address when cut by unreadable memory, as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const exe = fixture('page-edge-strings');
  const opts = ['-e', 'trace=faccessat,chdir,openat'];
  const vat = traceWith('vat', opts, [exe]);
  const strace = traceWith('strace', opts, [exe]);
  const v = normalize(vat.trace);
  assert.equal(v, normalize(strace.trace));
  assert.match(v, /^faccessat\(AT_FDCWD, ADDR, F_OK\) = -1 EFAULT/m);
  assert.match(v, /^openat\(AT_FDCWD, "\/nonexi", O_RDONLY\) = -1 ENOENT/m);
});
