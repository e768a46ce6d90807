// -e inject= / -e fault=: every form against strace 6.1 on one fixture (same lines, same exit status), then
// vat's own conditions (path=, fd=, prob= with --seed), which strace does not have.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, scratch } from '../../helpers/fixtures.js';
import { runVat } from '../../helpers/run-vat.js';
import { messages, normalize, traceWith } from '../../helpers/strace-oracle.js';

const TRACED = ['-e', 'trace=getppid,chdir,open,write'];

/** Each option list is given to both tracers, with the calls above traced. */
const FORMS: readonly (readonly string[])[] = [
  ['-e', 'inject=getppid:retval=42:when=2+'],
  ['-e', 'inject=chdir:error=ENOENT:when=2..3'],
  ['-e', 'fault=open'],
  ['-e', 'fault=open:error=EACCES:when=3'],
  ['--fault=chdir:when=1+2'],
  ['-e', 'inject=getppid:signal=USR1:when=2'],
  ['-e', 'inject=getppid:error=EPERM:signal=SIGUSR1:when=3'],
  ['-e', 'inject=chdir:syscall=getpid:error=ENOENT'],
  ['-e', 'inject=chdir:syscall=gettid:retval=0:when=1'],
  // syscall= beside signal= alone: accepted and unused (the call runs), as strace
  ['-e', 'inject=getppid:signal=USR1:syscall=gettid:when=2'],
  ['-e', 'inject=write:poke_enter=@arg2=7a7a'],
  ['-e', 'inject=write:error=EIO:poke_exit=@arg2=41'],
  ['-e', 'inject=getppid:retval=5:delay_exit=20ms:when=1', '-e', 'inject=chdir:delay_enter=2ms:error=EIO'],
  ['-e', 'inject=getppid:retval=7', '-e', 'inject=chdir,open:error=EIO:when=1+2'],
  ['-e', 'inject=getppid,chdir:retval=0', '-e', 'inject=chdir:error=ENOTDIR'],
  ['--inject=%file:error=ENOENT:when=2', '-T'],
  ['-e', 'inject=getppid:retval=-1:when=1'],
];

for (const form of FORMS)
  test(`${form.join(' ')}: strace's lines and exit status`, () => {
    const exe = fixture('inject-calls');
    const dir = scratch();
    const options = [...TRACED, ...form];
    const s = traceWith('strace', options, [exe, dir], dir);
    const v = traceWith('vat', options, [exe, dir], dir);
    assert.ok(s.trace.includes('+++ exited with'), s.stderr);
    assert.equal(normalize(v.trace).replace(/ <T>$/gm, ''), normalize(s.trace).replace(/ <T>$/gm, ''));
    assert.equal(v.status, s.status, v.stderr);
    assert.equal(messages(v.stderr), messages(s.stderr));
  });

test('-f: invocations are counted per process, as strace counts them', () => {
  const exe = fixture('inject-calls');
  const dir = scratch();
  const options = ['-f', '-e', 'trace=getppid', '-e', 'inject=getppid:retval=1:when=2..3'];
  const s = traceWith('strace', options, [exe, dir, 'fork'], dir);
  const v = traceWith('vat', options, [exe, dir, 'fork'], dir);
  const injected = (t: string): number => t.split('(INJECTED)').length - 1;
  assert.equal(injected(s.trace), 4, s.trace);
  assert.equal(injected(v.trace), 4, v.trace);
  assert.equal(v.status, s.status);
});

test('--seccomp-bpf: injected calls stop and are tampered with (signals too)', () => {
  const exe = fixture('inject-calls');
  const dir = scratch();
  const options = ['-f', '--seccomp-bpf', '-e', 'trace=chdir', '-e', 'inject=chdir:error=ENOENT:when=2'];
  const s = traceWith('strace', options, [exe, dir, 'fork'], dir);
  const v = traceWith('vat', options, [exe, dir, 'fork'], dir);
  assert.equal(normalize(v.trace), normalize(s.trace));
  assert.equal(v.status, 1);
  // strace drops a signal given at a seccomp stop; vat sends it with tkill
  const sig = traceWith(
    'vat',
    ['-f', '--seccomp-bpf', '-e', 'trace=getppid', '-e', 'inject=getppid:signal=USR1:when=1'],
    [exe, dir],
    dir,
  );
  assert.match(sig.trace, /--- SIGUSR1 \{si_signo=SIGUSR1, si_code=SI_TKILL/);
  assert.equal(sig.status, 20, sig.trace);
});

test('-c: injected errors count as errors', () => {
  const exe = fixture('inject-calls');
  const dir = scratch();
  const v = traceWith(
    'vat',
    ['-c', '-e', 'trace=chdir', '-e', 'inject=chdir:error=EIO:when=2+'],
    [exe, dir],
    dir,
  );
  assert.match(v.trace, /^ *[\d.]+ +[\d.]+ +\d+ +3 +2 chdir$/m, v.trace);
});

test("bad expressions: strace's words, exit 1", () => {
  const cases: readonly [string, string][] = [
    ['inject=chdir', "invalid inject argument 'chdir'"],
    ['inject=chdir:when=0:error=1', "invalid inject argument 'chdir:when=0:error=1'"],
    ['inject=chdir:error=1:when=2..1', "invalid inject argument 'chdir:error=1:when=2..1'"],
    ['inject=chdir:error=1:retval=2', "invalid inject argument 'chdir:error=1:retval=2'"],
    ['inject=chdir:error=EBOGUS', "invalid inject argument 'chdir:error=EBOGUS'"],
    ['inject=chdir:signal=65', "invalid inject argument 'chdir:signal=65'"],
    ['inject=chdir:syscall=open:error=1', "invalid inject argument 'chdir:syscall=open:error=1'"],
    ['inject=chdir:syscall=getpid', "invalid inject argument 'chdir:syscall=getpid'"],
    ['inject=chdir:poke_enter=@arg8=00', "invalid inject argument 'chdir:poke_enter=@arg8=00'"],
    // strace's limits: 1024 bytes a poke, each argument once
    [
      `inject=chdir:poke_enter=@arg1=${'00'.repeat(1025)}`,
      `invalid inject argument 'chdir:poke_enter=@arg1=${'00'.repeat(1025)}'`,
    ],
    [
      'inject=chdir:poke_exit=@arg1=00,@arg1=00',
      "invalid inject argument 'chdir:poke_exit=@arg1=00,@arg1=00'",
    ],
    ['inject=chdir:poke_enter=', "invalid inject argument 'chdir:poke_enter='"],
    ['fault=chdir:retval=1', "invalid fault argument 'chdir:retval=1'"],
    ['inject=nosuch:error=1', "invalid system call 'nosuch'"],
  ];
  for (const [expr, message] of cases) {
    const r = runVat(['-e', expr, 'true']);
    assert.equal(r.status, 1, expr);
    assert.equal(r.stderr, `vat: ${message}\n`, expr);
  }
  assert.equal(runVat(['-e', `inject=chdir:poke_enter=@arg1=${'00'.repeat(1024)}`, 'true']).status, 0);
  // strace reads poke lists with strtok: empty items vanish, even a lone comma
  for (const pokes of ['@arg1=00,,@arg2=00', ',@arg1=00', '@arg1=00,', ',']) {
    assert.equal(runVat(['-e', `inject=chdir:poke_exit=${pokes}`, 'true']).status, 0, pokes);
  }
  const warned = runVat(['-e', 'trace=none', '-e', 'inject=chdir:retval=-1', 'true']);
  assert.equal(
    warned.stderr.split('\n')[0],
    'vat: Inadvertent injection of error 1 is possible for retval=18446744073709551615',
  );
  assert.equal(warned.status, 0);
});

test('path=GLOB and fd=N: only the calls whose argument matches', () => {
  const exe = fixture('inject-calls');
  const dir = scratch();
  const v = traceWith('vat', [...TRACED, '-e', 'inject=open:error=EACCES:path=**/b.txt'], [exe, dir], dir);
  assert.equal(v.status, 2, v.trace);
  assert.equal((v.trace.match(/b\.txt.*EACCES.*\(INJECTED\)$/gm) ?? []).length, 2, v.trace);
  assert.doesNotMatch(v.trace, /a\.txt.*INJECTED/);
  const w = traceWith('vat', [...TRACED, '-e', 'inject=write:error=ENOSPC:fd=1'], [exe, dir], dir);
  assert.match(w.trace, /^write\(1, "abcdefg\\n", 8\) += -1 ENOSPC .*\(INJECTED\)$/m);
  assert.equal(w.status, 1);
  const none = traceWith('vat', [...TRACED, '-e', 'inject=write:error=ENOSPC:fd=2'], [exe, dir], dir);
  assert.equal(none.status, 0);
});

test('prob=PERCENT with --seed N: the same choices on every run', () => {
  const exe = fixture('inject-calls');
  const dir = scratch();
  const run = (seed: string): string =>
    normalize(
      traceWith(
        'vat',
        [...TRACED, '--seed', seed, '-e', 'inject=open,chdir:error=EIO:prob=50'],
        [exe, dir],
        dir,
      ).trace,
    );
  const first = run('7');
  assert.equal(run('7'), first);
  const injected = first.split('(INJECTED)').length - 1;
  assert.ok(injected > 0 && injected < 7, first);
  const all = traceWith('vat', [...TRACED, '-e', 'inject=chdir:error=EIO:prob=100'], [exe, dir], dir);
  assert.equal(all.status, 3);
  const never = traceWith('vat', [...TRACED, '-e', 'inject=chdir:error=EIO:prob=0'], [exe, dir], dir);
  assert.equal(never.status, 0);
});
