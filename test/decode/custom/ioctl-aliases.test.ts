// ioctl requests that share their value with an alias the headers also define (VIDIOC_SUBDEV_G_STD for VIDIOC_G_STD,
// PPPIOCGIDLE for PPPIOCGIDLE64, ...) or that belong to another architecture's KVM: vat names them as strace 6.1 does
// (one name, or the raw _IOC), the table having dropped the names of data/xlat/ioctl_cmd.dropped.
import assert from 'node:assert/strict';
import { ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

ioctlMatchesStrace({
  title: 'aliased',
  fixture: 'ioctl-aliases',
  optionSets: [[], ['-Xverbose']],
  check: (v) => {
    assert.match(v, /ioctl\(-1, (VIDIOC_G_STD|ADDR \/\* VIDIOC_G_STD \*\/), NULL\)/);
    assert.doesNotMatch(v, / or |SUBDEV|KVM_S390/);
  },
});
