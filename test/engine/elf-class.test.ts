// The 32-bit check of every exec (ElfClasses): a program's class is read once and then known by its identity; a file
// whose bytes change after it was read is read again, so a 32-bit exec is never missed.
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ElfClasses, isElf32 } from '../../src/engine/elf-class.js';

const dir = mkdtempSync(join(tmpdir(), 'vat-elf-class-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** An ELF header's first bytes (ELFCLASS32 or ELFCLASS64), padded as a program would be. */
const header = (cls: 1 | 2): Uint8Array =>
  Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, cls, 1, 1, 0, ...new Array(56).fill(0)]);

/** A clock an hour ahead: every file here looks settled, so the cache keeps what it reads. */
const later = (): bigint => BigInt(Date.now() + 3_600_000) * 1_000_000n;

/** Waits `ms` (file times move on the kernel's coarse clock, a tick at a time). */
const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

test('ElfClasses: a program rewritten in place as 32-bit (same size, same inode) is read again, not taken from the cache', () => {
  const prog = join(dir, 'prog');
  writeFileSync(prog, header(2));
  const classes = new ElfClasses(later);
  assert.equal(classes.is32(prog), false);
  const ino = statSync(prog).ino;
  sleep(50);
  writeFileSync(prog, header(1));
  assert.equal(statSync(prog).ino, ino);
  assert.equal(classes.is32(prog), true);
  assert.equal(isElf32(prog), true);
});

test('ElfClasses: a program written just now is not kept (a rewrite in the same clock tick keeps its ctime)', () => {
  const prog = join(dir, 'fresh');
  const classes = new ElfClasses();
  for (let k = 0; k < 20; k++) {
    writeFileSync(prog, header(2));
    assert.equal(classes.is32(prog), false);
    writeFileSync(prog, header(1));
    assert.equal(classes.is32(prog), true);
  }
});

test('ElfClasses: a path that now names another file (renamed over), through a link as /proc/PID/exe is', () => {
  const prog = join(dir, 'renamed');
  const link = join(dir, 'exe');
  writeFileSync(prog, header(2));
  symlinkSync(prog, link);
  const classes = new ElfClasses(later);
  assert.equal(classes.is32(link), false);
  assert.equal(classes.is32(prog), false);
  const next = join(dir, 'next');
  writeFileSync(next, header(1));
  renameSync(next, prog);
  assert.equal(classes.is32(link), true);
  assert.equal(classes.is32(prog), true);
});

test('ElfClasses: missing, unreadable or not ELF is not 32-bit, without a throw', () => {
  const classes = new ElfClasses(later);
  assert.equal(classes.is32(join(dir, 'missing')), false);
  assert.equal(classes.is32('/proc/999999999/exe'), false);
  const text = join(dir, 'text');
  writeFileSync(text, '#!/bin/sh\n');
  assert.equal(classes.is32(text), false);
  assert.equal(classes.is32(join(text, 'below')), false);
});
