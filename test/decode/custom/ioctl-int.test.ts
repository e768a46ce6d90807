// The terminal, random, socket and fs requests whose argument is an int, flags, a termios or a winsize, compared with
// strace 6.1: strace reads them through umove_or_printaddr, so -e verbose=none prints their addresses, failing or not;
// the termios flags follow the -X style.
import assert from 'node:assert/strict';
import { IOCTL_OPTION_SETS, ioctlMatchesStrace } from '../../helpers/ioctl-oracle.js';

const VERBOSE_NONE = ['-e', 'verbose=none'];
const INJECT = ['-e', 'inject=ioctl:retval=0'];

ioctlMatchesStrace({
  title: 'int and termios',
  fixture: 'ioctl-int',
  optionSets: [...IOCTL_OPTION_SETS, VERBOSE_NONE, [...VERBOSE_NONE, ...INJECT], ['-v', '-Xraw', ...INJECT]],
  check: (v, extra) => {
    if (extra.includes('verbose=none')) {
      assert.doesNotMatch(v, /\[42\]|\{c_iflag|\{ws_row/);
      assert.match(v, /ioctl\(-1, TIOCSPGRP, ADDR\)/);
    } else if (extra.length === 0) {
      assert.match(v, /TIOCSPGRP, \[42\]\)/);
      assert.match(v, /c_iflag=ICRNL, c_oflag=NL0\|CR0\|TAB0\|BS0\|VT0\|FF0\|OPOST\|ONLCR/);
    }
  },
});
