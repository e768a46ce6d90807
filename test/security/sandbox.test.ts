// vat sandbox on a real kernel: a hostile fixture is stopped in errno and kill modes and named in log mode;
// real programs run identically under their own recorded profile.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, ia32Available, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const ALL_ATTEMPTS = [
  'socket-64',
  'ptrace-64',
  'socket-i386',
  'ptrace-i386',
  'socket-x32',
  'ptrace-x32',
  'execve-x32',
  'execve-i386',
  'execve-64',
] as const;
/** The i386 attempts only where the kernel runs i386 code (with IA-32 emulation off, int $0x80 faults). */
const ATTEMPTS = ALL_ATTEMPTS.filter((a) => ia32Available() || !a.endsWith('-i386'));
/** The syscall and ABI each attempt makes, as vat names it. */
const NAMED: Record<(typeof ALL_ATTEMPTS)[number], string> = {
  'socket-64': 'socket',
  'ptrace-64': 'ptrace',
  'execve-64': 'execve',
  'socket-i386': 'socket (i386 ABI)',
  'ptrace-i386': 'ptrace (i386 ABI)',
  'execve-i386': 'execve (i386 ABI)',
  'socket-x32': 'socket (x32 ABI)',
  'ptrace-x32': 'ptrace (x32 ABI)',
  'execve-x32': 'execve (x32 ABI)',
};
const SIGSYS = 31;

function hostileProfile(): { exe: string; profile: string } {
  const exe = fixture('hostile');
  const profile = join(scratch(), 'hostile.json');
  const r = runVat(['profile', 'record', '-o', profile, '--', exe, 'benign']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'benign: 0\n');
  return { exe, profile };
}

test('errno mode: every hostile attempt fails with EPERM, on every ABI, and no shell runs', () => {
  const { exe, profile } = hostileProfile();
  const r = runVat(['sandbox', '--profile', profile, '--', exe, ...ATTEMPTS]);
  // an execve other than the launch's kills even in errno mode (an errno would be a guessing oracle)
  assert.equal(r.status, 128 + SIGSYS, r.stderr);
  assert.doesNotMatch(r.stdout, /HOSTILE-SHELL-RAN/);
  const lines = r.stdout.trim().split('\n');
  assert.deepEqual(
    lines,
    ATTEMPTS.filter((a) => a !== 'execve-64').map((a) => `${a}: -1 EPERM`),
  );
  assert.match(r.stderr, /errno mode: .*cannot count them/);
});

test('a pinned execve cannot be guessed: the first wrong pointer kills the program', () => {
  const exe = fixture('exec-guess');
  const profile = join(scratch(), 'guess.json');
  assert.equal(runVat(['profile', 'record', '-o', profile, '--', exe, 'benign']).status, 0);
  for (const mode of ['errno', 'kill']) {
    const r = runVat(['sandbox', '--profile', profile, '--mode', mode, '--', exe, 'guess']);
    assert.equal(r.status, 128 + SIGSYS, `${mode}: ${r.stderr}`);
    assert.equal(r.stdout, 'trying 0\n', `${mode}: no answer to learn from, no second guess`);
  }
});

test('errno mode with --errno EACCES: the denied calls get that errno', () => {
  const { exe, profile } = hostileProfile();
  const r = runVat(['sandbox', '--profile', profile, '--errno', 'EACCES', '--', exe, 'ptrace-64']);
  assert.equal(r.stdout, 'ptrace-64: -1 EACCES\n');
});

test('kill mode: each hostile attempt kills the command with SIGSYS before it can print, and is named', () => {
  const { exe, profile } = hostileProfile();
  for (const attempt of ATTEMPTS) {
    const r = runVat(['sandbox', '--profile', profile, '--mode', 'kill', '--', exe, attempt]);
    assert.equal(r.status, 128 + SIGSYS, `${attempt}: ${r.stderr}`);
    assert.equal(r.stdout, '', attempt);
    assert.match(r.stderr, /killed by SIGSYS/, attempt);
    // the syscall comes from the kernel's audit record when /dev/kmsg is readable (root); else vat says so
    if (/named from the kernel audit log/.test(r.stderr))
      assert.match(r.stderr, new RegExp(`\\s1  ${NAMED[attempt].replace(/[()]/g, '\\$&')}\\n`), attempt);
    else assert.match(r.stderr, /not observable after detaching/);
  }
});

test('log mode: each hostile attempt goes through and is named as it happens', () => {
  const { exe, profile } = hostileProfile();
  for (const attempt of ATTEMPTS) {
    const r = runVat(['sandbox', '--profile', profile, '--mode', 'log', '--', exe, attempt]);
    assert.equal(r.status, 0, `${attempt}: ${r.stderr}`);
    const name = NAMED[attempt].replace(/[()]/g, '\\$&').replace(' ', '(?: \\(exec /bin/sh\\))? ');
    assert.match(
      r.stderr,
      new RegExp(`^vat: ALERT pid \\d+: syscall ${name}`, 'm'),
      `${attempt}: ${r.stderr}`,
    );
  }
  const json = runVat(['sandbox', '--profile', profile, '--mode', 'log', '--json', '--', exe, 'socket-64']);
  const alerts = json.stderr
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; detail?: string; counts?: Record<string, number> });
  assert.ok(alerts.some((a) => a.type === 'alert' && a.detail === 'socket'));
  assert.deepEqual(alerts.find((a) => a.type === 'summary')?.counts, { socket: 1 });
});

test('the filter is really in the kernel: Seccomp 2 and NoNewPrivs 1 in the sandboxed command', () => {
  const dir = scratch();
  const profile = join(dir, 'cat.json');
  assert.equal(runVat(['profile', 'record', '-o', profile, '--', 'cat', '/proc/self/status']).status, 0);
  const r = runVat(['sandbox', '--profile', profile, '--', 'cat', '/proc/self/status']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Seccomp:\s+2$/m);
  assert.match(r.stdout, /^NoNewPrivs:\s+1$/m);
  assert.match(r.stdout, /^TracerPid:\s+0$/m, 'errno mode runs without ptrace');
});

/** Real programs, under their own profile recorded with -f, give the same output and status. */
const REAL: [string, string[]][] = [
  ['ls', ['ls', '-la', '/usr/share']],
  ['cat', ['cat', '/etc/os-release']],
  ['python3', ['python3', '-c', 'import json,sys; print(json.dumps({"a": sum(range(10))})); sys.exit(3)']],
  ['sh pipeline', ['sh', '-c', 'ls /usr/bin | sort | head -5 | wc -l; echo done']],
];

for (const [label, command] of REAL) {
  test(`${label} runs identically under its own recorded profile (errno mode)`, () => {
    const profile = join(scratch(), 'p.json');
    const plain = spawnSync(command[0] as string, command.slice(1), { encoding: 'utf8' });
    const rec = runVat(['profile', 'record', '-f', '-o', profile, '--', ...command]);
    assert.equal(rec.status, plain.status, rec.stderr);
    const r = runVat(['sandbox', '--profile', profile, '--', ...command]);
    assert.equal(r.stdout, plain.stdout, r.stderr);
    assert.equal(r.status, plain.status, r.stderr);
  });
}

test('git status runs identically under its own recorded profile', (t) => {
  if (spawnSync('git', ['--version']).status !== 0) {
    t.skip('git is not installed');
    return;
  }
  const dir = scratch();
  const repo = join(dir, 'repo');
  mkdirSync(repo);
  spawnSync('git', ['init', '-q', repo]);
  writeFileSync(join(repo, 'new.txt'), 'x\n');
  const command = ['git', '-C', repo, 'status', '--short', '--branch'];
  const plain = spawnSync(command[0] as string, command.slice(1), { encoding: 'utf8' });
  const profile = join(dir, 'git.json');
  assert.equal(runVat(['profile', 'record', '-f', '-o', profile, '--', ...command]).status, 0);
  const r = runVat(['sandbox', '--profile', profile, '--', ...command]);
  assert.equal(r.stdout, plain.stdout, r.stderr);
  assert.equal(r.status, plain.status);
});

test('a shell whose profile shows it exec’ing still execs under it (execve is pinned only when nothing exec’d)', () => {
  const dir = scratch();
  const profile = join(dir, 'sh.json');
  // the shell execs ls itself (exec replaces it): its profile lists that exec, so execve stays open
  assert.equal(runVat(['profile', 'record', '-f', '-o', profile, '--', 'sh', '-c', 'exec ls /']).status, 0);
  const r = runVat(['sandbox', '--profile', profile, '--', 'sh', '-c', 'exec ls /']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\busr\b/);
});
