// -e signal= (which `--- SIG ---`/`+++ killed by` lines print) and -e quiet= (which notices), with strace as the
// oracle; their grammar: `!`, all, none, numbers, names with or without SIG in any case.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuietSet, parseSignalSet, quietClasses } from '../../src/filter/qualifiers.js';
import { fixture, scratch } from '../helpers/fixtures.js';
import { messages, normalize, traceWith } from '../helpers/strace-oracle.js';

const SIGNALS: readonly (readonly string[])[] = [
  ['-e', 'signal=SIGUSR2'],
  ['-e', 'signal=usr1'],
  ['-e', 'signal=!usr2'],
  ['-e', 'signal=12'],
  ['-e', 'signals=none'],
  ['-e', 's=all'],
  ['--signals=!!SIGUSR1,SIGUSR2'],
  ['--signal=10'],
];

for (const options of SIGNALS)
  test(`${options.join(' ')}: the signal lines strace prints`, () => {
    const exe = fixture('filter-calls');
    const dir = scratch();
    const s = traceWith('strace', options, [exe, dir], dir);
    const v = traceWith('vat', options, [exe, dir], dir);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(normalize(v.trace), normalize(s.trace));
  });

const KILLED: readonly (readonly string[])[] = [
  ['-e', 'signal=SIGCHLD'],
  ['-e', 'signal=!SIGCHLD'],
];

for (const options of KILLED)
  test(`-f ${options.join(' ')}: \`+++ killed by\` follows the signal set`, () => {
    const exe = fixture('filter-wait');
    const dir = scratch();
    const all = ['-f', '-e', 'trace=wait4', ...options];
    const s = traceWith('strace', all, [exe], dir);
    const v = traceWith('vat', all, [exe], dir);
    assert.equal(normalize(v.trace), normalize(s.trace));
  });

const QUIET: readonly (readonly string[])[] = [
  ['-e', 'quiet=exit'],
  ['-e', 'quiet=none'],
  ['-e', 'quiet=attach,exits'],
  ['--quiet=all'],
  ['--quiet'],
  ['--silent=!attach'],
  ['-qq'],
];

for (const options of QUIET)
  test(`-f ${options.join(' ')}: the notices and exit lines strace prints`, () => {
    const exe = fixture('filter-wait');
    const dir = scratch();
    const all = ['-f', '-e', 'trace=wait4', ...options];
    const s = traceWith('strace', all, [exe], dir);
    const v = traceWith('vat', all, [exe], dir);
    assert.equal(normalize(v.trace), normalize(s.trace));
    const pids = (t: string): string => t.replace(/\d+/g, 'N');
    assert.equal(pids(messages(v.stderr)), pids(messages(s.stderr)));
  });

test("signal names: strace's names only, any case, SIG optional; numbers up to 255", () => {
  assert.deepEqual(parseSignalSet('SIGTERM,int,Sigrt_2,rtmin,0,255'), {
    not: false,
    items: [15, 2, 34, 32, 0, 255],
  });
  assert.deepEqual(parseSignalSet('!!!hup'), { not: true, items: [1] });
  assert.deepEqual(parseSignalSet('all'), { not: true, items: [] });
  assert.deepEqual(parseSignalSet('!none'), { not: true, items: [] });
  assert.deepEqual(parseSignalSet('usr1,,usr2'), { not: false, items: [10, 12] });
  for (const bad of ['SIGIOT', 'SIGRT_0', '256', '+5', 'all,HUP', '', '!', ','])
    assert.throws(() => parseSignalSet(bad), {
      message: `invalid signal '${bad === 'all,HUP' ? 'all' : bad}'`,
    });
});

test('quiet classes: aliases, -q levels as strace spells them', () => {
  assert.deepEqual(quietClasses(parseQuietSet('superseded,exits')), ['exit', 'thread-execve']);
  assert.deepEqual(quietClasses(parseQuietSet('attach,personality')), ['attach', 'personality']);
  assert.deepEqual(quietClasses(parseQuietSet('all')), [
    'attach',
    'exit',
    'path-resolution',
    'personality',
    'thread-execve',
  ]);
  assert.deepEqual(quietClasses(parseQuietSet('!Path-Resolution')).includes('path-resolution'), false);
});
