// `vat why`: the exit, the failures and the stderr writes before it, and a guess — live and from a trace.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, scratch } from '../helpers/fixtures.js';
import { record } from '../helpers/record.js';
import { runVat } from '../helpers/run-vat.js';

const env = { ...process.env, NO_COLOR: '1' };

test('why: a config searched for in three places, exit 1 without a message (live and recorded)', () => {
  const exe = fixture('puzzle-config');
  const trace = record([exe]);
  for (const input of [['--', exe], [trace]]) {
    const r = runVat(['why', ...input], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /: exited 1/);
    assert.match(
      r.stdout,
      /openat\(AT_FDCWD, "\/etc\/vat-puzzle\/vat-puzzle\.conf", O_RDONLY.*\) = -1 ENOENT/,
    );
    assert.match(r.stdout, /nothing written to stderr/);
    assert.match(
      r.stdout,
      /1\. it looked for vat-puzzle\.conf in 3 places \(\.\/vat-puzzle\.conf, .*\), every lookup failed ENOENT, then exited 1 without writing to stderr/,
    );
    const j = JSON.parse(runVat(['why', '--json', ...input]).stdout);
    assert.equal(j.main.how, 'exited');
    assert.equal(j.main.code, 1);
    assert.deepEqual(
      j.main.failures.filter((f: { benign: boolean }) => !f.benign).map((f: { path: string }) => f.path),
      [
        './vat-puzzle.conf',
        '/tmp/vat-puzzle-nowhere/.config/vat-puzzle.conf',
        '/etc/vat-puzzle/vat-puzzle.conf',
      ],
    );
    assert.match(j.guesses[0].text, /vat-puzzle\.conf in 3 places/);
  }
});

test('why: what it wrote to stderr just before exiting is part of the answer', () => {
  const exe = fixture('puzzle-config');
  const trace = record([exe, '-v']);
  for (const input of [['--', exe, '-v'], [trace]]) {
    const r = runVat(['why', ...input], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /fd 2: "config missing\\n"/);
    assert.match(r.stdout, /then it wrote 'config missing' to fd 2 and exited 1/);
  }
});

test('why: killed by a signal', () => {
  const trace = record(['sh', '-c', 'kill -SEGV $$']);
  const r = runVat(['why', trace], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /killed by SIGSEGV/);
  assert.match(r.stdout, /1\. it was killed by SIGSEGV/);
});

test('why: bad input is one line and exit status 2', () => {
  const notTrace = runVat(['why', '/etc/passwd']);
  assert.equal(notTrace.status, 2);
  assert.equal(notTrace.stderr, 'vat: why: /etc/passwd: line 1: not a vat JSON Lines trace\n');
  const missing = runVat(['why', '-p', '999999999']);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  assert.equal(runVat(['why']).status, 2);
});

test('why: an strace log (strace -f -o LOG) reads like a vat trace', () => {
  const exe = fixture('puzzle-config');
  const log = join(scratch(), 'strace.log');
  const s = spawnSync('strace', ['-f', '-o', log, exe, '-v']);
  assert.equal(s.status, 1, String(s.stderr));
  const r = runVat(['why', log], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /: exited 1/);
  assert.match(r.stdout, /then it wrote 'config missing' to fd 2 and exited 1/);
});

test('why: colour only when asked for (FORCE_COLOR) and never with NO_COLOR', () => {
  const exe = fixture('puzzle-config');
  const forced = runVat(['why', '--', exe], { env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '' } });
  assert.ok(forced.stdout.includes('\u001b[31mexited 1\u001b[39m'), forced.stdout);
  const plain = runVat(['why', '--', exe], { env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '1' } });
  assert.ok(!plain.stdout.includes('\u001b['));
  // not a terminal: no colour by default
  const tty = runVat(['why', '--', exe], { env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '' } });
  assert.ok(!tty.stdout.includes('\u001b['));
});

test('why: a child sharing its parent fd table (clone CLONE_FILES) writes to stderr through a dup of fd 2', () => {
  const exe = fixture('fd-share');
  const trace = record([exe]);
  const r = runVat(['why', '--json', trace], { env });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { processes: { pid: number; stderr: { fd: number; text: string }[] }[] };
  const child = j.processes[1];
  assert.ok(child, r.stdout);
  assert.deepEqual(
    child.stderr.map((w) => [w.fd, w.text]),
    [[3, 'no config found\n']],
  );
});

test('why: a failed call the same process later (or earlier) made with success is a retry, also after other processes ended', () => {
  const dir = scratch();
  const f = join(dir, 'flag');
  // `test -e` is the shell's own stat: the same process fails it and then succeeds on the same path; a child
  // (ls) starts and ends in between, and the shell forks another that fails the same stat for good
  const script = `test -e ${f}; ls ${dir} >/dev/null; : > ${f}; test -e ${f}; sh -c 'test -e ${f}.no; exit 4'; exit 3`;
  const log = join(dir, 'strace.log');
  const s = spawnSync('strace', ['-f', '-o', log, 'sh', '-c', script]);
  assert.equal(s.status, 3, String(s.stderr));
  const j = JSON.parse(runVat(['why', '--json', log], { env }).stdout);
  const failures = (pid: number): { path?: string; benign: boolean }[] =>
    j.processes.find((p: { pid: number }) => p.pid === pid).failures;
  // the shell's failed stat of the flag was retried with success: not among its failures that matter (the
  // child's, never retried, is, found the same way)
  assert.deepEqual(
    failures(j.main.pid).filter((x) => x.path === f && !x.benign),
    [],
  );
  const child = j.processes.find((p: { code?: number }) => p.code === 4);
  const missing = failures(child.pid).filter((x) => x.path === `${f}.no`);
  assert.ok(missing.length > 0 && missing.every((x) => !x.benign), JSON.stringify(child));
});
