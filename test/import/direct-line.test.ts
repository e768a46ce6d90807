// The plain-call path of vat import and convert (import/direct-line.ts) against the general one: the same
// record lines for lines of every shape, and the lines it must leave to the general path left to it.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DirectLines } from '../../src/import/direct-line.js';
import { FileClock, StraceEvents } from '../../src/import/strace-log.js';
import { scratch } from '../helpers/fixtures.js';
import { bothWays } from '../helpers/import-paths.js';
import { F_LOG, SHAPES, shapeLogs } from '../helpers/log-shapes.js';

test('lines of every shape: the same records either way', async () => {
  for (const [name, log] of shapeLogs()) {
    const both = await bothWays(log);
    assert.ok(both.lines.length >= SHAPES.length, name);
    assert.deepEqual(both.lines, both.fromRecords, name);
  }
});

test('a -f log: threads, forks, unfinished calls, exec and signals between plain calls', async () => {
  const log = join(scratch(), 'f.log');
  writeFileSync(log, F_LOG.join('\n'));
  const both = await bothWays(log);
  assert.ok(both.lines.length > 10);
  assert.deepEqual(both.lines, both.fromRecords);
});

test('which lines the plain path takes', () => {
  const importer = new StraceEvents(() => undefined, 0, true);
  const written: string[] = [];
  importer.onDirect = (call) => {
    if (call.type === 'direct') written.push(call.head);
  };
  const direct = new DirectLines(importer, () => false);
  const clock = new FileClock(0n);
  // the first line of a thread goes the general way (the thread becomes known)
  assert.equal(direct.line('7  brk(NULL) = 0x1000', clock, undefined), false);
  importer.line({ kind: 'note', pid: 7, pidStyle: 'plain', time: {} }, 0n);
  for (const text of [
    '7  brk(NULL) = 0x1000',
    '7  12:00:00.5 openat(AT_FDCWD, "/a", O_RDONLY) = 3 <0.000010>',
    '7  read(3</a>, "\\177", 1) = 1',
  ])
    assert.equal(direct.line(text, clock, undefined), true, text);
  for (const text of [
    '8  brk(NULL) = 0x1000',
    '7  exit_group(0) = ?',
    '7  clone(child_stack=NULL, flags=SIGCHLD) = 9',
    '7  read(3, <unfinished ...>',
    '7  <... read resumed>"", 1) = 0',
    '7  (+     0.000010) brk(NULL) = 0x1000',
    '     0.000010 brk(NULL) = 0x1000',
    '7  --- SIGINT {si_signo=SIGINT} ---',
    '7  +++ exited with 0 +++',
    ' > /usr/lib/libc.so.6(getpid+0xb) [0xeb2b]',
    '7  brk(NULL = 0x1000',
  ])
    assert.equal(direct.line(text, clock, undefined), false, text);
  assert.equal(written.length, 2);
});
