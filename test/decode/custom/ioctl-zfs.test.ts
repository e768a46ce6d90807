// OpenZFS's ioctl requests (ZFS_IOC_*, KSTAT_IOC_*, BLKZNAME), which strace names from its copy of the OpenZFS headers:
// vat names them from data/xlat/ioctl_cmd_zfs.xlat, after the kernel's requests, in each constant style.
import assert from 'node:assert/strict';
import { ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

ioctlMatchesStrace({
  title: 'OpenZFS',
  fixture: 'ioctl-zfs',
  optionSets: [[], ['-Xverbose'], ['-Xraw']],
  check: (v, extra) => {
    if (extra.includes('-Xraw')) return;
    for (const name of [
      'ZFS_IOC_POOL_CREATE',
      'ZFS_IOC_SEND_SPACE',
      'ZFS_IOC_GET_BOOTENV',
      'KSTAT_IOC_WRITE',
      'BLKZNAME',
    ])
      assert.match(v, new RegExp(`ioctl\\(-1, ((0x[0-9a-f]+|ADDR) /\\* )?${name}( \\*/)?, 0\\)`));
  },
});
