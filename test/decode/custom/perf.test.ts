// perf_event_open(2)'s perf_event_attr and the PERF_EVENT_IOC_* ioctls, under each -X style, with and without
// -v, compared with strace 6.1 (the fixture's attrs stay within what strace 6.1 names: sizes up to VER7, branch
// types below PERF_SAMPLE_BRANCH_COUNTERS).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { assertSameAsStrace, hasStrace } from '../../helpers/strace-oracle.js';

for (const opts of [[], ['-v'], ['-Xraw'], ['-Xverbose', '-v']]) {
  test(`perf_event_attr and perf ioctls ${opts.join(' ') || 'abbreviated'}, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('perf-attrs');
    const o = ['-e', 'trace=perf_event_open,ioctl', ...opts];
    const v = assertSameAsStrace(o, [exe]);
    assert.match(v, /perf_event_open\(\{type=/);
    assert.match(v, /ids_len=/);
  });
}
