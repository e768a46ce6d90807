// Node masks, move_pages' arrays and clone3's exit_signal under each -X style, compared with strace 6.1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

for (const style of ['abbrev', 'raw', 'verbose']) {
  test(`NUMA arrays under -X ${style}, as strace`, { skip: !hasStrace && 'strace is not installed' }, () => {
    const exe = fixture('numa-arrays');
    const opts = [
      '-s3',
      '-e',
      'trace=set_mempolicy,get_mempolicy,mbind,migrate_pages,move_pages,clone3',
      `-X${style}`,
    ];
    const v = traceWith('vat', opts, [exe]).trace;
    assert.equal(normalize(v), normalize(traceWith('strace', opts, [exe]).trace));
    if (style === 'abbrev') {
      assert.match(
        v,
        /set_mempolicy\(MPOL_DEFAULT, \[0x00000000000001, 0x8000000000000000, 0x00000000001234\], 192\)/,
      );
      assert.match(
        v,
        /move_pages\(0, 2, \[0x[0-9a-f]+, 0x[0-9a-f]+\], NULL, \[\d+, -EFAULT\], MPOL_MF_MOVE\) = 0/,
      );
    }
    if (style === 'raw') assert.match(v, /exit_signal=17,/);
  });
}
