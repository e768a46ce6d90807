// keyctl(2)'s permission, flag and errno arguments, the Diffie-Hellman and public-key structs, iovecs and the
// capabilities bytes, under each -X style and -v, compared with strace 6.1 (every call is refused).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { assertSameAsStrace, hasStrace } from '../../helpers/strace-oracle.js';

for (const opts of [[], ['-v'], ['-Xraw'], ['-Xverbose']]) {
  test(`keyctl structs and flags ${opts.join(' ') || 'abbreviated'}, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('keyctl-cmds');
    const o = ['-e', 'trace=keyctl', ...opts];
    const v = assertSameAsStrace(o, [exe]);
    assert.match(v, /otherinfolen=6/);
  });
}
