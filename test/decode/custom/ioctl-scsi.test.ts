// SCSI generic ioctls compared with strace 6.1 on a fixture: failing (EBADF) and injected to succeed (the ints and
// structs the driver returns), SG_IO's v3 and v4 headers read at entry and exit, in each -X style and under -v, -s 3
// and -e verbose=none.
import assert from 'node:assert/strict';
import { IOCTL_OPTION_SETS, ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

ioctlMatchesStrace({
  title: 'SCSI generic',
  fixture: 'ioctl-scsi',
  optionSets: [...IOCTL_OPTION_SETS, ['-e', 'verbose=none'], ['-s', '3']],
  check: (v, extra) => {
    if (extra.length !== 0) return;
    assert.match(v, /SG_SCSI_RESET, \[SG_SCSI_RESET_NO_ESCALATE\|SG_SCSI_RESET_BUS\]/);
    assert.match(v, /SG_IO, \{interface_id='S', ADDR\}/);
    assert.match(v, /SG_IO, \[88\]/);
    assert.match(
      v,
      /dxferp="abc" => dxferp="abcd"|dxferp="\\x61\\x62\\x63\\x64\\x65" => dxferp="\\x61\\x62\\x63\\x64"/,
    );
    assert.match(v, /dout_xferp=\[\{iov_base="abc", iov_len=3\}, \{iov_base="def", iov_len=4\}\]/);
    assert.match(v, /subprotocol=0x9 \/\* BSG_SUB_PROTOCOL_\?\?\? \*\//);
  },
});
