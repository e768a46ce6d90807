// The one fd table honours close-on-exec set at an fd's birth by its own call (socket's SOCK_CLOEXEC, eventfd's
// EFD_CLOEXEC, pipe2's O_CLOEXEC), not only open's O_CLOEXEC: after an exec, the fds the table still knows are
// the ones the kernel kept open, as the exec'd `ls /proc/self/fd` lists them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { FdTable } from '../../src/analyze/fd-table.js';
import { isSyscall, readTrace } from '../../src/analyze/source.js';
import { fixture, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

test('fds made with SOCK_CLOEXEC, EFD_CLOEXEC or pipe2(O_CLOEXEC) are gone after exec; the others stay', async () => {
  const trace = join(scratch(), 't.jsonl');
  const r = runVat(['--json', '-o', trace, '-f', '--', fixture('cloexec-birth')]);
  assert.equal(r.status, 0, r.stderr);
  const open = new Set(r.stdout.split('\n').filter(Boolean).map(Number));
  const fds = new FdTable();
  let pid: number | undefined;
  // the fds the program made: 3 socket+CLOEXEC, 4 socket, 5 eventfd+CLOEXEC, 6 eventfd, 7-8 pipe2+CLOEXEC, 9-10 pipe2
  const made: number[] = [];
  await (await readTrace(trace, 'test')).each((rec) => {
    if (!isSyscall(rec)) return;
    pid ??= rec.pid;
    if (['socket', 'eventfd2', 'pipe2'].includes(rec.name) && rec.errno === undefined) {
      if (rec.name === 'pipe2') made.push(made.length + 3, made.length + 4);
      else made.push(Number(rec.ret));
    }
    fds.update(rec);
  });
  assert.ok(pid !== undefined);
  assert.equal(made.length, 8, `the calls were traced: ${made}`);
  // fd 3 is ls's own directory after the exec; the others the program made, as the kernel left them
  const kept = made.filter((fd) => fd > 3 && fds.lookup(pid as number, fd) !== undefined);
  const truth = made.filter((fd) => fd > 3 && open.has(fd));
  assert.deepEqual(truth, [4, 6, 9, 10], `the kernel's answer: ${r.stdout}`);
  assert.deepEqual(kept, truth);
});
