// btrfs ioctls (and the 0x94 file requests: clone and dedupe ranges, the label) compared with strace 6.1 on a
// fixture: failing (EBADF) and injected to succeed (the ` => {...}` halves), abbreviated and under -v, the -X styles,
// -e verbose=none and a short -s.
import assert from 'node:assert/strict';
import { IOCTL_OPTION_SETS, ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

ioctlMatchesStrace({
  title: 'btrfs',
  fixture: 'ioctl-btrfs',
  optionSets: [
    ...IOCTL_OPTION_SETS,
    ['-e', 'verbose=none'],
    ['-s', '3', '-v', '-e', 'inject=ioctl:retval=0'],
  ],
  check: (v, extra) => {
    if (extra.includes('verbose=none')) {
      assert.match(v, /BTRFS_IOC_WAIT_SYNC, ADDR\) = /);
      return;
    }
    if (extra.length === 0) {
      assert.match(v, /BTRFS_IOC_SNAP_CREATE, \{fd=2, name="subvol"\}/);
      assert.match(
        v,
        /qgroup_inherit=\{flags=BTRFS_QGROUP_INHERIT_SET_LIMITS\|0x4, num_qgroups=3, .*\}, \.\.\.\}/,
      );
      assert.match(v, /tree_id=BTRFS_FS_TREE_OBJECTID, min_offset=0, max_offset=UINT64_MAX/);
      assert.match(v, /compat_flags=0x1 \/\* BTRFS_FEATURE_COMPAT_\?\?\? \*\//);
      assert.match(v, /info=\[\{dest_fd=1, dest_offset=0\}, \{dest_fd=1, dest_offset=4096\}, \.\.\.\]/);
    }
    if (extra.includes('inject=ioctl:retval=0') && extra.includes('-v'))
      assert.match(v, /=> \{key=\{nr_items=2\}, buf_size=256, buf=\[\{transid=0, objectid=/);
  },
});
