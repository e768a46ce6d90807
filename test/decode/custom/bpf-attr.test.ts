// bpf(2)'s attr per command (union bpf_attr from the generated layouts), cut at the caller's size and with a
// non-zero tail, under each -X style and -v, compared with strace 6.1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, traceWith } from '../../helpers/strace-oracle.js';

for (const opts of [[], ['-Xraw'], ['-Xverbose'], ['-v']]) {
  test(`bpf attrs ${opts.join(' ') || 'abbreviated'}, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('bpf-attrs');
    const o = ['-e', 'trace=bpf', ...opts];
    const v = traceWith('vat', o, [exe]).trace;
    assert.equal(v, traceWith('strace', o, [exe]).trace);
    assert.match(v, /prog_name="vat_prog"/);
  });
}
