// Pointers to one number (splice's offsets, sendfile's in/out offset, getresuid's ids, io_setup's context),
// compared with strace 6.1: `[N]`, `[N] => [M]`, the address when unreadable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

test('pointers to one number are shown as [N], as strace', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const exe = fixture('scalar-args');
  const opts = ['-e', 'trace=copy_file_range,splice,sendfile,getresuid,getresgid,get_robust_list,io_setup'];
  const v = normalize(traceWith('vat', opts, [exe]).trace);
  assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
  assert.match(v, /^copy_file_range\(-1, \[3\], -2, \[-1\], 16, 0\)/m);
  assert.match(v, /^sendfile\(\d+, \d+, \[0\] => \[7\], 7\) = 7/m);
  assert.match(v, /^getresuid\(\[\d+\], \[\d+\], \[\d+\]\) = 0/m);
  assert.match(v, /^io_setup\(1, \[ADDR\]\) = 0/m);
});
