// i386's multiplexers that take their arguments from memory: ipc(2) shown as the System V IPC call it stands for
// (every sub-call, valid and invalid), and old mmap (syscall 90) as mmap's six arguments; held to strace line by line.
// Needs a kernel with IA-32 emulation (skipped otherwise, as the corpus test).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, needsIa32, scratch } from '../../helpers/fixtures.js';
import { normalize, traceWith } from '../../helpers/strace-oracle.js';

/** The fixture's own calls (from its first ipc call), each IPC id a *get call returned replaced by ID. */
function ipcLines(trace: string): string[] {
  const lines = normalize(trace).split('\n');
  const own = lines.slice(lines.findIndex((l) => l.startsWith('semop(')));
  const ids = own.flatMap((l) => /^(?:sem|msg|shm)get\(IPC_PRIVATE, .* = (\d+)$/.exec(l)?.[1] ?? []);
  return own.map((l) => ids.reduce((s, id) => s.replace(new RegExp(`\\b${id}\\b`, 'g'), 'ID'), l));
}

test('32-bit programs: ipc sub-calls and old mmap decoded as strace decodes them', {
  skip: needsIa32(),
}, () => {
  const exe = fixture('m32-ipc', ['-m32']);
  const dir = scratch();
  const s = ipcLines(traceWith('strace', [], [exe], dir).trace);
  const v = ipcLines(traceWith('vat', [], [exe], dir).trace);
  assert.ok(
    s.some((l) => l.startsWith('shmat(')) && s.some((l) => l.startsWith('mmap(NULL, 4096,')),
    s.join('\n'),
  );
  assert.deepEqual(v, s);
});
