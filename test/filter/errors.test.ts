// Bad qualifiers and time options: strace's words (its own, run here), one line, exit status 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { runVat } from '../helpers/run-vat.js';

const BAD: readonly (readonly string[])[] = [
  ['-e', 'status=maybe'],
  ['-e', 'status='],
  ['-e', 'status=,'],
  ['--status=successful,sometimes'],
  ['-e', 'signal=NOSIG'],
  ['-e', 'signal=256'],
  ['-e', 'signal=!'],
  ['-e', 'signal=all,SIGHUP'],
  ['-e', 'quiet=foo'],
  ['--quiet=attach,loud'],
  ['-e', 'read=x'],
  ['-e', 'write=-1'],
  ['--timestamps=foo'],
  ['--timestamps=format:ns'],
  ['--absolute-timestamps=precision:time'],
  ['--relative-timestamps='],
  ['--relative-timestamps=ps'],
  ['--syscall-times='],
  ['--syscall-times=minutes'],
  ['-t', '--timestamps'],
  ['-ttt', '--timestamps=unix'],
  ['-q', '-e', 'quiet=exit'],
  ['--quiet', '-q'],
  ['-e', 'foo=bar'],
];

for (const args of BAD)
  test(`${args.join(' ')}: strace's message and exit status`, () => {
    const s = spawnSync('strace', [...args, 'true'], { encoding: 'utf8' });
    // strace's lines: its message, and after a usage error its pointer to -h
    const expected = s.stderr.replace(/^strace: /, 'vat: ').replace("'strace -h'", "'vat -h'");
    assert.ok(expected.startsWith('vat: '), s.stderr);
    const r = runVat([...args, 'true']);
    assert.equal(r.stderr, expected);
    assert.equal(r.status, s.status);
  });

test('what strace accepts: -P of a missing path, empty --timestamps=, signal 0, status=all', () => {
  for (const args of [
    ['-P', '/nonexistent/path'],
    ['--timestamps='],
    ['--timestamps=unix,ms,time'],
    ['-e', 'signal=0'],
    ['-e', 'status=all'],
    ['-e', 'quiet=none'],
    ['--fail'],
  ]) {
    const r = runVat([...args, '-e', 'trace=none', 'true']);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  }
});

test('a long option by an unambiguous prefix; an ambiguous one is refused', () => {
  const r = runVat(['--successful', '--syscall-t=ms', '--relative=us', '-e', 'trace=none', 'true']);
  assert.equal(r.status, 0, r.stderr);
  const bad = runVat(['--su', 'true']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^vat: option '--su' is ambiguous; possibilities: '--/);
});
