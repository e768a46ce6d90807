// Block device and namespace-file ioctls compared with strace 6.1 on a fixture: failing (EBADF) and injected to
// succeed (what the kernel wrote back, BLKTRACESETUP's name), the namespace fds under -y, the tracing pid under -Y, in the -X styles.
import assert from 'node:assert/strict';
import { ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

ioctlMatchesStrace({
  title: 'block and nsfs',
  fixture: 'ioctl-block',
  optionSets: [[], ['-y'], ['-Y'], ['-Xraw'], ['-Xverbose'], ['-e', 'inject=ioctl:retval=0']],
  check: (v, extra) => {
    if (extra.includes('-Y')) assert.match(v, /, pid=1<[^>]+>\}/);
    assert.match(
      v,
      /\{op=(BLKPG_ADD_PARTITION|0x1 \/\* BLKPG_ADD_PARTITION \*\/|0x1), flags=1, datalen=152, data=\{start=1048576, length=-1, pno=3, devname="d+"\.\.\., volname="vol"\}\}/,
    );
    assert.match(v, /, \[4096, 1048576\]\)/);
    assert.match(v, /NS_GET_NSTYPE|0xb703/);
  },
});
