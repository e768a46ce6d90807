// The launched command gets what it would get without vat: environment (order included), inherited fds, signals.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, ROOT } from '../../helpers/fixtures.js';

const BIN = join(ROOT, 'bin', 'vat');

const vat = (args: string[], stdio: ('pipe' | 'ignore' | number)[] = ['ignore', 'pipe', 'pipe']) =>
  spawnSync(process.execPath, [CLI, '-o', '/dev/null', '--', ...args], { encoding: 'utf8', stdio });

test('the environment reaches the command in the same order as without vat', () => {
  const plain = spawnSync('env', [], { encoding: 'utf8' }).stdout;
  assert.equal(vat(['env']).stdout, plain);
});

test('fds vat inherited (beyond 0-2) are inherited by the command, as under strace', () => {
  const fd = openSync('/etc/hostname', 'r');
  try {
    const r = vat(
      ['sh', '-c', 'readlink /proc/self/fd/7'],
      ['ignore', 'pipe', 'pipe', 'ignore', 'ignore', 'ignore', 'ignore', fd],
    );
    assert.equal(r.stdout.trim(), '/etc/hostname');
  } finally {
    closeSync(fd);
  }
});

test('no signal is ignored or blocked in the command (Node ignores SIGPIPE; the command must not)', () => {
  const r = vat(['grep', '-E', '^Sig(Ign|Blk)', '/proc/self/status']);
  assert.match(r.stdout, /^SigBlk:\s+0+$/m);
  assert.match(r.stdout, /^SigIgn:\s+0+$/m);
  const pipe = vat(['sh', '-c', 'yes | head -1']);
  assert.equal(pipe.status, 0);
  assert.equal(pipe.stdout, 'y\n');
});

test('a command killed by SIGUSR1: vat dies of SIGUSR1 too (Node would start its debugger instead)', () => {
  const r = spawnSync(process.execPath, [CLI, '-o', '/dev/null', '--', 'sh', '-c', 'kill -USR1 $$'], {
    encoding: 'utf8',
  });
  assert.equal(r.signal, 'SIGUSR1');
  assert.doesNotMatch(r.stderr, /Debugger/);
});

test('through bin/vat, NODE_EXTRA_CA_CERTS reaches the command as given, in its place; Node started without it', () => {
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt' };
  const plain = spawnSync('env', [], { encoding: 'utf8', env }).stdout;
  const r = spawnSync(BIN, ['-o', '/dev/null', '--', 'env'], { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, plain);
  // Node's own environment, as the kernel gave it to vat (the command's parent)
  const parent = spawnSync(BIN, ['-o', '/dev/null', '--', 'sh', '-c', 'cat /proc/$PPID/environ'], {
    encoding: 'utf8',
    env,
  });
  assert.match(parent.stdout.split('\0').join('\n'), /^NODE_EXTRA_CA_CERTS=$/m);
});
