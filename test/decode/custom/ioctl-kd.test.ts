// Virtual console ioctls (linux/kd.h) compared with strace 6.1 on a fixture: failing (EBADF) and injected to succeed
// (what GET requests wrote back, `=>` for the ones that change their struct), in the three -X styles.
import assert from 'node:assert/strict';
import { ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

ioctlMatchesStrace({
  title: 'console',
  fixture: 'ioctl-kd',
  // KD_FONT_OP_SET_DEFAULT's font name is on a .rodata page nothing faulted in (EBADF comes first): eBPF cannot read it
  ptrace: true,
  optionSets: [
    [],
    ['-Xverbose'],
    ['-Xraw'],
    ['-e', 'inject=ioctl:retval=0'],
    ['-s', '8', '-Xverbose', '-e', 'inject=ioctl:retval=0'],
  ],
  check: (v, extra) => {
    if (extra.length > 0) return;
    assert.match(v, /kb_table=1<<KG_CTRL\|1<<KG_ALT, kb_index=28, kb_value=0x201 \/\* K_ENTER \*\//);
    assert.match(v, /KDSKBDIACR, \{kb_cnt=2, kbdiacr=\[\{diacr='`', base='a', result='\\xe0'\}/);
    assert.match(v, /KDMKTONE, 100<<16\|2000 \/\* 596 Hz, 100 ms \*\//);
  },
});
