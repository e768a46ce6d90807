// Kernel tables: generated files are fresh, rows are where their numbers say, signatures match the kernel.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderAll } from '../../scripts/gen/render.js';
import { TRACE_CLASSES } from '../../src/tables/classes.js';
import { errnoByName } from '../../src/tables/errnos.js';
import { ENTRY_NARGS } from '../../src/tables/generated/nargs.js';
import { ARM64 } from '../../src/tables/generated/syscalls-arm64.js';
import { I386 } from '../../src/tables/generated/syscalls-i386.js';
import { X32 } from '../../src/tables/generated/syscalls-x32.js';
import { signalByName, signalName } from '../../src/tables/signals.js';
import { parseSignature } from '../../src/tables/signature.js';
import { SIGNATURES } from '../../src/tables/signatures.js';
import { ARCH_NAMES, listSyscalls, syscallByName, syscallTable, x32Only } from '../../src/tables/syscalls.js';
import { ROOT } from '../helpers/fixtures.js';

test('generated tables are up to date with data/ (run `npm run gen` when this fails)', () => {
  for (const [name, text] of renderAll(join(ROOT, 'data'))) {
    const onDisk = readFileSync(join(ROOT, 'src', 'tables', 'generated', name), 'utf8');
    assert.equal(onDisk, text, `src/tables/generated/${name} is stale`);
  }
});

test("the other ABIs' tables, loaded at their first use, are the generated ones", () => {
  assert.equal(syscallTable('i386'), I386);
  assert.equal(syscallTable('arm64'), ARM64);
  assert.equal(x32Only(), X32);
});

test('every syscall row sits at the index of its number', () => {
  for (const arch of ARCH_NAMES) {
    syscallTable(arch).forEach((row, i) => {
      if (row) assert.equal(row[0], i, `${arch} row ${row[1]}`);
    });
  }
});

test('syscall numbers per architecture match the issue examples', () => {
  assert.equal(syscallByName('x86_64', 'openat')?.nr, 257);
  assert.equal(syscallByName('i386', 'openat')?.nr, 295);
  assert.equal(syscallByName('arm64', 'openat')?.nr, 56);
  assert.equal(syscallByName('arm64', 'open'), undefined, 'arm64 has no open(2)');
});

test('x86_64 numbers agree with the installed unistd_64.h, where it exists', (t) => {
  const header = '/usr/include/x86_64-linux-gnu/asm/unistd_64.h';
  if (!existsSync(header)) return t.skip('no unistd_64.h on this machine');
  let checked = 0;
  for (const m of readFileSync(header, 'utf8').matchAll(/^#define __NR_(\w+) (\d+)$/gm)) {
    const row = syscallByName('x86_64', m[1] as string);
    assert.equal(row?.nr, Number(m[2]), `__NR_${m[1]}`);
    checked++;
  }
  assert.ok(checked > 300);
});

test('every implemented x86_64 syscall has a signature with the kernel argument count', () => {
  const nargs = new Map(ENTRY_NARGS);
  // calls strace 6.1 decodes (data/kernel/strace-trace-classes.tsv, `NAME CLASSES 6.1`)
  const strace61 = new Set(
    [
      ...readFileSync(join(ROOT, 'data/kernel/strace-trace-classes.tsv'), 'utf8').matchAll(
        /^(\w+)\t\S+\t6\.1$/gm,
      ),
    ].map((m) => m[1]),
  );
  for (const s of listSyscalls('x86_64')) {
    if (s.entry === '') {
      // a reserved number has no signature, unless strace 6.1 still decodes the call it was (lookup_dcookie)
      if (SIGNATURES[s.name] !== undefined) assert.ok(strace61.has(s.name), `${s.name} is reserved`);
      continue;
    }
    const text = SIGNATURES[s.name];
    assert.ok(text !== undefined, `${s.name} has a signature`);
    const sig = parseSignature(text);
    const expected = nargs.get(s.entry);
    // frame() arguments are read from the stack, not passed in registers: the kernel does not count them
    const registers = sig.args.filter((a) => a.kind !== 'frame').length;
    // a removed call (sys_ni_syscall, 0 arguments) keeps those it took, which strace shows (_sysctl's struct)
    if (expected !== undefined && s.entry !== 'sys_ni_syscall')
      assert.equal(registers, expected, `${s.name} (${s.entry})`);
  }
});

test('trace classes name only real x86_64 syscalls', () => {
  for (const [cls, names] of Object.entries(TRACE_CLASSES))
    for (const n of names)
      assert.ok(syscallByName('x86_64', n) || n === 'uselib' || /msg$/.test(n), `${cls}: ${n}`);
  assert.ok(TRACE_CLASSES['%file'].includes('openat' as never));
});

test('errno and signal tables', () => {
  assert.equal(errnoByName('ENOENT')?.value, 2);
  assert.equal(errnoByName('ENOENT')?.message, 'No such file or directory');
  assert.equal(errnoByName('EWOULDBLOCK')?.name, 'EAGAIN');
  assert.equal(errnoByName('ERESTARTSYS')?.message, 'To be restarted if SA_RESTART is set');
  assert.equal(signalByName('term')?.value, 15);
  assert.equal(signalName(32), 'SIGRTMIN');
  assert.equal(signalName(34), 'SIGRT_2');
});
