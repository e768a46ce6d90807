// -e trace= grammar at its edges (empty items, numbers, @64/@32/@x32, `all` among items, regcomp errors),
// -S/-U spellings, -V among options: strace's own answers, run here, are the expected ones.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { CLI } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

/** strace's stderr with its name turned into vat's, and its exit status. */
function strace(args: readonly string[]): { stderr: string; status: number | null } {
  const s = spawnSync('strace', args, { encoding: 'utf8' });
  return {
    stderr: s.stderr.replace(/^strace: /gm, 'vat: ').replaceAll("'strace -h'", "'vat -h'"),
    status: s.status,
  };
}

// with no command: an invalid set says why; a valid one gets as far as `must have PROG [ARGS] or -p PID`
const SETS = [
  '',
  ',',
  '!,,',
  'chdir,',
  ',chdir',
  '1',
  '!1',
  '1,none',
  '1,!chdir',
  'all,nonsense',
  'nonsense,all',
  '-1',
  '0x',
  '32767',
  '2147483648',
  '415',
  'getcwd@64',
  'getcwd@32',
  'getcwd@x32',
  'getcwd@',
  'getcwd@42',
  '?getcwd@ohmy',
  '1@64',
  '-1@64',
  'chdir@64,nonsense',
  '?32767',
  '?/non_syscall,nonsense',
  '/non_syscall',
  '%',
  '%not_a_class',
  '%file,nonsense',
];

for (const set of SETS)
  test(`-e trace=${set}: strace's message and exit status`, () => {
    const expected = strace([`-e`, `trace=${set}`]);
    const r = runVat([`-e`, `trace=${set}`]);
    assert.equal(r.stderr, expected.stderr);
    assert.equal(r.status, expected.status);
  });

test('-e trace=/REGEX that does not compile: `regcomp: PATTERN: reason`, as strace', () => {
  for (const pattern of ['+id', '*id', '{id', '(id', '[id']) {
    const expected = strace(['-e', `trace=/${pattern}`]);
    assert.match(expected.stderr, new RegExp(`^vat: regcomp: \\${pattern}: [A-Za-z].+\n$`));
    const r = runVat(['-e', `trace=/${pattern}`]);
    assert.match(r.stderr, new RegExp(`^vat: regcomp: \\${pattern}: [A-Za-z].+\n$`));
    assert.equal(r.status, expected.status);
  }
});

test('-e trace=0,3 selects read and close by number: the calls strace shows for `true`', () => {
  const names = (text: string): string[] => [...new Set(text.match(/^[a-z0-9_]+(?=\()/gm) ?? [])].sort();
  const s = spawnSync('strace', ['-e', 'trace=0,3', 'true'], { encoding: 'utf8' });
  const r = runVat(['-e', 'trace=0,3', 'true']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(names(r.stderr), names(s.stderr));
  assert.deepEqual(names(r.stderr), ['close', 'read']);
});

// -S and -U take strace's spellings with `_` or `-`; a repeated column is strace's error
const SUMMARY = [
  ['-S', 'time_total'],
  ['--summary-sort-by=total_time'],
  ['-S', 'time_percent'],
  ['-S', 'syscall_names'],
  ['-c', '-U', 'time,time_total,avg_time,calls,errors,name'],
  ['-c', '-U', 'shortest,longest'],
  ['-U', 'time,,name'],
  ['-U', 'time,time_percent,time_total'],
];

for (const args of SUMMARY)
  test(`${args.join(' ')}: strace's answer`, () => {
    const expected = strace(args);
    const r = runVat(args);
    assert.equal(r.stderr, expected.stderr);
    assert.equal(r.status, expected.status);
  });

test('-V among other options (-o FILE -V) prints the version and traces nothing, as strace', () => {
  const s = spawnSync('strace', ['-o', '/dev/null', '-V'], { encoding: 'utf8' });
  assert.equal(s.status, 0);
  const r = runVat(['-o', '/dev/null', '-V']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^vat -- version \S+\n$/);
});

test('started under a name (exec -a NAME), vat prints that name where strace prints its argv[0]', () => {
  const name = '/nowhere/tracer-under-test';
  const s = spawnSync('bash', ['-c', `exec -a ${name} strace`], { encoding: 'utf8' });
  const r = spawnSync('bash', ['-c', `exec -a ${name} "${process.execPath}" "${CLI}"`], { encoding: 'utf8' });
  assert.equal(
    s.stderr,
    `${name}: must have PROG [ARGS] or -p PID\nTry '${name} -h' for more information.\n`,
  );
  assert.equal(r.stderr, s.stderr);
  assert.equal(r.status, s.status);
});
