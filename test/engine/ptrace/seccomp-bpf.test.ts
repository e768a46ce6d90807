// --seccomp-bpf: a real kernel filter in the launched command, so only traced syscalls stop it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, scratch } from '../../helpers/fixtures.js';
import { runVat } from '../../helpers/run-vat.js';

/** The subject is the ptrace engine's seccomp filter (untraced calls do not stop): pinned (the default may be eBPF). */
const runPtrace = (args: readonly string[]) => runVat(['--engine', 'ptrace', ...args]);

import { hasStrace } from '../../helpers/strace-oracle.js';
import { shape, stories } from '../../helpers/trace-shape.js';

const status = (stdout: string, field: string): string | undefined =>
  new RegExp(`^${field}:\\s+(\\S+)`, 'm').exec(stdout)?.[1];

test('with -f -e trace= the command runs under a seccomp filter (on by default), without it under none', () => {
  const filtered = runPtrace([
    '-f',
    '-o',
    '/dev/null',
    '-e',
    'trace=openat',
    '--',
    'cat',
    '/proc/self/status',
  ]);
  assert.equal(filtered.status, 0, filtered.stderr);
  assert.equal(status(filtered.stdout, 'Seccomp'), '2');
  // root's command needs no no_new_privs for the filter: setuid programs under it keep working
  assert.equal(status(filtered.stdout, 'NoNewPrivs'), process.getuid?.() === 0 ? '0' : '1');
  const plain = runPtrace([
    '-o',
    '/dev/null',
    '--no-seccomp-bpf',
    '-e',
    'trace=openat',
    '--',
    'cat',
    '/proc/self/status',
  ]);
  assert.equal(status(plain.stdout, 'Seccomp'), '0');
  const all = runPtrace(['-o', '/dev/null', '--', 'cat', '/proc/self/status']);
  assert.equal(status(all.stdout, 'Seccomp'), '0', 'no filter without a trace filter');
});

test('the filtered trace shows exactly what the unfiltered one shows, children included', () => {
  const dir = scratch();
  const exe = fixture('fork-wait');
  const args = ['-f', '-e', 'trace=getppid,wait4,exit_group,openat', '--'];
  assert.equal(runPtrace(['-o', join(dir, 'a.txt'), ...args, exe]).status, 0);
  assert.equal(runPtrace(['-o', join(dir, 'b.txt'), '--no-seccomp-bpf', ...args, exe]).status, 0);
  // Each process's story: whether the parent's wait4 splits around the child's getppid is timing, not filtering.
  const story = (f: string) => stories(shape(readFileSync(join(dir, f), 'utf8')));
  assert.deepEqual(story('a.txt'), story('b.txt'));
  assert.match(story('a.txt').join('\n'), /getppid\(\) += (N|PID|\d+)/);
});

test('--seccomp-bpf with -p: the warnings strace gives, then the attach goes on without the filter', {
  skip: !hasStrace && 'strace is not installed',
}, () => {
  const seccompLines = (stderr: string): string[] =>
    stderr
      .split('\n')
      .filter((l) => l.includes('--seccomp-bpf'))
      .map((l) => l.replace(/^\w+: /, ''));
  const v = runPtrace(['--seccomp-bpf', '-p', '1']);
  const s = spawnSync('strace', ['--seccomp-bpf', '-p', '1'], { encoding: 'utf8' });
  assert.deepEqual(seccompLines(v.stderr), seccompLines(s.stderr));
  assert.equal(seccompLines(v.stderr).length, 2);
  assert.match(v.stderr, /attach: ptrace\(PTRACE_SEIZE, 1\)/);
  assert.equal(v.status, s.status);
});

test('with -u the filter is off unless asked for: the user would need no_new_privs, which stops setuid programs', {
  skip: process.getuid?.() !== 0 && '-u needs root',
}, () => {
  const args = ['-f', '-u', 'nobody', '-o', '/dev/null', '-e', 'trace=openat'];
  const r = runPtrace([...args, '-d', '--', 'cat', '/proc/self/status']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(status(r.stdout, 'Seccomp'), '0');
  assert.equal(status(r.stdout, 'NoNewPrivs'), '0');
  assert.match(r.stderr, /^vat: seccomp-bpf off,/m);
  const asked = runPtrace([...args, '--seccomp-bpf', '--', 'cat', '/proc/self/status']);
  assert.equal(asked.status, 0, asked.stderr);
  assert.equal(status(asked.stdout, 'Seccomp'), '2');
  assert.equal(status(asked.stdout, 'NoNewPrivs'), '1');
});

test('-d says that the filter is on', () => {
  const r = runPtrace(['-f', '-d', '-o', '/dev/null', '-e', 'trace=openat', '--', 'true']);
  assert.match(r.stderr, /^vat: seccomp-bpf on,/m);
});
