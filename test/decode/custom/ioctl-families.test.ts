// ioctl requests decoded by family (fs, counter, ...), compared with strace 6.1 on one fixture under each
// constant style and -v: struct arguments, NULL, unknown values, requests without an argument.
import assert from 'node:assert/strict';
import { IOCTL_OPTION_SETS, ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

// with the calls failing (EBADF) and, injected, succeeding: what the kernel would write back prints too
ioctlMatchesStrace({
  title: 'family',
  fixture: 'ioctl-families',
  optionSets: [
    ...IOCTL_OPTION_SETS,
    // a positive return value is how many bytes of an evdev bitset the kernel wrote
    ['-e', 'inject=ioctl:retval=20'],
    ['-Xraw', '-e', 'inject=ioctl:retval=9'],
    ['-v', '-Xverbose', '-e', 'inject=ioctl:retval=200'],
  ],
  check: (v, extra) => {
    assert.match(v, /^ioctl\(-1, [^,]+, \{start=ADDR, len=4096, minlen=7\}\) = (-1 EBADF|\d+ \(INJECTED\))/m);
    assert.match(v, /^ioctl\(-1, [^,]+, \{component=\{type=.*channel=9\}\) = (-1 EBADF|\d+ \(INJECTED\))/m);
    assert.match(
      v,
      /^ioctl\(-1, [^,]+, \{fm_start=0, .*fm_extent_count=2\}( => \{.*\})?\) = (-1 EBADF|\d+ \(INJECTED\))/m,
    );
    if (extra.some((o) => /retval=[1-9]/.test(o)))
      assert.match(v, /^ioctl\(-1, [^,]+, \[(EV_KEY EV_REL|0x1 \/\* EV_KEY \*\/ |0x)/m);
    assert.match(
      v,
      /^ioctl\(-1, [^,]+, (1 << IDE_NICE_DSC_OVERLAP\|1 << IDE_NICE_1\|0x100|0x109( \/\* .* \*\/)?)\) = /m,
    );
  },
});
