// -z, -Z and -e status=: which calls print by how they ended, compared with strace on the same programs. With a
// status filter strace holds each call's text until it returns, so lines come whole, quirks included.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, scratch } from '../helpers/fixtures.js';
import { normalize, traceWith } from '../helpers/strace-oracle.js';

const CALLS: readonly (readonly string[])[] = [
  ['-z'],
  ['--successful-only'],
  ['-Z'],
  ['--failed-only'],
  ['-e', 'status=failed,unfinished'],
  ['-e', 'status=!successful'],
  ['--status=unfinished'],
  ['-e', 'status=none'],
  ['-e', 'status=all'],
  ['-z', '-e', 'status=failed'],
  ['-Z', '-T'],
];

for (const options of CALLS)
  test(`${options.join(' ')}: the calls strace prints, as it prints them`, () => {
    const exe = fixture('filter-calls');
    const dir = scratch();
    const s = traceWith('strace', options, [exe, dir], dir);
    const v = traceWith('vat', options, [exe, dir], dir);
    assert.equal(s.status, 0, s.stderr);
    assert.equal(v.status, 0, v.stderr);
    assert.ok(s.trace.includes('+++ exited with 0 +++'), s.trace);
    assert.equal(normalize(v.trace), normalize(s.trace));
  });

const WAIT: readonly (readonly string[])[] = [
  ['-z'],
  ['-Z'],
  ['-e', 'status=unfinished'],
  ['-e', 'status=successful,failed'],
  ['-z', '-e', 'signal=!SIGKILL'],
];

for (const options of WAIT)
  test(`-f ${options.join(' ')}: a line held back while another process's line comes`, () => {
    const exe = fixture('filter-wait');
    const dir = scratch();
    const all = ['-f', '-e', 'trace=wait4', ...options];
    const s = traceWith('strace', all, [exe], dir);
    const v = traceWith('vat', all, [exe], dir);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(normalize(v.trace), normalize(s.trace));
  });

test("-z: strace's ` <unfinished ...>` inside a held-back line is kept", () => {
  const exe = fixture('filter-wait');
  const v = traceWith('vat', ['-f', '-z', '-e', 'trace=wait4'], [exe], scratch());
  assert.match(normalize(v.trace), /^PID wait4\(PID, {2}<unfinished \.\.\.>\n\[\{WIFSIGNALED/m);
});

test("-z and -Z together: the last one wins, with strace's warning", () => {
  const exe = fixture('filter-calls');
  const dir = scratch();
  const v = traceWith('vat', ['-z', '-Z'], [exe, dir], dir);
  assert.equal(
    v.stderr,
    'vat: Only the last of -z/--successful-only/-Z/--failed-only options will take effect. ' +
      'See status qualifier for more complex filters.\n',
  );
  const s = traceWith('strace', ['-Z'], [exe, dir], dir);
  assert.equal(normalize(v.trace), normalize(s.trace));
});
