// Loop device ioctls compared with strace 6.1 on a fixture: abbreviated and under -v (device numbers, key, lo_init),
// -e verbose=none (addresses), -y (the backing fd), failing (EBADF) and injected to succeed, in the -X styles.
import assert from 'node:assert/strict';
import { ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

ioctlMatchesStrace({
  title: 'loop',
  fixture: 'ioctl-loop',
  optionSets: [
    [],
    ['-v'],
    ['-e', 'verbose=none'],
    ['-y', '-Xverbose'],
    ['-Xraw'],
    ['-v', '-s', '3', '-e', 'inject=ioctl:retval=0'],
  ],
  check: (v, extra) => {
    if (extra.includes('verbose=none')) {
      assert.match(v, /LOOP_SET_STATUS, ADDR\) = /);
      return;
    }
    assert.match(v, /lo_number=7, /);
    if (extra.includes('-y')) assert.match(v, /fd=\d+<\/dev\/null>/);
    if (extra.includes('-s')) assert.match(v, /lo_encrypt_key="k\\0y\\n"/);
    if (extra.includes('-v')) assert.match(v, /lo_device=(makedev\(0x108, 0x3\)|0x10803)/);
    if (extra.includes('-v')) assert.match(v, /lo_rdevice=makedev\(0x10000, 0x3\)/);
    if (extra.length === 0)
      assert.match(
        v,
        /lo_encrypt_type=LO_CRYPT_XOR, lo_encrypt_key_size=4, .*lo_encrypt_key="k\\0y\\n", \.\.\.\}/,
      );
  },
});
