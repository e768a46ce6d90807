// quotactl(2)'s XFS commands (Q_X*): fs_disk_quota, fs_quota_stat(v) and the flag arguments, under each -X style
// and -v, compared with strace 6.1 (every call fails: the device does not exist).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, traceWith } from '../../helpers/strace-oracle.js';

/** The fixture's addresses (12 hex digits). */
const mask = (t: string): string => t.replace(/0x7f[0-9a-f]{10}|0x5[0-9a-f]{11}/g, 'ADDR');

for (const opts of [[], ['-v'], ['-Xraw'], ['-Xverbose']]) {
  test(`quotactl XFS commands ${opts.join(' ') || 'abbreviated'}, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('quotactl-xfs-cmds');
    const o = ['-e', 'trace=quotactl', ...opts];
    const v = traceWith('vat', o, [exe]).trace;
    assert.equal(mask(v), mask(traceWith('strace', o, [exe]).trace));
    assert.match(v, /d_version=1/);
  });
}
