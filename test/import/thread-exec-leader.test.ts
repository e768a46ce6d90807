// A non-leader thread's execve takes the leader's pid; the leader's own call then never returns. strace 6.1 says so
// with `<... pause resumed>) = ?`, but a log may lack that line (cut, or from a strace that does not print it): the
// leader's call must still be a call that never returned, not be overwritten by the exec'ing thread's.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, scratch } from '../helpers/fixtures.js';
import { runVat } from '../helpers/run-vat.js';

test("a thread's exec keeps the leader's open call as one that never returned", () => {
  const full = readFileSync(join(ROOT, 'test', 'golden', 'import', 'thread-exec.strace.txt'), 'utf8');
  const log = join(scratch(), 'te.txt');
  writeFileSync(log, full.replace(/^.*<\.\.\. pause resumed>.*\n/m, ''));
  assert.notEqual(readFileSync(log, 'utf8'), full, 'the resumed line was taken out');
  const r = runVat(['import', log]);
  assert.equal(r.status, 0, r.stderr);
  const calls = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; name?: string; tid?: number; unfinished?: boolean });
  const pause = calls.filter((c) => c.type === 'syscall' && c.name === 'pause');
  assert.equal(pause.length, 1, 'the leader pause is still a call');
  assert.equal(pause[0]?.tid, 5086);
  assert.equal(pause[0]?.unfinished, true);
  const execve = calls.filter((c) => c.type === 'syscall' && c.name === 'execve' && c.tid === 5086);
  assert.equal(execve.length, 2, "the program's first execve, then the thread's under the leader's id");
});
