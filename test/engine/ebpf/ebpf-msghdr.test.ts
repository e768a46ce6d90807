// sendmsg/recvmsg with the eBPF engine: the kernel program follows struct msghdr (msg_name, msg_control, the
// iovecs and their bytes), so the lines read as the ptrace engine reads the tracee's memory live.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fixture, scratch } from '../../helpers/fixtures.js';
import { runVat } from '../../helpers/run-vat.js';

const dir = scratch();
after(() => rmSync(dir, { recursive: true, force: true }));

/** The msghdr calls of the fixture, ports (chosen by the kernel per run) masked. */
function msgLines(engine: string): string[] {
  const out = join(dir, `${engine}.txt`);
  const r = runVat([
    '--engine',
    engine,
    '-e',
    'trace=sendmsg,recvmsg',
    '-o',
    out,
    '--',
    fixture('decode-net-sockets'),
  ]);
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(out, 'utf8')
    .split('\n')
    .filter((l) => /^(sendmsg|recvmsg)\(/.test(l))
    .map((l) => l.replace(/htons\(\d+\)/g, 'htons(N)').replace(/\s+= /, ' = '));
}

test('ebpf: sendmsg/recvmsg show msg_name, msg_control and the iovec bytes as ptrace does', () => {
  const ebpf = msgLines('ebpf');
  assert.ok(
    ebpf.some((l) => l.includes('iov_base="abc"')),
    `sendmsg's iovec bytes are captured: ${ebpf.join('\n')}`,
  );
  assert.deepEqual(ebpf, msgLines('ptrace'));
});
