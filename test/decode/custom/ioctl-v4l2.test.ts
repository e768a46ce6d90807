// Video4Linux2 ioctls compared with strace 6.1 on a fixture under each constant style and -v, failing (EBADF) and
// injected to succeed, so that both what the caller passed and what the driver returned print.
import assert from 'node:assert/strict';
import { IOCTL_OPTION_SETS, ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

ioctlMatchesStrace({
  title: 'v4l2',
  fixture: 'ioctl-v4l2',
  // the last clip list lies on an anonymous page nothing wrote to (never faulted in): eBPF cannot read it (README)
  ptrace: true,
  optionSets: [...IOCTL_OPTION_SETS, ['-Xraw', '-e', 'inject=ioctl:retval=3']],
  check: (v) => assert.match(v, /ioctl\(-1, (VIDIOC_S_FMT|ADDR \/\* VIDIOC_S_FMT \*\/|ADDR), \{type=/),
});
