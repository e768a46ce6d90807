// keyctl(2)'s permission, flag and errno arguments, the Diffie-Hellman and public-key structs, iovecs and the
// capabilities bytes, under each -X style and -v, compared with strace 6.1 (every call is refused).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, traceWith } from '../../helpers/strace-oracle.js';

/** The fixture's addresses (12 hex digits). */
const mask = (t: string): string => t.replace(/0x7f[0-9a-f]{10}|0x5[0-9a-f]{11}/g, 'ADDR');

for (const opts of [[], ['-v'], ['-Xraw'], ['-Xverbose']]) {
  test(`keyctl structs and flags ${opts.join(' ') || 'abbreviated'}, as strace`, {
    skip: !hasStrace && 'strace is not installed',
  }, () => {
    const exe = fixture('keyctl-cmds');
    const o = ['-e', 'trace=keyctl', ...opts];
    const v = traceWith('vat', o, [exe]).trace;
    assert.equal(mask(v), mask(traceWith('strace', o, [exe]).trace));
    assert.match(v, /otherinfolen=6/);
  });
}
