// kexec_load's struct kexec_segment array (NULL, too many, cut by -s, unreadable tail), compared with strace 6.1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

for (const strsize of ['-s2', '-s32']) {
  test(`kexec_load segments with ${strsize}, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('kexec-segments');
    const opts = ['-e', 'trace=kexec_load', strsize];
    const v = traceWith('vat', opts, [exe]).trace;
    assert.equal(normalize(v), normalize(traceWith('strace', opts, [exe]).trace));
    assert.match(
      v,
      /kexec_load\(0x1000, 2, \[\{buf=0x1000, bufsz=101, mem=0x200000, memsz=8192\}, \{buf=0x2000,/,
    );
  });
}
