// arch_prctl's XSAVE feature numbers and masks (kernel-internal XFEATURE_* names from the pinned kernel tree),
// compared with strace 6.1 under each -X style.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

for (const style of ['abbrev', 'raw', 'verbose']) {
  test(`arch_prctl XFEATURE numbers and masks under -X ${style}, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('arch-prctl-xcomp');
    const opts = ['-e', 'trace=arch_prctl', `-X${style}`];
    const v = normalize(traceWith('vat', opts, [exe]).trace);
    assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
    if (style === 'abbrev') {
      assert.match(v, /^arch_prctl\(ARCH_GET_XCOMP_SUPP, \[0x[0-9a-f]+ \/\* XFEATURE_MASK_FPSSE\|/m);
      assert.match(v, /^arch_prctl\(ARCH_REQ_XCOMP_PERM, 0x8 \/\* XFEATURE_PT_UNIMPLEMENTED_SO_FAR \*\/\)/m);
      assert.match(v, /^arch_prctl\(ARCH_REQ_XCOMP_PERM, 0xb \/\* XFEATURE_\?\?\? \*\/\)/m);
    }
  });
}
