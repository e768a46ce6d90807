// prctl's composite arguments and results (vector lengths, tagged-address word, PAC keys, pid types, return
// comments, a name at a page edge), compared with strace 6.1 under each -X style, plain and with a result injected.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, traceWith } from '../../helpers/strace-oracle.js';

/** Only mmap addresses vary between runs; the helper's normalize would also hide constants such as 0xfac80000. */
const normalize = (trace: string): string =>
  trace.replace(/0x7[0-9a-f]{9,11}\b/g, 'ADDR').replace(/ +=/g, ' =');

for (const style of ['abbrev', 'raw', 'verbose']) {
  for (const inject of [false, true]) {
    test(`prctl composites under -X ${style}${inject ? ' with a result injected' : ''}, as strace`, {
      skip: !hasStrace && 'strace is not installed',
    }, () => {
      const exe = fixture('prctl-values');
      const opts = [
        '-e',
        'trace=prctl',
        `-X${style}`,
        ...(inject ? ['-e', 'inject=prctl:retval=191063'] : []),
      ];
      const v = normalize(traceWith('vat', opts, [exe]).trace);
      assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
      if (style === 'abbrev' && !inject) {
        assert.match(
          v,
          /^prctl\(PR_SVE_SET_VL, PR_SVE_SET_VL_ONEXEC\|PR_SVE_VL_INHERIT\|0xfac80000\|0xfeed\)/m,
        );
        assert.match(
          v,
          /^prctl\(PR_SET_TAGGED_ADDR_CTRL, !PR_TAGGED_ADDR_ENABLE\|PR_MTE_TCF_ASYNC\|0xcafe<</m,
        );
        assert.match(v, /^prctl\(PR_PAC_RESET_KEYS, 0x20 \/\* PR_PAC_\?\?\? \*\/, /m);
        assert.match(v, /^prctl\(PR_SET_NAME, "123456789abcdef"\.\.\.\)/m);
      }
    });
  }
}
