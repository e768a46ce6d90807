// struct timex (adjtimex, clock_adjtime) and the clock state after the result, under each -X style, compared
// with strace 6.1. The clock's numbers move between the two runs, so they are compared as N; names stay.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

const numbersOut = (trace: string): string => normalize(trace).replace(/=-?\d+/g, '=N');

for (const style of ['abbrev', 'raw', 'verbose']) {
  test(`timex under -X ${style}, as strace`, { skip: !hasStrace && 'strace is not installed' }, () => {
    const exe = fixture('timex-read');
    const opts = ['-e', 'trace=adjtimex,clock_adjtime', `-X${style}`];
    const v = traceWith('vat', opts, [exe]).trace;
    assert.equal(numbersOut(v), numbersOut(traceWith('strace', opts, [exe]).trace));
    if (style === 'abbrev')
      assert.match(
        v,
        /^adjtimex\(\{modes=0, offset=-?\d+, .*, time=\{tv_sec=\d+, tv_usec=\d+\}, .*tai=-?\d+\}\) = \d+/m,
      );
  });
}
