// `vat stuck PID`: a process blocked in read on a pipe, seen from /proc and from a short sampled trace.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { fixture } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

const env = { ...process.env, NO_COLOR: '1' };

test('stuck: blocked in read on a pipe, waiting not spinning; the process runs on afterwards', async () => {
  const child = spawn(fixture('puzzle-blocked'), [], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    await once(child.stdout, 'data'); // "ready": the read comes next
    await new Promise((r) => setTimeout(r, 200));
    const pid = String(child.pid);
    const r = runVat(['stuck', '--for', '500ms', pid], { env });
    assert.equal(r.status, 0, r.stderr);
    // no time when the scheduler zeroed the thread's exec_start (moved to another CPU while queued, ~2 % of runs
    // at load); never the uptime (stuck-clock.test.ts)
    assert.match(r.stdout, /state S sleeping(?: for ~[\d.]+ (ms|s))?\s+wchan \w*pipe\w*/);
    assert.match(r.stdout, /in read\(3<pipe:\[\d+\]>, 0x[0-9a-f]+, 1\)/);
    assert.match(r.stdout, new RegExp(`other end: pid ${pid} \\(puzzle-blocked\\) fd 4, open for write`));
    assert.match(r.stdout, /sample: 0 calls in/);
    assert.match(
      r.stdout,
      /is waiting: blocked in read on a pipe pipe:\[\d+\] \(fd 3\).*the write end is held only by this process/,
    );
    const j = JSON.parse(runVat(['stuck', '--json', '--no-sample', pid]).stdout);
    assert.equal(j.threads.length, 1);
    assert.equal(j.threads[0].state, 'S');
    assert.equal(j.threads[0].syscall.name, 'read');
    assert.match(j.threads[0].syscall.fds[0].target, /^pipe:\[\d+\]$/);
    assert.equal(j.sampledMs, null);
    // sampled and detached: still alive, still blocked
    assert.equal(child.exitCode, null);
    assert.doesNotThrow(() => process.kill(child.pid as number, 0));
  } finally {
    child.kill('SIGKILL');
  }
});

test('stuck: a pid that does not exist is one line and exit status 2', () => {
  const r = runVat(['stuck', '999999999']);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'vat: no such process: 999999999\n');
  assert.equal(runVat(['stuck', 'nope']).status, 2);
});

test('stuck: a busy poll loop is spinning, not waiting', async () => {
  const child = spawn(fixture('puzzle-spin'), [], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    await once(child.stdout, 'data');
    const r = runVat(['stuck', '--for', '500ms', String(child.pid)], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /is spinning: \d+ calls\/s, \d+% the same call: poll\(\[\.\.\.\], 1, \.\.\.\) = 0/,
    );
  } finally {
    child.kill('SIGKILL');
  }
});

test('stuck: a process that exits during the sample is said to have exited, with its status', async () => {
  // the shell waits until it is traced, then exits 3: it ends inside the sample whatever the machine's load
  const script = 'while ! grep -q "TracerPid:[[:space:]]*[1-9]" /proc/$$/status; do sleep 0.05; done; exit 3';
  const child = spawn('sh', ['-c', script], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 100));
    const r = runVat(['stuck', '--for', '60s', String(child.pid)], { env });
    assert.equal(r.status, 0, r.stderr);
    const verdict = r.stdout.split('verdict:\n')[1] ?? '';
    assert.match(
      verdict,
      new RegExp(`^  pid ${child.pid} exited with 3 during the sample: it is no longer running\n`),
    );
    assert.doesNotMatch(r.stdout, /-\d+ ms CPU/);
  } finally {
    child.kill('SIGKILL');
  }
});
