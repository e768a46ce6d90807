// quotactl(2)'s XFS commands (Q_X*): fs_disk_quota, fs_quota_stat(v) and the flag arguments, under each -X style
// and -v, compared with strace 6.1 (every call fails: the device does not exist).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { assertSameAsStrace, hasStrace } from '../../helpers/strace-oracle.js';

for (const opts of [[], ['-v'], ['-Xraw'], ['-Xverbose']]) {
  test(`quotactl XFS commands ${opts.join(' ') || 'abbreviated'}, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('quotactl-xfs-cmds');
    const o = ['-e', 'trace=quotactl', ...opts];
    const v = assertSameAsStrace(o, [exe]);
    assert.match(v, /d_version=1/);
  });
}
