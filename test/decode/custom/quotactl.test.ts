// quotactl/quotactl_fd: QCMD under each -X style, ids, the if_dqblk/if_nextdqblk/if_dqinfo structs (abbreviated
// without -v), formats and paths by command, compared with strace 6.1 on calls that fail or get an injected result.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, traceWith } from '../../helpers/strace-oracle.js';

const normalize = (trace: string): string =>
  trace.replace(/0x7[0-9a-f]{9,11}\b/g, 'ADDR').replace(/ +=/g, ' =');

const RUNS: readonly (readonly string[])[] = [
  ['-Xabbrev'],
  ['-Xraw'],
  ['-Xverbose'],
  ['-v'],
  ['-e', 'inject=quotactl,quotactl_fd:retval=0'],
  ['-v', '-e', 'inject=quotactl,quotactl_fd:retval=0'],
];

for (const run of RUNS) {
  test(`quotactl commands with ${run.join(' ')}, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('quotactl-cmds');
    const opts = ['-e', 'trace=quotactl,quotactl_fd', ...run];
    const v = normalize(traceWith('vat', opts, [exe]).trace);
    assert.equal(v, normalize(traceWith('strace', opts, [exe]).trace));
    if (run[0] === '-Xabbrev') {
      assert.match(
        v,
        /^quotactl\(QCMD\(Q_SETQUOTA, USRQUOTA\), "[^"]+", 1000, \{dqb_bhardlimit=\d+, .*, \.\.\.\}\)/m,
      );
      assert.match(v, /^quotactl\(QCMD\(Q_SYNC, GRPQUOTA\), "[^"]+"\) = -1/m);
    }
  });
}
