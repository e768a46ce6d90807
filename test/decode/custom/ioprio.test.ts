// ioprio_get/ioprio_set: IOPRIO_PRIO_VALUE with the unmasked class, the value under -X raw/verbose and the result's
// comment, compared with strace 6.1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, traceWith } from '../../helpers/strace-oracle.js';

for (const style of ['abbrev', 'raw', 'verbose']) {
  test(`ioprio values under -X ${style}, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('ioprio-values');
    const opts = ['-e', 'trace=ioprio_get,ioprio_set', `-X${style}`];
    const v = traceWith('vat', opts, [exe]).trace;
    assert.equal(v, traceWith('strace', opts, [exe]).trace);
    if (style === 'abbrev')
      assert.match(v, /IOPRIO_PRIO_VALUE\(0x7d677 \/\* IOPRIO_CLASS_\?\?\? \*\/, 7917\)/);
  });
}
