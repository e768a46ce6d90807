// A launch with an environment bigger than the room below the launcher's stack pointer (as `make check` gives:
// strace's suite run had 133 KB of MAKEFLAGS): the command still gets exactly its argv[0], arguments and
// environment, as under strace. The exec rewrite used to be skipped there, and commands ran with the shell's argv.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, scratch } from '../../helpers/fixtures.js';
import { hasStrace, runTracer } from '../../helpers/strace-oracle.js';

/** 3 x 60 KB: above the ~125 KB the kernel leaves below a fresh process's stack pointer. */
const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  BIG1: 'a'.repeat(60_000),
  SMALL: 'between',
  BIG2: 'b'.repeat(60_000),
  BIG3: 'c'.repeat(60_000),
  LAST: 'z',
};
const args = Array.from({ length: 300 }, (_, i) => `argument-${i}-${'x'.repeat(100)}`);

function run(tracer: 'strace' | 'vat', argv0: readonly string[]) {
  const out = join(scratch(), 'trace.txt');
  const argv = ['-e', 'trace=execve', '-s', '8', ...argv0, '-o', out, '--', fixture('whoami'), ...args];
  const r = runTracer(tracer, argv, { env });
  // what the command saw of its start: argv[0] and the environment, in order
  const seen = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('argv0=') || l.startsWith('env '))
    .join('\n');
  // envp is shown as its address (which differs from run to run) and its count of variables
  const trace = readFileSync(out, 'utf8').replace(/\], 0x[0-9a-f]+ \/\*/, '], ENVP /*');
  return { status: r.status, stderr: r.stderr, seen, trace };
}

const skip = !hasStrace && 'strace not installed';

test('a 180 KB environment and 300 arguments: the command starts as under strace', { skip }, () => {
  const vat = run('vat', []);
  const strace = run('strace', []);
  assert.equal(vat.stderr, '');
  assert.equal(vat.status, 0);
  assert.match(vat.seen, /^env BIG1=a{60000}\nenv SMALL=between\nenv BIG2=/m);
  assert.equal(vat.seen, strace.seen);
  // the execve line: path, argv, and the count of variables
  assert.equal(vat.trace, strace.trace);
});

test('the same with --argv0 (strace 6.1 has no --argv0): only argv[0] differs', { skip }, () => {
  const vat = run('vat', ['--argv0', 'renamed']);
  const strace = run('strace', []);
  assert.equal(vat.stderr, '');
  assert.equal(vat.seen, strace.seen.replace(/^argv0=.*$/m, 'argv0=renamed'));
  assert.equal(vat.trace, strace.trace.replace(/, \["[^"]*"(\.\.\.)?/, ', ["renamed"'));
});
