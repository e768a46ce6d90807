// memfd_secret's flags: unknown bits print bare as strace 6.1 prints them (no `/* O_??? */`), compared with strace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, traceWith } from '../../helpers/strace-oracle.js';

for (const style of ['abbrev', 'raw', 'verbose']) {
  test(`memfd_secret flags under -X ${style}, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('memfd-secret-flags');
    const opts = ['-e', 'trace=memfd_secret', `-X${style}`];
    const v = traceWith('vat', opts, [exe]).trace;
    assert.equal(v, traceWith('strace', opts, [exe]).trace);
    if (style === 'abbrev') assert.match(v, /^memfd_secret\(0xde97face\) += -1 E/m);
  });
}
