// MTD and UBI ioctls compared with strace 6.1 on a fixture: failing (EBADF) and injected to succeed (the region info
// and the numbers UBI_IOCATT and UBI_IOCMKVOL return), abbreviated and under -v, the -X styles, -e verbose=none.
import assert from 'node:assert/strict';
import { IOCTL_OPTION_SETS, ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

ioctlMatchesStrace({
  title: 'MTD and UBI',
  fixture: 'ioctl-flash',
  // UBI_IOCRNVOL's struct ubi_rnvol_req is 4368 bytes, over the 4 KiB eBPF copies of a struct (README, Engines)
  ptrace: true,
  optionSets: [...IOCTL_OPTION_SETS, ['-e', 'verbose=none'], ['-s', '3']],
  check: (v, extra) => {
    if (extra.includes('verbose=none')) {
      assert.match(v, /MEMERASE, ADDR\) = /);
      return;
    }
    if (extra.length === 0) {
      assert.match(v, /MIXER_READ\(13\) or OTPSELECT, \[MTD_OTP_USER\]/);
      assert.match(v, /MEMGETREGIONINFO, \{regionindex=0x1\}/);
      assert.match(v, /UBI_IOCMKVOL, \{.*name_len=3, name="vvv"\.\.\.\}/);
      assert.match(v, /UBI_IOCRSVOL, \{bytes=-1, vol_id=2\}/);
    }
    if (extra.includes('inject=ioctl:retval=0')) assert.match(v, /numblocks=0x3\}/);
  },
});
