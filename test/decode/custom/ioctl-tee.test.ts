// TEE device ioctls (TEE_IOC_*: version, sessions and their params, supplicant, shared memory, the out-of-tree
// REGISTER_FD) compared with strace 6.1 on a fixture, failing (EBADF) and injected to succeed so that the
// ` => {...}` exit parts print, in each -X style, under -v, -y, -s 3 and -e verbose=none.
import assert from 'node:assert/strict';
import { IOCTL_OPTION_SETS, ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

ioctlMatchesStrace({
  title: 'TEE',
  fixture: 'ioctl-tee',
  optionSets: [
    ...IOCTL_OPTION_SETS,
    ['-e', 'verbose=none'],
    ['-y', '-e', 'inject=ioctl:retval=0'],
    ['-s', '3'],
  ],
  check: (v, extra) => {
    if (extra.length !== 0) return;
    assert.match(v, /clnt_login=TEE_IOCTL_LOGIN_GROUP, clnt_uuid=\d+, cancel_id=77/);
    assert.match(
      v,
      /\{attr=TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, shm_offs=0x2000, size=(0x[0-9a-f]+|ADDR), shm_id=9\}/,
    );
    assert.match(v, /attr=TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT\|TEE_IOCTL_PARAM_ATTR_META, a=0x3000/);
    assert.match(
      v,
      /TEE_IOC_SHM_ALLOC, \{size=0x10000, flags=TEE_IOCTL_SHM_MAPPED\|TEE_IOCTL_SHM_DMA_BUF\|0x80\}\)/,
    );
    assert.match(
      v,
      /_IOC\(_IOC_READ\|_IOC_WRITE, 0xa4, 0x8, 0x20\), \{fd=\d+, flags=TEE_IOCTL_SHM_DMA_BUF\}/,
    );
  },
});
