// Device-mapper ioctls compared with strace 6.1 on a fixture: failing (EBADF) and injected to succeed (the header
// again at exit with the payload: target specs with their status, names with event numbers, target versions,
// dependencies), abbreviated and under -v, in each -X style, -s 3 and -e verbose=none.
import assert from 'node:assert/strict';
import { IOCTL_OPTION_SETS, ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

ioctlMatchesStrace({
  title: 'device-mapper',
  fixture: 'ioctl-dm',
  optionSets: [...IOCTL_OPTION_SETS, ['-e', 'verbose=none'], ['-s', '3']],
  check: (v, extra) => {
    if (extra.length === 0) {
      assert.match(v, /version=\[3, 1, 1\] \/\* unsupported device mapper ABI version \*\/\}\]/);
      assert.match(v, /data_size=100 \/\* data_size too small \*\/\}\]/);
      assert.match(v, /flags=DM_READONLY_FLAG\|DM_EXISTS_FLAG\|/);
      assert.match(v, /DM_TABLE_LOAD, \[\{.*target_count=2, flags=0\}, \.\.\.\]/);
    }
    if (extra.join(' ') === '-v -Xverbose -e inject=ioctl:retval=0') {
      assert.match(v, /name="vg-root", event_nr=5\}/);
      assert.match(v, /status=-1, target_type="striped", string="2 128 8:2 0 8:3 0"\}/);
      assert.match(v, /\?\?\? \/\* misplaced struct dm_target_deps \*\//);
    }
  },
});
