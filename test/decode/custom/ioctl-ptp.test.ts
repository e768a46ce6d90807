// PTP hardware clock ioctls (PTP_*: caps, extts, perout, PPS, system offsets and their samples, pins) compared with
// strace 6.1 on a fixture, failing (EBADF) and injected to succeed so that the exit-phase parts print, in each -X
// style, under -v, -s 3 (arrays cut) and -e verbose=none (strace leaves them undecoded).
import assert from 'node:assert/strict';
import { IOCTL_OPTION_SETS, ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

ioctlMatchesStrace({
  title: 'PTP clock',
  fixture: 'ioctl-ptp',
  optionSets: [...IOCTL_OPTION_SETS, ['-e', 'verbose=none'], ['-s', '3', '-e', 'inject=ioctl:retval=0']],
  check: (v, extra) => {
    if (extra.includes('verbose=none')) {
      assert.match(v, /ioctl\(-1, PTP_EXTTS_REQUEST, ADDR\)/);
      return;
    }
    if (extra.length !== 2 || extra[1] !== 'inject=ioctl:retval=0') return;
    assert.match(
      v,
      /PTP_EXTTS_REQUEST2, \{index=8, flags=PTP_ENABLE_FEATURE\|PTP_RISING_EDGE, rsv=\[0, 0xfeed\]\}/,
    );
    assert.match(v, /phase=\{sec=1700000000, nsec=0\}, period=\{sec=1, nsec=500000000\}/);
    assert.match(v, /ts=\[\{sec=1700000000, nsec=0\} \/\* 2023-11-1\dT/);
    assert.match(v, /sys_realtime=\{sec=320255973501901, nsec=999999999\} \/\* 10150477-10-1\dT/);
    assert.match(
      v,
      /PTP_PIN_GETFUNC, \{index=0, name="pin\\twith \\"quotes\\"", func=PTP_PF_PEROUT, chan=2\}/,
    );
  },
});
