// procAnonMapping, the /proc/PID/maps lookup behind -e kvm=vcpu, on a real anon-inode mapping: an io_uring
// ring (`anon_inode:[io_uring]`, device major 0), which needs no /dev/kvm, found where the process mapped it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { procAnonMapping } from '../../src/sys/procfs.js';
import { fixture } from '../helpers/fixtures.js';

test('procAnonMapping finds an anon-inode mapping by its maps name', async (t) => {
  const child = spawn(fixture('anon-mapping'), { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  const exited = once(child, 'exit');
  await Promise.race([once(child.stdout, 'data'), exited]);
  const pid = child.pid as number;
  const found = procAnonMapping(pid, 'anon_inode:[io_uring]');
  const missing = procAnonMapping(pid, 'anon_inode:kvm-vcpu:0');
  child.stdin.end();
  const [code] = (await exited) as [number | null];
  if (code === 77) {
    t.skip('io_uring is not available here');
    return;
  }
  const [start, end] = out.trim().split('-');
  assert.deepEqual(found, { start: BigInt(`0x${start}`), end: BigInt(`0x${end}`) });
  assert.equal(missing, undefined);
  assert.equal(procAnonMapping(2 ** 22 + 1, 'anon_inode:[io_uring]'), undefined, 'no such process');
});
