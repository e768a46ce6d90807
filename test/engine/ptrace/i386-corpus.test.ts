// The i386 corpus: 32-bit programs (dynamic and static) traced by vat and strace; exact lines scored, every call
// named. Needs a kernel with IA-32 emulation (skipped where int $0x80 faults, as on the machine this was written on).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, needsIa32, scratch } from '../../helpers/fixtures.js';
import { normalize, traceWith } from '../../helpers/strace-oracle.js';

const PROGRAMS: readonly (readonly string[])[] = [['-m32'], ['-m32', '-static']];
const QUIET_NONE = ['-e', 'quiet=none'];

test('32-bit programs: >= 95 % of strace lines exact, every call named', { skip: needsIa32() }, () => {
  let exact = 0;
  let total = 0;
  for (const flags of PROGRAMS) {
    const exe = fixture('m32-corpus', flags);
    const dir = scratch();
    // -o implies -q (quiet=attach,personality) for a launched command: quiet=none keeps the personality line
    const s = normalize(traceWith('strace', QUIET_NONE, [exe], dir).trace).split('\n');
    const v = normalize(traceWith('vat', QUIET_NONE, [exe], dir).trace).split('\n');
    assert.ok(!v.some((l) => /syscall_0x/.test(l)), v.join('\n'));
    assert.ok(
      v.some((l) => /runs in 32 bit mode/.test(l)),
      v.join('\n'),
    );
    const seen = new Set(v);
    total += s.length;
    exact += s.filter((l) => seen.has(l)).length;
  }
  assert.ok(exact / total >= 0.95, `${exact}/${total} exact`);
});

test('32-bit programs: -e trace= names only i386 has (_llseek, mmap2, stat64) select their calls, as strace', {
  skip: needsIa32(),
}, () => {
  const exe = fixture('m32-corpus', ['-m32']);
  const dir = scratch();
  const options = ['-e', 'trace=_llseek,mmap2,stat64,fstatat64,/^statfs64$'];
  const s = normalize(traceWith('strace', options, [exe], dir).trace);
  const v = normalize(traceWith('vat', options, [exe], dir).trace);
  assert.match(s, /^_llseek\(/m);
  assert.match(s, /^mmap2\(/m);
  assert.equal(v, s);
});
