// --syscall-limit and --kill-on-exit.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

test('--syscall-limit N shows N calls, detaches, and the command still finishes with its own status', () => {
  const dir = scratch();
  const out = join(dir, 't.txt');
  const r = runVat(['--syscall-limit', '5', '-o', out, '--', fixture('exact-calls')]);
  assert.equal(r.status, 7, r.stderr);
  const calls = readFileSync(out, 'utf8')
    .split('\n')
    .filter((l) => / = /.test(l));
  assert.equal(calls.length, 5);
});

test('--syscall-limit takes a positive number', () => {
  const r = runVat(['--syscall-limit', 'x', 'true']);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, "vat: invalid --syscall-limit argument: 'x'\nTry 'vat -h' for more information.\n");
});

test('--kill-on-exit: after Ctrl-C an attached process is killed, not left running', async () => {
  const target = spawn(fixture('ticker'), [], { stdio: 'ignore' });
  const pid = target.pid as number;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => target.on('exit', (_c, s) => resolve(s)));
  const vat = spawn(process.execPath, [CLI, '--kill-on-exit', '-p', String(pid)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve) =>
    vat.stderr?.on('data', (d: Buffer) => /nanosleep|getppid/.test(d.toString()) && resolve()),
  );
  vat.kill('SIGINT');
  assert.equal(await exited, 'SIGKILL');
  assert.equal(
    existsSync(`/proc/${pid}/status`) && !/State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8')),
    false,
  );
});
